// The Featurizer module: text -> hashed n-gram ids with weights + a dense vector of structural features.
// One implementation, shared by training (batch API) and inference (single query). See docs/featurizer.md.

/// The features of one query: a weighted bag of hashed ids and the structural vector.
public struct FeaturizedQuery: Sendable, Equatable {
    /// Hashed feature ids in `0..<buckets`, grouped: word unigrams, then word n-grams, then character n-grams.
    /// Ids may repeat (a repeated word); consumers sum `weights` per id (embedding-bag "sum").
    public var ids: [Int32]
    /// One weight per id: `1/sqrt(n_g)` with `n_g` the number of ids of that id's group in this query.
    public var weights: [Float]
    /// Structural features `[F]`, in the order of `StructuralFeatures.names`.
    public var dense: [Float]
}

/// The features of a batch in CSR form, ready for an embedding bag.
public struct FeatureBatch: Sendable, Equatable {
    /// All ids, row after row `[nnz]`.
    public var ids: [Int32]
    /// Row starts `[B + 1]`: row b is `ids[offsets[b]..<offsets[b + 1]]`.
    public var offsets: [Int32]
    /// One weight per id `[nnz]`.
    public var weights: [Float]
    /// Structural features, row-major `[B, F]`.
    public var dense: [Float]
    /// F, the width of `dense`.
    public var denseWidth: Int
    /// B, the number of rows.
    public var count: Int { offsets.count - 1 }

    /// Row `b` as a single query's features.
    public func row(_ b: Int) -> FeaturizedQuery {
        let r = Int(offsets[b])..<Int(offsets[b + 1])
        return FeaturizedQuery(ids: Array(ids[r]), weights: Array(weights[r]),
                               dense: Array(dense[(b * denseWidth)..<((b + 1) * denseWidth)]))
    }
}

/// Text featurizer: NFKC + case folding, tokenization, hashed word/char n-grams and structural features.
public struct Featurizer: Sendable {
    /// Version of the algorithm (normalization, tokenizer, hash, features). Bumped on any change of output.
    public static let algorithmVersion = 1
    /// The validated configuration.
    public let config: FeaturizerConfig
    /// The fingerprint a model bundle stores (see `FeaturizerConfig.fingerprint`).
    public let fingerprint: String
    /// F, the number of structural features.
    public var denseWidth: Int { StructuralFeatures.count }

    /// Creates a featurizer; throws `FeaturizerError.invalidConfig` for a bad config.
    public init(config: FeaturizerConfig = FeaturizerConfig()) throws {
        try config.validate()
        self.config = config
        self.fingerprint = config.fingerprint
    }

    /// Throws `FeaturizerError.fingerprintMismatch` unless `expected` is this featurizer's fingerprint.
    public func verify(fingerprint expected: String) throws {
        guard expected == fingerprint else { throw FeaturizerError.fingerprintMismatch(expected: expected, actual: fingerprint) }
    }

    /// Features of one query.
    public func featurize(_ text: String) -> FeaturizedQuery {
        var s = Scratch()
        var q = FeaturizedQuery(ids: [], weights: [], dense: [])
        extract(text, &s, ids: &q.ids, weights: &q.weights, dense: &q.dense)
        return q
    }

    /// Features of a batch `[B]` in CSR form (ids/weights `[nnz]`, offsets `[B + 1]`, dense `[B, F]`).
    public func featurize(batch texts: [String]) -> FeatureBatch {
        var s = Scratch()
        var out = FeatureBatch(ids: [], offsets: [0], weights: [], dense: [], denseWidth: denseWidth)
        out.offsets.reserveCapacity(texts.count + 1)
        out.dense.reserveCapacity(texts.count * denseWidth)
        for t in texts {
            extract(t, &s, ids: &out.ids, weights: &out.weights, dense: &out.dense)
            out.offsets.append(Int32(out.ids.count))
        }
        return out
    }

    /// The normalized tokens of a text as strings (numbers as their digits), for inspection and tests.
    public func tokens(_ text: String) -> [String] {
        var s = Scratch()
        _ = TextNormalizer.normalizedBytes(text, maxChars: config.maxChars, into: &s.bytes)
        return s.bytes.withUnsafeBufferPointer { p in
            Tokenizer.tokenize(p, maxTokens: config.maxTokens, into: &s.tokens)
            return (0..<s.tokens.count).map { i in
                String(decoding: p[Int(s.tokens.start[i])..<Int(s.tokens.end[i])], as: UTF8.self)
            }
        }
    }

    /// Reusable buffers of one featurization.
    struct Scratch {
        var bytes: [UInt8] = []
        var tokens = TokenList()
        var uni: [UInt64] = []      // FNV state of "W" + token (or "W<num>") per token
        var masks: [UInt64] = []    // lexicon category mask per token position
        var pad: [UInt8] = []       // "<" + token + ">"
        var bounds: [Int] = []      // scalar starts in pad (+ end)
        var cats = [Int](repeating: 0, count: LexCategory.allCases.count)
    }

