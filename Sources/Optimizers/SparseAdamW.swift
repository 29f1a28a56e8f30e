// Lazy sparse AdamW for embedding tables `[nRows, dim]`: only rows with a gradient this step are touched.
//
// For each touched row r (after coalescing duplicate indices by summing their gradients), with
// t_r = number of updates row r has received including this one (a PER-ROW step):
//   p_r <- p_r * (1 - lr * wd)
//   m_r <- b1 * m_r + (1 - b1) * g_r
//   v_r <- b2 * v_r + (1 - b2) * g_r^2
//   p_r <- p_r - lr * (m_r / (1 - b1^t_r)) / (sqrt(v_r / (1 - b2^t_r)) + eps)
// Differences from dense `AdamW` on the same table (where untouched rows have gradient 0):
//   1. Untouched rows keep m, v unchanged (dense decays them by b1, b2) and their weights do not move
//      (dense keeps moving them by the decaying momentum).
//   2. Weight decay is applied to a row only on steps that touch it (dense decays every row every step).
//   3. Bias correction uses the row's own step t_r, not the global step: each row's moments are an EMA over
//      the steps it was touched, so t_r is the exact correction and a row first touched late gets a
//      first update of size ~lr, as in dense Adam's first step (a global step would give ~lr*(1-b1)/sqrt(1-b2)).
//   4. Duplicate row indices in one call are summed first, so a row is updated at most once per step.
// When every row is touched every step, t_r equals the global step and the update is exactly dense AdamW.

/// Lazy sparse AdamW over an embedding table `[rows, dim]` with per-row bias-correction steps.
public struct SparseAdamW: Codable, Sendable, Equatable {
    /// The hyperparameters (shared with dense AdamW).
    public var hyper: AdamHyperparameters
    /// Number of rows of the table.
    public let rows: Int
    /// Row width (embedding dimension).
    public let dim: Int
    /// Number of `update` calls so far (global step, informational; bias correction uses `rowStep`).
    public private(set) var step: Int
    /// Per-row update counts `[rows]`: row r's bias correction uses t_r = rowStep[r].
    public private(set) var rowStep: [Int32]
    /// First moments `[rows, dim]`.
    public private(set) var m: [Float]
    /// Second moments `[rows, dim]`.
    public private(set) var v: [Float]

    /// Creates a fresh optimizer for a `[rows, dim]` table.
    public init(rows: Int, dim: Int, hyper: AdamHyperparameters = AdamHyperparameters()) throws {
        try self.init(hyper: hyper, rows: rows, dim: dim, step: 0, rowStep: [Int32](repeating: 0, count: rows),
                      m: [Float](repeating: 0, count: rows * dim), v: [Float](repeating: 0, count: rows * dim))
    }

    /// Restores an optimizer from checkpointed state, validating sizes.
    public init(hyper: AdamHyperparameters, rows: Int, dim: Int, step: Int, rowStep: [Int32], m: [Float], v: [Float]) throws {
        try hyper.validate()
        if rows < 0 || dim <= 0 {
            throw OptimizerError.invalidHyperparameter(field: rows < 0 ? "rows" : "dim", value: Double(rows < 0 ? rows : dim),
                                                       reason: "rows must be >= 0 and dim > 0")
        }
        if step < 0 || rowStep.contains(where: { $0 < 0 }) {
            throw OptimizerError.invalidHyperparameter(field: step < 0 ? "step" : "rowStep", value: Double(step), reason: "steps must be >= 0")
        }
        try checkCount("rowStep", expected: rows, got: rowStep.count)
        try checkCount("m", expected: rows * dim, got: m.count)
        try checkCount("v", expected: rows * dim, got: v.count)
        self.hyper = hyper
        self.rows = rows
        self.dim = dim
        self.step = step
        self.rowStep = rowStep
        self.m = m
        self.v = v
    }

    enum CodingKeys: String, CodingKey { case hyper, rows, dim, step, rowStep, m, v }

