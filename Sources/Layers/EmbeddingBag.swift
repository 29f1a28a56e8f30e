import Numerics

/// A batch of variable-length bags of hashed ids, in CSR form.
///
/// Bag `b` is `ids[offsets[b] ..< offsets[b + 1]]` (so `offsets` has B + 1 entries, starts at 0 and
/// ends at `ids.count`). Optional `weights` has one weight per id (like PyTorch's per_sample_weights),
/// e.g. n-gram counts or TF-IDF; nil means every weight is 1. Empty bags are allowed (output row 0).
public struct BagBatch: Sendable, Equatable {
    /// The hashed ids, each in `0 ..< table rows`: `[N]`.
    public var ids: [Int32]
    /// Bag boundaries: `[B + 1]`, non-decreasing, `offsets[0] == 0`, `offsets[B] == N`.
    public var offsets: [Int32]
    /// Optional per-id weights `[N]`.
    public var weights: [Float]?

    /// Creates a batch; stops with a message naming the bad field when the CSR structure is invalid.
    public init(ids: [Int32], offsets: [Int32], weights: [Float]? = nil) {
        precondition(!offsets.isEmpty && offsets[0] == 0, "BagBatch.offsets: must start with 0 (B + 1 entries)")
        precondition(Int(offsets[offsets.count - 1]) == ids.count,
                     "BagBatch.offsets: last offset \(offsets[offsets.count - 1]) must equal ids.count \(ids.count)")
        for b in 0..<(offsets.count - 1) {
            precondition(offsets[b] <= offsets[b + 1], "BagBatch.offsets: decreasing at bag \(b)")
        }
        if let weights {
            precondition(weights.count == ids.count,
                         "BagBatch.weights: \(weights.count) weights for \(ids.count) ids")
        }
        self.ids = ids
        self.offsets = offsets
        self.weights = weights
    }

    /// Builds the CSR form from one id list (and optional weight list) per bag.
    public init(bags: [[Int32]], weights: [[Float]]? = nil) {
        var offsets: [Int32] = [0]
        for bag in bags { offsets.append(offsets.last! + Int32(bag.count)) }
        if let weights {
            precondition(weights.count == bags.count, "BagBatch(bags:): \(weights.count) weight lists for \(bags.count) bags")
            for (b, w) in weights.enumerated() {
                precondition(w.count == bags[b].count, "BagBatch(bags:): bag \(b) has \(bags[b].count) ids, \(w.count) weights")
            }
        }
        self.init(ids: bags.flatMap { $0 }, offsets: offsets, weights: weights?.flatMap { $0 })
    }

    /// The number of bags B.
    public var count: Int { offsets.count - 1 }
}

/// Sums or averages embedding rows over bags of hashed ids: `[B bags] -> [B, E]`.
///
/// For bag b with ids i and weights w_i (1 when absent), with table row T[i]:
///  - `.sum`:  out[b] = sum_i w_i T[i]
///  - `.mean`: out[b] = sum_i w_i T[i] / sum_i w_i   (the weighted mean; 0 for an empty bag or zero weight sum)
///
/// The table `[rows, E]` lives in the `ParameterStore` values buffer but is registered as
/// `.sparseRows`: it has no slot in the dense gradient buffer, and `backward` returns a
/// `SparseRowGradient` listing only the touched rows.
public struct EmbeddingBag: Sendable {
    /// How a bag's rows are combined.
    public enum Mode: String, Sendable, Codable {
        /// Weighted sum.
        case sum
        /// Weighted mean (divides by the sum of the bag's weights).
        case mean
    }

    /// The table `[rows, dim]` (sparse gradient).
    public let table: ParameterID
    /// The number of table rows (hash buckets).
    public let rows: Int
    /// The embedding width E.
    public let dim: Int
    /// Sum or mean.
    public let mode: Mode
    private var cachedBatch: BagBatch?
    /// Per-id scale used in the last forward (w_i, or w_i / sum w for mean) `[N]`.
    private var cachedScales: [Float] = []
    /// Scratch for backward (allocated on first use): table row -> slot in the sparse gradient `[rows]`,
    /// and a bitmap of touched rows `[rows / 64]` (all zero between calls).
    private var slotOfRow: [Int32] = []
    private var touchedBits: [UInt64] = []

    /// Registers `name.weight` `[rows, dim]` (sparse rows) in `layout`, initialized N(0, initStd^2).
    public init(layout: inout ParameterLayout, name: String, rows: Int, dim: Int, mode: Mode,
                initStd: Float = 0.1) {
        precondition(rows > 0 && dim > 0, "EmbeddingBag \(name): invalid shape rows=\(rows) dim=\(dim)")
        precondition(rows <= Int(Int32.max), "EmbeddingBag \(name): rows \(rows) exceed Int32 ids")
        self.rows = rows
        self.dim = dim
        self.mode = mode
        self.table = layout.add("\(name).weight", shape: [rows, dim], gradient: .sparseRows,
                                initializer: .normal(std: initStd))
    }

