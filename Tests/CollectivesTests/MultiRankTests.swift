import XCTest
import Collectives

/// Runs the `collectives-check` executable under `mpirun -n 2` / `-n 3 --oversubscribe` and as a plain process.
final class MultiRankTests: XCTestCase {
    /// Output and exit status of a finished child process.
    struct Run {
        let status: Int32
        let output: String
    }

    /// The built `collectives-check` binary next to the test bundle (swift test builds every target).
    func checkBinary() throws -> URL {
        var dirs: [URL] = []
        if let exe = Bundle.main.executableURL { dirs.append(exe.deletingLastPathComponent()) }
        let bundle = Bundle(for: MultiRankTests.self).bundleURL
        dirs += [bundle.deletingLastPathComponent(), bundle, Bundle.main.bundleURL,
                 URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for dir in dirs {
            let candidate = dir.appendingPathComponent("collectives-check")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        XCTFail("collectives-check not found next to the test bundle (searched \(dirs.map(\.path))); run `swift build --product collectives-check`")
        throw XCTSkip("collectives-check binary missing")
    }

    /// The mpirun on PATH, or nil.
    func mpirun() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `arguments` under `timeout -k 5 60` with a clean environment (no inherited launcher variables).
    func run(_ arguments: [String], seconds: Int = 60) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["timeout", "-k", "5", "\(seconds)"] + arguments
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !Collectives.launcherVariables.contains(key) && key != Collectives.overrideVariable
                && !key.hasPrefix("OMPI_COMM_WORLD") && !key.hasPrefix("PMIX_")
        }
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    func runRanks(_ n: Int) throws {
        guard let mpirun = mpirun() else { throw XCTSkip("mpirun not found on PATH: install openmpi-bin to run multi-rank collectives tests") }
        let bin = try checkBinary()
        var args = [mpirun, "-n", "\(n)"]
        if n > 2 { args.append("--oversubscribe") }
        let r = try run(args + [bin.path, "check"])
        XCTAssertNotEqual(r.status, 124, "mpirun -n \(n) timed out:\n\(r.output)")
        XCTAssertEqual(r.status, 0, "mpirun -n \(n) failed:\n\(r.output)")
        XCTAssertTrue(r.output.contains("COLLECTIVES CHECK PASSED size=\(n) "), r.output)
        for rank in 0..<n { XCTAssertTrue(r.output.contains("rank \(rank)/\(n) on "), "rank \(rank) did not report:\n\(r.output)") }
        XCTAssertTrue(r.output.contains("MPI_ERR_ROOT"), "MPI error string should surface as a Swift error:\n\(r.output)")
    }

    func testTwoRanks() throws { try runRanks(2) }

    func testThreeRanksOversubscribed() throws { try runRanks(3) }

    func testPlainProcessUsesSingleProcessCommunicator() throws {
        let r = try run([try checkBinary().path, "check"])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("COLLECTIVES CHECK PASSED size=1 "), r.output)
    }

    func testAbortTerminatesTheJobWithItsCode() throws {
        guard let mpirun = mpirun() else { throw XCTSkip("mpirun not found on PATH: install openmpi-bin to run multi-rank collectives tests") }
        let r = try run([mpirun, "-n", "2", try checkBinary().path, "abort"], seconds: 30)
        XCTAssertNotEqual(r.status, 124, "abort did not end the job (timed out):\n\(r.output)")
        XCTAssertEqual(r.status, 7, "mpirun should exit with the abort code:\n\(r.output)")
        XCTAssertFalse(r.output.contains("survived abort"), r.output)
    }
}
