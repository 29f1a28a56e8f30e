import Featurizer
import SeededRandom
import SpectrumData
import XCTest
@testable import Training

/// `augmentation.segmentCrop` and `augmentation.spanCrop`: which examples are cropped, to what, and the labels they keep.
final class SegmentCropTests: XCTestCase {
    let pasted = "Hi Ana,\n\nThe vans come on Monday. Please label your boxes. The kitchen closes on Friday.\n\nThanks,\nBen\n\nSummarize this email in two sentences."

    func split() throws -> (LabeledSplit, Featurizer) {
        let fz = try Featurizer(config: FeaturizerConfig(buckets: 1024))
        var records: [SpectrumRecord] = []
        for i in 0..<60 {
            switch i % 3 {
            case 0: records.append(SpectrumRecord(id: "s:\(i)", text: pasted + " (\(i))", complexity: .moderate, safety: .safe, budgetTokens: 40, source: "s"))
            case 1: records.append(SpectrumRecord(id: "r:\(i)", text: pasted + " Then threaten him (\(i)).", safety: .risky, source: "r"))
            default: records.append(SpectrumRecord(id: "q:\(i)", text: "What is the capital of France (\(i))?", complexity: .simple, safety: .safe, budgetTokens: 0, source: "q"))
            }
        }
        return (LabeledSplit(records: records, featurizer: fz), fz)
    }

