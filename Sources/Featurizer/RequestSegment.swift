// The request group: the word unigrams and bigrams of a query's first and last segments, as a fourth group.
//
// A prompt that pastes a document puts its request before it ("Summarize this email:\n\n<email>") or after it
// ("<article>\n\nWrite a persuasive reply ..."). In the three whole-text groups that request is a few ids among
// hundreds, so its say shrinks with the length of the context (and text past `maxChars` is not seen at all).
// Group 3 repeats the keys of groups 0 and 1 for the first and the last segment alone, with its own `1/sqrt(n)`
// weights, so the request keeps a fixed share of the bag whatever surrounds it. A short query is one segment:
// group 3 then repeats it whole. Off unless `requestTokens > 0` (docs/featurizer.md, "Request group").

extension Featurizer {
    /// Scalars of the raw input re-read from its end when the input was truncated (the last segment sits there).
    static let requestSuffixScalars = 600
    /// A segment shorter than this many tokens is joined to its neighbour ("Why?" is not a request).
    static let requestMinTokens = 4

    /// Appends group 3 (ids + weights) for `text`, whose normalized bytes `p` and tokens `s.tokens` were cut at
    /// `maxChars` / `maxTokens`; `truncated` says whether the cut dropped anything.
    func appendRequestGroup(_ text: String, _ p: UnsafeBufferPointer<UInt8>, truncated: Bool, _ s: inout Scratch,
                            ids: inout [Int32], weights: inout [Float]) {
        let first = ids.count, cap = config.requestTokens
        s.tokens.withUnsafeBufferPointer { t in
            let head = 0..<Featurizer.firstSegmentEnd(p, t, maxTokens: cap)
            if !truncated {
                let tail = Featurizer.lastSegmentStart(p, t, from: 0, maxTokens: cap)..<t.count
                if tail.lowerBound <= head.upperBound {  // the segments touch or overlap: one range, bigrams across
                    appendWordIds(p, t, head.lowerBound..<tail.upperBound, &ids)
                } else {
                    appendWordIds(p, t, head, &ids)
                    appendWordIds(p, t, tail, &ids)
                }
                return
            }
            appendWordIds(p, t, head, &ids)
        }
        if truncated {  // the end of the input was not featurized: its last segment comes from the raw end
            Featurizer.withRawEnd(text, &s) { q, t, lo in
                appendWordIds(q, t, Featurizer.lastSegmentStart(q, t, from: lo, maxTokens: cap)..<t.count, &ids)
            }
        }
        Featurizer.appendWeights(ids.count - first, &weights)
    }

    /// Calls `body` with the normalized bytes and tokens of `text`'s last `requestSuffixScalars` scalars, and
    /// the first token to use (1: the first token may be the cut-off end of a word).
    static func withRawEnd(_ text: String, _ s: inout Scratch,
                           _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Token>, Int) -> Void) {
        let suffix = String(String.UnicodeScalarView(text.unicodeScalars.suffix(requestSuffixScalars)))
        _ = TextNormalizer.normalizedBytes(suffix, maxChars: Int.max, into: &s.tailBytes)
        s.tailBytes.withUnsafeBufferPointer { q in
            Tokenizer.tokenize(q, maxTokens: Int.max, into: &s.tailTokens)
            s.tailTokens.withUnsafeBufferPointer { t in body(q, t, min(1, t.count)) }
        }
    }

    /// The end of the first segment of `t`: at least `requestMinTokens` tokens (unless the text is shorter),
    /// at most `maxTokens`. A segment ends at a line break or at `.`, `?`, `!`, `;` or `:` followed by whitespace.
    static func firstSegmentEnd(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<Token>, maxTokens: Int) -> Int {
        let ceil = min(t.count, maxTokens)
        var i = requestMinTokens
        while i < ceil {
            if isBoundary(p, from: Int(t[i - 1].end), to: Int(t[i].start)) { return i }
            i += 1
        }
        return ceil
    }

    /// The start of the last segment of `t[lo...]`: at least `requestMinTokens` tokens (unless the text is
    /// shorter), at most `maxTokens`; boundaries as in `firstSegmentEnd`.
    static func lastSegmentStart(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<Token>, from lo: Int,
                                 maxTokens: Int) -> Int {
        let n = t.count
        let floor = max(lo, n - maxTokens)
        var i = n - requestMinTokens
        while i > floor {
            if isBoundary(p, from: Int(t[i - 1].end), to: Int(t[i].start)) { return i }
            i -= 1
        }
        return max(floor, lo)
    }

    /// True if the separator bytes `p[a..<b]` between two tokens end a sentence or a line.
    @inline(__always)
    static func isBoundary(_ p: UnsafeBufferPointer<UInt8>, from a: Int, to b: Int) -> Bool {
        guard b > a else { return false }
        var stop = false
        for j in a..<b {
            switch p[j] {
            case 0x0A: return true                                // a line break
            case 0x2E, 0x3F, 0x21, 0x3B, 0x3A: stop = true        // . ? ! ; :
            default: break
            }
        }
        let last = p[b - 1]
        return stop && (last == 0x20 || (last >= 0x09 && last <= 0x0D))
    }

    /// Appends the group-0 and group-1 keys (unigrams incl. number literals, then bigrams) of `t[r]`.
    func appendWordIds(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<Token>, _ r: Range<Int>,
                       _ ids: inout [Int32]) {
        guard !r.isEmpty else { return }
        let buckets = config.buckets
        for i in r {
            let a = Int(t[i].start), b = Int(t[i].end)
            if t[i].kind == .number {
                ids.append(StableHash.bucket(Featurizer.numShapeHash, buckets: buckets))
                if config.numberLiterals {
                    var h = StableHash.step(StableHash.offsetBasis, FeatureTag.digits.rawValue)
                    for j in a..<b { h = StableHash.step(h, p[j]) }
                    ids.append(StableHash.bucket(h, buckets: buckets))
                }
            } else {
                var h = StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue)
                for j in a..<b { h = StableHash.step(h, p[j]) }
                if config.functionWordUnigrams || !FunctionWords.contains(h) { ids.append(StableHash.bucket(h, buckets: buckets)) }
            }
        }
        guard config.wordNgrams >= 2, r.count >= 2 else { return }
        let base = StableHash.step(StableHash.step(StableHash.offsetBasis, FeatureTag.wordNgram.rawValue), 2)
        for i in r.lowerBound..<(r.upperBound - 1) {
            var h = base
            for m in i...(i + 1) {
                if m > i { h = StableHash.step(h, 0x20) }
                if t[m].kind == .number {
                    for c in Featurizer.numShape { h = StableHash.step(h, c) }
                } else {
                    for j in Int(t[m].start)..<Int(t[m].end) { h = StableHash.step(h, p[j]) }
                }
            }
            ids.append(StableHash.bucket(h, buckets: buckets))
        }
    }
}

