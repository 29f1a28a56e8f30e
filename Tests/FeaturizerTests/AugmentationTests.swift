import XCTest
import SeededRandom
@testable import Featurizer

final class AugmentationTests: XCTestCase {
    let texts = ["What is the capital of France?", "Plan a 3-day trip to Rome with a $500 budget.",
                 "how do I kill a python process", "Write a function that reverses a list", "hi"]

    func testDeterministicForASeedAndExample() throws {
        let aug = try Augmenter()
        let seed = SeededGenerator(seed: 42)
        for (i, t) in texts.enumerated() {
            let a = aug.augment(t, seed: seed, epoch: 3, example: UInt64(i))
            let b = aug.augment(t, seed: SeededGenerator(seed: 42), epoch: 3, example: UInt64(i))
            XCTAssertEqual(a, b)
        }
    }

    func testDifferentAcrossSeedsAndEpochs() throws {
        let aug = try Augmenter(config: AugmentationConfig(phrasing: 0.5, prefix: 0.5, suffix: 0.3, punctuation: 0.8,
                                                           casing: 0.9, whitespace: 0.5))
        for t in texts {
            let outs = Set((0..<20).map { aug.augment(t, seed: SeededGenerator(seed: UInt64($0)), epoch: 0, example: 7) })
            XCTAssertGreaterThan(outs.count, 4, t)
            let epochs = Set((0..<20).map { aug.augment(t, seed: SeededGenerator(seed: 1), epoch: UInt64($0), example: 7) })
            XCTAssertGreaterThan(epochs.count, 4, t)
        }
    }

    func testNoneIsIdentityAndValidation() throws {
        let aug = try Augmenter(config: .none)
        var g = SeededGenerator(seed: 5)
        for t in texts { XCTAssertEqual(aug.augment(t, using: &g), t) }
        XCTAssertThrowsError(try Augmenter(config: AugmentationConfig(casing: 1.5))) { e in
            XCTAssertTrue("\(e)".contains("augmentation.casing"))
        }
        let partial = try JSONDecoder().decode(AugmentationConfig.self, from: Data(#"{"casing": 0.9}"#.utf8))
        XCTAssertEqual(partial.casing, 0.9)
        XCTAssertEqual(partial.phrasing, AugmentationConfig().phrasing)
    }

    func testPhrasingVariants() {
        var g = SeededGenerator(seed: 1)
        var seen = Set<String>()
        for _ in 0..<50 { seen.insert(Phrasing.rephrase("What is the capital of France?", &g)) }
        XCTAssertTrue(seen.contains("tell me the capital of France"), "\(seen)")
        XCTAssertTrue(seen.allSatisfy { $0.lowercased().contains("capital of france") })
        var q = Set<String>()
        for _ in 0..<50 { q.insert(Phrasing.rephrase("Write a haiku about rain.", &g)) }
        XCTAssertTrue(q.contains("can you write a haiku about rain?"), "\(q)")
        XCTAssertEqual(Phrasing.rephrase("The sky is blue", &g), "The sky is blue")  // no known opening
        for _ in 0..<20 {
            let p = Phrasing.addPrefix("Set an alarm for 7", &g)
            XCTAssertTrue(p.lowercased().hasSuffix("set an alarm for 7"), p)
        }
    }

    func testSurfaceChangesKeepTheWords() throws {
        let fz = try Featurizer()
        let aug = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 1, casing: 1, whitespace: 1))
        let base = "Which magazine started first, Time or Life?"
        let baseTokens = fz.tokens(base)
        for i in 0..<30 {
            let a = aug.augment(base, seed: SeededGenerator(seed: 9), epoch: 0, example: UInt64(i))
            XCTAssertEqual(fz.tokens(a), baseTokens, a)  // case folding makes casing invisible to the tokens
        }
    }

    func testWordDropoutRemovesSomeWordsAndKeepsOrder() throws {
        let aug = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0,
                                                           whitespace: 0, wordDropout: 1))
        let text = "plan a five day trip to rome with a small budget and museums every morning please"
        let words = text.split(separator: " ").map(String.init)
        var shorter = 0
        for ex in 0..<50 {
            let out = aug.augment(text, seed: SeededGenerator(seed: 9), epoch: 0, example: UInt64(ex))
            let kept = out.split(separator: " ").map(String.init)
            XCTAssertGreaterThanOrEqual(kept.count, 3)
            XCTAssertLessThanOrEqual(kept.count, words.count)
            var it = words.makeIterator()  // kept words are a subsequence of the original, in order
            for w in kept { XCTAssertTrue(sequence(state: ()) { _ in it.next() }.contains(w), out) }
            if kept.count < words.count { shorter += 1 }
        }
        XCTAssertGreaterThan(shorter, 40)  // rate 0.15 over 16 words: P(no drop) = 0.074 per example
        for short in ["hi", "set an alarm"] {  // fewer than 4 words: unchanged
            XCTAssertEqual(aug.augment(short, seed: SeededGenerator(seed: 1), epoch: 0, example: 0), short)
        }
        XCTAssertThrowsError(try Augmenter(config: AugmentationConfig(wordDropout: -0.1))) { e in
            XCTAssertTrue("\(e)".contains("augmentation.wordDropout"))
        }
    }
}
