// SGD with momentum (optional Nesterov) and coupled L2 weight decay, as torch.optim.SGD with dampening = 0.
//
// One step, for every element i with gradient g_i (wd = weightDecay, mu = momentum):
//   d_i <- g_i + wd * p_i                   L2 weight decay folded into the gradient (skipped in `noDecay`)
//   b_i <- mu * b_i + d_i                   momentum buffer (b starts at 0, so the first step gives b = d)
//   u_i <- nesterov ? d_i + mu * b_i : b_i
//   p_i <- p_i - lr * u_i
// With mu = 0 this is plain SGD and the buffer is not used.

/// SGD with momentum over one flat parameter buffer `[N]`; state is `Codable` for checkpoints.
public struct SGD: Codable, Sendable, Equatable {
    /// Momentum coefficient mu in [0, 1).
    public var momentum: Float
    /// Whether to use Nesterov momentum (requires momentum > 0).
    public var nesterov: Bool
    /// Coupled L2 weight decay coefficient (added to the gradient as wd * p).
    public var weightDecay: Float
    /// Number of updates applied so far.
    public private(set) var step: Int
    /// Momentum buffer `[N]`.
    public private(set) var buffer: [Float]
    /// Element ranges excluded from weight decay; sorted, disjoint.
    public private(set) var noDecay: [Range<Int>]

    /// Number of parameters this optimizer updates.
    public var count: Int { buffer.count }

    /// Creates a fresh optimizer for `count` parameters.
    public init(count: Int, momentum: Float = 0.9, nesterov: Bool = false, weightDecay: Float = 0,
                noDecay: [Range<Int>] = []) throws {
        try self.init(momentum: momentum, nesterov: nesterov, weightDecay: weightDecay, step: 0,
                      buffer: [Float](repeating: 0, count: count), noDecay: noDecay)
    }

    /// Restores an optimizer from checkpointed state, validating hyperparameters and ranges.
    public init(momentum: Float, nesterov: Bool, weightDecay: Float, step: Int, buffer: [Float],
                noDecay: [Range<Int>] = []) throws {
        try checkHyper("momentum", momentum, momentum >= 0 && momentum < 1, "must be in [0, 1)")
        try checkHyper("momentum", momentum, !nesterov || momentum > 0, "Nesterov requires momentum > 0")
        try checkHyper("weightDecay", weightDecay, weightDecay >= 0 && weightDecay.isFinite, "must be finite and >= 0")
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.step = step
        self.buffer = buffer
        self.noDecay = try normalizedRanges(noDecay, count: buffer.count, field: "noDecay")
    }

    enum CodingKeys: String, CodingKey { case momentum, nesterov, weightDecay, step, buffer, noDecay }

    /// Decodes and validates checkpointed state.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(momentum: c.decode(Float.self, forKey: .momentum), nesterov: c.decode(Bool.self, forKey: .nesterov),
                      weightDecay: c.decode(Float.self, forKey: .weightDecay), step: c.decode(Int.self, forKey: .step),
                      buffer: c.decode([Float].self, forKey: .buffer), noDecay: c.decode([Range<Int>].self, forKey: .noDecay))
    }

    /// Applies one update in place: `params [N]` from `grads [N]` at learning rate `lr`.
    public mutating func update(params: UnsafeMutableBufferPointer<Float>, grads: UnsafeBufferPointer<Float>, lr: Float) throws {
        try checkCount("params", expected: count, got: params.count)
        try checkCount("grads", expected: count, got: grads.count)
        step += 1
        let mu = momentum, nesterov = nesterov, wd = weightDecay, ranges = noDecay
        buffer.withUnsafeMutableBufferPointer { b in
            forEachSegment(count: params.count, noDecay: ranges) { range, decay in
                let w: Float = decay ? wd : 0
                for i in range {
                    let d = grads[i] + w * params[i]
                    var u = d
                    if mu > 0 {
                        b[i] = mu * b[i] + d
                        u = nesterov ? d + mu * b[i] : b[i]
                    }
                    params[i] -= lr * u
                }
            }
        }
    }

    /// Applies one update to arrays (convenience over the buffer version).
    public mutating func update(params: inout [Float], grads: [Float], lr: Float) throws {
        try params.withUnsafeMutableBufferPointer { p in
            try grads.withUnsafeBufferPointer { g in try update(params: p, grads: g, lr: lr) }
        }
    }
}