    static let numShape: [UInt8] = Array("<num>".utf8)
    static let numShapeHash: UInt64 = StableHash.fnv1a64(numShape, start: StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue))

    /// Appends the ids, weights and dense row of `text`.
    func extract(_ text: String, _ s: inout Scratch, ids: inout [Int32], weights: inout [Float], dense: inout [Float]) {
        let counts = TextNormalizer.normalizedBytes(text, maxChars: config.maxChars, into: &s.bytes)
        let buckets = config.buckets
        s.bytes.withUnsafeBufferPointer { p in
            Tokenizer.tokenize(p, maxTokens: config.maxTokens, into: &s.tokens)
            let t = s.tokens
            let nt = t.count
            // Group 0: word unigrams (numbers as <num>, plus their literal digits).
            var g0 = ids.count
            s.uni.removeAll(keepingCapacity: true)
            for i in 0..<nt {
                let a = Int(t.start[i]), b = Int(t.end[i])
                if t.kind[i] == .number {
                    s.uni.append(Featurizer.numShapeHash)
                    ids.append(StableHash.bucket(Featurizer.numShapeHash, buckets: buckets))
                    if config.numberLiterals {
                        var h = StableHash.step(StableHash.offsetBasis, FeatureTag.digits.rawValue)
                        for j in a..<b { h = StableHash.step(h, p[j]) }
                        ids.append(StableHash.bucket(h, buckets: buckets))
                    }
                } else {
                    var h = StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue)
                    for j in a..<b { h = StableHash.step(h, p[j]) }
                    s.uni.append(h)
                    ids.append(StableHash.bucket(h, buckets: buckets))
                }
            }
            Featurizer.appendWeights(from: g0, ids.count, &weights)
            // Group 1: word n-grams, n = 2...wordNgrams: "N", n, tokens joined by " ".
            g0 = ids.count
            if config.wordNgrams >= 2 {
                for n in 2...config.wordNgrams where n <= nt {
                    for i in 0...(nt - n) {
                        var h = StableHash.step(StableHash.step(StableHash.offsetBasis, FeatureTag.wordNgram.rawValue), UInt8(n))
                        for k in i..<(i + n) {
                            if k > i { h = StableHash.step(h, 0x20) }
                            if t.kind[k] == .number {
                                for c in Featurizer.numShape { h = StableHash.step(h, c) }
                            } else {
                                for j in Int(t.start[k])..<Int(t.end[k]) { h = StableHash.step(h, p[j]) }
                            }
                        }
                        ids.append(StableHash.bucket(h, buckets: buckets))
                    }
                }
            }
            Featurizer.appendWeights(from: g0, ids.count, &weights)
            // Group 2: character n-grams of "<word>" for word tokens, n = charNgramMin...charNgramMax scalars.
            g0 = ids.count
            if config.charNgramMin > 0 {
                for i in 0..<nt where t.kind[i] == .word {
                    appendCharNgrams(p, Int(t.start[i]), Int(t.end[i]), ascii: t.ascii[i], &s, &ids)
                }
            }
            Featurizer.appendWeights(from: g0, ids.count, &weights)
            // Structural features.
            structural(p, counts, &s, &dense)
        }
    }

    /// Appends `1/sqrt(n)` for each of the `n = end - start` ids of one group.
    @inline(__always)
    static func appendWeights(from start: Int, _ end: Int, _ weights: inout [Float]) {
        let n = end - start
        guard n > 0 else { return }
        let w = 1 / Float(n).squareRoot()
        for _ in 0..<n { weights.append(w) }
    }

    /// Character n-grams of the token `p[a..<b]` padded as `<token>`, hashed incrementally per start.
    @inline(__always)
    func appendCharNgrams(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, ascii: Bool,
                          _ s: inout Scratch, _ ids: inout [Int32]) {
        let lo = config.charNgramMin, hi = config.charNgramMax, buckets = config.buckets
        let base = StableHash.step(StableHash.offsetBasis, FeatureTag.charNgram.rawValue)
        if ascii {  // scalars are bytes; the padded token is virtual
            let len = b - a + 2
            for st in 0..<len {
                var h = base
                let top = min(hi, len - st)
                if top < lo { break }
                for n in 1...top {
                    let q = st + n - 1
                    let byte: UInt8 = q == 0 ? 0x3C : q == len - 1 ? 0x3E : p[a + q - 1]
                    h = StableHash.step(h, byte)
                    if n >= lo { ids.append(StableHash.bucket(h, buckets: buckets)) }
                }
            }
            return
        }
        s.pad.removeAll(keepingCapacity: true)
        s.bounds.removeAll(keepingCapacity: true)
        s.pad.append(0x3C)
        s.bounds.append(0)
        for j in a..<b {
            if p[j] & 0xC0 != 0x80 { s.bounds.append(s.pad.count) }
            s.pad.append(p[j])
        }
        s.bounds.append(s.pad.count)
        s.pad.append(0x3E)
        s.bounds.append(s.pad.count)
        let ns = s.bounds.count - 1  // scalars in pad
        for st in 0..<ns {
            let top = min(hi, ns - st)
            if top < lo { break }
            var h = base
            for n in 1...top {
                for j in s.bounds[st + n - 1]..<s.bounds[st + n] { h = StableHash.step(h, s.pad[j]) }
                if n >= lo { ids.append(StableHash.bucket(h, buckets: buckets)) }
            }
        }
    }
}
