import Checkpointing
import Featurizer
import Foundation
import RouterModel
import RouterRuntime
import SeededRandom
import Tensors
import XCTest
@testable import Export

/// Python reads the exported bundle: `safetensors` loads the weights, the numpy reference and onnxruntime
/// reproduce the Swift outputs on 100 queries (max |diff| < 1e-5 on the same featurized inputs).
/// Skips when onnxruntime/safetensors are missing, except under CI=true, where it fails.
final class BundleInteropTests: XCTestCase {
    /// 100 varied queries (short facts, math, code, risky, long multi-part).
    static let queries: [String] = {
        let subjects = ["the Pythagorean theorem", "a binary heap", "photosynthesis", "the French revolution", "TCP slow start",
                        "Bayes' rule", "a red-black tree", "inflation", "the halting problem", "CRISPR"]
        let forms = ["What is %@?", "Explain %@ to a child.", "Prove a non-trivial property of %@, step by step, and discuss edge cases.",
                     "Write Python code that demonstrates %@ with tests.", "How could someone misuse %@ to hurt people?",
                     "Summarize %@ in one sentence.", "Compare %@ with its closest alternative; give 3 numbered points.",
                     "If x = 12 and y = 7, how does %@ relate to x*y - 3?", "Translate 'I like %@' into German.",
                     "%@?"]
        return (0..<100).map { i in String(format: forms[i % 10], subjects[(i / 10 + i) % 10]) }
    }()

