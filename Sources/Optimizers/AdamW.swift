// AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization") over one flat Float buffer.
//
// One step t (1-based, t = step after increment), for every element i with gradient g_i, lr = learning rate:
//   p_i <- p_i - lr * wd * p_i                      decoupled weight decay (skipped inside `noDecay` ranges)
//   m_i <- b1 * m_i + (1 - b1) * g_i                 first moment
//   v_i <- b2 * v_i + (1 - b2) * g_i^2               second moment
//   mhat = m_i / (1 - b1^t),  vhat = v_i / (1 - b2^t) bias correction
//   p_i <- p_i - lr * mhat / (sqrt(vhat) + eps)
// This is exactly torch.optim.AdamW (amsgrad=False, maximize=False); decay is applied to the weight
// before the Adam step, using the weight's value at the start of the step.

/// The hyperparameters shared by `AdamW` and `SparseAdamW`.
public struct AdamHyperparameters: Codable, Sendable, Equatable {
    /// Decay of the first-moment running average (default 0.9).
    public var beta1: Float
    /// Decay of the second-moment running average (default 0.999).
    public var beta2: Float
    /// Added to sqrt(vhat) in the denominator (default 1e-8).
    public var eps: Float
    /// Decoupled weight decay coefficient; the per-step shrink factor is `1 - lr * weightDecay`.
    public var weightDecay: Float

    /// Creates hyperparameters (defaults as in PyTorch AdamW).
    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
    }

    /// Throws if any value is outside its valid range (betas in [0, 1), eps > 0, weightDecay >= 0).
    public func validate() throws {
        try checkHyper("beta1", beta1, beta1 >= 0 && beta1 < 1, "must be in [0, 1)")
        try checkHyper("beta2", beta2, beta2 >= 0 && beta2 < 1, "must be in [0, 1)")
        try checkHyper("eps", eps, eps > 0 && eps.isFinite, "must be finite and > 0")
        try checkHyper("weightDecay", weightDecay, weightDecay >= 0 && weightDecay.isFinite, "must be finite and >= 0")
    }

    /// Bias corrections (1 - b1^t, 1 - b2^t) for a 1-based step t, computed in Double.
    @inline(__always)
    func biasCorrections(step t: Int) -> (Float, Float) {
        (Float(1 - Double.pow(Double(beta1), t)), Float(1 - Double.pow(Double(beta2), t)))
    }
}

extension Double {
    /// x^n for a non-negative integer n.
    @inline(__always)
    static func pow(_ x: Double, _ n: Int) -> Double {
        var result = 1.0, base = x, e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }
}

/// Dense AdamW with decoupled weight decay over one flat parameter buffer `[N]`.
///
/// State (`m`, `v`, `step`) is `Codable` and exposed as flat arrays for checkpoints.
public struct AdamW: Codable, Sendable, Equatable {
    /// The hyperparameters.
    public var hyper: AdamHyperparameters
    /// Number of updates applied so far (the next update uses t = step + 1 for bias correction).
    public private(set) var step: Int
    /// First moments `[N]`.
    public private(set) var m: [Float]
    /// Second moments `[N]`.
    public private(set) var v: [Float]
    /// Element ranges of the flat buffer excluded from weight decay (biases, norms); sorted, disjoint.
    public private(set) var noDecay: [Range<Int>]

    /// Number of parameters this optimizer updates.
    public var count: Int { m.count }

    /// Creates a fresh optimizer (zero moments, step 0) for `count` parameters.
    public init(count: Int, hyper: AdamHyperparameters = AdamHyperparameters(), noDecay: [Range<Int>] = []) throws {
        try self.init(hyper: hyper, step: 0, m: [Float](repeating: 0, count: count),
                      v: [Float](repeating: 0, count: count), noDecay: noDecay)
    }

    /// Restores an optimizer from checkpointed state, validating sizes and ranges.
    public init(hyper: AdamHyperparameters, step: Int, m: [Float], v: [Float], noDecay: [Range<Int>] = []) throws {
        try hyper.validate()
        try checkCount("v", expected: m.count, got: v.count)
        if step < 0 { throw OptimizerError.invalidHyperparameter(field: "step", value: Double(step), reason: "must be >= 0") }
        self.hyper = hyper
        self.step = step
        self.m = m
        self.v = v
        self.noDecay = try normalizedRanges(noDecay, count: m.count, field: "noDecay")
    }

    enum CodingKeys: String, CodingKey { case hyper, step, m, v, noDecay }

    /// Decodes and validates checkpointed state.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(hyper: c.decode(AdamHyperparameters.self, forKey: .hyper), step: c.decode(Int.self, forKey: .step),
                      m: c.decode([Float].self, forKey: .m), v: c.decode([Float].self, forKey: .v),
                      noDecay: c.decode([Range<Int>].self, forKey: .noDecay))
    }

    /// Applies one AdamW update in place: `params [N]` from `grads [N]` at learning rate `lr`.
    public mutating func update(params: UnsafeMutableBufferPointer<Float>, grads: UnsafeBufferPointer<Float>, lr: Float) throws {
        try checkCount("params", expected: count, got: params.count)
        try checkCount("grads", expected: count, got: grads.count)
        step += 1
        let (bc1, bc2) = hyper.biasCorrections(step: step)
        let h = hyper
        let decayed = 1 - lr * h.weightDecay
        let ranges = noDecay
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                forEachSegment(count: params.count, noDecay: ranges) { range, decay in
                    let shrink: Float = decay ? decayed : 1
                    for i in range {
                        let g = grads[i]
                        m[i] = h.beta1 * m[i] + (1 - h.beta1) * g
                        v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g
                        let mhat = m[i] / bc1
                        let vhat = v[i] / bc2
                        params[i] = params[i] * shrink - lr * mhat / (vhat.squareRoot() + h.eps)
                    }
                }
            }
        }
    }

    /// Applies one AdamW update to arrays (convenience over the buffer version).
    public mutating func update(params: inout [Float], grads: [Float], lr: Float) throws {
        try params.withUnsafeMutableBufferPointer { p in
            try grads.withUnsafeBufferPointer { g in try update(params: p, grads: g, lr: lr) }
        }
    }
}

/// Sorts and validates element ranges: each inside 0..<count, non-empty ranges disjoint.
func normalizedRanges(_ ranges: [Range<Int>], count: Int, field: String) throws -> [Range<Int>] {
    let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
    var end = 0
    for r in sorted {
        if r.lowerBound < 0 { throw OptimizerError.indexOutOfRange(field: field, index: r.lowerBound, bound: count) }
        if r.upperBound > count { throw OptimizerError.indexOutOfRange(field: field, index: r.upperBound - 1, bound: count) }
        if r.lowerBound < end {
            throw OptimizerError.invalidHyperparameter(field: field, value: Double(r.lowerBound), reason: "ranges overlap")
        }
        end = r.upperBound
    }
    return sorted
}

/// Calls `body` on consecutive segments covering 0..<count, flagging whether each is decayed.
@inline(__always)
func forEachSegment(count: Int, noDecay: [Range<Int>], _ body: (Range<Int>, Bool) -> Void) {
    var start = 0
    for r in noDecay {
        if start < r.lowerBound { body(start..<r.lowerBound, true) }
        body(r, false)
        start = r.upperBound
    }
    if start < count { body(start..<count, true) }
}
