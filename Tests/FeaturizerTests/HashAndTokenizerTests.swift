import XCTest
@testable import Featurizer

/// Pinned hash values. They were computed once by this independent Python reference (not by the Swift code):
///
///     M = (1 << 64) - 1
///     def fnv(bs, h=0xcbf29ce484222325):
///         for b in bs: h = ((h ^ b) * 0x100000001b3) & M
///         return h
///     def mix(z):
///         z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
///         z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
///         return z ^ (z >> 31)
///     def bucket(key, B=131072): return (mix(fnv(key)) * B) >> 64
///     def feats(text, B=131072, N=2, lo=3, hi=5):       # ASCII texts only
///         toks = re.findall(r'[a-z]+|[0-9]+', text.lower()); sh = lambda t: '<num>' if t.isdigit() else t
///         g0 = []; g1 = []; g2 = []
///         for t in toks:
///             g0.append(bucket(b'W' + sh(t).encode(), B))
///             if t.isdigit(): g0.append(bucket(b'D' + t.encode(), B))
///         for n in range(2, N + 1):
///             for i in range(len(toks) - n + 1):
///                 g1.append(bucket(b'N' + bytes([n]) + ' '.join(sh(x) for x in toks[i:i+n]).encode(), B))
///         for t in toks:
///             if t.isdigit(): continue
///             p = '<' + t + '>'
///             for s in range(len(p)):
///                 for n in range(lo, hi + 1):
///                     if s + n <= len(p): g2.append(bucket(b'C' + p[s:s+n].encode(), B))
///         return g0, g1, g2
final class HashAndTokenizerTests: XCTestCase {
    let fz = try! Featurizer()

    func testFNVAndMixReferenceValues() {
        XCTAssertEqual(StableHash.fnv1a64([UInt8]()), 0xCBF2_9CE4_8422_2325)
        XCTAssertEqual(StableHash.fnv1a64(Array("a".utf8)), 0xAF63_DC4C_8601_EC8C)  // FNV-1a 64 test vector
        XCTAssertEqual(StableHash.mix64(0xAF63_DC4C_8601_EC8C), 0x02C0_BDBF_4814_20F8)
    }

    func testPinnedBucketIds() {
        let b = 131_072
        XCTAssertEqual(StableHash.bucket(tag: .word, "hello", buckets: b), 82_919)
        XCTAssertEqual(StableHash.bucket(tag: .word, "<num>", buckets: b), 22_641)
        XCTAssertEqual(StableHash.bucket(tag: .digits, "42", buckets: b), 72_208)
        XCTAssertEqual(StableHash.bucket(tag: .charNgram, "<he", buckets: b), 76_224)
    }

    func testPinnedFeatureIdsOfAFixedString() {
        let q = fz.featurize("Hello, World 42!")
        let g0: [Int32] = [82919, 61281, 22641, 72208]
        let g1: [Int32] = [28848, 7075]
        let g2: [Int32] = [76224, 65545, 5707, 50586, 52118, 32681, 75164, 51760, 125519, 114529, 8221, 108593, 65370,
                           83348, 28808, 74349, 100969, 35998, 25533, 123107, 72831, 20760, 43767, 104795]
        XCTAssertEqual(q.ids, g0 + g1 + g2)
        // sqrtn weights per group
        XCTAssertEqual(q.weights[0], 1 / Float(4).squareRoot(), accuracy: 1e-7)
        XCTAssertEqual(q.weights[4], 1 / Float(2).squareRoot(), accuracy: 1e-7)
        XCTAssertEqual(q.weights[6], 1 / Float(24).squareRoot(), accuracy: 1e-7)
        XCTAssertEqual(q.dense.count, StructuralFeatures.count)
    }

    func testPinnedIdsForAnotherConfig() throws {
        // feats("Plan 3 trips", B=1000, N=3, lo=2, hi=3) in the reference above
        let f = try Featurizer(config: FeaturizerConfig(buckets: 1000, wordNgrams: 3, charNgramMin: 2, charNgramMax: 3))
        let expected: [Int32] = [102, 172, 61, 527] + [520, 115, 429]
            + [279, 51, 597, 150, 933, 439, 149, 318, 1, 474, 487, 148, 904, 418, 395, 340, 326, 136, 971, 422]
        XCTAssertEqual(f.featurize("Plan 3 trips").ids, expected)
    }

    func testIdsAreInRangeForSmallBucketCounts() throws {
        let small = try Featurizer(config: FeaturizerConfig(buckets: 97, wordNgrams: 3))
        let q = small.featurize("Plan a 5-day trip to Kyoto für 2 Personen 🎌 東京 مرحبا")
        XCTAssertFalse(q.ids.isEmpty)
        XCTAssertTrue(q.ids.allSatisfy { $0 >= 0 && $0 < 97 })
        XCTAssertEqual(q.ids.count, q.weights.count)
    }

    func testTokenizerOnMixedScripts() {
        XCTAssertEqual(fz.tokens("Don't stop: café-au-lait, 3x faster!"), ["don", "t", "stop", "café", "au", "lait", "3", "x", "faster"])
        XCTAssertEqual(fz.tokens("東京に行きたい"), ["東", "京", "に", "行", "き", "た", "い"])
        XCTAssertEqual(fz.tokens("hello 👋 world"), ["hello", "👋", "world"])
        XCTAssertEqual(fz.tokens("مرحبا بالعالم"), ["مرحبا", "بالعالم"])
        XCTAssertEqual(fz.tokens("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"])  // combining vowel signs stay in the word
        XCTAssertEqual(fz.tokens("Ελληνικά ΟΔΟΣ"), ["ελληνικά", "οδοσ"])  // final sigma folds to σ
        XCTAssertEqual(fz.tokens("Arabic digits ٣٤"), ["arabic", "digits", "٣٤"])
    }

