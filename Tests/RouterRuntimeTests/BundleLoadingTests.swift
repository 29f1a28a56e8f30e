import Checkpointing
import Export
import Foundation
import RouterModel
import XCTest
@testable import RouterRuntime

/// Round trips (checkpoint -> export -> load) and every loading error.
final class BundleLoadingTests: XCTestCase {
    /// A run folder with checkpoints at steps 10, 20, 30 (different weights); best.json names step 20.
    func makeRun() throws -> (run: URL, models: [Int: TrainedModel]) {
        let run = tempFolder()
        let store = CheckpointStore(root: run.appendingPathComponent("checkpoints"))
        var models: [Int: TrainedModel] = [:]
        for step in [10, 20, 30] {
            let m = try makeModel(seed: UInt64(step))
            var files = try ModelFiles.files(m)
            files["optimizer.safetensors"] = Data(repeating: 7, count: 64)   // must not be exported
            let folder = try store.save(step: step, epoch: step / 10, files: files)
            if step == 20 { try store.markBest(folder, metric: "val_loss", value: 0.5) }
            models[step] = m
        }
        return (run, models)
    }

    func testRoundTripCheckpointExportLoadGivesIdenticalDecisions() throws {
        let (run, models) = try makeRun()
        let bundle = run.appendingPathComponent("bundle")
        let manifest = try BundleExporter.export(from: run, to: bundle)
        XCTAssertEqual(manifest.source?.step, 20, "a run directory exports its best checkpoint")
        XCTAssertEqual(Set(manifest.files.keys), ["model.json", "model.safetensors", "model.onnx"], "optimizer state must not be exported")
        XCTAssertEqual(manifest.featurizerFingerprint, models[20]!.featurizer.fingerprint)
        XCTAssertEqual(manifest.trainingDataHash, "abc123")
        XCTAssertEqual(manifest.inputs.denseFeatures, models[20]!.featurizer.denseWidth)

        let r = try QueryRouter(contentsOf: bundle)
        XCTAssertEqual(r.route(sampleQueries), models[20]!.route(sampleQueries))
        XCTAssertEqual(r.route(sampleQueries[3]), models[20]!.route([sampleQueries[3]])[0])
        XCTAssertNotEqual(models[20]!.outputs(sampleQueries), models[30]!.outputs(sampleQueries), "test needs distinct checkpoints")

        // --which last, and loading a run directory / a checkpoint folder directly.
        let last = run.appendingPathComponent("bundle-last")
        XCTAssertEqual(try BundleExporter.export(from: run, to: last, which: .last).source?.step, 30)
        XCTAssertEqual(try QueryRouter(contentsOf: last).outputs(sampleQueries), models[30]!.outputs(sampleQueries))
        XCTAssertEqual(try QueryRouter(contentsOf: run).outputs(sampleQueries), models[20]!.outputs(sampleQueries))
        XCTAssertEqual(try QueryRouter(contentsOf: run, which: .last).outputs(sampleQueries), models[30]!.outputs(sampleQueries))
        let step10 = run.appendingPathComponent("checkpoints/step-00000010")
        XCTAssertEqual(try QueryRouter(contentsOf: step10).outputs(sampleQueries), models[10]!.outputs(sampleQueries))

        // An existing bundle is not replaced without overwrite.
        XCTAssertThrowsError(try BundleExporter.export(from: run, to: bundle)) { XCTAssertTrue("\($0)".contains("not empty"), "\($0)") }
        XCTAssertNoThrow(try BundleExporter.export(from: run, to: bundle, which: .last, overwrite: true))
        XCTAssertEqual(try QueryRouter(contentsOf: bundle).outputs(sampleQueries), models[30]!.outputs(sampleQueries))
    }

    func testOrdinalModelRoundTrips() throws {
        let m = try makeModel(seed: 5, ordinal: true)
        let bundle = tempFolder().appendingPathComponent("b")
        try BundleExporter.write(model: m, to: bundle)
        XCTAssertEqual(try QueryRouter(contentsOf: bundle).route(sampleQueries), m.route(sampleQueries))
    }

