// Global gradient-norm clipping over a dense gradient buffer plus sparse row gradients.
//
//   norm  = sqrt(sum over every buffer of g^2)          accumulated in Double
//   coef  = min(1, maxNorm / (norm + 1e-6))             as torch.nn.utils.clip_grad_norm_
//   g    <- g * coef   (every buffer, only when coef < 1)
// Sparse row gradients must be coalesced (`SparseRows.coalesce`) first: duplicate rows would otherwise be
// counted as separate vectors and the norm would differ from the norm of the summed row gradient.
// In data-parallel training clip AFTER the gradient allreduce so every rank computes the same norm.

/// Global L2-norm gradient clipping across several buffers.
public enum GradientClipping {
    /// Sum of squares of a buffer, accumulated in Double (4 independent partial sums, so it vectorizes;
    /// the partial sums are added at the end).
    public static func sumOfSquares(_ g: UnsafeBufferPointer<Float>) -> Double {
        guard let p = g.baseAddress else { return 0 }
        let n = g.count
        var s = SIMD4<Double>(repeating: 0)
        var i = 0
        while i + 4 <= n {
            let x = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
            s += x * x
            i += 4
        }
        var t = s.sum()
        while i < n { t += Double(p[i]) * Double(p[i]); i += 1 }
        return t
    }

    /// The global L2 norm over a dense buffer and any number of sparse row-gradient buffers.
    public static func globalNorm(dense: UnsafeBufferPointer<Float>, sparse: [UnsafeBufferPointer<Float>] = []) -> Double {
        var s = sumOfSquares(dense)
        for b in sparse { s += sumOfSquares(b) }
        return s.squareRoot()
    }

    /// The scale factor `min(1, maxNorm / (norm + 1e-6))`; 1 when the norm is not finite (caller decides).
    public static func clipCoefficient(norm: Double, maxNorm: Double) -> Float {
        guard norm.isFinite else { return 1 }
        return Float(min(1, maxNorm / (norm + 1e-6)))
    }

    /// Clips all buffers in place to global norm `maxNorm`; returns the PRE-clip global norm.
    ///
    /// A non-finite norm (NaN/inf gradient) leaves the buffers untouched and is returned so the caller can
    /// skip the step. Throws if `maxNorm` is not positive and finite.
    @discardableResult
    public static func clipGlobalNorm(dense: UnsafeMutableBufferPointer<Float>, sparse: [UnsafeMutableBufferPointer<Float>] = [],
                                      maxNorm: Float) throws -> Double {
        try checkHyper("maxNorm", maxNorm, maxNorm > 0 && maxNorm.isFinite, "must be finite and > 0")
        let norm = globalNorm(dense: UnsafeBufferPointer(dense), sparse: sparse.map { UnsafeBufferPointer($0) })
        let coef = clipCoefficient(norm: norm, maxNorm: Double(maxNorm))
        if coef < 1 {
            for i in dense.indices { dense[i] *= coef }
            for b in sparse { for i in b.indices { b[i] *= coef } }
        }
        return norm
    }

    /// Array convenience: clips a dense gradient and one sparse row-gradient array; returns the pre-clip norm.
    @discardableResult
    public static func clipGlobalNorm(dense: inout [Float], sparse: inout [Float], maxNorm: Float) throws -> Double {
        try dense.withUnsafeMutableBufferPointer { d in
            try sparse.withUnsafeMutableBufferPointer { s in try clipGlobalNorm(dense: d, sparse: [s], maxNorm: maxNorm) }
        }
    }

    /// Array convenience: clips one dense gradient array; returns the pre-clip norm.
    @discardableResult
    public static func clipGlobalNorm(dense: inout [Float], maxNorm: Float) throws -> Double {
        try dense.withUnsafeMutableBufferPointer { d in try clipGlobalNorm(dense: d, maxNorm: maxNorm) }
    }
}
