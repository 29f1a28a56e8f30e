import Tensors

/// Pinball (quantile) loss for several quantiles at once: `predictions [B, Q]` against `targets [B]`.
///
/// With u = target_b - prediction_{b,q} and tau = quantiles[q]: l = max(tau * u, (tau - 1) * u).
/// loss = sum over unmasked examples and all quantiles of l / normalizer, where the default normalizer
/// is (number of unmasked examples) * Q, i.e. the mean over (example, quantile) pairs.
/// `mask` has B entries (label known). Gradient per element: -tau if u > 0, 1 - tau if u < 0,
/// 0 at u == 0 (a valid subgradient), divided by the normalizer.
public func pinballLoss(predictions: Tensor, targets: [Float], quantiles: [Float], mask: [Bool]? = nil,
                        normalizer: Float? = nil) -> LossOutput {
    precondition(predictions.rank == 2, "pinballLoss: predictions must be [B, Q], got shape \(predictions.shape)")
    let b = predictions.shape[0], q = predictions.shape[1]
    precondition(quantiles.count == q, "pinballLoss: \(quantiles.count) quantiles for \(q) prediction columns")
    for (j, tau) in quantiles.enumerated() {
        precondition(tau > 0 && tau < 1, "pinballLoss: quantile \(j) is \(tau), must be in (0, 1)")
    }
    precondition(targets.count == b, "pinballLoss: \(targets.count) targets for \(b) rows")
    if let mask { precondition(mask.count == b, "pinballLoss: mask has \(mask.count) entries for \(b) rows") }
    let rowsKept = (0..<b).filter { mask?[$0] ?? true }.count
    let weightSum = Float(rowsKept * q)
    let n = resolveNormalizer(normalizer, weightSum: weightSum, "pinballLoss")
    var total = 0.0
    let grad = Tensor(shape: [b, q]) { g in
        for i in 0..<b {
            let keep = (mask?[i] ?? true) && n > 0
            for j in 0..<q {
                guard keep else { g[i * q + j] = 0; continue }
                let tau = quantiles[j], u = targets[i] - predictions[i, j]
                total += Double(max(tau * u, (tau - 1) * u))
                g[i * q + j] = (u > 0 ? -tau : (u < 0 ? 1 - tau : 0)) / n
            }
        }
    }
    return LossOutput(loss: n > 0 ? Float(total / Double(n)) : 0, gradient: grad, weightSum: weightSum, lossSum: total)
}
