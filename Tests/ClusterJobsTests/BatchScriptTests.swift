// Unit tests of the rendered batch scripts, job specs and submission helpers (no Slurm needed).

import Foundation
import XCTest
@testable import ClusterJobs

final class BatchScriptTests: XCTestCase {
    func spec(_ edit: (inout JobSpec) -> Void = { _ in }) -> JobSpec {
        var s = JobSpec(jobName: "rr-default", nodes: 2, tasksPerNode: 4, cpusPerTask: 2, timeLimit: "02:00:00",
                        partition: "gpu", program: "/opt/rr/swift-train", configPath: "/work/configs/default.json",
                        runDirectory: "/scratch/runs/default", workingDirectory: "/work")
        edit(&s)
        return s
    }

    func testDirectivesCarryEveryResourceInOrder() throws {
        let script = try BatchScript.render(spec())
        let directives = script.split(separator: "\n").filter { $0.hasPrefix("#SBATCH ") }
        XCTAssertEqual(directives, [
            "#SBATCH --job-name=rr-default", "#SBATCH --nodes=2", "#SBATCH --ntasks-per-node=4",
            "#SBATCH --cpus-per-task=2", "#SBATCH --time=02:00:00", "#SBATCH --partition=gpu",
            "#SBATCH --output=/scratch/runs/default/logs/slurm-%j.out", "#SBATCH --open-mode=append",
            "#SBATCH --requeue", "#SBATCH --signal=B:TERM@120", "#SBATCH --chdir=/work",
        ])
        XCTAssertTrue(script.hasPrefix("#!/bin/bash\n"))
        // #SBATCH lines must come before the first command, or sbatch ignores them.
        let firstCommand = script.range(of: "\nset -u")!.lowerBound
        XCTAssertLessThan(script.range(of: "#SBATCH --chdir")!.lowerBound, firstCommand)
    }

    func testOptionalDirectives() throws {
        let script = try BatchScript.render(spec {
            $0.partition = nil; $0.requeue = false; $0.preemptSignalSeconds = 0; $0.workingDirectory = nil
            $0.overcommit = true
        })
        XCTAssertFalse(script.contains("--partition"))
        XCTAssertFalse(script.contains("#SBATCH --signal"))
        XCTAssertFalse(script.contains("--chdir"))
        XCTAssertTrue(script.contains("#SBATCH --no-requeue\n"))
        XCTAssertTrue(script.contains("#SBATCH --overcommit\n"))
        XCTAssertTrue(script.contains("REQUEUE=0\n"))
    }

