// The Featurizer module: text -> hashed n-gram ids with weights + a dense vector of structural features.
// One implementation, shared by training (batch API) and inference (single query). See docs/featurizer.md.

/// The features of one query: a weighted bag of hashed ids and the structural vector.
public struct FeaturizedQuery: Sendable, Equatable {
    /// Hashed feature ids in `0..<buckets`, grouped: word unigrams, then word n-grams, then character n-grams,
    /// then (if `requestTokens > 0`) the unigrams and bigrams of the first and last segments (`RequestSegment.swift`).
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
    public static let algorithmVersion = 3
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
            return s.tokens.map { String(decoding: p[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        }
    }

    /// Reusable buffers of one featurization.
    struct Scratch {
        var bytes: [UInt8] = []
        var tokens: [Token] = []
        var uni: [UInt64] = []      // FNV state of "W" + token (or "W<num>") per token
        var masks: [UInt64] = []    // lexicon category mask per token position
        var cats = [Int](repeating: 0, count: LexCategory.allCases.count)
        var tailBytes: [UInt8] = []  // the normalized end of a truncated input (request group)
        var tailTokens: [Token] = []
        var sentenceEnds: [UInt64] = []  // key of each sentence's last two tokens (parallel_steps)
    }

    static let numShape: [UInt8] = Array("<num>".utf8)
    static let numShapeHash: UInt64 = StableHash.fnv1a64(numShape, start: StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue))

    /// An upper bound of the number of ids of a token list (to size the output once).
    func idBound(_ toks: [Token]) -> Int {
        let nt = toks.count
        var n = nt * (config.numberLiterals ? 2 : 1)
        if config.wordNgrams >= 2 { for k in 2...config.wordNgrams where k <= nt { n += nt - k + 1 } }
        if config.charNgramMin > 0 {
            let span = config.charNgramMax - config.charNgramMin + 1
            for t in toks where t.kind == .word { n += (Int(t.end - t.start) + 2) * span }
        }
        return n
    }

