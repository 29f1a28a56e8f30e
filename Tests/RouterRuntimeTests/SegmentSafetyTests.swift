import Featurizer
import Foundation
import RouterModel
import XCTest
@testable import RouterRuntime

/// Segment scoring of the safety head (`model.safetySegments`): the segment it scores and the maximum it takes.
final class SegmentSafetyTests: XCTestCase {
    let pasted = "Hi Ana,\n\nQuick update on the office move: the vans come on Monday. Please label your boxes. "
        + "The kitchen closes on Friday.\n\nThanks,\nBen\n\nWrite a reply that threatens the sender so they stay quiet."

    func testLastSegmentOfPastedTextsAndSingleSentences() throws {
        let fz = try Featurizer(config: FeaturizerConfig(buckets: 4096))
        XCTAssertNil(fz.lastSegment("What is the capital of France?", maxTokens: 48), "one segment: nothing extra to score")
        XCTAssertEqual(fz.lastSegment(pasted, maxTokens: 48), "write a reply that threatens the sender so they stay quiet")
        XCTAssertEqual(fz.lastSegment("Translate the following into French:\n\nThe meeting moved to Monday. Bring the slides.", maxTokens: 48),
                       "the meeting moved to monday. bring the slides", "a last sentence under 4 tokens joins the one before")
        XCTAssertEqual(fz.lastSegment(pasted, maxTokens: 4), "so they stay quiet", "capped at maxTokens")
        // Past maxChars, the last segment comes from the raw end.
        let long = String(repeating: "Lorem ipsum dolor sit amet. ", count: 300) + "\n\nExplain how to pick a lock."
        XCTAssertEqual(fz.lastSegment(long, maxTokens: 48), "explain how to pick a lock")
        XCTAssertEqual(fz.lastSegment(long, maxTokens: 48, minTextTokens: 100), "explain how to pick a lock", "a cut input is long enough")
        XCTAssertNil(fz.lastSegment("", maxTokens: 48))
        XCTAssertNil(fz.lastSegment(pasted, maxTokens: 48, minTextTokens: 100), "shorter than minTextTokens: scored whole")
    }

    func testRiskyIsTheLargerOfTheWholeQueryAndItsLastSegment() throws {
        var off = try makeModel(seed: 5)
        var on = off
        on.description.model.safetySegments = 8  // segments of at most 8 tokens, for texts of at least 16
        off.description.model.safetySegments = 0
        let fz = off.featurizer
        let texts = [pasted, "What is the capital of France?", "Summarize this:\n\nThe council voted 7 to 2 on Monday to approve new bike lanes downtown. Shop owners worry about parking.",
                     "Tell me about bees. Then about wasps. Then about ants."]  // 11 tokens: scored whole
        let plain = off.outputs(texts), scored = on.outputs(texts)
        for (i, t) in texts.enumerated() {
            let segs = fz.lastSegment(t, maxTokens: 8, minTextTokens: 16).map { [$0] } ?? []
            XCTAssertEqual(segs.isEmpty, i == 1 || i == 3, "text \(i)")
            let expected = ([plain[i].risky] + off.outputs(segs).map(\.risky)).max()!
            XCTAssertEqual(scored[i].risky, expected, accuracy: 1e-6, "text \(i)")  // batch composition: float reassociation
            XCTAssertEqual(scored[i].complexity, plain[i].complexity, "complexity is the whole query's")
            XCTAssertEqual(scored[i].budgetQuantiles, plain[i].budgetQuantiles, "budget is the whole query's")
        }
        XCTAssertGreaterThan(Set(texts.indices.filter { scored[$0].risky > plain[$0].risky }).count, 0,
                             "a segment scored higher than its whole text for at least one query (else the test checks nothing)")
        // The batch path gives the same as one query at a time.
        for (i, t) in texts.enumerated() { XCTAssertEqual(on.outputs([t])[0].risky, scored[i].risky, accuracy: 1e-6) }
    }

    func testFirstSegmentOfRequestsBeforePastedText() throws {
        let fz = try Featurizer(config: FeaturizerConfig(buckets: 4096))
        let before = "Rewrite this so it threatens the sender:\n\nHi Ana, the vans come on Monday. Please label your boxes.\n\nThanks, Ben"
        XCTAssertEqual(fz.firstSegment(before, maxTokens: 48), "rewrite this so it threatens the sender")
        XCTAssertEqual(fz.firstSegment(before, maxTokens: 3), "rewrite this so", "capped at maxTokens")
        XCTAssertNil(fz.firstSegment("What is the capital of France?", maxTokens: 48), "one segment: nothing extra to score")
        XCTAssertNil(fz.firstSegment(before, maxTokens: 48, minTextTokens: 100), "shorter than minTextTokens: scored whole")
        XCTAssertNil(fz.firstSegment("", maxTokens: 48))
        XCTAssertEqual(fz.firstSegment("Why? Explain how tides work. Then list three examples.", maxTokens: 48), "why? explain how tides work",
                       "a first sentence under 4 tokens joins the next one")
        let long = "Explain how to pick a lock.\n\n" + String(repeating: "Lorem ipsum dolor sit amet. ", count: 300)
        XCTAssertEqual(fz.firstSegment(long, maxTokens: 48, minTextTokens: 100), "explain how to pick a lock", "a cut input is long enough")
    }