    func testTrainCommandAlwaysResumesAuto() throws {
        let s = spec { $0.extraArguments = ["--steps", "10"] }
        XCTAssertEqual(BatchScript.trainCommand(s),
                       ["train", "/work/configs/default.json", "--out", "/scratch/runs/default", "--resume", "auto", "--steps", "10"])
        let script = try BatchScript.render(s)
        XCTAssertTrue(script.contains(#"train=("$RR_SWIFT_TRAIN" train "$RR_TRAIN_CONFIG" --out "$RR_RUN_DIR" --resume auto --steps 10)"#))
    }

    func testEnvironmentAndLaunchers() throws {
        let script = try BatchScript.render(spec {
            $0.environment = [EnvironmentVariable("RR_NOTE", "it's fine")]
            $0.mpirunOptions = ["--mca", "btl", "tcp,self"]
            $0.launcher = .srun
        })
        XCTAssertTrue(script.contains("export OMPI_MCA_mpi_yield_when_idle=1\n"))
        XCTAssertTrue(script.contains("export OPENBLAS_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n"))
        XCTAssertTrue(script.contains(#"export RR_NOTE='it'\''s fine'"#))
        XCTAssertTrue(script.contains("RR_LAUNCHER=${RR_LAUNCHER:-srun}\n"))
        XCTAssertTrue(script.contains("mpirun --bind-to none --mca btl tcp,self bash -c"))
        XCTAssertTrue(script.contains("srun --mpi=pmix --kill-on-bad-exit=1"))
        XCTAssertTrue(script.contains(#"scontrol requeue "$SLURM_JOB_ID""#))
        XCTAssertTrue(script.contains("PREEMPTED_EXIT=75 "))
        XCTAssertTrue(script.contains("trap on_term TERM\n"))
    }

    func testScriptIsValidBashAndQuotesPaths() throws {
        let odd = "/tmp/rr dir/it's \"quoted\" $HOME `x`.json"
        let script = try BatchScript.render(spec { $0.configPath = odd })
        let dir = try makeTempDir("rr-bs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("job.sbatch").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let syntax = Shell.run(["bash", "-n", path], timeout: 10)
        XCTAssertEqual(syntax.status, 0, syntax.output)
        // Evaluate the variable block alone: the config path must come through byte for byte.
        let header = script.split(separator: "\n").filter { $0.hasPrefix("RR_") }.joined(separator: "\n")
        let r = Shell.bash(header + "\nprintf '%s' \"$RR_TRAIN_CONFIG\"", timeout: 10, env: ["RR_TRAIN_CONFIG": ""])
        XCTAssertEqual(r.stdout, odd, r.stderr)
        // RR_* variables in the environment override the rendered defaults.
        let o = Shell.bash(header + "\nprintf '%s' \"$RR_RUN_DIR\"", timeout: 10, env: ["RR_RUN_DIR": "/elsewhere"])
        XCTAssertEqual(o.stdout, "/elsewhere")
    }

    func testValidationNamesTheField() {
        func field(_ edit: (inout JobSpec) -> Void) -> String? {
            do { _ = try BatchScript.render(spec(edit)); return nil } catch let ClusterJobsError.invalidSpec(f, _) {
                return f
            } catch { return "unexpected \(error)" }
        }
        XCTAssertEqual(field { $0.nodes = 0 }, "nodes")
        XCTAssertEqual(field { $0.tasksPerNode = 0 }, "ntasks-per-node")
        XCTAssertEqual(field { $0.cpusPerTask = -1 }, "cpus-per-task")
        XCTAssertEqual(field { $0.timeLimit = "1h" }, "time")
        XCTAssertEqual(field { $0.timeLimit = "1:00"; $0.preemptSignalSeconds = 60 }, "signal")  // 1 min limit
        XCTAssertEqual(field { $0.partition = "a b" }, "partition")
        XCTAssertEqual(field { $0.jobName = "" }, "job-name")
        XCTAssertEqual(field { $0.outputPath = "/a b/%j.out" }, "output")
        XCTAssertEqual(field { $0.environment = [EnvironmentVariable("1BAD", "x")] }, "environment")
        XCTAssertEqual(field { $0.preemptedExitCode = 0 }, "preempted-exit-code")
        XCTAssertNil(field { $0.timeLimit = "UNLIMITED" })
    }

    func testSlurmTimeFormats() {
        XCTAssertEqual(SlurmTime.seconds("30"), 1800)
        XCTAssertEqual(SlurmTime.seconds("30:15"), 1815)
        XCTAssertEqual(SlurmTime.seconds("01:00:00"), 3600)
        XCTAssertEqual(SlurmTime.seconds("2-12"), 2 * 86400 + 12 * 3600)
        XCTAssertEqual(SlurmTime.seconds("1-00:30"), 86400 + 1800)
        XCTAssertEqual(SlurmTime.seconds("0-00:00:05"), 5)
        XCTAssertEqual(SlurmTime.seconds("infinite"), 0)
        for bad in ["", "1h", "1:2:3:4", "-5", "a-1", "1:-2", "1-", ":"] {
            XCTAssertNil(SlurmTime.seconds(bad), bad)
        }
    }

    func testShellQuote() {
        XCTAssertEqual(ShellQuote.quote("/a/b-c_d.json"), "/a/b-c_d.json")
        XCTAssertEqual(ShellQuote.quote(""), "''")
        XCTAssertEqual(ShellQuote.quote("a b"), "'a b'")
        XCTAssertEqual(ShellQuote.quote("it's"), #"'it'\''s'"#)
        XCTAssertEqual(ShellQuote.quote("$x"), "'$x'")
    }

    func testParseJobIDAndResolve() throws {
        XCTAssertEqual(try Submitter.parseJobID("1234\n"), "1234")
        XCTAssertEqual(try Submitter.parseJobID("77;cluster\n"), "77")
        XCTAssertThrowsError(try Submitter.parseJobID("sbatch: error: x\n"))
        XCTAssertThrowsError(try Submitter.resolve("sbatch", path: "/nonexistent-dir")) { e in
            XCTAssertTrue("\(e)".contains("sbatch not found"), "\(e)")
        }
        XCTAssertEqual(try Submitter.resolve("sh", path: "/nonexistent-dir:/bin"), "/bin/sh")
    }

    func testSubmitWritesScriptAndReportsMissingSbatch() throws {
        let dir = try makeTempDir("rr-submit")
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = spec { $0.runDirectory = dir.appendingPathComponent("run").path; $0.outputPath = JobSpec.logPath(runDirectory: $0.runDirectory) }
        let path = try Submitter.writeScript(s)
        XCTAssertEqual(path, dir.appendingPathComponent("run/job.sbatch").path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), try BatchScript.render(s))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/logs").path))
        XCTAssertThrowsError(try Submitter(sbatch: "/nonexistent/sbatch").submit(s)) { e in
            XCTAssertEqual(e as? ClusterJobsError, .sbatchNotFound(searched: "/nonexistent/sbatch"))
        }
        // A fake sbatch shows the arguments and that the id is parsed from --parsable output.
        let fake = dir.appendingPathComponent("sbatch").path
        try "#!/bin/sh\necho \"$@\" > \(dir.path)/args\necho '4242;rr'\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        XCTAssertEqual(try Submitter(sbatch: fake).submit(s), "4242")
        XCTAssertEqual(try String(contentsOfFile: dir.path + "/args", encoding: .utf8), "--parsable \(path)\n")
    }

    /// The templates in scripts/slurm/ are exactly what the renderer produces (regenerate: RR_REGENERATE_TEMPLATES=1).
    func testTemplatesMatchRenderer() throws {
        for (name, s) in Templates.all {
            let url = Repo.root.appendingPathComponent("scripts/slurm/\(name)")
            let rendered = try BatchScript.render(s)
            if ProcessInfo.processInfo.environment["RR_REGENERATE_TEMPLATES"] == "1" {
                try rendered.write(to: url, atomically: true, encoding: .utf8)
            }
            XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), rendered, "\(name) is stale: rerun with RR_REGENERATE_TEMPLATES=1")
        }
    }
}

/// The specs behind scripts/slurm/*.sbatch.
enum Templates {
    static let all: [(String, JobSpec)] = [
        ("train-single-node.sbatch", JobSpec(
            jobName: "rr-train", nodes: 1, tasksPerNode: 8, cpusPerTask: 1, timeLimit: "04:00:00",
            program: "swift-train", configPath: "configs/default.json", runDirectory: "runs/default",
            outputPath: "slurm-%x-%j.out", launcher: .mpirun)),
        ("train-multi-node.sbatch", JobSpec(
            jobName: "rr-train", nodes: 2, tasksPerNode: 8, cpusPerTask: 1, timeLimit: "04:00:00",
            program: "swift-train", configPath: "configs/default.json", runDirectory: "runs/default",
            outputPath: "slurm-%x-%j.out", launcher: .srun)),
    ]
}
