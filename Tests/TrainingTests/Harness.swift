import Checkpointing
import Foundation
import SpectrumData
import Training
import XCTest

/// Runs the built `swift-train` binary (alone or under mpirun) on tiny configs in a temporary folder.
enum Harness {
    /// The package root (Tests/TrainingTests/Harness.swift -> ../../..).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `swift-train` binary of the current build: next to the test bundle (the test target depends on
    /// swift-train, so it is built), else from `swift build --show-bin-path`.
    static let binary: String = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("swift-train").path
        if FileManager.default.isExecutableFile(atPath: here) { return here }
        let p = try? shell("/usr/bin/env", ["swift", "build", "--show-bin-path"], cwd: root.path, timeout: 300)
        let dir = p?.out.trimmingCharacters(in: .whitespacesAndNewlines) ?? root.appendingPathComponent(".build/debug").path
        return dir + "/swift-train"
    }()

    /// `mpirun`'s path, or nil when it is not installed.
    static let mpirun: String? = {
        for d in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(d)/mpirun"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    static let mpiEnv = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_mpi_yield_when_idle": "1"]

    struct Result { var status: Int32; var out: String; var err: String; var seconds: Double }

    /// Runs a command to completion (inside `timeout -k 5 <timeout>`).
    @discardableResult
    static func shell(_ exe: String, _ args: [String], cwd: String? = nil, env: [String: String] = [:], timeout: Int = 120) throws -> Result {
        let p = start(exe, args, cwd: cwd, env: env, timeout: timeout)
        let t0 = Date()
        let outData = p.out.fileHandleForReading.readDataToEndOfFile()
        let errData = p.err.fileHandleForReading.readDataToEndOfFile()
        p.process.waitUntilExit()
        return Result(status: p.process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(t0))
    }

    /// A started process with its pipes (unused when its output goes to a log file).
    struct Running { var process: Process; var out: Pipe; var err: Pipe }

    /// Starts a command inside `timeout -k 5 <timeout>`; with `log`, stdout and stderr go to that file.
    static func start(_ exe: String, _ args: [String], cwd: String? = nil, env: [String: String] = [:], timeout: Int = 120,
                      log: URL? = nil) -> Running {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["-k", "5", "\(timeout)", exe] + args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var e = ProcessInfo.processInfo.environment
        for k in ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS", "RR_COMMUNICATOR"] { e[k] = nil }
        for (k, v) in env { e[k] = v }
        e["RR_PROGRESS"] = "lines"
        p.environment = e
        let o = Pipe(), r = Pipe()
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let h = FileHandle(forWritingAtPath: log.path)!
            p.standardOutput = h
            p.standardError = h
        } else {
            p.standardOutput = o
            p.standardError = r
        }
        try! p.run()
        return Running(process: p, out: o, err: r)
    }

    /// Runs `swift-train train <config> <args>` with `ranks` ranks (1 = no mpirun).
    static func train(_ config: URL, _ args: [String], ranks: Int = 1, timeout: Int = 120) throws -> Result {
        if ranks == 1 { return try shell(binary, ["train", config.path] + args, timeout: timeout) }
        return try shell(mpirun!, ["--oversubscribe", "-n", "\(ranks)", binary, "train", config.path] + args, env: mpiEnv, timeout: timeout)
    }

    /// The sample data's training shards in order (`data/sample/train-1.jsonl`, ...), as `configs/default.json` lists them.
    static func sampleTrainFiles() throws -> [String] {
        let config = try TrainingConfig.load(path: root.appendingPathComponent("configs/default.json").path)
        return config.data.train
    }

    /// A temporary folder with a small, label-balanced subsample of the sample data and a tiny config.
    /// `optimizer`: extra keys of the optimizer section (e.g. `"embeddingOptimizer": "sgd"`).
    static func workspace(_ name: String, epochs: Int = 2, everySteps: Int = 0, extra: String = "",
                          optimizer: String = "", model: String = "") throws -> (dir: URL, config: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trainer-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let train = try loadSpectrumJSONL(paths: sampleTrainFiles())
        let val = try loadSpectrumJSONL(path: root.appendingPathComponent("data/sample/validation.jsonl").path)
        try writeSpectrumJSONL(stride(from: 0, to: train.count, by: 16).map { train[$0] }, to: dir.appendingPathComponent("train.jsonl").path)
        try writeSpectrumJSONL(stride(from: 0, to: val.count, by: 4).map { val[$0] }, to: dir.appendingPathComponent("val.jsonl").path)
        let config = """
        {
          "data": { "train": "train.jsonl", "validation": "val.jsonl" },
          "featurizer": { "buckets": 4096, "requestTokens": 16 },
          "augmentation": { "segmentCrop": 0.3 },
          "calibration": { "budgetLength": true },
          "model": { "embeddingDim": 8, "hidden": [{ "size": 16 }], "dropout": 0.1, "safetySegments": 16\(model) },
          "optimizer": { \(optimizer) },
          "training": { "epochs": \(epochs), "batchSize": 32, "seed": 3, "out": "\(dir.appendingPathComponent("out").path)",
                        "earlyStopping": { "patience": 0 }, "checkpoint": { "everySteps": \(everySteps), "keepLast": 3 }\(extra) }
        }
        """
        let url = dir.appendingPathComponent("config.json")
        try config.write(to: url, atomically: true, encoding: .utf8)
        return (dir, url)
    }

    /// The newest checkpoint of a run's output folder.
    static func latest(_ out: URL) -> URL? { CheckpointStore(root: out.appendingPathComponent("checkpoints")).latest() }

    /// Named F32 tensors of a safetensors file.
    static func tensors(_ url: URL) throws -> [String: [Float]] {
        let (t, _) = try SafeTensors.parse(try Data(contentsOf: url), path: url.path)
        return t.filter { $0.value.dtype == .F32 }.mapValues { $0.floats() }
    }

    /// Largest per-tensor relative difference max|a-b| / max|a| between two weight files.
    static func maxRelativeDifference(_ a: URL, _ b: URL) throws -> Double {
        let ta = try tensors(a), tb = try tensors(b)
        XCTAssertEqual(Set(ta.keys), Set(tb.keys))
        var worst = 0.0
        for (k, x) in ta {
            guard let y = tb[k], x.count == y.count else { XCTFail("tensor \(k) differs in shape"); continue }
            let scale = x.map { abs(Double($0)) }.max() ?? 0
            let diff = zip(x, y).map { abs(Double($0) - Double($1)) }.max() ?? 0
            worst = max(worst, scale == 0 ? diff : diff / scale)
        }
        return worst
    }

    /// Predicted tier and risky decision per validation id from `predictions.jsonl`.
    static func predictions(_ out: URL) throws -> [String: String] {
        let text = try String(contentsOf: out.appendingPathComponent("predictions.jsonl"), encoding: .utf8)
        var r: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            r[o["id"] as! String] = "\(o["tier"]!)/\((o["risky"] as! Double) >= 0.5)"
        }
        return r
    }

    /// Waits until `cond` holds (polling), up to `seconds`.
    static func waitFor(_ seconds: Double, _ cond: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end { if cond() { return true }; usleep(100_000) }
        return cond()
    }
}
