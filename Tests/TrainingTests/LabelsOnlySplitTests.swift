import Collectives
import Featurizer
import SpectrumData
import XCTest
@testable import Training

/// A training split is featurized up front only when its features are used: with augmentation or segment crop the
/// trainer featurizes every batch's texts anew (`LabeledSplit(labelsOnly:)`).
final class LabelsOnlySplitTests: XCTestCase {
    func trainer(_ config: URL) throws -> Trainer {
        try Trainer(config: TrainingConfig.load(path: config.path), comm: SingleProcessCommunicator(), resumeFrom: nil, log: { _ in })
    }

    func testTrainingFeaturesAreCachedOnlyWithoutPerBatchFeaturization() throws {
        let (dir, augmented) = try Harness.workspace("labels-only")  // segment crop 0.3
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try trainer(augmented)
        XCTAssertNotNil(a.crop)
        XCTAssertNil(a.train.features, "segment crop featurizes each batch: the split's features would go unused")
        XCTAssertNotNil(a.validation.features, "validation is always evaluated from cached features")
        XCTAssertGreaterThan(a.train.count, 100)

        var text = try String(contentsOf: augmented, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"augmentation\": { \"segmentCrop\": 0.3 }", with:
            "\"augmentation\": { \"phrasing\": 0, \"prefix\": 0, \"suffix\": 0, \"punctuation\": 0, \"casing\": 0, \"whitespace\": 0, \"segmentCrop\": 0 }")
        let plain = dir.appendingPathComponent("plain.json")
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let p = try trainer(plain)
        XCTAssertNil(p.augmenter)
        XCTAssertNil(p.crop)
        let f = try XCTUnwrap(p.train.features, "without augmentation the steps read the cached features")
        XCTAssertEqual(f.count, p.train.count)
    }

    /// The shared table's part capacity from a labels-only split (the longest texts featurized) equals the one from
    /// the whole split's features on the sample data, and every id count it uses is a real one.
    func testCapacityOfALabelsOnlySplitMatchesTheFullFeatures() throws {
        let records = try loadSpectrumJSONL(paths: Harness.sampleTrainFiles())
        let fz = try Featurizer(config: FeaturizerConfig(buckets: 65_536, requestTokens: 32))
        let full = LabeledSplit(records: records, featurizer: fz)
        let labelsOnly = LabeledSplit(labelsOnly: records)
        XCTAssertNil(labelsOnly.features)
        for (batch, ranks) in [(64, 1), (128, 2), (256, 3)] {
            let all = SharedTable.idCounts(full, featurizer: fz, batchSize: batch, ranks: ranks)
            let some = SharedTable.idCounts(labelsOnly, featurizer: fz, batchSize: batch, ranks: ranks)
            XCTAssertEqual(all.count, records.count)
            XCTAssertEqual(some.count, 4 * ((batch + ranks - 1) / ranks))
            XCTAssertTrue(Set(some).isSubset(of: Set(all)))
            XCTAssertEqual(SharedTable.capacity(lengths: some, batchSize: batch, ranks: ranks, augmented: true, rows: 1 << 30),
                           SharedTable.capacity(lengths: all, batchSize: batch, ranks: ranks, augmented: true, rows: 1 << 30),
                           "batch \(batch), \(ranks) ranks")
        }
    }
}
