// The Tensors module. See docs/architecture.md for what it owns.