    func requirePythonPackages() throws {
        let status = (try? ONNXInteropTests.run(["python3", "-c", "import onnxruntime, safetensors, numpy"]))?.0 ?? -1
        guard status != 0 else { return }
        let message = "python3 with onnxruntime + safetensors is not available; pip install -r scripts/interop/requirements.txt"
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropUnavailable(message: "CI=true: " + message) }
        throw XCTSkip(message)
    }

    /// Exports `model`, writes the featurized inputs and Swift outputs of the 100 queries, runs bundle_check.py.
    func checkBundle(_ model: TrainedModel) throws {
        try requirePythonPackages()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-interop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("bundle")
        try BundleExporter.write(model: model, to: bundle)

        // Swift side: raw heads and calibrated outputs of the loaded bundle (the same path services use).
        let router = try QueryRouter(contentsOf: bundle)
        let texts = Self.queries
        let batch = router.model.featurizer.featurize(batch: texts)
        let heads = router.model.network.apply(router.model.input(texts), params: router.model.store)
        let outs = router.outputs(texts)
        func rows(_ t: Tensor?) -> [[Float]] { (0..<(t?.rows ?? 0)).map { t!.row($0) } }
        let expected: [String: [[Double]]] = [
            "complexity_logits": rows(heads.complexity).map { $0.map(Double.init) },
            "complexity_probs": outs.map(\.complexity),
            "risky_logit": rows(heads.safety).map { $0.map(Double.init) },
            "risky_prob": outs.map { [$0.risky] },
            "budget_quantiles": rows(heads.budget).map { $0.map(Double.init) },
        ]
        // Featurized inputs padded to the longest bag: id 0, weight 0.
        let length = (0..<batch.count).map { Int(batch.offsets[$0 + 1] - batch.offsets[$0]) }.max() ?? 0
        var ids: [[Int64]] = [], idw: [[Float]] = [], dense: [[Float]] = []
        for b in 0..<batch.count {
            let q = batch.row(b)
            ids.append(q.ids.map(Int64.init) + Array(repeating: 0, count: length - q.ids.count))
            idw.append(q.weights + Array(repeating: 0, count: length - q.weights.count))
            dense.append(q.dense)
        }
        struct Inputs: Encodable { var ids: [[Int64]]; var id_weights: [[Float]]; var dense: [[Float]] }
        try JSONEncoder().encode(Inputs(ids: ids, id_weights: idw, dense: dense)).write(to: dir.appendingPathComponent("inputs.json"))
        try JSONEncoder().encode(expected).write(to: dir.appendingPathComponent("expected.json"))

        let script = ONNXInteropTests.repoRoot.appendingPathComponent("scripts/interop/bundle_check.py").path
        let (status, output) = try ONNXInteropTests.run(["python3", script, bundle.path, dir.appendingPathComponent("inputs.json").path,
                                                         dir.appendingPathComponent("expected.json").path, "--atol", "1e-5"])
        print(output)
        XCTAssertEqual(status, 0, "bundle_check.py failed:\n\(output)")
        XCTAssertTrue(output.contains("numpy(safetensors) vs swift: complexity_probs"), output)
        XCTAssertTrue(output.contains("onnxruntime vs swift: budget_quantiles"), output)
    }

    /// The default architecture (131072 buckets, E=64, one ReLU+LayerNorm layer of 128) with calibration.
    func testDefaultModelBundleMatchesNumpyAndOnnxRuntime() throws {
        var c = ModelConfig()
        c.embeddingInitStd = 0.3
        var d = ModelDescription(model: c, featurizer: FeaturizerConfig())
        d.calibration.complexityTemperature = 1.4
        d.calibration.safetyTemperature = 0.7
        try checkBundle(try TrainedModel(description: d, seed: SeededGenerator(seed: 21)))
    }

    /// The ordinal complexity head (2 cumulative logits) with GELU layers and 3 budget quantiles.
    func testOrdinalGeluModelBundleMatchesNumpyAndOnnxRuntime() throws {
        var c = ModelConfig()
        c.embeddingDim = 24
        c.hidden = [.init(size: 48, activation: "gelu", layerNorm: true), .init(size: 32, activation: "gelu_tanh", layerNorm: false)]
        c.ordinal = true
        c.budgetQuantiles = [0.25, 0.5, 0.9]
        c.embeddingInitStd = 0.4
        var d = ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: 8192))
        d.calibration.complexityTemperature = 0.9
        try checkBundle(try TrainedModel(description: d, seed: SeededGenerator(seed: 22)))
    }

    /// The budget skip connection (`model.budgetSkip`): the exported weights carry `heads.budget.skip.weight`
    /// (set non-zero here; it is zero at init), and numpy(safetensors) and onnxruntime add `dense W_s^T`.
    func testBudgetSkipModelBundleMatchesNumpyAndOnnxRuntime() throws {
        var c = ModelConfig()
        c.embeddingDim = 16
        c.hidden = [.init(size: 32)]
        c.budgetQuantiles = [0.5, 0.9]
        c.budgetSkip = true
        c.embeddingInitStd = 0.3
        var model = try TrainedModel(description: ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: 4096)),
                                     seed: SeededGenerator(seed: 23))
        let v = try XCTUnwrap(model.store.views.first { $0.name == "heads.budget.skip.weight" })
        XCTAssertEqual(v.shape, [2, model.featurizer.denseWidth])
        var g = SeededGenerator(seed: 24)
        for i in v.range { model.store.values[i] = 2 * g.nextUniformFloat() - 1 }
        try checkBundle(model)
    }

    /// The safetensors file follows the spec byte for byte: u64 LE header length, JSON header, 8-byte aligned data.
    func testSafetensorsLayout() throws {
        let model = try TrainedModel(description: ModelDescription(model: ModelConfig(), featurizer: FeaturizerConfig(buckets: 1024)),
                                     seed: SeededGenerator(seed: 1))
        let data = try ModelFiles.files(model)[ModelFiles.weightsFile]!
        let n = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        XCTAssertEqual((8 + n) % 8, 0)
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as! [String: Any]
        let meta = header["__metadata__"] as! [String: String]
        XCTAssertEqual(meta["featurizer_fingerprint"], model.description.featurizerFingerprint)
        let emb = header["trunk.embedding.weight"] as! [String: Any]
        XCTAssertEqual(emb["dtype"] as? String, "F32")
        XCTAssertEqual(emb["shape"] as? [Int], [1024, 64])
        let offs = emb["data_offsets"] as! [Int]
        let first = data.subdata(in: (8 + n + offs[0])..<(8 + n + offs[0] + 4)).withUnsafeBytes { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        XCTAssertEqual(first, model.namedParameters()["trunk.embedding.weight"]!.values[0])
    }
}
