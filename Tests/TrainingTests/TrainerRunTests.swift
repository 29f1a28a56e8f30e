import Checkpointing
import Foundation
import Training
import XCTest

/// End-to-end runs of the `swift-train` binary: rank-count invariance, exact resume, signals, corrupted
/// checkpoints, a killed rank. Multi-rank tests skip when mpirun is absent.
final class TrainerRunTests: XCTestCase {
    func requireMPI() throws {
        guard Harness.mpirun != nil else { throw XCTSkip("mpirun not found on PATH: multi-rank test skipped") }
    }

    func lastWeights(_ dir: URL) throws -> URL {
        let ck = try XCTUnwrap(Harness.latest(dir.appendingPathComponent("out")), "no checkpoint in \(dir.path)")
        return ck.appendingPathComponent("model.safetensors")
    }

    func testSingleProcessRunWritesCheckpointsMetricsAndACalibratedModel() throws {
        let (dir, config) = try Harness.workspace("single")
        let r = try Harness.train(config, [])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("\"batchSize\" : 32"), "rank 0 prints the resolved config")
        XCTAssertTrue(r.out.contains("OpenBLAS threads per rank"))
        let out = dir.appendingPathComponent("out")
        let ck = try XCTUnwrap(Harness.latest(out))
        let loaded = try TrainerCheckpoint.load(ck)
        XCTAssertEqual(loaded.state.step, loaded.step)
        XCTAssertTrue(loaded.state.finished)
        XCTAssertEqual(loaded.config.training.batchSize, 32)
        let best = try XCTUnwrap(CheckpointStore(root: out.appendingPathComponent("checkpoints")).best())
        let model = try ModelFiles.load(CheckpointStore.load(best).files, folder: best.path)
        XCTAssertNotNil(model.description.calibration.complexityECEAfter)
        XCTAssertNotNil(model.description.calibration.budgetLengthExponent, "calibration.budgetLength fits the budget length scaling")
        XCTAssertTrue(r.out.contains("budget length calibration (withinSource): exponent"), r.out)
        XCTAssertNotNil(model.description.policy.fit)
        XCTAssertNotNil(model.description.metrics["val_complexity_accuracy"])
        // The training file's SHA-256, in every checkpoint's model (computed by rank 0 before the first one).
        let dataHash = CheckpointManifest.sha256Hex(try Data(contentsOf: dir.appendingPathComponent("train.jsonl")))
        XCTAssertEqual(model.description.trainingDataHash, dataHash)
        let folders = CheckpointStore(root: out.appendingPathComponent("checkpoints")).list()
        XCTAssertGreaterThanOrEqual(folders.count, 2, "a checkpoint per epoch")
        for folder in folders {
            XCTAssertEqual(try ModelFiles.load(CheckpointStore.load(folder).files, folder: folder.path).description.trainingDataHash, dataHash, folder.path)
        }
        let lines = try String(contentsOf: out.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        let steps = lines.filter { $0.contains("\"type\":\"step\"") }, epochs = lines.filter { $0.contains("\"type\":\"epoch\"") }
        XCTAssertEqual(steps.count, loaded.state.step)
        XCTAssertEqual(epochs.count, 2)
        for key in ["grad_norm", "comm_share", "examples_per_second", "lr", "\"loss\"", "work_balance"] { XCTAssertTrue(steps[0].contains(key), key) }
    }

    func testResultsDoNotDependOnRankCount() throws { try checkRankCountInvariance(ranks: [1, 2, 4]) }

    func testResultsDoNotDependOnRankCountWithSGDEmbedding() throws {
        try checkRankCountInvariance(ranks: [1, 2], optimizer: sgd)
    }

    /// The SGD embedding optimizer (lr as an SGD step on the batch-mean loss).
    let sgd = #""embeddingOptimizer": "sgd", "embeddingLr": 2"#

    /// The source adversary (model.sourceAdversary): its parameters are dense, its loss normalized by the global batch.
    func testResultsDoNotDependOnRankCountWithSourceAdversary() throws {
        try checkRankCountInvariance(ranks: [1, 2], model: adversary)
    }

    let adversary = #", "sourceAdversary": 0.5"#

