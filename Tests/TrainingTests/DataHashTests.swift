import Checkpointing
import Collectives
import Foundation
import XCTest
@testable import Training

/// The model's `trainingDataHash`: rank 0 hashes the training files once, on a second thread, before the first
/// checkpoint; a file that can no longer be read leaves it nil and is not waited for again.
final class DataHashTests: XCTestCase {
    func testHashIsTakenOnceAndAMissingFileLeavesItNil() throws {
        let (dir, config) = try Harness.workspace("data-hash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cfg = try TrainingConfig.load(path: config.path)
        let t = try Trainer(config: cfg, comm: SingleProcessCommunicator(), resumeFrom: nil, log: { _ in })
        XCTAssertNil(t.model.description.trainingDataHash, "not computed at start")
        t.startDataHash()
        try t.ensureDataHash()
        let want = CheckpointManifest.sha256Hex(try Data(contentsOf: dir.appendingPathComponent("train.jsonl")))
        XCTAssertEqual(t.model.description.trainingDataHash, want)

        let u = try Trainer(config: cfg, comm: SingleProcessCommunicator(), resumeFrom: nil, log: { _ in })
        try FileManager.default.removeItem(at: dir.appendingPathComponent("train.jsonl"))  // gone after the data was read
        try u.ensureDataHash()
        XCTAssertNil(u.model.description.trainingDataHash)
        try u.ensureDataHash()  // returns (it used to wait again on a semaphore signalled once)
        XCTAssertTrue(u.dataHashTaken)
    }
}
