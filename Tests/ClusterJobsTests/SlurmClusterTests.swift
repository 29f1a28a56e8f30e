// End-to-end tests on a real single-node Slurm cluster (munge + slurmctld + slurmd, started and stopped here).
//
// Jobs are submitted with `swift-train submit`, exactly as a user would. Skipped with a message when not root or
// when Slurm cannot be installed. The requeued job's 120 s BeginTime hold (Slurm's default after a requeue) is
// lifted with `scontrol update StartTime=now` to keep the tests short.

import Foundation
import XCTest

/// The test cluster: brought up once for this class, stopped in `tearDown`.
enum SlurmCluster {
    static let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rr-slurm-tests").path
    static var conf: String { dir + "/slurm.conf" }
    nonisolated(unsafe) static var state: Result<Void, XCTSkip>?

    /// Starts the cluster (once) or skips with slurm-up.sh's reason.
    static func up() throws {
        if state == nil {
            try requireRoot()
            let r = Shell.run([Repo.script("slurm-up.sh"), dir], timeout: 400)
            switch r.status {
            case 0: state = .success(())
            case 77: state = .failure(XCTSkip("Slurm cannot run here: \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"))
            default:
                XCTFail("slurm-up.sh failed (\(r.status)):\n\(r.output)")
                state = .failure(XCTSkip("slurm-up.sh failed"))
            }
        }
        try state!.get()
    }

    /// Stops the cluster if this process started it.
    static func down() {
        if case .success = state { Shell.run([Repo.script("slurm-down.sh"), dir], timeout: 60) }
        state = nil
    }

    /// Environment for Slurm clients.
    static var env: [String: String] { ["SLURM_CONF": conf] }

    /// `swift-train submit ...`; returns the job id.
    static func submit(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = Shell.run([try Repo.binary("swift-train"), "submit"] + args, timeout: 60, env: env)
        XCTAssertEqual(r.status, 0, r.output, file: file, line: line)
        let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            XCTFail("submit printed no job id: \(r.output)", file: file, line: line)
            throw XCTSkip("no job")
        }
        return id
    }

    /// A field of `scontrol show job ID` (e.g. "JobState", "ExitCode", "Restarts").
    static func field(_ id: String, _ name: String) -> String? {
        let r = Shell.run(["scontrol", "show", "job", id], timeout: 10, env: env)
        for word in r.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix(name + "=") {
            return String(word.dropFirst(name.count + 1))
        }
        return nil
    }

    /// Polls until the job has left the queue (releasing a requeue BeginTime hold); false on timeout.
    static func wait(_ id: String, seconds: Double, while check: () -> Void = {}) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        var held: Date?  // when the job was first seen held after a requeue
        while Date() < end {
            let q = Shell.run(["squeue", "-h", "-j", id, "-o", "%T %r"], timeout: 10, env: env).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if q.isEmpty { return true }
            if q == "PENDING BeginTime" { held = held ?? Date() } else { held = nil }
            if let h = held, Date().timeIntervalSince(h) > 3, nodeIdle(), previousStepsGone(id) {
                Shell.run(["scontrol", "update", "JobId=\(id)", "StartTime=now"], timeout: 10, env: env)
            }
            check()
            usleep(300_000)
        }
        Shell.run(["scancel", id], timeout: 10, env: env)
        return false
    }

    /// Whether the job's previous steps have finished on the node: a step restarted while the old one still
    /// holds its PMIx socket fails with "Address already in use" (Slurm's 120 s requeue hold avoids that).
    static func previousStepsGone(_ id: String) -> Bool {
        let spool = dir + "/spool"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []
        return !names.contains { $0.hasPrefix("stepd.slurm.pmix.\(id).") }
            && Shell.run(["scontrol", "listpids", id], timeout: 10, env: env).stdout
                .split(separator: "\n").dropFirst().isEmpty
    }

    /// Whether the node is idle (not still completing the previous incarnation of a requeued job).
    static func nodeIdle() -> Bool {
        Shell.run(["sinfo", "-h", "-o", "%T"], timeout: 10, env: env).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
    }

    /// Sends SIGTERM to the batch shell, as `--signal=B:TERM@N` does before the time limit.
    static func preempt(_ id: String) {
        Shell.run(["scancel", "--batch", "--signal=TERM", id], timeout: 10, env: env)
    }
}

final class SlurmClusterTests: XCTestCase {
    override class func tearDown() {
        SlurmCluster.down()
        super.tearDown()
    }

    func log(_ run: URL, _ id: String) -> String {
        (try? String(contentsOf: run.appendingPathComponent("logs/slurm-\(id).out"), encoding: .utf8)) ?? "(no log)"
    }