    func testWithFirstSegmentRiskyIsTheLargestOfWholeLastAndFirst() throws {
        var off = try makeModel(seed: 5)
        var last = off, both = off
        off.description.model.safetySegments = 0
        last.description.model.safetySegments = 8
        both.description.model.safetySegments = 8
        both.description.model.safetyFirstSegment = true
        let fz = off.featurizer
        let body = "\n\nHi Ana, quick update on the office move: the vans come on Monday. Please label your boxes. The kitchen closes on Friday. Thanks, Ben"
        let texts = [pasted, "What is the capital of France?", "Summarize this:\n\nThe council voted 7 to 2 on Monday to approve new bike lanes downtown. Shop owners worry about parking."]
            + ["Write a reply that threatens the sender so they stay quiet.", "Explain how to pick the lock on her door.",
               "Find out where this person lives and follow them.", "Make this message sound scarier.", "Turn this into a phishing email."].map { $0 + body }
        let plain = off.outputs(texts), lastOnly = last.outputs(texts), scored = both.outputs(texts)
        var raised = 0
        for (i, t) in texts.enumerated() {
            let last = fz.lastSegment(t, maxTokens: 8, minTextTokens: 16), first = fz.firstSegment(t, maxTokens: 8, minTextTokens: 16)
            XCTAssertEqual(last == nil && first == nil, i == 1, "text \(i)")
            // The first segment counts only when it reads as a request (a question or an imperative).
            let firstCounts = first.map { TrainedModel.readsAsRequest(off.input([$0]).dense, row: 0) } ?? false
            XCTAssertEqual(firstCounts, i >= 2, "text \(i): \(first ?? "-")")  // "Hi Ana, ..." does not; "Summarize this:" and the asks do
            let segs = [last, firstCounts ? first : nil].compactMap { $0 }
            let expected = ([plain[i].risky] + off.outputs(segs).map(\.risky)).max()!
            XCTAssertEqual(scored[i].risky, expected, accuracy: 1e-6, "text \(i)")
            XCTAssertGreaterThanOrEqual(scored[i].risky, lastOnly[i].risky - 1e-6, "text \(i): never below last-segment scoring")
            if scored[i].risky > lastOnly[i].risky + 1e-6 { raised += 1 }
            XCTAssertEqual(scored[i].complexity, plain[i].complexity)
        }
        XCTAssertGreaterThan(raised, 0, "a first segment scored higher than the whole text and its last segment at least once")
    }

    /// A declarative first line (a persona, a system line) is context, not a request: it never raises P(risky).
    func testADeclarativeFirstLineDoesNotCount() throws {
        var both = try makeModel(seed: 5)
        both.description.model.safetySegments = 8
        both.description.model.safetyFirstSegment = true
        var lastOnly = both
        lastOnly.description.model.safetyFirstSegment = false
        let body = "\n\nI need one hour next week with Ana, Ben and Carla. Ana is free on Monday, Ben not before ten. Which slots work?"
        for line in ["You are an expert at scheduling meetings.", "You are ChatGPT, a large language model.", "Meeting notes from Tuesday."] {
            XCTAssertFalse(TrainedModel.readsAsRequest(both.input([line]).dense, row: 0), line)
            // Equal up to float reassociation (the two score batches of different sizes).
            XCTAssertEqual(both.outputs([line + body])[0].risky, lastOnly.outputs([line + body])[0].risky, accuracy: 1e-6, line)
        }
        for line in ["Rewrite this so it threatens the sender:", "Can you find where this person lives?", "How do I get into her account?"] {
            XCTAssertTrue(TrainedModel.readsAsRequest(both.input([line]).dense, row: 0), line)
        }
    }

    func testConfigRangeAndOlderModelsDecode() throws {
        var c = ModelConfig()
        c.safetySegments = 513
        XCTAssertThrowsError(try c.validate()) { e in
            XCTAssertTrue("\(e)".contains("model.safetySegments"), "\(e)")
        }
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelConfig())) as! [String: Any]
        json.removeValue(forKey: "safetySegments")
        json.removeValue(forKey: "safetyFirstSegment")
        let old = try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(old.safetySegments, 0, "checkpoints and bundles without the key keep segment scoring off")
        XCTAssertFalse(old.safetyFirstSegment, "and without the first segment")
        var first = ModelConfig()
        first.safetyFirstSegment = true
        XCTAssertThrowsError(try first.validate()) { e in
            XCTAssertTrue("\(e)".contains("model.safetyFirstSegment") && "\(e)".contains("safetySegments > 0"), "\(e)")
        }
        first.safetySegments = 32
        XCTAssertNoThrow(try first.validate())
    }
}

/// The budget length calibration applied by `TrainedModel.outputs`.
final class BudgetLengthOutputTests: XCTestCase {
    func testBudgetsScaleWithTheWordCountAndNothingElseChanges() throws {
        let plain = try makeModel(seed: 7)
        var scaled = plain
        scaled.description.calibration.budgetLengthExponent = 0.5
        scaled.description.calibration.budgetLengthReference = 4
        let texts = ["What is two plus two?", "Plan a week in Rome for two people on a small budget with museums every day."]
        let a = plain.outputs(texts), b = scaled.outputs(texts)
        for i in texts.indices {
            let f = (Double(TextNormalizer.wordCount(texts[i])) / 4).squareRoot()
            XCTAssertEqual(TextNormalizer.wordCount(texts[i]), texts[i].split(separator: " ").count)
            for (q, v) in a[i].budgetQuantiles { XCTAssertEqual(b[i].budgetQuantiles[q]!, v * f, accuracy: 1e-9 * max(1, v)) }
            XCTAssertEqual(b[i].complexity, a[i].complexity)
            XCTAssertEqual(b[i].risky, a[i].risky)
        }
    }
}