    /// A fresh bundle of a fixed model.
    func makeBundle() throws -> URL {
        let bundle = tempFolder().appendingPathComponent("bundle")
        try BundleExporter.write(model: try makeModel(seed: 1), to: bundle)
        XCTAssertNoThrow(try QueryRouter(contentsOf: bundle))
        return bundle
    }

    func assertLoadFails(_ bundle: URL, contains needles: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try QueryRouter(contentsOf: bundle), file: file, line: line) { e in
            let msg = "\(e)"
            for n in needles { XCTAssertTrue(msg.contains(n), "error \"\(msg)\" should mention \"\(n)\"", file: file, line: line) }
        }
    }

    func testWrongBundleVersionIsRefused() throws {
        let b = try makeBundle()
        try editBundleFile(b, "manifest.json") { $0["version"] = 2 }
        assertLoadFails(b, contains: ["manifest.json", "version 2", "reads version 1"])
    }

    func testWrongModelFormatVersionIsRefused() throws {
        let b = try makeBundle()
        try editBundleFile(b, "model.json") { $0["version"] = 9 }
        assertLoadFails(b, contains: ["model format version 9"])
    }

    func testChangedFeaturizerIsRefused() throws {
        // The config changed but the recorded fingerprint did not: the featurizer would compute other ids.
        let b = try makeBundle()
        try editBundleFile(b, "model.json") { d in
            var f = d["featurizer"] as! [String: Any]
            f["wordNgrams"] = 3
            d["featurizer"] = f
        }
        assertLoadFails(b, contains: ["featurizer fingerprint differs"])

        // The manifest's featurizer hash disagrees with model.json.
        let b2 = try makeBundle()
        try editBundleFile(b2, "manifest.json") { $0["featurizerFingerprint"] = "0000deadbeef" }
        assertLoadFails(b2, contains: ["featurizer fingerprint differs", "0000deadbeef"])
    }

    func testBadChecksumIsRefused() throws {
        let b = try makeBundle()
        let w = b.appendingPathComponent("model.safetensors")
        var data = try Data(contentsOf: w)
        data[data.count - 3] ^= 0x40                                     // one flipped bit in a weight
        try data.write(to: w)
        assertLoadFails(b, contains: ["model.safetensors", "SHA-256 mismatch"])

        let b2 = try makeBundle()
        let d = b2.appendingPathComponent("model.json")
        var json = try Data(contentsOf: d)
        let i = json.firstIndex(of: UInt8(ascii: "5"))!                  // same size, one digit changed
        json[i] = UInt8(ascii: "6")
        try json.write(to: d)
        assertLoadFails(b2, contains: ["model.json", "SHA-256 mismatch"])
    }

    func testTruncatedFileIsRefused() throws {
        let b = try makeBundle()
        let w = b.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: w)
        try data.prefix(data.count - 100).write(to: w)
        assertLoadFails(b, contains: ["model.safetensors", "truncated"])

        // Truncated with a manifest that matches it: the safetensors parser still refuses it.
        let b2 = try makeBundle()
        let w2 = b2.appendingPathComponent("model.safetensors")
        let cut = try Data(contentsOf: w2).prefix(1000)
        try cut.write(to: w2)
        try editBundleFile(b2, "manifest.json") { m in
            var files = m["files"] as! [String: Any]
            files["model.safetensors"] = ["sha256": CheckpointManifest.sha256Hex(cut), "bytes": cut.count]
            m["files"] = files
        }
        assertLoadFails(b2, contains: ["model.safetensors", "malformed"])
    }

    func testMissingFileAndNotABundle() throws {
        let b = try makeBundle()
        try FileManager.default.removeItem(at: b.appendingPathComponent("model.onnx"))
        assertLoadFails(b, contains: ["model.onnx", "missing"])
        assertLoadFails(tempFolder(), contains: ["no bundle, checkpoint"])
        assertLoadFails(URL(fileURLWithPath: "/nonexistent/bundle"), contains: ["/nonexistent/bundle"])
    }
}