    /// `swift-train submit` of a real MPI program on 4 ranks, with each launcher.
    func testSubmittedJobRunsCollectivesOnFourRanks() throws {
        try SlurmCluster.up()
        let check = try Repo.binary("collectives-check")
        let dir = try makeTempDir("rr-slurm-cc")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The job runs `<program> train <config> --out ... --resume auto`; this program runs the collectives check.
        let program = dir.appendingPathComponent("collectives-job.sh").path
        try "#!/bin/sh\nexec \(check) check\n".write(toFile: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let config = dir.appendingPathComponent("config.json").path
        try "{}\n".write(toFile: config, atomically: true, encoding: .utf8)
        for launcher in ["mpirun", "srun"] {
            let run = dir.appendingPathComponent("run-\(launcher)")
            let id = try SlurmCluster.submit([config, "--out", run.path, "--ntasks-per-node", "4", "--time", "5",
                                              "--launcher", launcher, "--program", program, "--signal-seconds", "60"])
            XCTAssertTrue(SlurmCluster.wait(id, seconds: 90), "job \(id) did not finish in 90 s")
            XCTAssertEqual(SlurmCluster.field(id, "JobState"), "COMPLETED", log(run, id))
            XCTAssertEqual(SlurmCluster.field(id, "ExitCode"), "0:0")
            XCTAssertTrue(log(run, id).contains("COLLECTIVES CHECK PASSED size=4"), log(run, id))
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("job.sbatch").path))
        }
    }

    /// The job mechanics of preemption with the stand-in trainer (same CLI and SIGTERM contract as swift-train):
    /// SIGTERM to the batch shell mid-run -> checkpoint, exit 75, `scontrol requeue` -> the job resumes and finishes.
    func testPreemptedJobRequeuesAndResumesStandIn() throws {
        try SlurmCluster.up()
        let dir = try makeTempDir("rr-slurm-pre")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config.json").path
        try "{}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let steps = 50
        for launcher in ["mpirun", "srun"] {
            let run = dir.appendingPathComponent("run-\(launcher)")
            let id = try SlurmCluster.submit([config, "--out", run.path, "--ntasks-per-node", "4", "--time", "5",
                                              "--launcher", launcher, "--program", Repo.script("stand-in-trainer.sh"),
                                              "--signal-seconds", "60", "--", "--steps", "\(steps)", "--step-seconds", "0.1"])
            var signalled = false
            let finished = SlurmCluster.wait(id, seconds: 120) {
                // Preempt once, mid-run: after 12 steps and before the end.
                let lines = Trainer.metricsLineCount(run)
                if !signalled && lines >= 12 {
                    XCTAssertLessThan(lines, steps, "the run ended before it could be preempted")
                    SlurmCluster.preempt(id)
                    signalled = true
                }
            }
            let text = log(run, id)
            XCTAssertTrue(finished, "job \(id) did not finish in 120 s\n\(text)")
            XCTAssertTrue(signalled)
            XCTAssertEqual(SlurmCluster.field(id, "JobState"), "COMPLETED", text)
            XCTAssertEqual(SlurmCluster.field(id, "Restarts"), "1", text)
            XCTAssertTrue(text.contains("ranks exited with status 75"), text)
            XCTAssertTrue(text.contains("requeueing job \(id)"), text)
            XCTAssertTrue(text.contains("stand-in-trainer: resumed from"), text)
            // Same result as an uninterrupted run: sum of 0..<steps.
            let final = try String(contentsOf: run.appendingPathComponent("final.json"), encoding: .utf8)
            XCTAssertEqual(final.trimmingCharacters(in: .whitespacesAndNewlines), "{\"steps\": \(steps), \"sum\": \(steps * (steps - 1) / 2)}")
        }
    }

    /// The default config on 4 ranks through `swift-train submit`; checkpoint and metrics, then a preempted run that
    /// requeues, resumes and ends with the same weights as an uninterrupted run.
    func testTrainerJobAndPreemptionMatchUninterruptedRun() throws {
        _ = try Trainer.requireTrainer()
        try SlurmCluster.up()
        let reference = try Trainer.referenceRun()
        let dir = try makeTempDir("rr-slurm-train")
        defer { try? FileManager.default.removeItem(at: dir) }

        // 1. Uninterrupted job.
        let plain = dir.appendingPathComponent("plain")
        let id = try SlurmCluster.submit([Trainer.defaultConfig, "--out", plain.path, "--ntasks-per-node", "4",
                                          "--time", "15", "--signal-seconds", "60", "--"] + Trainer.extraArguments)
        XCTAssertTrue(SlurmCluster.wait(id, seconds: 600), "job \(id) did not finish")
        XCTAssertEqual(SlurmCluster.field(id, "JobState"), "COMPLETED", log(plain, id))
        XCTAssertEqual(SlurmCluster.field(id, "ExitCode"), "0:0")
        XCTAssertNotNil(Trainer.lastCheckpoint(plain), "no checkpoint with a manifest.json")
        XCTAssertFalse(Trainer.metrics(plain).isEmpty, "no metrics in metrics.jsonl")
        try Trainer.assertSameFinalWeights(plain, reference)

        // 2. Preempted mid-run (SIGTERM to the batch shell), requeued, resumed.
        let pre = dir.appendingPathComponent("preempted")
        let total = Trainer.metrics(plain).count
        let id2 = try SlurmCluster.submit([Trainer.defaultConfig, "--out", pre.path, "--ntasks-per-node", "4",
                                           "--time", "15", "--signal-seconds", "60", "--"] + Trainer.extraArguments)
        var signalled = false
        let finished = SlurmCluster.wait(id2, seconds: 900) {
            if !signalled && Trainer.metricsLineCount(pre) >= max(1, total / 3) {
                SlurmCluster.preempt(id2)
                signalled = true
            }
        }
        let text = log(pre, id2)
        XCTAssertTrue(finished, "job \(id2) did not finish\n\(text)")
        XCTAssertTrue(signalled, "the job ended before it was preempted")
        XCTAssertEqual(SlurmCluster.field(id2, "JobState"), "COMPLETED", text)
        XCTAssertEqual(SlurmCluster.field(id2, "Restarts"), "1", text)
        XCTAssertTrue(text.contains("requeueing job \(id2)"), text)
        try Trainer.assertSameFinalWeights(pre, plain)
    }
}
