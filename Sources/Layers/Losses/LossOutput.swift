import Tensors

/// A loss value and its gradient with respect to the loss's input (logits or predictions).
///
/// Every loss here is a weighted mean: `loss = sum_i w_i * l_i / normalizer`, where w_i is 0 for
/// masked items and `normalizer` defaults to the local weight sum `weightSum = sum_i w_i`.
/// For data-parallel training pass the GLOBAL weight sum (all-reduced over ranks) as `normalizer`:
/// then the per-rank losses and gradients simply add up to the full-batch ones, whatever the split.
public struct LossOutput: Sendable {
    /// The normalized loss (0 when nothing is unmasked).
    public let loss: Float
    /// d loss / d input, same shape as the input (0 rows for masked items).
    public let gradient: Tensor
    /// The local sum of item weights (the default normalizer).
    public let weightSum: Float
    /// The sum of weighted per-item losses before normalization (`loss * normalizer`), in float64.
    public let lossSum: Double
}

/// Expands an optional mask for `[B, K]` inputs to one flag per element (a mask of count B applies per row).
func elementMask(_ mask: [Bool]?, rows: Int, cols: Int, _ what: String) -> [Bool] {
    guard let mask else { return [Bool](repeating: true, count: rows * cols) }
    if mask.count == rows * cols { return mask }
    precondition(mask.count == rows,
                 "\(what): mask has \(mask.count) entries, expected \(rows) (per example) or \(rows * cols) (per element)")
    var out = [Bool](repeating: false, count: rows * cols)
    for b in 0..<rows where mask[b] { for k in 0..<cols { out[b * cols + k] = true } }
    return out
}

/// The normalizer in use: the caller's (global) one, or the local weight sum.
func resolveNormalizer(_ normalizer: Float?, weightSum: Float, _ what: String) -> Float {
    if let normalizer {
        precondition(normalizer > 0 && normalizer.isFinite, "\(what): normalizer must be positive and finite, got \(normalizer)")
        return normalizer
    }
    return weightSum
}
