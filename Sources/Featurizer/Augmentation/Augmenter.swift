// Augmenter: seeded, label-preserving rewrites of a query (answer options, phrasing, prefixes, punctuation,
// casing, whitespace, word dropout).
// Deterministic given the generator: pass `seed.derived(epoch, exampleIndex)` for a per-example stream.
import SeededRandom

/// Applies the augmentations of an `AugmentationConfig` to query texts.
public struct Augmenter: Sendable {
    /// The probabilities in use.
    public let config: AugmentationConfig

    /// Creates an augmenter; throws if a probability is outside [0, 1].
    public init(config: AugmentationConfig = AugmentationConfig()) throws {
        try config.validate()
        self.config = config
    }

    /// The augmented text of one example for one epoch, from the stream `seed.derived(epoch, example)`.
    public func augment(_ text: String, seed: SeededGenerator, epoch: UInt64, example: UInt64) -> String {
        var g = seed.derived(epoch, example)
        return augment(text, using: &g)
    }

    /// The augmented text, drawing from `rng` (same generator state, same result).
    public func augment(_ text: String, using rng: inout SeededGenerator) -> String {
        var s = text
        // First, on the original layout (casing and whitespace changes come after and apply to the new block).
        // Its own child stream (keyed by the stream's seed, `rng` is not advanced), so the other augmentations
        // draw the same numbers with and without it and an ablation changes only the option blocks.
        if config.answerOptions > 0 {
            var g = rng.derived(Self.answerOptionsStream)
            if coin(config.answerOptions, &g) { s = AnswerOptions.rewrite(s, drop: config.answerOptionsDrop, &g) }
        }
        if config.answerOptionsAdd > 0 {  // its own child stream too, for the same reason
            var g = rng.derived(Self.answerOptionsAddStream)
            if coin(config.answerOptionsAdd, &g) { s = AnswerOptions.add(s, &g) }
        }
        if coin(config.phrasing, &rng) { s = Phrasing.rephrase(s, &rng) }
        if coin(config.prefix, &rng) { s = Phrasing.addPrefix(s, &rng) }
        if coin(config.suffix, &rng) { s = Phrasing.addSuffix(s, &rng) }
        if coin(config.punctuation, &rng) { s = Surface.punctuate(s, &rng) }
        if coin(config.casing, &rng) { s = Surface.recase(s, &rng) }
        if coin(config.whitespace, &rng) { s = Surface.respace(s, &rng) }
        if coin(config.wordDropout, &rng) { s = Surface.dropWords(s, &rng) }
        return s.isEmpty ? text : s
    }

    /// The key of the answer-options child stream.
    static let answerOptionsStream: UInt64 = 0xA45_0F7
    /// The key of the added-options child stream.
    static let answerOptionsAddStream: UInt64 = 0xA45_0F8

    @inline(__always) func coin(_ p: Double, _ rng: inout SeededGenerator) -> Bool {
        p > 0 && rng.nextUniformDouble() < p
    }
}

extension SeededGenerator {
    /// A uniformly chosen element of a non-empty array.
    mutating func pick<T>(_ xs: [T]) -> T { xs[nextInt(below: xs.count)] }
}
