// Sparse SGD for embedding tables `[nRows, dim]` (fastText's update): only rows with a gradient are touched,
// and there is no per-row state.
//
// For each touched row r (duplicate indices summed first), wd = weightDecay:
//   p_r <- p_r * (1 - lr * wd) - lr * g_r
// With wd = 0 this is `p_r -= lr * g_r`, the update fastText applies to its input rows. Compared with
// `SparseAdamW` it reads and writes only the table (no moments, no per-row steps): one random row access per
// touched row instead of three, and a checkpoint without ~2x the table's size of optimizer state.

import CPUHints

/// Lazy sparse SGD over an embedding table `[rows, dim]` (no momentum, no per-row state).
public struct SparseSGD: Codable, Sendable, Equatable {
    /// Decoupled weight decay applied to touched rows only: the shrink factor is `1 - lr * weightDecay`.
    public var weightDecay: Float
    /// Number of rows of the table.
    public let rows: Int
    /// Row width (embedding dimension).
    public let dim: Int
    /// Number of `update` calls so far.
    public private(set) var step: Int

    /// Creates an optimizer for a `[rows, dim]` table; `step` > 0 when restoring a checkpoint.
    public init(rows: Int, dim: Int, weightDecay: Float = 0, step: Int = 0) throws {
        try checkHyper("weightDecay", weightDecay, weightDecay >= 0 && weightDecay.isFinite, "must be finite and >= 0")
        if rows < 0 || dim <= 0 {
            throw OptimizerError.invalidHyperparameter(field: rows < 0 ? "rows" : "dim", value: Double(rows < 0 ? rows : dim),
                                                       reason: "rows must be >= 0 and dim > 0")
        }
        if step < 0 { throw OptimizerError.invalidHyperparameter(field: "step", value: Double(step), reason: "must be >= 0") }
        self.weightDecay = weightDecay
        self.rows = rows
        self.dim = dim
        self.step = step
    }

    enum CodingKeys: String, CodingKey { case weightDecay, rows, dim, step }

    /// Decodes and validates checkpointed state.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(rows: c.decode(Int.self, forKey: .rows), dim: c.decode(Int.self, forKey: .dim),
                      weightDecay: c.decode(Float.self, forKey: .weightDecay), step: c.decode(Int.self, forKey: .step))
    }

    /// Applies one update: `table [rows, dim]`, touched `rowIndices [k]`, their gradients `rowGrads [k, dim]`.
    ///
    /// Any order and duplicates are allowed (a duplicate row receives the sum of its gradients, as one step).
    public mutating func update(table: UnsafeMutableBufferPointer<Float>, rowIndices: UnsafeBufferPointer<Int32>,
                                rowGrads: UnsafeBufferPointer<Float>, lr: Float) throws {
        try checkCount("table", expected: rows * dim, got: table.count)
        try checkCount("rowGrads", expected: rowIndices.count * dim, got: rowGrads.count)
        var prev = -1, ascending = true
        for x in rowIndices {
            let r = Int(x)
            if r < 0 || r >= rows { throw OptimizerError.indexOutOfRange(field: "rowIndices", index: r, bound: rows) }
            if r <= prev { ascending = false }
            prev = r
        }
        step += 1
        if ascending || weightDecay == 0 {
            // Distinct rows, or no decay: per-occurrence updates equal the update with summed gradients
            // (exactly so for distinct rows; for duplicates without decay up to float summation order).
            apply(table: table, rowIndices: rowIndices, grads: rowGrads, lr: lr)
        } else {
            let (uniq, grads) = try SparseRows.coalesce(rowIndices: rowIndices.map { Int($0) }, rowGrads: rowGrads, dim: dim, rows: rows)
            let ids = uniq.map { Int32($0) }
            ids.withUnsafeBufferPointer { u in grads.withUnsafeBufferPointer { apply(table: table, rowIndices: u, grads: $0, lr: lr) } }
        }
    }

    /// Applies one update to arrays (convenience over the buffer version).
    public mutating func update(table: inout [Float], rowIndices: [Int], rowGrads: [Float], lr: Float) throws {
        let ids = try rowIndices.map { r -> Int32 in
            guard r >= 0 && r < rows else { throw OptimizerError.indexOutOfRange(field: "rowIndices", index: r, bound: rows) }
            return Int32(r)
        }
        try table.withUnsafeMutableBufferPointer { t in
            try ids.withUnsafeBufferPointer { r in
                try rowGrads.withUnsafeBufferPointer { g in try update(table: t, rowIndices: r, rowGrads: g, lr: lr) }
            }
        }
    }

    /// `p_r <- p_r * shrink - lr * g_r` for every listed row (8-wide SIMD when `dim` is a multiple of 8).
    private func apply(table: UnsafeMutableBufferPointer<Float>, rowIndices: UnsafeBufferPointer<Int32>,
                       grads: UnsafeBufferPointer<Float>, lr: Float) {
        guard let tp = table.baseAddress, let gp = grads.baseAddress else { return }
        let d = dim, shrink = 1 - lr * weightDecay
        let n = rowIndices.count, ahead = 16
        for k in 0..<n {
            if k + ahead < n {  // the table row 16 ahead is fetched for writing while this one is updated
                let q = tp + Int(rowIndices[k + ahead]) * d
                rr_prefetch_write(q); rr_prefetch_write(q + d - 1)
            }
            let p = tp + Int(rowIndices[k]) * d, g = gp + k * d
            var j = 0
            if d % 8 == 0 {
                typealias V = SIMD8<Float>
                while j < d {
                    let pi = UnsafeRawPointer(p + j).loadUnaligned(as: V.self)
                    let gi = UnsafeRawPointer(g + j).loadUnaligned(as: V.self)
                    UnsafeMutableRawPointer(p + j).storeBytes(of: pi * shrink - lr * gi, as: V.self)
                    j += 8
                }
            }
            while j < d { p[j] = p[j] * shrink - lr * g[j]; j += 1 }
        }
    }
}
