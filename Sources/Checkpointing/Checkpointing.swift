// The Checkpointing module. See docs/architecture.md for what it owns.
