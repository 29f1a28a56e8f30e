import Checkpointing
import Featurizer
import Foundation
import RouterModel
import SeededRandom
import XCTest
@testable import RouterRuntime

/// A small randomly initialized model (no trainer needed): E=16, one GELU+LayerNorm hidden layer of 32.
func makeModel(seed: UInt64, buckets: Int = 4096, ordinal: Bool = false) throws -> TrainedModel {
    var c = ModelConfig()
    c.embeddingDim = 16
    c.hidden = [.init(size: 32, activation: "gelu", layerNorm: true)]
    c.ordinal = ordinal
    c.embeddingInitStd = 0.5
    var d = ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: buckets))
    d.calibration.complexityTemperature = 1.3
    d.calibration.safetyTemperature = 0.8
    d.metrics = ["val_macro_f1": 0.5]
    d.trainingDataHash = "abc123"
    return try TrainedModel(description: d, seed: SeededGenerator(seed: seed))
}

/// Queries of varied shape (short, long, code, math, risky-sounding).
let sampleQueries: [String] = (0..<40).map { i in
    let base = ["What is 2+2?", "Prove that there are infinitely many primes.",
                "Write a Python function that merges two sorted lists in O(n).",
                "How do I pick a lock on my neighbour's door?", "Translate 'good morning' into French.",
                "Explain the CAP theorem and give a counterexample to a common misreading of it, step by step."]
    return base[i % base.count] + (i >= base.count ? " (variant \(i))" : "")
}

extension XCTestCase {
    /// A fresh temporary folder, removed when the test ends.
    func tempFolder() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("rr-runtime-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: u) }
        return u
    }
}

/// Rewrites `file` in `folder` with `edit`, then updates the bundle manifest's checksum so only the edit is seen.
func editBundleFile(_ folder: URL, _ file: String, fixChecksum: Bool = true, _ edit: (inout [String: Any]) -> Void) throws {
    let url = folder.appendingPathComponent(file)
    var obj = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&obj)
    let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
    try data.write(to: url)
    if fixChecksum && file != "manifest.json" {
        let mURL = folder.appendingPathComponent("manifest.json")
        var m = try JSONSerialization.jsonObject(with: Data(contentsOf: mURL)) as! [String: Any]
        var files = m["files"] as! [String: Any]
        files[file] = ["sha256": CheckpointManifest.sha256Hex(data), "bytes": data.count]
        m["files"] = files
        try JSONSerialization.data(withJSONObject: m, options: [.sortedKeys]).write(to: mURL)
    }
}