    /// Appends the ids, weights and dense row of `text`.
    func extract(_ text: String, _ s: inout Scratch, ids: inout [Int32], weights: inout [Float], dense: inout [Float]) {
        let counts = TextNormalizer.normalizedBytes(text, maxChars: config.maxChars, into: &s.bytes)
        let buckets = config.buckets
        let literals = config.numberLiterals, maxN = config.wordNgrams
        let numHash = Featurizer.numShapeHash
        let functionUnigrams = config.functionWordUnigrams
        s.bytes.withUnsafeBufferPointer { p in
            Tokenizer.tokenize(p, maxTokens: config.maxTokens, into: &s.tokens)
            let nt = s.tokens.count
            let first = ids.count
            ids.append(contentsOf: repeatElement(0, count: idBound(s.tokens)))
            var groupEnds = (0, 0, 0)
            s.uni.removeAll(keepingCapacity: true)
            ids.withUnsafeMutableBufferPointer { idsBuf in
                let out = idsBuf.baseAddress! + first
                var k = 0
                s.tokens.withUnsafeBufferPointer { t in
                    // Group 0: word unigrams (numbers as <num>, plus their literal digits).
                    for i in 0..<nt {
                        let a = Int(t[i].start), b = Int(t[i].end)
                        if t[i].kind == .number {
                            s.uni.append(numHash)
                            out[k] = StableHash.bucket(numHash, buckets: buckets); k += 1
                            if literals {
                                var h = StableHash.step(StableHash.offsetBasis, FeatureTag.digits.rawValue)
                                for j in a..<b { h = StableHash.step(h, p[j]) }
                                out[k] = StableHash.bucket(h, buckets: buckets); k += 1
                            }
                        } else {
                            var h = StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue)
                            for j in a..<b { h = StableHash.step(h, p[j]) }
                            s.uni.append(h)
                            if functionUnigrams || !FunctionWords.contains(h) { out[k] = StableHash.bucket(h, buckets: buckets); k += 1 }
                        }
                    }
                    groupEnds.0 = k
                    // Group 1: word n-grams, n = 2...wordNgrams: "N", n, tokens joined by " ".
                    if maxN >= 2 {
                        for n in 2...maxN where n <= nt {
                            let base = StableHash.step(StableHash.step(StableHash.offsetBasis, FeatureTag.wordNgram.rawValue), UInt8(n))
                            for i in 0...(nt - n) {
                                var h = base
                                for m in i..<(i + n) {
                                    if m > i { h = StableHash.step(h, 0x20) }
                                    if t[m].kind == .number {
                                        h = StableHash.step(h, 0x3C); h = StableHash.step(h, 0x6E); h = StableHash.step(h, 0x75)
                                        h = StableHash.step(h, 0x6D); h = StableHash.step(h, 0x3E)  // "<num>"
                                    } else {
                                        for j in Int(t[m].start)..<Int(t[m].end) { h = StableHash.step(h, p[j]) }
                                    }
                                }
                                out[k] = StableHash.bucket(h, buckets: buckets); k += 1
                            }
                        }
                    }
                    groupEnds.1 = k
                    // Group 2: character n-grams of "<word>" for word tokens.
                    if config.charNgramMin > 0 {
                        for i in 0..<nt where t[i].kind == .word && (functionUnigrams || !FunctionWords.contains(s.uni[i])) {
                            k = appendCharNgrams(p, Int(t[i].start), Int(t[i].end), ascii: t[i].ascii, out, k)
                        }
                    }
                    groupEnds.2 = k
                }
            }
            ids.removeLast(ids.count - first - groupEnds.2)
            Featurizer.appendWeights(groupEnds.0, &weights)
            Featurizer.appendWeights(groupEnds.1 - groupEnds.0, &weights)
            Featurizer.appendWeights(groupEnds.2 - groupEnds.1, &weights)
            structural(p, counts, &s, &dense)
            if config.requestTokens > 0 {
                let truncated = counts.scalars > config.maxChars || s.tokens.count >= config.maxTokens
                appendRequestGroup(text, p, truncated: truncated, &s, ids: &ids, weights: &weights)
            }
        }
    }

    /// Appends `n` weights `1/sqrt(n)` (one group's sqrtn combiner).
    @inline(__always)
    static func appendWeights(_ n: Int, _ weights: inout [Float]) {
        guard n > 0 else { return }
        weights.append(contentsOf: repeatElement(1 / Float(n).squareRoot(), count: n))
    }

    /// Writes the character n-grams of the token `p[a..<b]`, padded as `<token>`, at `out[k...]`; returns the new k.
    /// N-grams are hashed incrementally: for each start scalar, the hash is extended one scalar at a time.
    @inline(__always)
    func appendCharNgrams(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, ascii: Bool,
                          _ out: UnsafeMutablePointer<Int32>, _ k0: Int) -> Int {
        let lo = config.charNgramMin, hi = config.charNgramMax, buckets = config.buckets
        let base = StableHash.step(StableHash.offsetBasis, FeatureTag.charNgram.rawValue)
        let len = b - a + 2
        var k = k0
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: len) { pad in
            pad[0] = 0x3C
            for j in a..<b { pad[j - a + 1] = p[j] }
            pad[len - 1] = 0x3E
            if ascii {  // every byte is a scalar
                for st in 0..<len {
                    let top = min(hi, len - st)
                    if top < lo { break }
                    var h = base
                    for n in 1...top {
                        h = StableHash.step(h, pad[st + n - 1])
                        if n >= lo { out[k] = StableHash.bucket(h, buckets: buckets); k += 1 }
                    }
                }
                return k
            }
            // scalar starts of pad (+ end); for ASCII tokens every byte is a scalar
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: len + 1) { bounds in
                var ns = 0
                for j in 0..<len where pad[j] & 0xC0 != 0x80 { bounds[ns] = j; ns += 1 }
                bounds[ns] = len
                for st in 0..<ns {
                    let top = min(hi, ns - st)
                    if top < lo { break }
                    var h = base
                    for n in 1...top {
                        for j in bounds[st + n - 1]..<bounds[st + n] { h = StableHash.step(h, pad[j]) }
                        if n >= lo { out[k] = StableHash.bucket(h, buckets: buckets); k += 1 }
                    }
                }
                return k
            }
        }
    }

}
