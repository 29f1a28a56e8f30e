import Tensors

/// Layer normalization over the last dimension: `y = gamma * (x - mean) / sqrt(var + eps) + beta`.
///
/// Shapes: x, y `[B, D]`; gamma, beta `[D]`. The variance is the biased (population) one, as in PyTorch.
public struct LayerNorm: Sendable {
    /// The scale gamma `[D]` (initialized to 1).
    public let gamma: ParameterID
    /// The shift beta `[D]` (initialized to 0).
    public let beta: ParameterID
    /// The normalized width D.
    public let dim: Int
    /// The variance epsilon.
    public let epsilon: Float
    /// Normalized input x-hat `[B, D]` and 1/std per row `[B]` from the last forward.
    private var cachedNormalized: Tensor?
    private var cachedRstd: [Float] = []

    /// Registers `name.gamma` and `name.beta` `[dim]` in `layout`.
    public init(layout: inout ParameterLayout, name: String, dim: Int, epsilon: Float = 1e-5) {
        precondition(dim > 0, "LayerNorm \(name): invalid dim \(dim)")
        self.dim = dim
        self.epsilon = epsilon
        self.gamma = layout.add("\(name).gamma", shape: [dim], initializer: .constant(1))
        self.beta = layout.add("\(name).beta", shape: [dim], initializer: .zeros)
    }

    /// Computes `y [B, D]` without caching (inference).
    public func apply(_ x: Tensor, params: ParameterStore) -> Tensor {
        var xhat = Tensor(zeros: [0, dim]), rstd: [Float] = []
        return compute(x, params: params, xhat: &xhat, rstd: &rstd, keep: false)
    }

    /// Computes `y [B, D]` and caches x-hat and 1/std for `backward`.
    public mutating func forward(_ x: Tensor, params: ParameterStore) -> Tensor {
        var xhat = Tensor(zeros: [0, dim]), rstd: [Float] = []
        let y = compute(x, params: params, xhat: &xhat, rstd: &rstd, keep: true)
        cachedNormalized = xhat
        cachedRstd = rstd
        return y
    }

    private func compute(_ x: Tensor, params: ParameterStore, xhat: inout Tensor, rstd: inout [Float],
                         keep: Bool) -> Tensor {
        precondition(x.rank == 2 && x.shape[1] == dim, "LayerNorm.forward: input has shape \(x.shape), expected [B, \(dim)]")
        let b = x.shape[0], d = dim
        let gv = params.view(gamma), bv = params.view(beta)
        if keep {
            xhat = Tensor(zeros: [b, d])
            rstd = [Float](repeating: 0, count: b)
        }
        var y = Tensor(zeros: [b, d])
        params.values.withUnsafeBufferPointer { pv in
            let g = pv.baseAddress! + gv.offset, be = pv.baseAddress! + bv.offset
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    for i in 0..<b {
                        let xi = px.baseAddress! + i * d, yi = py.baseAddress! + i * d
                        var mean: Float = 0
                        for j in 0..<d { mean += xi[j] }
                        mean /= Float(d)
                        var v: Float = 0
                        for j in 0..<d { let c = xi[j] - mean; v += c * c }
                        let r = 1 / (v / Float(d) + epsilon).squareRoot()
                        for j in 0..<d {
                            let n = (xi[j] - mean) * r
                            yi[j] = g[j] * n + be[j]
                        }
                        if keep {
                            rstd[i] = r
                            xhat.withUnsafeMutableBufferPointer { ph in
                                for j in 0..<d { ph[i * d + j] = (xi[j] - mean) * r }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// Given `dy [B, D]`, ADDS dgamma and dbeta `[D]` into `params.grads` and returns `dx [B, D]`.
    ///
    /// dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), with dxhat = dy * gamma.
    public mutating func backward(_ dy: Tensor, params: inout ParameterStore) -> Tensor {
        guard let xhat = cachedNormalized else { preconditionFailure("LayerNorm.backward called before forward") }
        let b = xhat.shape[0], d = dim
        precondition(dy.shape == [b, d], "LayerNorm.backward: dy has shape \(dy.shape), expected [\(b), \(d)]")
        let gv = params.view(gamma), bv = params.view(beta)
        let values = params.values
        var dx = Tensor(zeros: [b, d])
        params.grads.withUnsafeMutableBufferPointer { pg in
            let dg = pg.baseAddress! + gv.offset, db = pg.baseAddress! + bv.offset
            values.withUnsafeBufferPointer { pv in
                let g = pv.baseAddress! + gv.offset
                xhat.withUnsafeBufferPointer { ph in
                    dy.withUnsafeBufferPointer { pdy in
                        dx.withUnsafeMutableBufferPointer { pdx in
                            for i in 0..<b {
                                let h = ph.baseAddress! + i * d, gy = pdy.baseAddress! + i * d
                                var m1: Float = 0, m2: Float = 0
                                for j in 0..<d {
                                    dg[j] += gy[j] * h[j]
                                    db[j] += gy[j]
                                    let dh = gy[j] * g[j]
                                    m1 += dh
                                    m2 += dh * h[j]
                                }
                                m1 /= Float(d)
                                m2 /= Float(d)
                                let r = cachedRstd[i], o = pdx.baseAddress! + i * d
                                for j in 0..<d { o[j] = r * (gy[j] * g[j] - m1 - h[j] * m2) }
                            }
                        }
                    }
                }
            }
        }
        cachedNormalized = nil
        return dx
    }
}
