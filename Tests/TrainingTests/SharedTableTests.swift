import Checkpointing
import Foundation
import Training
import XCTest

/// The node-shared embedding table (`training.gradientSync.sharedTable`): the same parameters as the replicated
/// path, checkpoints interchangeable between the two. (Rank-count invariance, exact resume, SIGTERM and killed-rank
/// tests in TrainerRunTests run the shared path too: it is the default on one node.)
final class SharedTableTests: XCTestCase {
    let off = #", "gradientSync": { "sharedTable": "off" }"#
    let sgd = #""embeddingOptimizer": "sgd", "embeddingLr": 2"#

    override func setUpWithError() throws {
        guard Harness.mpirun != nil else { throw XCTSkip("mpirun not found on PATH: multi-rank test skipped") }
    }

    /// `swift-train train` under `mpirun -n ranks` with extra environment variables.
    func train(_ config: URL, _ args: [String], ranks: Int = 2, env: [String: String] = [:]) throws -> Harness.Result {
        try Harness.shell(Harness.mpirun!, ["--oversubscribe", "-n", "\(ranks)", Harness.binary, "train", config.path] + args,
                          env: Harness.mpiEnv.merging(env) { $1 }, timeout: 180)
    }

    func checkpoint(_ dir: URL) throws -> URL { try XCTUnwrap(Harness.latest(dir.appendingPathComponent("out")), "no checkpoint in \(dir.path)") }

    /// Model and optimizer files of two checkpoints are byte-identical.
    func assertSameFiles(_ a: URL, _ b: URL, _ what: String) throws {
        XCTAssertEqual(a.lastPathComponent, b.lastPathComponent, what)
        for f in ["model.safetensors", "optimizer.safetensors"] {
            XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent(f)), try Data(contentsOf: b.appendingPathComponent(f)), "\(f): \(what)")
        }
    }

    /// 2 ranks, shared vs replicated: byte-identical weights and optimizer state, identical predictions.
    func checkSharedMatchesReplicated(optimizer: String, env: [String: String] = [:]) throws {
        let (a, ca) = try Harness.workspace("shared", optimizer: optimizer)
        let ra = try train(ca, ["--verify-parameters"], env: env)
        XCTAssertEqual(ra.status, 0, ra.err)
        XCTAssertTrue(ra.out.contains("embedding table: node-shared"), ra.out)
        XCTAssertTrue(ra.out.contains("all 2 ranks hold identical parameters"), ra.out)
        let (b, cb) = try Harness.workspace("replicated", extra: off, optimizer: optimizer)
        let rb = try train(cb, [])
        XCTAssertEqual(rb.status, 0, rb.err)
        XCTAssertTrue(rb.out.contains(#"embedding table: replicated on every rank (training.gradientSync.sharedTable is "off")"#), rb.out)
        try assertSameFiles(checkpoint(a), checkpoint(b), "shared vs replicated table, 2 ranks")
        XCTAssertEqual(try Harness.predictions(a.appendingPathComponent("out")), try Harness.predictions(b.appendingPathComponent("out")))
    }

    func testSharedTableMatchesReplicatedWithAdamW() throws { try checkSharedMatchesReplicated(optimizer: "") }

    func testSharedTableMatchesReplicatedWithSGD() throws { try checkSharedMatchesReplicated(optimizer: sgd) }

    /// Parts larger than their shared segment take the allgather-v fallback: still the same parameters.
    func testOverflowingPartsFallBackToAllgatherWithTheSameResult() throws {
        try checkSharedMatchesReplicated(optimizer: "", env: ["RR_SHARED_TABLE_CAPACITY": "16"])
    }

    /// A shared-path checkpoint resumes on the replicated path and vice versa, ending byte-identical to an
    /// uninterrupted run.
    func testCheckpointsResumeAcrossSharedAndReplicatedPaths() throws {
        let (a, ca) = try Harness.workspace("crossFull")
        XCTAssertEqual(try train(ca, []).status, 0)
        for (first, second) in [("", off), (off, "")] {
            let (b, cb) = try Harness.workspace("crossStop", extra: first)
            XCTAssertEqual(try train(cb, ["--stop-after-step", "7"]).status, StopSignal.preemptedExitCode)
            XCTAssertEqual(try TrainerCheckpoint.load(checkpoint(b)).state.step, 7)
            let text = try String(contentsOf: cb, encoding: .utf8)
            let switched = first.isEmpty ? text.replacingOccurrences(of: #""keepLast": 3 }"#, with: #""keepLast": 3 }"# + second)
                                         : text.replacingOccurrences(of: first, with: "")
            XCTAssertNotEqual(switched, text)
            try switched.write(to: cb, atomically: true, encoding: .utf8)
            let r = try train(cb, ["--resume", "auto"])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains(first.isEmpty ? "replicated on every rank" : "node-shared"), r.out)
            try assertSameFiles(checkpoint(a), checkpoint(b), first.isEmpty ? "shared -> replicated resume" : "replicated -> shared resume")
        }
    }
}