    func testNFKCAndCaseFoldingEquivalences() {
        func same(_ a: String, _ b: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(fz.featurize(a), fz.featurize(b), "\(a) vs \(b)", file: file, line: line)
        }
        same("ＨＥＬＬＯ ｗｏｒｌｄ", "hello world")          // full-width letters
        same("the ﬁnal ﬂight", "the final flight")             // ligatures
        same("CAFÉ", "café")                                   // precomposed vs case
        same("cafe\u{301}", "café")                            // combining accent -> NFC
        same("STRASSE", "straße")                              // ß case-folds to ss
        same("Write A Python Function", "write a python function")
        same("① ＋ ②", "1 + 2")                               // circled / full-width digits and symbols
        XCTAssertNotEqual(fz.featurize("hello world").ids, fz.featurize("hello there").ids)
    }

    func testEmptyAndWhitespaceInput() {
        for text in ["", "   ", "\n\t", "?!...", "—"] {
            let q = fz.featurize(text)
            XCTAssertTrue(q.ids.isEmpty, text)
            XCTAssertTrue(q.weights.isEmpty, text)
            XCTAssertEqual(q.dense.count, StructuralFeatures.count)
            XCTAssertTrue(q.dense.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, text)
        }
        XCTAssertEqual(fz.featurize("").dense, [Float](repeating: 0, count: StructuralFeatures.count))
    }

    func testVeryLongInputIsTruncated() throws {
        let small = try Featurizer(config: FeaturizerConfig(maxChars: 100, maxTokens: 10))
        let long = String(repeating: "alpha beta gamma ", count: 10_000)
        XCTAssertEqual(small.tokens(long).count, 10)
        let q = small.featurize(long)
        XCTAssertEqual(q.ids.count, q.weights.count)
        XCTAssertEqual(q.dense[StructuralFeatures.names.firstIndex(of: "log_chars")!], 1)  // full length counted
        let longUnicode = String(repeating: "naïve 東京 ", count: 5000)
        XCTAssertEqual(small.tokens(longUnicode).count, 10)
        let defaultQ = fz.featurize(longUnicode)  // default limits: 4000 chars, 512 tokens
        XCTAssertEqual(defaultQ.ids.count, defaultQ.weights.count)
        XCTAssertLessThanOrEqual(fz.tokens(longUnicode).count, 512)
    }

    func testBatchMatchesSingleQueries() {
        let texts = ["What is 2+2?", "", "Plan a trip to Rome with a $900 budget.", "東京タワー", "def f(x): return x"]
        let batch = fz.featurize(batch: texts)
        XCTAssertEqual(batch.count, texts.count)
        XCTAssertEqual(batch.offsets.count, texts.count + 1)
        XCTAssertEqual(batch.dense.count, texts.count * StructuralFeatures.count)
        for (i, t) in texts.enumerated() { XCTAssertEqual(batch.row(i), fz.featurize(t), t) }
    }

    func testConfigValidationFingerprintAndCodable() throws {
        XCTAssertThrowsError(try Featurizer(config: FeaturizerConfig(buckets: 0))) { e in
            XCTAssertTrue("\(e)".contains("buckets"))
        }
        XCTAssertThrowsError(try Featurizer(config: FeaturizerConfig(charNgramMin: 4, charNgramMax: 2))) { e in
            XCTAssertTrue("\(e)".contains("charNgramMax"))
        }
        XCTAssertThrowsError(try Featurizer(config: FeaturizerConfig(version: 99))) { e in
            XCTAssertTrue("\(e)".contains("version"))
        }
        let decoded = try JSONDecoder().decode(FeaturizerConfig.self, from: Data("{}".utf8))
        XCTAssertEqual(decoded, FeaturizerConfig())
        let custom = FeaturizerConfig(buckets: 1000, wordNgrams: 3)
        let round = try JSONDecoder().decode(FeaturizerConfig.self, from: JSONEncoder().encode(custom))
        XCTAssertEqual(round, custom)
        XCTAssertEqual(round.fingerprint, custom.fingerprint)
        XCTAssertNotEqual(custom.fingerprint, FeaturizerConfig().fingerprint)
        XCTAssertTrue(fz.fingerprint.hasPrefix("fz3-"))
        XCTAssertEqual(fz.fingerprint.count, 20)
        XCTAssertNoThrow(try fz.verify(fingerprint: FeaturizerConfig().fingerprint))
        XCTAssertThrowsError(try fz.verify(fingerprint: custom.fingerprint))
        let noChars = try Featurizer(config: FeaturizerConfig(charNgramMin: 0))
        XCTAssertEqual(noChars.featurize("hello world").ids.count, 3)  // 2 unigrams + 1 bigram
    }
}

final class FingerprintPinTests: XCTestCase {
    /// The default fingerprint is pinned: a change to the algorithm description, the structural feature list or
    /// the lexicon changes it, and must come with an algorithm version bump and a new pin (old bundles then fail
    /// verification instead of silently featurizing differently).
    func testDefaultFingerprintIsPinned() throws {
        // v3 (parallel_steps): computed by the featurizer. v2 was fz2-8f04e780064e5e16.
        // v2 (harm-intent features): computed by the featurizer and reproduced independently by a Python port of
        // `canonicalDescription` + `Lexicon.contentHash` (parse lexiconEntries and StructuralFeatures.names; content =
        // fnv1a64(category name) then per entry fnv1a64(entry, start: step(content, 0x7C)); mix64), which also
        // reproduces the v1 pin fz1-201e6c0d7207f771 from the v1 sources.
        XCTAssertEqual(try Featurizer().fingerprint, "fz3-9693eff48602950a")
    }
}
