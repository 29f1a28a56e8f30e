import XCTest
@testable import Featurizer

/// `functionWordUnigrams: false`: function words emit no unigram and no character n-grams, everything else stays.
final class FunctionWordTests: XCTestCase {
    func featurizer(functionWords: Bool, chars: Bool = true, request: Int = 0) throws -> Featurizer {
        try Featurizer(config: FeaturizerConfig(buckets: 1 << 22, charNgramMin: chars ? 3 : 0, charNgramMax: chars ? 5 : 0,
                                                requestTokens: request, functionWordUnigrams: functionWords))
    }

    func testDefaultIsOnAndKeepsTheFingerprint() throws {
        let d = FeaturizerConfig()
        XCTAssertTrue(d.functionWordUnigrams)
        XCTAssertFalse(d.canonicalDescription.contains("functionWord"))
        let decoded = try JSONDecoder().decode(FeaturizerConfig.self, from: Data("{}".utf8))
        XCTAssertEqual(decoded.fingerprint, d.fingerprint)
        let off = try JSONDecoder().decode(FeaturizerConfig.self, from: Data(#"{"functionWordUnigrams": false}"#.utf8))
        XCTAssertFalse(off.functionWordUnigrams)
        XCTAssertNotEqual(off.fingerprint, d.fingerprint)
        XCTAssertTrue(off.canonicalDescription.contains("functionWordUnigrams=false"))
        let round = try JSONDecoder().decode(FeaturizerConfig.self, from: JSONEncoder().encode(off))
        XCTAssertEqual(round.fingerprint, off.fingerprint)
    }

    /// "vacuum out my car": the unigram "my" and its character n-grams go; "vacuum", "out", "car", the bigrams
    /// ("vacuum out", "out my", "my car") and the structural features stay.
    func testFunctionWordsLoseUnigramsAndCharNgramsOnly() throws {
        let on = try featurizer(functionWords: true), off = try featurizer(functionWords: false)
        let text = "Vacuum out my car"
        let a = on.featurize(text), b = off.featurize(text)
        XCTAssertEqual(a.dense, b.dense)
        let idsOf = { (t: String) in Set(on.featurize(t).ids) }
        // Unigram + character n-grams of a word alone: "<my>" has 3-5-grams "<my", "my>", "<my>".
        let myAlone = idsOf("my"), kept = idsOf("vacuum").union(idsOf("out")).union(idsOf("car"))
        XCTAssertEqual(myAlone.count, 4)
        XCTAssertTrue(Set(b.ids).isDisjoint(with: myAlone), "a function word's unigram or char n-gram remained")
        XCTAssertTrue(kept.isSubset(of: Set(b.ids)))
        let noChars = try Featurizer(config: FeaturizerConfig(buckets: 1 << 22, charNgramMin: 0))
        let bigrams = Set(noChars.featurize(text).ids).subtracting(["vacuum", "out", "my", "car"].flatMap { noChars.featurize($0).ids })
        XCTAssertEqual(bigrams.count, 3)
        XCTAssertTrue(bigrams.isSubset(of: Set(b.ids)))
        // Exactly the function word's ids are gone, and the groups' weights follow their new sizes.
        XCTAssertEqual(b.ids.count, a.ids.count - myAlone.count)
        XCTAssertEqual(b.weights.first!, 1 / Float(3).squareRoot(), accuracy: 1e-6)  // 3 unigrams left
        // Case and punctuation do not matter (the list is matched after normalization); contractions split.
        XCTAssertEqual(off.featurize("VACUUM OUT MY CAR!").ids, b.ids)
        XCTAssertTrue(Set(off.featurize("I'm sure that's it").ids).isDisjoint(with: ["i", "m", "s", "that", "it"].map(idsOf).reduce(Set(), { $0.union($1) })))
        // Words that mark structure stay ("and", "before", "each", "if", "not").
        for w in ["and", "before", "each", "if", "not", "for", "to"] { XCTAssertEqual(off.featurize(w), on.featurize(w), w) }
    }

    func testOnlyFunctionWordsLeaveBigramsAndNoCrash() throws {
        let off = try featurizer(functionWords: false, request: 32)
        let q = off.featurize("it that")  // both on the list: only the bigram, in group 1 and again in the request group
        XCTAssertEqual(q.ids.count, 2)
        XCTAssertTrue(q.weights.allSatisfy { $0 == 1 })
        XCTAssertEqual(off.featurize("the").ids, [])
        XCTAssertEqual(off.featurize(batch: ["the", "it that", "vacuum out my car"]).row(2), off.featurize("vacuum out my car"))
    }

    func testTheRequestGroupDropsFunctionWordUnigramsToo() throws {
        let on = try featurizer(functionWords: true, chars: false, request: 32)
        let off = try featurizer(functionWords: false, chars: false, request: 32)
        let text = "read my text messages"
        // Without char n-grams: groups 0-1 lose one id ("my"), and the request group (the same words) one more.
        XCTAssertEqual(off.featurize(text).ids.count, on.featurize(text).ids.count - 2)
    }

    func testEveryListedWordIsOneToken() throws {
        let fz = try Featurizer()
        for w in FunctionWords.words {
            XCTAssertEqual(fz.tokens(w), [w], "\(w) is not one normalized token: it can never match")
        }
        XCTAssertEqual(Set(FunctionWords.words).count, FunctionWords.words.count, "duplicates in the list")
    }
}
