import Foundation
import XCTest
import Tensors
import SeededRandom
@testable import Layers

// Test helpers: random inputs (never zero), float64 central finite differences, comparison.

/// Uniform in ±[lo, hi) with a random sign (never zero for lo > 0).
func randomSigned(_ g: inout SeededGenerator, lo: Float = 0.1, hi: Float = 1) -> Float {
    let v = lo + (hi - lo) * g.nextUniformFloat()
    return g.nextUniformFloat() < 0.5 ? -v : v
}

/// A random tensor with entries in ±[0.1, 1) * scale.
func randomTensor(_ shape: [Int], _ g: inout SeededGenerator, scale: Float = 1) -> Tensor {
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in scale * randomSigned(&g) })
}

/// Float32 to float64.
func d(_ x: [Float]) -> [Double] { x.map(Double.init) }

/// Central finite differences of a float64 function: (f(x + h e_i) - f(x - h e_i)) / 2h for each i.
func numericGradient(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var x = x
    var out = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        let v = x[i]
        x[i] = v + h; let fp = f(x)
        x[i] = v - h; let fm = f(x)
        x[i] = v
        out[i] = (fp - fm) / (2 * h)
    }
    return out
}

/// Whether analytic (float32) and numeric (float64) gradients agree: |a - n| <= rtol |n| + atol * max|n|.
func gradientsAgree(_ analytic: [Float], _ numeric: [Double], rtol: Double = 1e-3, atol: Double = 1e-4) -> (Bool, String) {
    guard analytic.count == numeric.count else { return (false, "count \(analytic.count) vs \(numeric.count)") }
    let scale = max(numeric.map(abs).max() ?? 0, 1e-6)
    for i in 0..<numeric.count {
        let a = Double(analytic[i]), n = numeric[i]
        if !(abs(a - n) <= rtol * abs(n) + atol * scale) {
            return (false, "element \(i): analytic \(a), numeric \(n) (scale \(scale))")
        }
    }
    return (true, "")
}

/// Asserts analytic and finite-difference gradients agree (see `gradientsAgree`).
func assertGradient(_ analytic: [Float], _ numeric: [Double], _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    let (ok, msg) = gradientsAgree(analytic, numeric)
    XCTAssertTrue(ok, "\(what): \(msg)", file: file, line: line)
    XCTAssertTrue(numeric.contains { $0 != 0 }, "\(what): numeric gradient is all zero (vacuous check)", file: file, line: line)
}

/// Asserts a float32 forward matches a float64 reference.
func assertForward(_ y: [Float], _ ref: [Double], tol: Double = 1e-5, _ what: String,
                   file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(y.count, ref.count, "\(what): count", file: file, line: line)
    for i in 0..<min(y.count, ref.count) where abs(Double(y[i]) - ref[i]) > tol * (1 + abs(ref[i])) {
        XCTFail("\(what): element \(i) is \(y[i]), reference \(ref[i])", file: file, line: line)
        return
    }
}

/// sum(G * Y) in float64: the scalar whose gradient w.r.t. Y is G (used to test backward with upstream G).
func project(_ y: [Double], _ gUp: [Float]) -> Double {
    zip(y, gUp).reduce(0) { $0 + $1.0 * Double($1.1) }
}

// MARK: float64 reference forwards (test-only)

/// y[B, out] = x[B, in] W[out, in]^T + b[out].
func linearRef(_ x: [Double], _ w: [Double], _ b: [Double]?, rows: Int, inF: Int, outF: Int) -> [Double] {
    var y = [Double](repeating: 0, count: rows * outF)
    for i in 0..<rows { for o in 0..<outF {
        var s = b?[o] ?? 0
        for k in 0..<inF { s += x[i * inF + k] * w[o * inF + k] }
        y[i * outF + o] = s
    } }
    return y
}

/// LayerNorm over rows of x[B, D].
func layerNormRef(_ x: [Double], _ gamma: [Double], _ beta: [Double], rows: Int, dim: Int, eps: Double = 1e-5) -> [Double] {
    var y = [Double](repeating: 0, count: rows * dim)
    for i in 0..<rows {
        let r = x[(i * dim)..<((i + 1) * dim)]
        let mean = r.reduce(0, +) / Double(dim)
        let v = r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(dim)
        for j in 0..<dim { y[i * dim + j] = gamma[j] * (x[i * dim + j] - mean) / (v + eps).squareRoot() + beta[j] }
    }
    return y
}

/// GELU, exact (erf) or tanh approximation.
func geluRef(_ x: [Double], tanhApprox: Bool) -> [Double] {
    x.map { v in
        tanhApprox ? 0.5 * v * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)))
                   : 0.5 * v * (1 + Foundation.erf(v / 2.0.squareRoot()))
    }
}

/// EmbeddingBag: out[b] = sum_i s_i T[id_i], s_i = w_i (sum) or w_i / sum w (mean).
func embeddingBagRef(_ table: [Double], dim: Int, batch: BagBatch, mean: Bool) -> [Double] {
    var out = [Double](repeating: 0, count: batch.count * dim)
    for b in 0..<batch.count {
        let lo = Int(batch.offsets[b]), hi = Int(batch.offsets[b + 1])
        let w = (lo..<hi).map { Double(batch.weights?[$0] ?? 1) }
        let total = w.reduce(0, +)
        for (k, i) in (lo..<hi).enumerated() {
            let s = mean ? (total != 0 ? w[k] / total : 0) : w[k]
            for c in 0..<dim { out[b * dim + c] += s * table[Int(batch.ids[i]) * dim + c] }
        }
    }
    return out
}

/// Weighted softmax cross-entropy (see `softmaxCrossEntropy`).
func softmaxCERef(_ logits: [Double], rows: Int, classes: Int, labels: [Int], weights: [Double], normalizer: Double) -> Double {
    var total = 0.0
    for i in 0..<rows where weights[i] != 0 {
        let r = Array(logits[(i * classes)..<((i + 1) * classes)])
        let mx = r.max()!, lse = mx + Foundation.log(r.reduce(0) { $0 + Foundation.exp($1 - mx) })
        total += weights[i] * (lse - r[labels[i]])
    }
    return total / normalizer
}

/// BCE with logits and positive weight (see `binaryCrossEntropyWithLogits`).
func bceRef(_ x: [Double], _ t: [Double], mask: [Bool], posWeight: [Double], cols: Int, normalizer: Double) -> Double {
    var total = 0.0
    for i in 0..<x.count where mask[i] {
        let sig = 1 / (1 + Foundation.exp(-x[i])), p = posWeight[i % cols]
        total += -(p * t[i] * Foundation.log(sig) + (1 - t[i]) * Foundation.log(1 - sig))
    }
    return total / normalizer
}
