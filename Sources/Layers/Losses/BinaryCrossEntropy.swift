#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// Binary cross-entropy on `logits [B, K]` (K independent binary outputs) with targets in [0, 1].
///
/// Per element, with p = positiveWeight[k] (1 when nil) and sigma the logistic function:
///   l = -(p * t * log sigma(x) + (1 - t) * log(1 - sigma(x)))       (PyTorch BCEWithLogits pos_weight)
/// computed stably via softplus. loss = sum over unmasked elements of l / normalizer, where the default
/// normalizer is the NUMBER of unmasked elements (positiveWeight does not enter it).
/// `mask` has B entries (per example) or B*K (per element); nil keeps everything.
/// Gradient: d l / d x = (p t + 1 - t) sigma(x) - p t, divided by the normalizer.
public func binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, mask: [Bool]? = nil,
                                         positiveWeight: [Float]? = nil, normalizer: Float? = nil) -> LossOutput {
    precondition(logits.rank == 2, "binaryCrossEntropyWithLogits: logits must be [B, K], got shape \(logits.shape)")
    precondition(targets.shape == logits.shape,
                 "binaryCrossEntropyWithLogits: targets have shape \(targets.shape), logits \(logits.shape)")
    let b = logits.shape[0], k = logits.shape[1]
    if let positiveWeight {
        precondition(positiveWeight.count == k, "binaryCrossEntropyWithLogits: \(positiveWeight.count) positive weights for \(k) outputs")
    }
    let m = elementMask(mask, rows: b, cols: k, "binaryCrossEntropyWithLogits")
    let weightSum = Float(m.reduce(0) { $0 + ($1 ? 1 : 0) })
    let n = resolveNormalizer(normalizer, weightSum: weightSum, "binaryCrossEntropyWithLogits")
    var total = 0.0
    let grad = Tensor(shape: [b, k]) { g in
        for i in 0..<(b * k) {
            guard m[i], n > 0 else { g[i] = 0; continue }
            let x = logits[flat: i], t = targets[flat: i], p = positiveWeight?[i % k] ?? 1
            precondition(t >= 0 && t <= 1, "binaryCrossEntropyWithLogits: target \(t) at row \(i / k), column \(i % k) outside [0, 1]")
            // log sigma(x) = -softplus(-x); log(1 - sigma(x)) = -softplus(x)
            let spPos = softplus(x), spNeg = softplus(-x)
            total += Double(p * t * spNeg + (1 - t) * spPos)
            let sig = 1 / (1 + expf(-x))
            g[i] = ((p * t + 1 - t) * sig - p * t) / n
        }
    }
    return LossOutput(loss: n > 0 ? Float(total / Double(n)) : 0, gradient: grad, weightSum: weightSum, lossSum: total)
}

/// softplus(x) = log(1 + e^x), without overflow.
@inline(__always)
func softplus(_ x: Float) -> Float {
    x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x))
}
