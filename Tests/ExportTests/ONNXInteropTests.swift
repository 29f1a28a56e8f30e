import Foundation
import XCTest
@testable import Export

/// Thrown (a test failure, not a skip) when CI lacks the interop packages.
struct InteropUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs exported models in onnxruntime (scripts/interop/onnx_check.py) and compares with plain-loop
/// Swift forwards. Skips when onnxruntime is missing, except under CI (CI=true), where it fails.
final class ONNXInteropTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Plain-loop forward (float64 accumulation), independent of the ONNX graph.
    static func expectedOutputs(spec: ONNXRouterSpec, weights: [String: ONNXRouterGraph.Weight],
                                ids: [[Int64]], idWeights: [[Float]], dense: [[Float]]) -> [String: [[Float]]] {
        func w(_ p: ONNXRouterSpec.Parameter) -> [Double] { weights[spec.name(p)]!.values.map(Double.init) }
        func linear(_ x: [Double], _ wt: [Double], _ b: [Double]) -> [Double] {  // W [out, in]
            var y = b
            for o in 0..<b.count {
                for i in 0..<x.count { y[o] += wt[o * x.count + i] * x[i] }
            }
            return y
        }
        var out: [String: [[Float]]] = [:]
        let table = w(.embedding), e = spec.embeddingDim
        for r in 0..<ids.count {
            var x = [Double](repeating: 0, count: e)
            for (j, id) in ids[r].enumerated() {
                for k in 0..<e { x[k] += Double(idWeights[r][j]) * table[Int(id) * e + k] }
            }
            let d = dense[r].map(Double.init)
            x += d
            for (i, layer) in spec.hidden.enumerated() {
                x = linear(x, w(.hiddenWeight(i)), w(.hiddenBias(i)))
                switch layer.activation {
                case .relu: x = x.map { max($0, 0) }
                case .gelu: x = x.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }
                case .geluTanh:
                    let k = (2 / Double.pi).squareRoot()
                    x = x.map { v -> Double in 0.5 * v * (1 + tanh(k * (v + 0.044715 * v * v * v))) }
                }
                if layer.layerNorm {
                    let mean = x.reduce(0, +) / Double(x.count)
                    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
                    let g = w(.normScale(i)), b = w(.normBias(i))
                    let rstd = 1 / (variance + Double(spec.layerNormEpsilon)).squareRoot()
                    x = x.indices.map { j -> Double in g[j] * (x[j] - mean) * rstd + b[j] }
                }
            }
            let logits = linear(x, w(.headWeight(.complexity)), w(.headBias(.complexity)))
            let tc = Double(spec.complexityTemperature), ts = Double(spec.safetyTemperature)
            let m = logits.max()!
            let ex = logits.map { exp(($0 - m) / tc) }
            let risky = linear(x, w(.headWeight(.safety)), w(.headBias(.safety)))
            var budget = linear(x, w(.headWeight(.budget)), w(.headBias(.budget)))
            if spec.budgetSkip {  // + dense W_s^T
                let skip = linear(d, w(.budgetSkipWeight), [Double](repeating: 0, count: budget.count))
                budget = zip(budget, skip).map { $0 + $1 }
            }
            out["complexity_logits", default: []].append(logits.map(Float.init))
            out["complexity_probs", default: []].append(ex.map { Float($0 / ex.reduce(0, +)) })
            out["risky_logit", default: []].append(risky.map(Float.init))
            out["risky_prob", default: []].append(risky.map { Float(1 / (1 + exp(-$0 / ts))) })
            out["budget_quantiles", default: []].append(budget.map(Float.init))
        }
        return out
    }

    /// Runs a command, returning (exit status, combined output).
    static func run(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Skips (locally) or fails (CI=true) when python3 + onnxruntime are unavailable.
    func requireOnnxRuntime() throws {
        let status = (try? Self.run(["python3", "-c", "import onnxruntime"]))?.0 ?? -1
        guard status != 0 else { return }
        let message = "python3 with onnxruntime is not available; pip install -r scripts/interop/requirements.txt"
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropUnavailable(message: "CI=true: " + message) }
        throw XCTSkip(message)
    }

    /// Exports `spec` with random weights, writes inputs/expected JSON and runs onnx_check.py.
    func checkInterop(spec: ONNXRouterSpec, seed: UInt64, batch: Int, length: Int) throws {
        try requireOnnxRuntime()
        let weights = randomWeights(spec, seed: seed)
        var rng = TestRNG(state: seed &+ 99)
        var ids: [[Int64]] = [], idw: [[Float]] = [], dense: [[Float]] = []
        for r in 0..<batch {
            let real = r % (length + 1)  // includes an empty bag (all padding) and a full one
            ids.append((0..<length).map { $0 < real ? Int64(rng.int(spec.embeddingRows)) : 0 })
            idw.append((0..<length).map { $0 < real ? 0.2 + abs(rng.uniform(1)) : 0 })
            dense.append((0..<spec.denseFeatures).map { _ in rng.uniform(2) })
        }
        let expected = Self.expectedOutputs(spec: spec, weights: weights, ids: ids, idWeights: idw, dense: dense)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.onnx")
        try ONNXRouterGraph.model(spec: spec, weights: weights).write(to: model)
        struct Inputs: Encodable { var ids: [[Int64]]; var id_weights: [[Float]]; var dense: [[Float]]? }
        let inputs = Inputs(ids: ids, id_weights: idw, dense: spec.denseFeatures > 0 ? dense : nil)
        try JSONEncoder().encode(inputs).write(to: dir.appendingPathComponent("inputs.json"))
        try JSONEncoder().encode(expected).write(to: dir.appendingPathComponent("expected.json"))

        let script = Self.repoRoot.appendingPathComponent("scripts/interop/onnx_check.py").path
        let (status, output) = try Self.run(["python3", script, model.path,
                                             dir.appendingPathComponent("inputs.json").path,
                                             dir.appendingPathComponent("expected.json").path, "--atol", "1e-5"])
        print(output)
        XCTAssertEqual(status, 0, "onnx_check.py failed:\n\(output)")
        XCTAssertTrue(output.contains("swift vs ort: budget_quantiles"), output)
        if status == 0 && output.contains("onnx.checker") {
            XCTAssertTrue(output.contains("numpy vs ort: complexity_probs"), "reference comparison did not run:\n\(output)")
        }
    }

    func testReluLayerNormGeluWithDense() throws {
        let spec = ONNXRouterSpec(
            embeddingRows: 50, embeddingDim: 8, denseFeatures: 5,
            hidden: [.init(size: 16, activation: .relu, layerNorm: true), .init(size: 12, activation: .gelu)],
            budgetQuantiles: 5, complexityTemperature: 1.7, safetyTemperature: 0.8)
        try checkInterop(spec: spec, seed: 11, batch: 7, length: 6)
    }

    func testGeluTanhNoDense() throws {
        let spec = ONNXRouterSpec(
            embeddingRows: 30, embeddingDim: 6, denseFeatures: 0,
            hidden: [.init(size: 10, activation: .geluTanh, layerNorm: true)],
            layerNormEpsilon: 1e-3, budgetQuantiles: 3, complexityTemperature: 0.9, safetyTemperature: 1.3)
        try checkInterop(spec: spec, seed: 12, batch: 5, length: 4)
    }

    /// The budget skip connection: budget_quantiles = Gemm(h) + dense W_s^T, in onnxruntime and numpy.
    func testBudgetSkip() throws {
        var spec = ONNXRouterSpec(
            embeddingRows: 40, embeddingDim: 6, denseFeatures: 7,
            hidden: [.init(size: 9, activation: .relu, layerNorm: true)],
            budgetQuantiles: 3, complexityTemperature: 1.2, safetyTemperature: 0.9)
        spec.budgetSkip = true
        try checkInterop(spec: spec, seed: 14, batch: 6, length: 5)
    }

    func testNoHiddenLayers() throws {
        let spec = ONNXRouterSpec(embeddingRows: 10, embeddingDim: 4, denseFeatures: 2, hidden: [], budgetQuantiles: 2)
        try checkInterop(spec: spec, seed: 13, batch: 3, length: 2)
    }
}
