// The SpectrumData module. See docs/architecture.md for what it owns.
