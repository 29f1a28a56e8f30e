import CPUHints
import Tensors

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
/// The table `[rows, E]` lives in the `ParameterStore` (its values buffer, or the external memory of its sparse
/// segment, e.g. a node-shared table during distributed training) and is registered as
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
    /// Scratch for backward (allocated on first use): a bitmap of touched rows `[rows / 64]` (all zero
    /// between calls) and the number of touched rows before each bitmap word `[rows / 64]`.
    private var touchedBits: [UInt64] = []
    private var rankBefore: [Int32] = []

    /// Registers `name.weight` `[rows, dim]` (sparse rows) in `layout`, initialized with standard deviation `initStd`.
    ///
    /// The draw is uniform in `[-initStd * sqrt(3), initStd * sqrt(3)]` (as fastText's input table): the same
    /// variance as N(0, initStd^2) for a tenth of the cost, which matters for a table of millions of floats
    /// (262,144 x 32: 0.35 s of Gaussian draws against 0.03 s).
    public init(layout: inout ParameterLayout, name: String, rows: Int, dim: Int, mode: Mode,
                initStd: Float = 0.1) {
        precondition(rows > 0 && dim > 0, "EmbeddingBag \(name): invalid shape rows=\(rows) dim=\(dim)")
        precondition(rows <= Int(Int32.max), "EmbeddingBag \(name): rows \(rows) exceed Int32 ids")
        self.rows = rows
        self.dim = dim
        self.mode = mode
        self.table = layout.add("\(name).weight", shape: [rows, dim], gradient: .sparseRows,
                                initializer: .uniform(bound: initStd * Float(3).squareRoot()))
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
        let e = dim, nb = batch.count
        return Tensor(shape: [nb, e]) { out in
            params.withValues(table) { pv in
                let t = pv.baseAddress!
                batch.ids.withUnsafeBufferPointer { ids in
                    for i in 0..<ids.count where ids[i] < 0 || Int(ids[i]) >= rows {
                        preconditionFailure("EmbeddingBag: id \(ids[i]) at position \(i) outside 0..<\(rows)")
                    }
                    scales.withUnsafeBufferPointer { sc in
                        for b in 0..<nb {
                            let o = out.baseAddress! + b * e
                            o.update(repeating: 0, count: e)
                            var i = Int(batch.offsets[b])
                            let hi = Int(batch.offsets[b + 1])
                            // Four rows per pass: independent gathers in flight, one read-modify-write of o.
                            while i + 4 <= hi {
                                // The rows 16 ahead are fetched while these 4 are summed: a table row is a cache
                                // miss (a random row of a 33 MB table), and with the node-shared table the other
                                // rank's core just wrote many of them.
                                if i + 20 <= ids.count {
                                    for k in 16..<20 { let r = t + Int(ids[i + k]) * e; rr_prefetch_read(r); rr_prefetch_read(r + e - 1) }
                                }
                                let r0 = t + Int(ids[i]) * e, r1 = t + Int(ids[i + 1]) * e
                                let r2 = t + Int(ids[i + 2]) * e, r3 = t + Int(ids[i + 3]) * e
                                let s0 = sc[i], s1 = sc[i + 1], s2 = sc[i + 2], s3 = sc[i + 3]
                                for c in 0..<e { o[c] += (s0 * r0[c] + s1 * r1[c]) + (s2 * r2[c] + s3 * r3[c]) }
                                i += 4
                            }
                            while i < hi {
                                let r = t + Int(ids[i]) * e, s = sc[i]
                                for c in 0..<e { o[c] += s * r[c] }
                                i += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Computes `out [B, E]` and caches the batch for `backward`.
    public mutating func forward(_ batch: BagBatch, params: ParameterStore) -> Tensor {
        cachedBatch = batch
        return apply(batch, scales: scales(batch), params: params)
    }

    /// Given `dy [B, E]`, returns the sparse gradient of the table: d T[r] = sum over occurrences of r of s_i dy[b].
    ///
    /// Rows come out ascending; each row's contributions are added in batch order (deterministic).
    public mutating func backward(_ dy: Tensor) -> SparseRowGradient {
        guard let batch = cachedBatch else { preconditionFailure("EmbeddingBag.backward called before forward") }
        let e = dim, nb = batch.count
        precondition(dy.shape == [nb, e], "EmbeddingBag.backward: dy has shape \(dy.shape), expected [\(nb), \(e)]")
        let words = (rows + 63) / 64
        if touchedBits.count != words {
            touchedBits = [UInt64](repeating: 0, count: words)
            rankBefore = [Int32](repeating: 0, count: words)
        }
        // 1. Mark the touched rows in a bitmap (rows / 8 bytes: stays in L2 even for 2^20 rows).
        // 2. Scan it: the touched rows come out ascending, and rankBefore[w] = touched rows in words < w,
        //    so the slot of row r is rankBefore[r / 64] + popcount(bits below r in its word). No sort, no hash.
        var touched: [Int32] = []
        touched.reserveCapacity(min(batch.ids.count, rows))
        touchedBits.withUnsafeMutableBufferPointer { bits in
            for id in batch.ids { bits[Int(id) >> 6] |= 1 << UInt64(Int(id) & 63) }
            rankBefore.withUnsafeMutableBufferPointer { rank in
                for w in 0..<words where bits[w] != 0 {
                    rank[w] = Int32(touched.count)
                    var word = bits[w]
                    while word != 0 {
                        touched.append(Int32(w * 64 + word.trailingZeroBitCount))
                        word &= word - 1
                    }
                }
            }
        }
        // 3. Scatter-add s_i * dy[b] into the slot of each id.
        var values = [Float](repeating: 0, count: touched.count * e)
        let sc = scales(batch)
        values.withUnsafeMutableBufferPointer { pv in
            touchedBits.withUnsafeMutableBufferPointer { bits in
                rankBefore.withUnsafeBufferPointer { rank in
                    dy.withUnsafeBufferPointer { pdy in
                        batch.ids.withUnsafeBufferPointer { ids in
                            for b in 0..<nb {
                                let g = pdy.baseAddress! + b * e
                                for i in Int(batch.offsets[b])..<Int(batch.offsets[b + 1]) {
                                    let id = Int(ids[i]), w = id >> 6
                                    let below = bits[w] & ((1 << UInt64(id & 63)) &- 1)
                                    let slot = Int(rank[w]) + below.nonzeroBitCount
                                    let o = pv.baseAddress! + slot * e, s = sc[i]
                                    for c in 0..<e { o[c] += s * g[c] }
                                }
                            }
                            // 4. Clear the bitmap for the next step (O(N), not O(rows)).
                            for id in ids { bits[Int(id) >> 6] = 0 }
                        }
                    }
                }
            }
        }
        cachedBatch = nil
        return SparseRowGradient(parameter: table, dim: e, rows: touched, values: values)
    }
}