    /// Decodes and validates checkpointed state.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(hyper: c.decode(AdamHyperparameters.self, forKey: .hyper), rows: c.decode(Int.self, forKey: .rows),
                      dim: c.decode(Int.self, forKey: .dim), step: c.decode(Int.self, forKey: .step),
                      rowStep: c.decode([Int32].self, forKey: .rowStep), m: c.decode([Float].self, forKey: .m),
                      v: c.decode([Float].self, forKey: .v))
    }

    /// Applies one lazy update: `table [rows, dim]`, touched `rowIndices [k]`, their gradients `rowGrads [k, dim]`.
    ///
    /// Duplicate indices are summed before the update. An empty `rowIndices` only advances `step`.
    public mutating func update(table: UnsafeMutableBufferPointer<Float>, rowIndices: [Int],
                                rowGrads: UnsafeBufferPointer<Float>, lr: Float) throws {
        try checkCount("table", expected: rows * dim, got: table.count)
        let (uniq, grads) = try SparseRows.coalesce(rowIndices: rowIndices, rowGrads: rowGrads, dim: dim, rows: rows)
        step += 1
        let h = hyper, d = dim
        let shrink = 1 - lr * h.weightDecay
        rowStep.withUnsafeMutableBufferPointer { rowStep in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    grads.withUnsafeBufferPointer { g in
                        for (k, r) in uniq.enumerated() {
                            rowStep[r] += 1
                            let (bc1, bc2) = h.biasCorrections(step: Int(rowStep[r]))
                            let base = r * d, gbase = k * d
                            for j in 0..<d {
                                let i = base + j, gi = g[gbase + j]
                                m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi
                                v[i] = h.beta2 * v[i] + (1 - h.beta2) * gi * gi
                                let mhat = m[i] / bc1
                                let vhat = v[i] / bc2
                                table[i] = table[i] * shrink - lr * mhat / (vhat.squareRoot() + h.eps)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Applies one lazy update to arrays (convenience over the buffer version).
    public mutating func update(table: inout [Float], rowIndices: [Int], rowGrads: [Float], lr: Float) throws {
        try table.withUnsafeMutableBufferPointer { t in
            try rowGrads.withUnsafeBufferPointer { g in try update(table: t, rowIndices: rowIndices, rowGrads: g, lr: lr) }
        }
    }
}

extension SparseAdamW {
    /// Applies one lazy update with `Int32` row ids (as produced by hashed featurizers).
    public mutating func update(table: inout [Float], rowIndices: [Int32], rowGrads: [Float], lr: Float) throws {
        try update(table: &table, rowIndices: rowIndices.map { Int($0) }, rowGrads: rowGrads, lr: lr)
    }
}

/// Helpers for sparse row gradients (`rowIndices [k]` + `rowGrads [k, dim]`).
public enum SparseRows {
    /// Sums gradients of duplicate row indices: returns unique indices (first-occurrence order) and `[u, dim]` grads.
    ///
    /// Throws if `rowGrads.count != rowIndices.count * dim` or an index is outside `0..<rows`.
    public static func coalesce(rowIndices: [Int], rowGrads: UnsafeBufferPointer<Float>, dim: Int,
                                rows: Int) throws -> (rowIndices: [Int], rowGrads: [Float]) {
        try checkCount("rowGrads", expected: rowIndices.count * dim, got: rowGrads.count)
        var slot = [Int: Int](minimumCapacity: rowIndices.count)
        var uniq: [Int] = []
        uniq.reserveCapacity(rowIndices.count)
        for r in rowIndices {
            if r < 0 || r >= rows { throw OptimizerError.indexOutOfRange(field: "rowIndices", index: r, bound: rows) }
            if slot[r] == nil {
                slot[r] = uniq.count
                uniq.append(r)
            }
        }
        if uniq.count == rowIndices.count { return (uniq, Array(rowGrads)) }
        var out = [Float](repeating: 0, count: uniq.count * dim)
        for (k, r) in rowIndices.enumerated() {
            let dst = slot[r]! * dim, src = k * dim
            for j in 0..<dim { out[dst + j] += rowGrads[src + j] }
        }
        return (uniq, out)
    }

    /// Array convenience for `coalesce(rowIndices:rowGrads:dim:rows:)`.
    public static func coalesce(rowIndices: [Int], rowGrads: [Float], dim: Int,
                                rows: Int) throws -> (rowIndices: [Int], rowGrads: [Float]) {
        try rowGrads.withUnsafeBufferPointer { try coalesce(rowIndices: rowIndices, rowGrads: $0, dim: dim, rows: rows) }
    }
}
