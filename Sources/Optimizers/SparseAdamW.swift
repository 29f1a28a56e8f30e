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

import CPUHints

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
        try checkCount("rowGrads", expected: rowIndices.count * dim, got: rowGrads.count)
        if try rowIndices.withUnsafeBufferPointer({ try isAscendingUnique($0) }) {
            step += 1
            rowIndices.withUnsafeBufferPointer { apply(table: table, uniq: $0, grads: rowGrads, lr: lr) }
            return
        }
        let (uniq, grads) = try SparseRows.coalesce(rowIndices: rowIndices, rowGrads: rowGrads, dim: dim, rows: rows)
        step += 1
        uniq.withUnsafeBufferPointer { u in grads.withUnsafeBufferPointer { apply(table: table, uniq: u, grads: $0, lr: lr) } }
    }

    /// Applies one lazy update with `Int32` row ids `[k]` (as in `SparseRowGradient.rows`) without copying them.
    ///
    /// Strictly ascending ids (a `SparseRowGradient`) are used as they are; otherwise duplicates are summed first.
    public mutating func update(table: UnsafeMutableBufferPointer<Float>, rowIndices: UnsafeBufferPointer<Int32>,
                                rowGrads: UnsafeBufferPointer<Float>, lr: Float) throws {
        try checkCount("table", expected: rows * dim, got: table.count)
        try checkCount("rowGrads", expected: rowIndices.count * dim, got: rowGrads.count)
        if try isAscendingUnique(rowIndices) {
            step += 1
            apply(table: table, uniq: rowIndices, grads: rowGrads, lr: lr)
        } else {
            try update(table: table, rowIndices: rowIndices.map { Int($0) }, rowGrads: rowGrads, lr: lr)
        }
    }

    /// Gives mutable access to the per-row state `rowStep [rows]`, `m [rows, dim]`, `v [rows, dim]` (e.g. to gather
    /// the rows other ranks updated when the update is sharded by rows).
    public mutating func withMutableState<R>(_ body: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Float>,
                                                      UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try rowStep.withUnsafeMutableBufferPointer { s in
            try m.withUnsafeMutableBufferPointer { m in try v.withUnsafeMutableBufferPointer { v in try body(s, m, v) } }
        }
    }

    /// True when `ids` are strictly ascending (hence distinct); throws when one is outside `0..<rows`.
    private func isAscendingUnique<I: BinaryInteger>(_ ids: UnsafeBufferPointer<I>) throws -> Bool {
        var prev = -1
        for x in ids {
            let r = Int(x)
            if r < 0 || r >= rows { throw OptimizerError.indexOutOfRange(field: "rowIndices", index: r, bound: rows) }
            if r <= prev { return false }
            prev = r
        }
        return true
    }

    /// The update of distinct rows `uniq [k]` with gradients `grads [k, dim]` (`step` already advanced).
    ///
    /// Same arithmetic, element by element and in the same order, as the scalar formula in the header;
    /// 8-wide SIMD when `dim` is a multiple of 8 (no FMA contraction, so results are bit-identical).
    private mutating func apply<I: BinaryInteger>(table: UnsafeMutableBufferPointer<Float>, uniq: UnsafeBufferPointer<I>,
                                                  grads: UnsafeBufferPointer<Float>, lr: Float) {
        let h = hyper, d = dim
        let shrink = 1 - lr * h.weightDecay
        let b1 = h.beta1, b2 = h.beta2, c1 = 1 - h.beta1, c2 = 1 - h.beta2, eps = h.eps
        // Bias corrections depend only on a row's step: cache them for small steps (most rows).
        var cache: [(Float, Float)] = []
        rowStep.withUnsafeMutableBufferPointer { rowStep in
            m.withUnsafeMutableBufferPointer { mb in
                v.withUnsafeMutableBufferPointer { vb in
                    let mp = mb.baseAddress!, vp = vb.baseAddress!, tp = table.baseAddress!, gp = grads.baseAddress
                    let n = uniq.count, ahead = 16
                    for k in 0..<n {
                        if k + ahead < n {  // row 16 ahead: its table and moment rows are fetched for writing meanwhile
                            let q = Int(uniq[k + ahead]) * d
                            rr_prefetch_write(tp + q); rr_prefetch_write(tp + q + d - 1)
                            rr_prefetch_write(mp + q); rr_prefetch_write(mp + q + d - 1)
                            rr_prefetch_write(vp + q); rr_prefetch_write(vp + q + d - 1)
                        }
                        let r = Int(uniq[k])
                        rowStep[r] += 1
                        let t = Int(rowStep[r])
                        let bc1: Float, bc2: Float
                        if t < 4096 {
                            while cache.count <= t { cache.append(h.biasCorrections(step: max(cache.count, 1))) }
                            (bc1, bc2) = cache[t]
                        } else {
                            (bc1, bc2) = h.biasCorrections(step: t)
                        }
                        let base = r * d
                        let m = mp + base, v = vp + base, p = tp + base, g = gp! + k * d
                        var j = 0
                        if d % 8 == 0 {
                            typealias V = SIMD8<Float>
                            while j < d {
                                let gi = UnsafeRawPointer(g + j).loadUnaligned(as: V.self)
                                let mi = b1 * UnsafeRawPointer(m + j).loadUnaligned(as: V.self) + c1 * gi
                                let vi = b2 * UnsafeRawPointer(v + j).loadUnaligned(as: V.self) + c2 * gi * gi
                                UnsafeMutableRawPointer(m + j).storeBytes(of: mi, as: V.self)
                                UnsafeMutableRawPointer(v + j).storeBytes(of: vi, as: V.self)
                                let mhat = mi / bc1, vhat = vi / bc2
                                let pi = UnsafeRawPointer(p + j).loadUnaligned(as: V.self)
                                UnsafeMutableRawPointer(p + j).storeBytes(of: pi * shrink - lr * mhat / (vhat.squareRoot() + eps), as: V.self)
                                j += 8
                            }
                        }
                        while j < d {
                            let gi = g[j]
                            m[j] = b1 * m[j] + c1 * gi
                            v[j] = b2 * v[j] + c2 * gi * gi
                            let mhat = m[j] / bc1
                            let vhat = v[j] / bc2
                            p[j] = p[j] * shrink - lr * mhat / (vhat.squareRoot() + eps)
                            j += 1
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
