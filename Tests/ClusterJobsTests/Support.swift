// Test support: the package root, built binaries, and subprocesses that are always bounded by `timeout -k`.

import Foundation
import XCTest

/// The package root (found from this file's path) and paths inside it.
enum Repo {
    /// The package root: two folders above Tests/ClusterJobsTests.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `scripts/cluster/<name>`.
    static func script(_ name: String) -> String { root.appendingPathComponent("scripts/cluster/\(name)").path }

    /// The folder of built products (`swift build --show-bin-path`), computed once.
    static let binPath: String = {
        let r = Shell.run(["swift", "build", "--show-bin-path"], timeout: 120, cwd: root.path)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A built executable, or a skip naming the build command when it is missing.
    static func binary(_ name: String) throws -> String {
        let path = binPath + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw XCTSkip("\(name) is not built at \(path): run `swift build --product \(name)` first")
        }
        return path
    }
}

/// The result of one subprocess.
struct RunResult {
    /// Exit status (124 = timed out, as `timeout` reports it).
    var status: Int32
    /// Standard output.
    var stdout: String
    /// Standard error.
    var stderr: String
    /// Wall-clock seconds.
    var seconds: Double
    /// Both streams, for failure messages.
    var output: String { stdout + stderr }
}

/// Runs commands under `timeout -k 5 <seconds>`.
///
/// Uses posix_spawn + waitpid rather than Foundation's Process: on Linux, Process.waitUntilExit was seen to hang
/// forever on an exited child after the child had started daemons (slurm-up.sh).
enum Shell {
    /// Environment for every child: MPI may run as root here.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        return env
    }

    /// Starts `/usr/bin/timeout -k 5 <timeout> args...` with stdout/stderr appended to the given files.
    static func spawn(_ args: [String], timeout: Int, cwd: String? = nil, env: [String: String] = [:],
                      stdout: String, stderr: String) throws -> pid_t {
        let argv = ["/usr/bin/timeout", "-k", "5", "\(timeout)"] + (cwd.map { ["env", "-C", $0] } ?? []) + args
        let envp = environment.merging(env) { _, new in new }.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = envp.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot run \(args): \(String(cString: strerror(rc)))"]) }
        return pid
    }

    /// The exit status of a waitpid status word (128+signal when killed).
    static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `args` (first element looked up on PATH) with a hard time limit; output goes through temp files.
    @discardableResult
    static func run(_ args: [String], timeout: Int, cwd: String? = nil, env: [String: String] = [:]) -> RunResult {
        let dir = FileManager.default.temporaryDirectory
        let out = dir.appendingPathComponent("rr-sh-\(UUID().uuidString).out").path
        let err = dir.appendingPathComponent("rr-sh-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let start = Date()
        let pid: pid_t
        do { pid = try spawn(args, timeout: timeout, cwd: cwd, env: env, stdout: out, stderr: err) } catch {
            return RunResult(status: -1, stdout: "", stderr: "\(error)", seconds: 0)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let read = { (p: String) in (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }
        return RunResult(status: exitStatus(status), stdout: read(out), stderr: read(err),
                         seconds: Date().timeIntervalSince(start))
    }

    /// `bash -c script` with a time limit.
    @discardableResult
    static func bash(_ script: String, timeout: Int, env: [String: String] = [:]) -> RunResult {
        run(["bash", "-c", script], timeout: timeout, env: env)
    }
}

/// A fresh temporary folder, removed by the caller.
func makeTempDir(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Skips unless running as root (Slurm daemons, network namespaces).
func requireRoot() throws {
    if getuid() != 0 { throw XCTSkip("needs root (Slurm daemons / network namespaces); running as uid \(getuid())") }
}
