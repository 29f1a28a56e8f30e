// The real trainer as the cluster tests use it: availability, reference runs, and final weights.

import Foundation
import XCTest

/// `swift-train train` with `configs/default.json`, when the trainer is implemented in this build.
enum Trainer {
    /// configs/default.json in the repository.
    static var repoDefaultConfig: String { Repo.root.appendingPathComponent("configs/default.json").path }

    nonisolated(unsafe) private static var derivedConfig: String?

    /// The default config as the cluster tests train it: configs/default.json with absolute data paths, a
    /// checkpoint every 20 steps (so that a run killed mid-way has one to resume from) and 1 epoch instead of 6
    /// to fit the CI budget (RR_CLUSTER_EPOCHS overrides; the debug build trains ~3 steps/s on 4 ranks here).
    static var defaultConfig: String {
        if let c = derivedConfig { return c }
        let src = URL(fileURLWithPath: repoDefaultConfig)
        let base = src.deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: src.path),
              var json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return repoDefaultConfig }
        if var d = json["data"] as? [String: Any] {
            func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).standardizedFileURL.path }
            for (k, v) in d {  // a path, or a list of paths (data.train)
                if let p = v as? String { d[k] = absolute(p) } else if let ps = v as? [String] { d[k] = ps.map(absolute) }
            }
            json["data"] = d
        }
        var t = json["training"] as? [String: Any] ?? [:]
        var c = t["checkpoint"] as? [String: Any] ?? [:]
        c["everySteps"] = 20
        t["checkpoint"] = c
        t["epochs"] = Int(ProcessInfo.processInfo.environment["RR_CLUSTER_EPOCHS"] ?? "") ?? 1
        json["training"] = t
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rr-cluster-default-\(getpid()).json")
        guard let bytes = try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]),
              (try? bytes.write(to: out)) != nil else { return repoDefaultConfig }
        derivedConfig = out.path
        return out.path
    }

    /// The swift-train binary, or a skip saying why the trainer-dependent test cannot run yet.
    static func requireTrainer() throws -> String {
        let bin = try Repo.binary("swift-train")
        guard FileManager.default.fileExists(atPath: repoDefaultConfig) else {
            throw XCTSkip("configs/default.json does not exist yet: the trainer (swift-train train) has not landed")
        }
        let help = Shell.run([bin, "train", "--help"], timeout: 30)
        guard help.output.contains("--resume") else {
            throw XCTSkip("swift-train train has no --resume option yet: the trainer has not landed")
        }
        return bin
    }

    /// Extra trainer arguments for tests (`RR_CLUSTER_TRAIN_ARGS`, split on spaces), e.g. to shorten runs.
    static var extraArguments: [String] {
        (ProcessInfo.processInfo.environment["RR_CLUSTER_TRAIN_ARGS"] ?? "").split(separator: " ").map(String.init)
    }

    nonisolated(unsafe) private static var reference: URL?

    /// An uninterrupted 4-rank single-host run of the default config (mpirun -n 4), made once per test process.
    static func referenceRun() throws -> URL {
        if let r = reference { return r }
        let bin = try requireTrainer()
        let out = try makeTempDir("rr-ref")
        let r = Shell.run(["mpirun", "-n", "4", "--oversubscribe", "--bind-to", "none", bin, "train", defaultConfig,
                           "--out", out.path] + extraArguments, timeout: 600, env: ["OMPI_MCA_mpi_yield_when_idle": "1"])
        guard r.status == 0 else {
            XCTFail("reference run failed (status \(r.status)):\n\(r.output.suffix(3000))")
            throw XCTSkip("no reference run")
        }
        reference = out
        atexit { Trainer.removeTemporaries() }
        return out
    }

    /// Removes the reference run and the derived config (at process exit).
    static func removeTemporaries() {
        for path in [reference?.path, derivedConfig].compactMap({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The newest checkpoint folder under `<run>/checkpoints` (the one with the highest step and a manifest).
    static func lastCheckpoint(_ run: URL) -> URL? {
        let root = run.appendingPathComponent("checkpoints")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasPrefix("step-") }.sorted().map { root.appendingPathComponent($0) }
            .last { FileManager.default.fileExists(atPath: $0.appendingPathComponent("manifest.json").path) }
    }

    /// The float tensors of every .safetensors file in the run's last checkpoint, keyed "file/tensor".
    static func finalTensors(_ run: URL) throws -> [String: [Float]] {
        guard let ckpt = lastCheckpoint(run) else {
            XCTFail("no checkpoint in \(run.path)/checkpoints")
            return [:]
        }
        var all: [String: [Float]] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: ckpt.path).filter { $0.hasSuffix(".safetensors") }
        XCTAssertFalse(files.isEmpty, "no .safetensors file in \(ckpt.path)")
        for f in files {
            for (name, values) in try SafeTensorsReader.floats(ckpt.appendingPathComponent(f)) { all["\(f)/\(name)"] = values }
        }
        return all
    }

    /// Asserts that two runs end with the same tensors, elementwise within `tolerance`.
    static func assertSameFinalWeights(_ a: URL, _ b: URL, tolerance: Float = 1e-6, file: StaticString = #filePath, line: UInt = #line) throws {
        let ta = try finalTensors(a), tb = try finalTensors(b)
        XCTAssertEqual(Set(ta.keys), Set(tb.keys), "tensor names differ", file: file, line: line)
        XCTAssertFalse(ta.isEmpty, "no tensors", file: file, line: line)
        var worst: (String, Float) = ("", 0)
        for (k, va) in ta {
            guard let vb = tb[k], vb.count == va.count else {
                XCTFail("\(k): sizes differ", file: file, line: line)
                continue
            }
            for i in va.indices {
                let d = abs(va[i] - vb[i])
                if !(d <= worst.1) { worst = (k, d.isNaN ? .infinity : d) }
            }
        }
        XCTAssertLessThanOrEqual(worst.1, tolerance, "largest difference in \(worst.0)", file: file, line: line)
    }

    /// Lines of `<run>/metrics.jsonl` that parse as JSON objects.
    static func metrics(_ run: URL) -> [[String: Any]] {
        let text = (try? String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }
}

/// A minimal safetensors reader for the tests (F32 and F64 tensors as Float).
enum SafeTensorsReader {
    /// Every floating tensor of the file at `url`.
    static func floats(_ url: URL) throws -> [String: [Float]] {
        let data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw NSError(domain: "safetensors", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(url.path): too short"]) }
        let n = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        guard 8 + n <= data.count, let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any] else {
            throw NSError(domain: "safetensors", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(url.path): bad header"])
        }
        let body = data.subdata(in: (8 + n)..<data.count)
        var out: [String: [Float]] = [:]
        for (name, v) in header where name != "__metadata__" {
            guard let d = v as? [String: Any], let dtype = d["dtype"] as? String, let off = d["data_offsets"] as? [Int], off.count == 2 else { continue }
            let bytes = body.subdata(in: off[0]..<off[1])
            switch dtype {
            case "F32": out[name] = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            case "F64": out[name] = bytes.withUnsafeBytes { $0.bindMemory(to: Double.self).map { Float($0) } }
            default: continue
            }
        }
        return out
    }
}

extension Trainer {
    /// Lines in `<run>/metrics.jsonl` (0 when it does not exist yet).
    static func metricsLineCount(_ run: URL) -> Int {
        guard let d = FileManager.default.contents(atPath: run.appendingPathComponent("metrics.jsonl").path) else { return 0 }
        return d.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
