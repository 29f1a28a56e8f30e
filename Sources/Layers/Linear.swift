import Tensors

/// A fully connected layer: `y = x W^T + b`.
///
/// Shapes: x `[B, in]`, W `[out, in]` (PyTorch / ONNX Gemm transB=1 convention), b `[out]`, y `[B, out]`.
/// Weights live in a `ParameterStore`; `forward` caches x for `backward`.
public struct Linear: Sendable {
    /// The weight `[out, in]`.
    public let weight: ParameterID
    /// The bias `[out]`, if any.
    public let bias: ParameterID?
    /// Input width.
    public let inFeatures: Int
    /// Output width.
    public let outFeatures: Int
    /// The input of the last `forward`, `[B, in]` (kept for `backward`).
    private var cachedInput: Tensor?

    /// Registers `name.weight` (and `name.bias`) in `layout`.
    ///
    /// The default weight init is Xavier-uniform; pass `.heNormal(fanIn:)` before a ReLU.
    public init(layout: inout ParameterLayout, name: String, inFeatures: Int, outFeatures: Int,
                bias: Bool = true, weightInit: ParameterInit? = nil) {
        precondition(inFeatures > 0 && outFeatures > 0,
                     "Linear \(name): invalid shape in=\(inFeatures) out=\(outFeatures)")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = layout.add("\(name).weight", shape: [outFeatures, inFeatures],
                                 initializer: weightInit ?? .xavierUniform(fanIn: inFeatures, fanOut: outFeatures))
        self.bias = bias ? layout.add("\(name).bias", shape: [outFeatures], initializer: .zeros) : nil
    }

    /// Computes `y [B, out]` without caching anything (inference).
    public func apply(_ x: Tensor, params: ParameterStore) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == inFeatures,
                     "Linear.forward: input has shape \(x.shape), expected [B, \(inFeatures)]")
        let b = x.shape[0], n = outFeatures, k = inFeatures
        let wv = params.view(weight)
        let bv = bias.map { params.view($0) }
        return Tensor(shape: [b, n]) { y in
            params.values.withUnsafeBufferPointer { pv in
                let base = pv.baseAddress!
                // y = bias broadcast (or 0), then y += x W^T with beta = 1.
                if let bv {
                    for i in 0..<b { (y.baseAddress! + i * n).update(from: base + bv.offset, count: n) }
                } else {
                    y.baseAddress!.update(repeating: 0, count: b * n)
                }
                x.withUnsafeBufferPointer { px in
                    gemm(transposeA: false, transposeB: true, m: b, n: n, k: k,
                         alpha: 1, a: px.baseAddress!, lda: k, b: base + wv.offset, ldb: k,
                         beta: 1, c: y.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// Computes `y [B, out]` and caches `x` for `backward`.
    public mutating func forward(_ x: Tensor, params: ParameterStore) -> Tensor {
        cachedInput = x
        return apply(x, params: params)
    }

    /// Given `dy [B, out]`, ADDS dW `[out, in]` and db `[out]` into `params.grads` and returns `dx [B, in]`.
    ///
    /// dW += dy^T x, db += sum over rows of dy, dx = dy W.
    public mutating func backward(_ dy: Tensor, params: inout ParameterStore) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("Linear.backward called before forward") }
        let b = x.shape[0], n = outFeatures, k = inFeatures
        precondition(dy.shape == [b, n], "Linear.backward: dy has shape \(dy.shape), expected [\(b), \(n)]")
        let wv = params.view(weight)
        let bv = bias.map { params.view($0) }
        let values = params.values  // +1 reference, no copy: grads is the only buffer written below
        params.grads.withUnsafeMutableBufferPointer { pg in
            let g = pg.baseAddress!
            dy.withUnsafeBufferPointer { pdy in
                x.withUnsafeBufferPointer { px in
                    gemm(transposeA: true, transposeB: false, m: n, n: k, k: b,
                         alpha: 1, a: pdy.baseAddress!, lda: n, b: px.baseAddress!, ldb: k,
                         beta: 1, c: g + wv.offset, ldc: k)
                }
                if let bv { accumulateColumnSums(pdy.baseAddress!, rows: b, cols: n, into: g + bv.offset) }
            }
        }
        cachedInput = nil
        return Tensor(shape: [b, k]) { dx in
            values.withUnsafeBufferPointer { pv in
                dy.withUnsafeBufferPointer { pdy in
                    gemm(transposeA: false, transposeB: false, m: b, n: k, k: n,
                         alpha: 1, a: pdy.baseAddress!, lda: n, b: pv.baseAddress! + wv.offset, ldb: k,
                         beta: 0, c: dx.baseAddress!, ldc: k)
                }
            }
        }
    }
}