    /// The per-id multipliers of the table rows: w_i, or w_i / sum(w over the bag) in mean mode.
    private func scales(_ batch: BagBatch) -> [Float] {
        let n = batch.ids.count
        var s = batch.weights ?? [Float](repeating: 1, count: n)
        if mode == .mean {
            for b in 0..<batch.count {
                let lo = Int(batch.offsets[b]), hi = Int(batch.offsets[b + 1])
                var total: Float = 0
                for i in lo..<hi { total += s[i] }
                let inv: Float = total != 0 ? 1 / total : 0
                for i in lo..<hi { s[i] *= inv }
            }
        }
        return s
    }

    /// Computes `out [B, E]` without caching (inference).
    public func apply(_ batch: BagBatch, params: ParameterStore) -> Tensor {
        apply(batch, scales: scales(batch), params: params)
    }

    private func apply(_ batch: BagBatch, scales: [Float], params: ParameterStore) -> Tensor {
        let e = dim, nb = batch.count, tv = params.view(table)
        return Tensor(shape: [nb, e]) { out in
            params.values.withUnsafeBufferPointer { pv in
                let t = pv.baseAddress! + tv.offset
                batch.ids.withUnsafeBufferPointer { ids in
                    scales.withUnsafeBufferPointer { sc in
                        for b in 0..<nb {
                            let o = out.baseAddress! + b * e
                            o.update(repeating: 0, count: e)
                            for i in Int(batch.offsets[b])..<Int(batch.offsets[b + 1]) {
                                let id = Int(ids[i])
                                precondition(id >= 0 && id < rows,
                                             "EmbeddingBag: id \(id) at position \(i) (bag \(b)) outside 0..<\(rows)")
                                let r = t + id * e, s = sc[i]
                                for c in 0..<e { o[c] += s * r[c] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Computes `out [B, E]` and caches the batch for `backward`.
    public mutating func forward(_ batch: BagBatch, params: ParameterStore) -> Tensor {
        let s = scales(batch)
        cachedBatch = batch
        cachedScales = s
        return apply(batch, scales: s, params: params)
    }

    /// Given `dy [B, E]`, returns the sparse gradient of the table: d T[r] = sum over occurrences of r of s_i dy[b].
    ///
    /// Rows come out ascending; each row's contributions are added in batch order (deterministic).
    public mutating func backward(_ dy: Tensor) -> SparseRowGradient {
        guard let batch = cachedBatch else { preconditionFailure("EmbeddingBag.backward called before forward") }
        let e = dim, nb = batch.count
        precondition(dy.shape == [nb, e], "EmbeddingBag.backward: dy has shape \(dy.shape), expected [\(nb), \(e)]")
        if slotOfRow.count != rows {
            slotOfRow = [Int32](repeating: 0, count: rows)
            touchedBits = [UInt64](repeating: 0, count: (rows + 63) / 64)
        }
        // 1. The distinct touched rows, ascending: mark a bitmap, then scan it (O(N + rows/64), no sort).
        //    slotOfRow maps each touched row to its position; entries of untouched rows are never read.
        var touched: [Int32] = []
        touched.reserveCapacity(min(batch.ids.count, rows))
        touchedBits.withUnsafeMutableBufferPointer { bits in
            for id in batch.ids { bits[Int(id) >> 6] |= 1 << UInt64(Int(id) & 63) }
            slotOfRow.withUnsafeMutableBufferPointer { slot in
                for w in 0..<bits.count where bits[w] != 0 {
                    var word = bits[w]
                    bits[w] = 0  // leaves the bitmap clear for the next step
                    while word != 0 {
                        let id = w * 64 + word.trailingZeroBitCount
                        slot[id] = Int32(touched.count)
                        touched.append(Int32(id))
                        word &= word - 1
                    }
                }
            }
        }
        // 2. Scatter-add s_i * dy[b] into the slot of each id.
        var values = [Float](repeating: 0, count: touched.count * e)
        values.withUnsafeMutableBufferPointer { pv in
            slotOfRow.withUnsafeBufferPointer { slot in
                dy.withUnsafeBufferPointer { pdy in
                    cachedScales.withUnsafeBufferPointer { sc in
                        batch.ids.withUnsafeBufferPointer { ids in
                            for b in 0..<nb {
                                let g = pdy.baseAddress! + b * e
                                for i in Int(batch.offsets[b])..<Int(batch.offsets[b + 1]) {
                                    let o = pv.baseAddress! + Int(slot[Int(ids[i])]) * e, s = sc[i]
                                    for c in 0..<e { o[c] += s * g[c] }
                                }
                            }
                        }
                    }
                }
            }
        }
        cachedBatch = nil
        return SparseRowGradient(parameter: table, dim: e, rows: touched, values: values)
    }
}