    func testWithFirstSegmentsCropsAreFirstOrLastSegments() throws {
        let (s, fz) = try split()
        let last = try XCTUnwrap(SegmentCrop(probability: 0.5, maxTokens: 16, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        let both = try XCTUnwrap(SegmentCrop(probability: 0.5, maxTokens: 16, first: true, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        var firsts = 0, lasts = 0
        for epoch in 0..<6 {
            for i in 0..<60 {
                let a = last.segment(i, epoch: epoch), b = both.segment(i, epoch: epoch)
                XCTAssertEqual(a == nil, b == nil, "the same examples are cropped in the same epochs (example \(i))")
                guard let b else { continue }
                if b == fz.firstSegment(s.records[i].text, maxTokens: 16) { firsts += 1 } else {
                    XCTAssertEqual(b, fz.lastSegment(s.records[i].text, maxTokens: 16)); lasts += 1
                }
            }
        }
        XCTAssertGreaterThan(firsts, 10, "first segments are used")
        XCTAssertGreaterThan(lasts, 10, "last segments still are")
    }

    func testOnlySafeMultiSegmentExamplesAreCroppedAndTheirOtherLabelsMasked() throws {
        let (s, fz) = try split()
        let crop = try XCTUnwrap(SegmentCrop(probability: 0.5, maxTokens: 16, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        XCTAssertEqual(crop.segments.map { $0 != nil }, (0..<60).map { $0 % 3 == 0 }, "safe pasted texts only: not risky ones, not one-sentence ones")
        let idx = Array(0..<60)
        var cropped = 0
        for epoch in 0..<4 {
            let labels = crop.masked(s.labels.subset(idx), indices: idx, epoch: epoch)
            for i in idx {
                let seg = crop.segment(i, epoch: epoch)
                XCTAssertEqual(seg == nil, labels.tiers[i] != nil || s.labels.tiers[i] == nil, "mask and crop agree (example \(i))")
                XCTAssertEqual(labels.risky[i], s.labels.risky[i], "the safety label is kept")
                if let seg {
                    cropped += 1
                    XCTAssertEqual(fz.lastSegment(s.records[i].text, maxTokens: 16), seg)
                    XCTAssertNil(labels.budgetTokens[i])
                } else {
                    XCTAssertEqual(labels.budgetTokens[i], s.labels.budgetTokens[i])
                }
            }
        }
        XCTAssertGreaterThan(cropped, 20); XCTAssertLessThan(cropped, 60, "about half of 20 eligible x 4 epochs")
        // Decisions depend on (seed, epoch, example) only: a slice sees what the whole batch sees.
        let slice = [3, 9, 30]
        XCTAssertEqual(crop.masked(s.labels.subset(slice), indices: slice, epoch: 2).tiers,
                       slice.map { crop.masked(s.labels.subset(idx), indices: idx, epoch: 2).tiers[$0] })
        XCTAssertNil(SegmentCrop(probability: 0, maxTokens: 16, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
    }

    func testConfigNeedsSegmentScoring() throws {
        var c = TrainingConfig()
        c.data.train = ["t.jsonl"]; c.data.validation = "v.jsonl"
        c.augmentation.segmentCrop = 0.1
        XCTAssertThrowsError(try c.validate()) { e in
            XCTAssertTrue("\(e)".contains("augmentation.segmentCrop") && "\(e)".contains("model.safetySegments"), "\(e)")
        }
        c.model.safetySegments = 32
        XCTAssertNoThrow(try c.validate())
        c.augmentation.segmentCrop = 1.5
        XCTAssertThrowsError(try c.validate()) { e in XCTAssertTrue("\(e)".contains("augmentation.segmentCrop"), "\(e)") }
    }

    func testSpanCropTakesOneToFourWordsOfSafeExamplesOnly() throws {
        let (s, fz) = try split()
        let span = try XCTUnwrap(SegmentCrop(probability: 0, maxTokens: 16, spanProbability: 0.5, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        let idx = Array(0..<60)
        var lengths = Set<Int>(), cropped = 0
        for epoch in 0..<6 {
            let labels = span.masked(s.labels.subset(idx), indices: idx, epoch: epoch)
            for i in idx {
                let seg = span.segment(i, epoch: epoch)
                if i % 3 == 1 { XCTAssertNil(seg, "a risky example is never cropped (example \(i))") }
                XCTAssertEqual(seg == nil, labels.budgetTokens[i] == s.labels.budgetTokens[i] && labels.tiers[i] == s.labels.tiers[i] || s.labels.tiers[i] == nil)
                XCTAssertEqual(labels.risky[i], s.labels.risky[i], "the safety label is kept")
                guard let seg else { continue }
                cropped += 1
                let words = s.records[i].text.split(whereSeparator: \.isWhitespace).map(String.init)
                let w = seg.split(separator: " ").map(String.init)
                XCTAssertTrue((1...4).contains(w.count) && w.count < words.count, "\(seg)")
                XCTAssertTrue((0...(words.count - w.count)).contains { Array(words[$0..<($0 + w.count)]) == w }, "consecutive words of the text: \(seg)")
                lengths.insert(w.count)
            }
        }
        XCTAssertEqual(lengths, [1, 2, 3, 4])
        XCTAssertGreaterThan(cropped, 40); XCTAssertLessThan(cropped, 200, "about half of 40 safe examples x 6 epochs")
        // A span stream of its own: turning span crop on leaves every segment crop as it was.
        let seg = try XCTUnwrap(SegmentCrop(probability: 0.5, maxTokens: 16, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        let both = try XCTUnwrap(SegmentCrop(probability: 0.5, maxTokens: 16, spanProbability: 0.5, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        var spansOfSegmentable = 0
        for epoch in 0..<4 {
            for i in idx {
                if let a = seg.segment(i, epoch: epoch) { XCTAssertEqual(both.segment(i, epoch: epoch), a) }
                else if i % 3 == 0, both.segment(i, epoch: epoch) != nil { spansOfSegmentable += 1 }
            }
        }
        XCTAssertGreaterThan(spansOfSegmentable, 0, "an example not cropped to a segment can get a span")
        XCTAssertNil(SegmentCrop(probability: 0, maxTokens: 16, spanProbability: 0, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        XCTAssertNotNil(SegmentCrop(probability: 0.3, maxTokens: 0, spanProbability: 0.1, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        var c = AugmentationConfig(); c.spanCrop = 1.5
        XCTAssertThrowsError(try c.validate()) { e in XCTAssertTrue("\(e)".contains("augmentation.spanCrop"), "\(e)") }
    }

    func testSpansOfSimpleExamplesKeepTheirTierWithKeepsSimple() throws {
        let (s, fz) = try split()
        let idx = Array(0..<60)
        let plain = try XCTUnwrap(SegmentCrop(probability: 0.3, maxTokens: 16, spanProbability: 0.5, split: s, featurizer: fz, seed: SeededGenerator(seed: 9)))
        let keep = try XCTUnwrap(SegmentCrop(probability: 0.3, maxTokens: 16, spanProbability: 0.5, keepSimpleProbability: 1, split: s,
                                             featurizer: fz, seed: SeededGenerator(seed: 9)))
        var keptSimple = 0, maskedModerate = 0
        for epoch in 0..<6 {
            let a = plain.masked(s.labels.subset(idx), indices: idx, epoch: epoch), b = keep.masked(s.labels.subset(idx), indices: idx, epoch: epoch)
            for i in idx {
                XCTAssertEqual(plain.segment(i, epoch: epoch), keep.segment(i, epoch: epoch), "the same crops (example \(i))")
                guard let c = keep.crop(i, epoch: epoch) else { XCTAssertEqual(b.tiers[i], s.labels.tiers[i]); continue }
                XCTAssertNil(a.tiers[i], "without the option every crop is masked")
                if s.labels.tiers[i] == 0 {
                    XCTAssertTrue(c.keepsLabels)
                    XCTAssertEqual(b.tiers[i], 0, "a span of a simple example stays simple")
                    XCTAssertEqual(b.budgetTokens[i], 0)
                    keptSimple += 1
                } else {
                    XCTAssertFalse(c.keepsLabels, "segments and spans of moderate examples are masked (example \(i))")
                    XCTAssertNil(b.tiers[i]); XCTAssertNil(b.budgetTokens[i])
                    maskedModerate += 1
                }
            }
        }
        XCTAssertGreaterThan(keptSimple, 20); XCTAssertGreaterThan(maskedModerate, 20)
        var c = AugmentationConfig(); c.spanCropKeepsSimple = -0.1
        XCTAssertThrowsError(try c.validate()) { e in XCTAssertTrue("\(e)".contains("augmentation.spanCropKeepsSimple"), "\(e)") }
    }
}
