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
enum Shell {
    /// Environment for every child: MPI may run as root here.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        return env
    }

    /// Runs `args` (first element looked up on PATH) with a hard time limit; output goes through temp files.
    @discardableResult
    static func run(_ args: [String], timeout: Int, cwd: String? = nil, env: [String: String] = [:]) -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["-k", "5", "\(timeout)"] + args
        p.environment = environment.merging(env) { _, new in new }
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("rr-sh-\(UUID().uuidString).out")
        let errURL = dir.appendingPathComponent("rr-sh-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let start = Date()
        do {
            p.standardOutput = try FileHandle(forWritingTo: outURL)
            p.standardError = try FileHandle(forWritingTo: errURL)
            p.standardInput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        } catch {
            return RunResult(status: -1, stdout: "", stderr: "cannot run \(args): \(error)", seconds: 0)
        }
        let read = { (u: URL) in (try? String(contentsOf: u, encoding: .utf8)) ?? "" }
        return RunResult(status: p.terminationStatus, stdout: read(outURL), stderr: read(errURL),
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
