// AugmentationConfig: probabilities of the label-preserving text augmentations (Codable, defaults for absent keys).

/// Probabilities of each augmentation, applied independently per example (0 disables one).
public struct AugmentationConfig: Codable, Hashable, Sendable {
    /// Probability of rephrasing: question <-> imperative ("What is X?" <-> "Tell me X").
    public var phrasing: Double
    /// Probability of a polite or greeting prefix ("please", "can you", "hey,", "I need to know").
    public var prefix: Double
    /// Probability of a short suffix ("please", "thanks").
    public var suffix: Double
    /// Probability of changing the final punctuation (drop, add or swap `?`, `!`, `.`) or dropping commas.
    public var punctuation: Double
    /// Probability of a casing change (lower, upper, title, sentence, first-letter-lower, random).
    public var casing: Double
    /// Probability of a whitespace change (double space, leading/trailing space, collapse).
    public var whitespace: Double
    /// Probability of word dropout: each word of a text of at least 4 words is removed with probability 0.15
    /// (at least 3 words stay), so no single word carries a label. 0 (the default) leaves the stream unchanged.
    public var wordDropout: Double
    /// Probability of an answer-options rewrite: a multiple-choice block ("Answer Choices: (A) x (B) y",
    /// "A. x\nB. y", ...) at the end of the text is dropped (the question stays) or rewritten into another option
    /// format, so the tier cannot depend on the option format. 0 (the default) leaves the stream unchanged.
    public var answerOptions: Double
    /// Of the rewritten blocks, the share that is dropped (the rest are reformatted); used when `answerOptions` > 0.
    public var answerOptionsDrop: Double
    /// Probability that a question without answer options (a text ending in "?") gets a block of 3-5 invented
    /// options in one of the option formats, so that having options says nothing about the tier either (the public
    /// sources with options are mostly moderate math). 0 (the default) leaves the stream unchanged.
    public var answerOptionsAdd: Double
    /// Probability that a safe training example is replaced by its last segment, labeled safe with
    /// complexity and budget masked (the trainer's `SegmentCrop`; needs `model.safetySegments` > 0). 0 = off.
    public var segmentCrop: Double
    /// Probability that a safe training example (not cropped to a segment) is replaced by a span of 1-4 of its
    /// words, labeled safe with complexity and budget masked (the trainer's `SegmentCrop`), so that single common
    /// words and short phrases see safe evidence of their own. 0 (the default) = off.
    public var spanCrop: Double
    /// Probability that a span crop of a *simple* example keeps its tier (simple) and budget instead of having them
    /// masked: a few words of a one-step query are no more complex than the query, and function words ("the", "and",
    /// "of") then see simple evidence of their own instead of only the long problems they fill. 0 (the default) = off.
    public var spanCropKeepsSimple: Double

    /// Creates a config; the defaults are the ones training uses unless a config overrides them.
    public init(phrasing: Double = 0.2, prefix: Double = 0.15, suffix: Double = 0.05, punctuation: Double = 0.3,
                casing: Double = 0.5, whitespace: Double = 0.1, wordDropout: Double = 0, answerOptions: Double = 0,
                answerOptionsDrop: Double = 0.3, answerOptionsAdd: Double = 0, segmentCrop: Double = 0, spanCrop: Double = 0,
                spanCropKeepsSimple: Double = 0) {
        self.phrasing = phrasing
        self.prefix = prefix
        self.suffix = suffix
        self.punctuation = punctuation
        self.casing = casing
        self.whitespace = whitespace
        self.wordDropout = wordDropout
        self.answerOptions = answerOptions
        self.answerOptionsDrop = answerOptionsDrop
        self.answerOptionsAdd = answerOptionsAdd
        self.segmentCrop = segmentCrop
        self.spanCrop = spanCrop
        self.spanCropKeepsSimple = spanCropKeepsSimple
    }

    /// No augmentation at all.
    public static let none = AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0, whitespace: 0)

    enum CodingKeys: String, CodingKey { case phrasing, prefix, suffix, punctuation, casing, whitespace, wordDropout, answerOptions,
                                         answerOptionsDrop, answerOptionsAdd, segmentCrop, spanCrop, spanCropKeepsSimple }

    /// Decodes a config; absent keys keep their defaults.
    public init(from decoder: Decoder) throws {
        let d = AugmentationConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phrasing = try c.decodeIfPresent(Double.self, forKey: .phrasing) ?? d.phrasing
        prefix = try c.decodeIfPresent(Double.self, forKey: .prefix) ?? d.prefix
        suffix = try c.decodeIfPresent(Double.self, forKey: .suffix) ?? d.suffix
        punctuation = try c.decodeIfPresent(Double.self, forKey: .punctuation) ?? d.punctuation
        casing = try c.decodeIfPresent(Double.self, forKey: .casing) ?? d.casing
        whitespace = try c.decodeIfPresent(Double.self, forKey: .whitespace) ?? d.whitespace
        wordDropout = try c.decodeIfPresent(Double.self, forKey: .wordDropout) ?? d.wordDropout
        answerOptions = try c.decodeIfPresent(Double.self, forKey: .answerOptions) ?? d.answerOptions
        answerOptionsDrop = try c.decodeIfPresent(Double.self, forKey: .answerOptionsDrop) ?? d.answerOptionsDrop
        answerOptionsAdd = try c.decodeIfPresent(Double.self, forKey: .answerOptionsAdd) ?? d.answerOptionsAdd
        segmentCrop = try c.decodeIfPresent(Double.self, forKey: .segmentCrop) ?? d.segmentCrop
        spanCrop = try c.decodeIfPresent(Double.self, forKey: .spanCrop) ?? d.spanCrop
        spanCropKeepsSimple = try c.decodeIfPresent(Double.self, forKey: .spanCropKeepsSimple) ?? d.spanCropKeepsSimple
    }

    /// Throws `FeaturizerError.invalidConfig` naming the first probability outside [0, 1].
    public func validate() throws {
        let fields: [(String, Double)] = [("phrasing", phrasing), ("prefix", prefix), ("suffix", suffix),
                                          ("punctuation", punctuation), ("casing", casing), ("whitespace", whitespace),
                                          ("wordDropout", wordDropout), ("answerOptions", answerOptions),
                                          ("answerOptionsDrop", answerOptionsDrop), ("answerOptionsAdd", answerOptionsAdd),
                                          ("segmentCrop", segmentCrop), ("spanCrop", spanCrop),
                                          ("spanCropKeepsSimple", spanCropKeepsSimple)]
        for (name, p) in fields where !(p >= 0 && p <= 1) {
            throw FeaturizerError.invalidConfig(field: "augmentation.\(name)", reason: "must be a probability in [0, 1], got \(p)")
        }
    }
}
