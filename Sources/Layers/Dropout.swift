import Tensors
import SeededRandom

/// Inverted dropout with per-example seeded streams: zeroes each element with probability `rate`
/// and scales the kept ones by `1 / (1 - rate)`, on `[B, D]`.
///
/// Row b's mask is drawn from `streams[b].derived(key)`, where the trainer derives `streams[b]` from
/// the run seed and the example's global index (`seed.derived(epoch, exampleIndex)`). The mask of an
/// example therefore does not depend on its position in the batch or on how the batch is split
/// across ranks. `key` distinguishes several Dropout layers fed the same streams.
public struct Dropout: Sendable {
    /// The drop probability, in [0, 1).
    public let rate: Float
    /// The key that derives this layer's stream from each example's stream.
    public let key: UInt64
    /// Per-element multiplier of the last forward (0 or 1/(1-rate)) `[B, D]`; nil when rate = 0.
    private var cachedMask: Tensor?

    /// Creates a dropout layer; `key` must differ between dropout layers of one model.
    public init(rate: Float, key: UInt64) {
        precondition(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.key = key
    }

    /// Inference: the identity.
    public func apply(_ x: Tensor) -> Tensor { x }

    /// The multiplier mask `[B, D]` the streams give (0 or 1/(1-rate) per element).
    public func mask(rows: Int, cols: Int, streams: [SeededGenerator]) -> Tensor {
        precondition(streams.count == rows, "Dropout: \(streams.count) streams for \(rows) rows (need one per example)")
        let keep = 1 / (1 - rate)
        return Tensor(shape: [rows, cols]) { m in
            for b in 0..<rows {
                var g = streams[b].derived(key)
                for j in 0..<cols { m[b * cols + j] = g.nextUniformFloat() < rate ? 0 : keep }
            }
        }
    }

    /// Training: `y = x * mask [B, D]`, mask drawn from one stream per row; caches the mask.
    public mutating func forward(_ x: Tensor, streams: [SeededGenerator]) -> Tensor {
        precondition(x.rank == 2, "Dropout.forward: expected [B, D], got shape \(x.shape)")
        if rate == 0 { cachedMask = nil; return x }
        let m = mask(rows: x.shape[0], cols: x.shape[1], streams: streams)
        cachedMask = m
        return x * m
    }

    /// Returns `dx = dy * mask`.
    public mutating func backward(_ dy: Tensor) -> Tensor {
        guard let m = cachedMask else { return dy }  // rate 0: identity
        cachedMask = nil
        return dy * m
    }
}
