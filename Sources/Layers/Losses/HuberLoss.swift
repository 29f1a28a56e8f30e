import Tensors

/// Huber loss on `predictions [B, K]` against `targets [B, K]`.
///
/// With u = prediction - target: l = 0.5 u^2 if |u| <= delta, else delta (|u| - 0.5 delta).
/// loss = sum over unmasked elements of l / normalizer; the default normalizer is the number of
/// unmasked elements (mean). `mask` has B entries (per example) or B*K (per element).
/// Gradient: u if |u| <= delta, else delta * sign(u), divided by the normalizer.
public func huberLoss(predictions: Tensor, targets: Tensor, delta: Float = 1, mask: [Bool]? = nil,
                      normalizer: Float? = nil) -> LossOutput {
    precondition(predictions.rank == 2, "huberLoss: predictions must be [B, K], got shape \(predictions.shape)")
    precondition(targets.shape == predictions.shape,
                 "huberLoss: targets have shape \(targets.shape), predictions \(predictions.shape)")
    precondition(delta > 0, "huberLoss: delta must be positive, got \(delta)")
    let b = predictions.shape[0], k = predictions.shape[1]
    let m = elementMask(mask, rows: b, cols: k, "huberLoss")
    let weightSum = Float(m.reduce(0) { $0 + ($1 ? 1 : 0) })
    let n = resolveNormalizer(normalizer, weightSum: weightSum, "huberLoss")
    var total = 0.0
    let grad = Tensor(shape: [b, k]) { g in
        for i in 0..<(b * k) {
            guard m[i], n > 0 else { g[i] = 0; continue }
            let u = predictions[flat: i] - targets[flat: i]
            if abs(u) <= delta {
                total += Double(0.5 * u * u)
                g[i] = u / n
            } else {
                total += Double(delta * (abs(u) - 0.5 * delta))
                g[i] = (u > 0 ? delta : -delta) / n
            }
        }
    }
    return LossOutput(loss: n > 0 ? Float(total / Double(n)) : 0, gradient: grad, weightSum: weightSum, lossSum: total)
}
