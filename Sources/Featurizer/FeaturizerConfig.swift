// FeaturizerConfig: the Codable settings of the featurizer, their validation and the fingerprint.

/// Settings of the featurizer, stored in training configs and model bundles.
///
/// Missing JSON keys take the defaults below, so `{}` decodes to the default config.
public struct FeaturizerConfig: Codable, Hashable, Sendable {
    /// Algorithm version this config was made for; must equal `Featurizer.algorithmVersion`.
    public var version: Int
    /// Number of hash buckets (rows of the embedding table); ids are in `0..<buckets`.
    public var buckets: Int
    /// Largest word n-gram (1 = unigrams only; 2 adds bigrams; unigrams are always emitted).
    public var wordNgrams: Int
    /// Smallest character n-gram, in unicode scalars of `<word>` (0 disables character n-grams).
    public var charNgramMin: Int
    /// Largest character n-gram (inclusive).
    public var charNgramMax: Int
    /// Input is cut to its first `maxChars` unicode scalars before normalization.
    public var maxChars: Int
    /// At most `maxTokens` tokens are featurized (the rest are ignored).
    public var maxTokens: Int
    /// Also emit the literal digits of each number (tag `D`), besides the `<num>` shape token.
    public var numberLiterals: Bool
    /// Largest number of tokens of each request segment (group 3: the unigrams and bigrams of the query's first
    /// and last sentence or line, at least 4 tokens each, weighted as a group of their own); 0 (default) = off.
    public var requestTokens: Int
    /// Emit unigrams and character n-grams of function words ("my", "that", "any"; `FunctionWords.swift`); false:
    /// such words only appear inside word n-grams and structural features. Default true.
    public var functionWordUnigrams: Bool

    /// Creates a config; every argument has the default used by `configs/default.json`.
    public init(version: Int = Featurizer.algorithmVersion, buckets: Int = 131_072, wordNgrams: Int = 2,
                charNgramMin: Int = 3, charNgramMax: Int = 5, maxChars: Int = 4000, maxTokens: Int = 512,
                numberLiterals: Bool = true, requestTokens: Int = 0, functionWordUnigrams: Bool = true) {
        self.version = version
        self.buckets = buckets
        self.wordNgrams = wordNgrams
        self.charNgramMin = charNgramMin
        self.charNgramMax = charNgramMax
        self.maxChars = maxChars
        self.maxTokens = maxTokens
        self.numberLiterals = numberLiterals
        self.requestTokens = requestTokens
        self.functionWordUnigrams = functionWordUnigrams
    }

    enum CodingKeys: String, CodingKey {
        case version, buckets, wordNgrams, charNgramMin, charNgramMax, maxChars, maxTokens, numberLiterals, requestTokens, functionWordUnigrams
    }

    /// Decodes a config; absent keys keep their defaults.
    public init(from decoder: Decoder) throws {
        let d = FeaturizerConfig()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? d.version
        buckets = try c.decodeIfPresent(Int.self, forKey: .buckets) ?? d.buckets
        wordNgrams = try c.decodeIfPresent(Int.self, forKey: .wordNgrams) ?? d.wordNgrams
        charNgramMin = try c.decodeIfPresent(Int.self, forKey: .charNgramMin) ?? d.charNgramMin
        charNgramMax = try c.decodeIfPresent(Int.self, forKey: .charNgramMax) ?? d.charNgramMax
        maxChars = try c.decodeIfPresent(Int.self, forKey: .maxChars) ?? d.maxChars
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens) ?? d.maxTokens
        numberLiterals = try c.decodeIfPresent(Bool.self, forKey: .numberLiterals) ?? d.numberLiterals
        requestTokens = try c.decodeIfPresent(Int.self, forKey: .requestTokens) ?? d.requestTokens
        functionWordUnigrams = try c.decodeIfPresent(Bool.self, forKey: .functionWordUnigrams) ?? d.functionWordUnigrams
    }

    /// Throws `FeaturizerError.invalidConfig` naming the first field out of range.
    public func validate() throws {
        func bad(_ field: String, _ why: String) -> FeaturizerError { .invalidConfig(field: field, reason: why) }
        guard version == Featurizer.algorithmVersion else {
            throw bad("version", "is \(version) but this build implements featurizer algorithm \(Featurizer.algorithmVersion)")
        }
        guard (1...Int(Int32.max)).contains(buckets) else { throw bad("buckets", "must be in 1...\(Int32.max), got \(buckets)") }
        guard (1...8).contains(wordNgrams) else { throw bad("wordNgrams", "must be in 1...8, got \(wordNgrams)") }
        if charNgramMin != 0 {
            guard (1...16).contains(charNgramMin) else { throw bad("charNgramMin", "must be 0 (off) or 1...16, got \(charNgramMin)") }
            guard (charNgramMin...16).contains(charNgramMax) else {
                throw bad("charNgramMax", "must be in charNgramMin...16 (\(charNgramMin)...16), got \(charNgramMax)")
            }
        }
        guard maxChars >= 1 else { throw bad("maxChars", "must be >= 1, got \(maxChars)") }
        guard maxTokens >= 1 else { throw bad("maxTokens", "must be >= 1, got \(maxTokens)") }
        guard (0...512).contains(requestTokens) else { throw bad("requestTokens", "must be 0 (off) or 1...512, got \(requestTokens)") }
    }

    /// The canonical one-line description hashed into the fingerprint (field order fixed, not JSON).
    public var canonicalDescription: String {
        let chars = charNgramMin == 0 ? "off" : "\(charNgramMin)-\(charNgramMax)"
        return "featurizer/v\(version) hash=fnv1a64-splitmix64-mulshift norm=nfkc-lower-ss buckets=\(buckets) wordNgrams=\(wordNgrams) charNgrams=\(chars)"
            + " maxChars=\(maxChars) maxTokens=\(maxTokens) numberLiterals=\(numberLiterals)"
            + (requestTokens > 0 ? " requestTokens=\(requestTokens)" : "")  // absent when off: older fingerprints hold
            + (functionWordUnigrams ? "" : " functionWordUnigrams=false(\(FunctionWords.words.joined(separator: "|")))")  // likewise
            + " structural=\(StructuralFeatures.names.joined(separator: ","))"
            + " lexicon=\(String(Lexicon.shared.contentHash, radix: 16))"
    }

    /// A stable hash of config + algorithm version + structural feature list + lexicon, e.g. `fz1-3f2a...`.
    ///
    /// A model bundle stores it; inference refuses a bundle whose fingerprint differs from its featurizer's.
    public var fingerprint: String {
        let h = StableHash.mix64(StableHash.fnv1a64(canonicalDescription.utf8))
        let hex = String(h, radix: 16)
        return "fz\(version)-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Errors of the featurizer module.
public enum FeaturizerError: Error, CustomStringConvertible, Equatable {
    /// A config field is out of range.
    case invalidConfig(field: String, reason: String)
    /// A bundle was made by a featurizer with another fingerprint.
    case fingerprintMismatch(expected: String, actual: String)

    /// A readable message naming the field or both fingerprints.
    public var description: String {
        switch self {
        case let .invalidConfig(field, reason): return "featurizer config: field '\(field)' \(reason)"
        case let .fingerprintMismatch(expected, actual):
            return "featurizer fingerprint mismatch: bundle expects \(expected), this featurizer is \(actual)"
        }
    }
}