    func checkRankCountInvariance(ranks: [Int], optimizer: String = "", model: String = "") throws {
        try requireMPI()
        var dirs: [Int: URL] = [:]
        for n in ranks {
            let (dir, config) = try Harness.workspace("ranks\(n)", optimizer: optimizer, model: model)
            let r = try Harness.train(config, ["--verify-parameters"], ranks: n)
            XCTAssertEqual(r.status, 0, "n=\(n): \(r.err)")
            XCTAssertTrue(r.out.contains("all \(n) ranks hold identical parameters"), r.out)
            if n > 1 { XCTAssertTrue(r.out.contains("embedding table: node-shared"), "n=\(n) uses the shared table (default \"auto\"): \(r.out)") }
            // The ranks share each global batch by work: the busiest rank's work over the mean, per step.
            let balance = try String(contentsOf: dir.appendingPathComponent("out/metrics.jsonl"), encoding: .utf8).split(separator: "\n")
                .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["type"] as? String == "step" }.compactMap { $0["work_balance"] as? Double }
            XCTAssertFalse(balance.isEmpty, "n=\(n): work_balance in the step records")
            if n == 1 { XCTAssertEqual(Set(balance), [1]) } else {
                XCTAssertTrue(balance.allSatisfy { $0 >= 1 }, "n=\(n): \(balance)")
                let mean = balance.reduce(0, +) / Double(balance.count)
                print("work balance, \(n) ranks: mean \(mean), max \(balance.max()!)")
                XCTAssertLessThan(mean, 1.1, "n=\(n): the deal keeps the ranks' work even (32 examples per step)")
            }
            dirs[n] = dir
        }
        for n in ranks.dropFirst() {
            let d = try Harness.maxRelativeDifference(lastWeights(dirs[1]!), lastWeights(dirs[n]!))
            print("max relative weight difference, 1 vs \(n) ranks: \(d)")
            XCTAssertLessThan(d, 1e-4, "1 vs \(n) ranks")
            XCTAssertEqual(try Harness.predictions(dirs[1]!.appendingPathComponent("out")),
                           try Harness.predictions(dirs[n]!.appendingPathComponent("out")), "validation predictions, 1 vs \(n) ranks")
        }
    }

    /// A run stopped after step k and resumed ends byte-identical to an uninterrupted run (same rank count).
    func checkExactResume(ranks: Int, optimizer: String = "", model: String = "") throws {
        let (a, ca) = try Harness.workspace("resumeA\(ranks)", optimizer: optimizer, model: model)
        XCTAssertEqual(try Harness.train(ca, [], ranks: ranks).status, 0)
        let (b, cb) = try Harness.workspace("resumeB\(ranks)", optimizer: optimizer, model: model)
        let stopped = try Harness.train(cb, ["--stop-after-step", "7"], ranks: ranks)
        XCTAssertEqual(stopped.status, StopSignal.preemptedExitCode, stopped.err)
        XCTAssertEqual(try TrainerCheckpoint.load(XCTUnwrap(Harness.latest(b.appendingPathComponent("out")))).state.step, 7)
        let resumed = try Harness.train(cb, ["--resume", "auto"], ranks: ranks)
        XCTAssertEqual(resumed.status, 0, resumed.err)
        XCTAssertTrue(resumed.out.contains("resuming from"), resumed.out)
        let ka = try XCTUnwrap(Harness.latest(a.appendingPathComponent("out"))), kb = try XCTUnwrap(Harness.latest(b.appendingPathComponent("out")))
        XCTAssertEqual(ka.lastPathComponent, kb.lastPathComponent)
        for f in ["model.safetensors", "optimizer.safetensors"] {
            XCTAssertEqual(try Data(contentsOf: ka.appendingPathComponent(f)), try Data(contentsOf: kb.appendingPathComponent(f)), "\(f) after resume (\(ranks) ranks)")
        }
    }

    func testExactResumeSingleProcess() throws { try checkExactResume(ranks: 1) }

    func testExactResumeWithSourceAdversary() throws { try checkExactResume(ranks: 1, model: adversary) }

    func testExactResumeTwoRanks() throws {
        try requireMPI()
        try checkExactResume(ranks: 2)
    }

    func testExactResumeTwoRanksWithSGDEmbedding() throws {
        try requireMPI()
        try checkExactResume(ranks: 2, optimizer: sgd)
        // The checkpoint holds no embedding moments, and resuming under the other embedding optimizer is refused.
        let (b, cb) = try Harness.workspace("sgdSwitch", optimizer: sgd)
        XCTAssertEqual(try Harness.train(cb, ["--stop-after-step", "3"]).status, StopSignal.preemptedExitCode)
        let ck = try XCTUnwrap(Harness.latest(b.appendingPathComponent("out")))
        let loaded = try TrainerCheckpoint.load(ck)
        XCTAssertEqual(loaded.sparse.name, "sgd")
        XCTAssertEqual(loaded.sparse.step, 3)
        XCTAssertNil(try Harness.tensors(ck.appendingPathComponent(TrainerCheckpoint.optimizerFile))["embedding.m"])
        let text = try String(contentsOf: cb, encoding: .utf8).replacingOccurrences(of: #""embeddingOptimizer": "sgd""#, with: #""embeddingOptimizer": "adamw""#)
        try text.write(to: cb, atomically: true, encoding: .utf8)
        let r = try Harness.train(cb, ["--resume", "auto"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue((r.out + r.err).contains(#"the checkpoint's embedding optimizer is "sgd", this config's optimizer.embeddingOptimizer is "adamw""#), r.out + r.err)
    }

    func testCheckpointFromTwoRanksResumesOnOne() throws {
        try requireMPI()
        let (a, ca) = try Harness.workspace("crossA")
        XCTAssertEqual(try Harness.train(ca, []).status, 0)
        let (b, cb) = try Harness.workspace("crossB")
        XCTAssertEqual(try Harness.train(cb, ["--stop-after-step", "5"], ranks: 2).status, StopSignal.preemptedExitCode)
        let r = try Harness.train(cb, ["--resume", "auto"], ranks: 1)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertLessThan(try Harness.maxRelativeDifference(lastWeights(a), lastWeights(b)), 1e-4)
    }

    func testSIGTERMFinishesTheStepWritesACheckpointAndExits75() throws {
        let (dir, config) = try Harness.workspace("sigterm", epochs: 400)
        let out = dir.appendingPathComponent("out")
        let p = Harness.start(Harness.binary, ["train", config.path], timeout: 120, log: dir.appendingPathComponent("log.txt"))
        XCTAssertTrue(Harness.waitFor(60) { ((try? String(contentsOf: out.appendingPathComponent("metrics.jsonl"), encoding: .utf8)) ?? "").count > 2000 },
                      "training did not start")
        kill(try pidOf(out, rank: 0), SIGTERM)
        let t0 = Date()
        p.process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(t0), 30)
        XCTAssertEqual(p.process.terminationStatus, StopSignal.preemptedExitCode)
        let ck = try XCTUnwrap(Harness.latest(out))
        let loaded = try TrainerCheckpoint.load(ck)
        XCTAssertGreaterThan(loaded.state.step, 0)
        XCTAssertFalse(loaded.state.finished)
    }

    func testSIGTERMToOneRankStopsAllRanksAtTheSameStep() throws {
        try requireMPI()
        let (dir, config) = try Harness.workspace("sigterm2", epochs: 400)
        let out = dir.appendingPathComponent("out")
        let p = Harness.start(Harness.mpirun!, ["--oversubscribe", "-n", "2", Harness.binary, "train", config.path], env: Harness.mpiEnv, timeout: 120, log: dir.appendingPathComponent("log.txt"))
        XCTAssertTrue(Harness.waitFor(60) { ((try? String(contentsOf: out.appendingPathComponent("metrics.jsonl"), encoding: .utf8)) ?? "").count > 2000 })
        kill(try pidOf(out, rank: 1), SIGTERM)
        let t0 = Date()
        p.process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(t0), 30)
        XCTAssertEqual(p.process.terminationStatus, StopSignal.preemptedExitCode)
        let loaded = try TrainerCheckpoint.load(XCTUnwrap(Harness.latest(out)))
        XCTAssertEqual(loaded.state.worldSize, 2)
        XCTAssertGreaterThan(loaded.state.step, 0)
    }

    func pidOf(_ out: URL, rank: Int) throws -> pid_t {
        let f = out.appendingPathComponent("ranks/rank-\(rank).pid")
        XCTAssertTrue(Harness.waitFor(30) { FileManager.default.fileExists(atPath: f.path) })
        return pid_t(try String(contentsOf: f, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    func testCorruptedAndTruncatedCheckpointsAreRefusedNamingTheFile() throws {
        let (dir, config) = try Harness.workspace("corrupt")
        XCTAssertEqual(try Harness.train(config, []).status, 0)
        let ck = try XCTUnwrap(Harness.latest(dir.appendingPathComponent("out")))
        let fm = FileManager.default
        for (file, damage) in [("model.safetensors", "truncate"), ("optimizer.safetensors", "flip"), ("trainer-state.json", "flip")] {
            let copy = dir.appendingPathComponent("bad-\(file)-\(damage)/step-00000099")
            try fm.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: ck, to: copy)
            let target = copy.appendingPathComponent(file)
            var data = try Data(contentsOf: target)
            if damage == "truncate" { data = data.prefix(data.count / 2) } else { data[data.count / 2] ^= 0x01 }
            try data.write(to: target)
            XCTAssertThrowsError(try TrainerCheckpoint.load(copy)) { e in
                XCTAssertTrue("\(e)".contains(target.path), "\(e)")
                XCTAssertTrue("\(e)".contains(damage == "truncate" ? "truncated" : "SHA-256 mismatch"), "\(e)")
            }
            let r = try Harness.train(config, ["--resume", copy.path, "--out", dir.appendingPathComponent("out-\(damage)").path])
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.err.contains(target.path), r.err)
        }
        // A folder without its manifest (an interrupted save) is not a checkpoint.
        let partial = dir.appendingPathComponent("partial/step-00000001")
        try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        XCTAssertThrowsError(try TrainerCheckpoint.load(partial)) { XCTAssertTrue("\($0)".contains("manifest.json")) }
    }

    func testConfigErrorsExitWithStatus2AndNameTheField() throws {
        let (dir, _) = try Harness.workspace("cfgerr")
        let bad = dir.appendingPathComponent("bad.json")
        try #"{"data": {"train": "train.jsonl", "validation": "val.jsonl"}, "training": {"epochz": 3}}"#.write(to: bad, atomically: true, encoding: .utf8)
        let r = try Harness.train(bad, [])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains(#"training.epochz: unknown key; did you mean "epochs"?"#), r.err)
        let r2 = try Harness.train(dir.appendingPathComponent("config.json"), ["--batch-size", "0"])
        XCTAssertEqual(r2.status, 2)
        XCTAssertTrue(r2.err.contains("training.batchSize: must be in 1...1048576, got 0"), r2.err)
    }

    func testAKilledRankEndsTheJobAndTheLastCheckpointLoads() throws {
        try requireMPI()
        let (dir, config) = try Harness.workspace("kill", epochs: 400, everySteps: 5)
        let out = dir.appendingPathComponent("out")
        let p = Harness.start(Harness.mpirun!, ["--oversubscribe", "-n", "2", Harness.binary, "train", config.path], env: Harness.mpiEnv, timeout: 120, log: dir.appendingPathComponent("log.txt"))
        XCTAssertTrue(Harness.waitFor(60) { (Harness.latest(out).map { $0.lastPathComponent } ?? "") >= "step-00000030" }, "no checkpoint written")
        kill(try pidOf(out, rank: 1), SIGKILL)
        let t0 = Date()
        p.process.waitUntilExit()
        let seconds = Date().timeIntervalSince(t0)
        print("job ended \(seconds) s after kill -9 of rank 1, status \(p.process.terminationStatus)")
        XCTAssertLessThan(seconds, 20, "the job must end within seconds, not hang")
        XCTAssertNotEqual(p.process.terminationStatus, 0)
        XCTAssertNotEqual(p.process.terminationStatus, 124, "hit the timeout")
        let loaded = try TrainerCheckpoint.load(XCTUnwrap(Harness.latest(out)))
        XCTAssertGreaterThanOrEqual(loaded.state.step, 30)
    }
}