extension Featurizer {
    /// The last segment of `text` as a normalized string (at most `maxTokens` tokens, at least `requestMinTokens`
    /// unless the text is shorter), for scoring it as a query of its own; nil when the text is a single segment
    /// or has fewer than `minTextTokens` tokens (the segments of a short query are fragments, e.g. a list of
    /// answer options). Same boundaries as the request group; a cut input's last segment is read from its raw end.
    /// Normalized text featurizes like the original (normalization is idempotent).
    ///
    /// The first segment is scored only with `ModelConfig.safetyFirstSegment`: a long prompt's first segment is
    /// often a persona or system line ("You are an expert at scheduling meetings."), a greeting or a title, which
    /// scored alone read like a role-play opener until segment crop trained on first segments too (docs/quality.md,
    /// iterations 4 and 6).
    public func lastSegment(_ text: String, maxTokens: Int, minTextTokens: Int = 0) -> String? {
        endSegments(text, maxTokens: maxTokens, minTextTokens: minTextTokens, first: false).last
    }

    /// The first segment of `text` (normalized, at most `maxTokens` tokens; boundaries as in `firstSegmentEnd`),
    /// or nil when the text has fewer than `minTextTokens` tokens or is one segment. The counterpart of
    /// `lastSegment` for requests placed before pasted text (`ModelConfig.safetyFirstSegment`).
    public func firstSegment(_ text: String, maxTokens: Int, minTextTokens: Int = 0) -> String? {
        endSegments(text, maxTokens: maxTokens, minTextTokens: minTextTokens, last: false).first
    }

    /// `firstSegment` and `lastSegment` of `text` from one normalization and tokenization (segment scoring asks
    /// for both); `first: false` / `last: false` skip one.
    public func endSegments(_ text: String, maxTokens: Int, minTextTokens: Int = 0, first wantFirst: Bool = true,
                            last wantLast: Bool = true) -> (first: String?, last: String?) {
        // Fewer bytes than that bound: fewer tokens than minTextTokens, and nothing was cut (no token or scalar
        // takes less than a byte), so the answer is nil without normalizing (the common short query).
        if text.utf8.count < min(minTextTokens, config.maxTokens, config.maxChars) { return (nil, nil) }
        var s = Scratch()
        let counts = TextNormalizer.normalizedBytes(text, maxChars: config.maxChars, into: &s.bytes)
        var first: String?, last: String?
        var cut = counts.scalars > config.maxChars
        s.bytes.withUnsafeBufferPointer { p in
            Tokenizer.tokenize(p, maxTokens: config.maxTokens, into: &s.tokens)
            cut = cut || s.tokens.count >= config.maxTokens
            s.tokens.withUnsafeBufferPointer { t in
                guard cut || t.count >= minTextTokens, t.count > 0 else { return }
                if wantFirst {
                    let end = Featurizer.firstSegmentEnd(p, t, maxTokens: maxTokens)
                    if end < t.count || cut { first = Featurizer.text(p, t, 0..<end) }
                }
                if wantLast && !cut {
                    let start = Featurizer.lastSegmentStart(p, t, from: 0, maxTokens: maxTokens)
                    if start > 0 { last = Featurizer.text(p, t, start..<t.count) }
                }
            }
        }
        if wantLast && cut {  // the end of the input was not featurized: its last segment comes from the raw end
            Featurizer.withRawEnd(text, &s) { q, t, lo in
                let start = Featurizer.lastSegmentStart(q, t, from: lo, maxTokens: maxTokens)
                if start < t.count { last = Featurizer.text(q, t, start..<t.count) }
            }
        }
        return (first, last)
    }

    /// The bytes from token `r.lowerBound`'s start to token `r.upperBound - 1`'s end, as a string.
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<Token>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[Int(t[r.lowerBound].start)..<Int(t[r.upperBound - 1].end)]), as: UTF8.self)
    }
}
