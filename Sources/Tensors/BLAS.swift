import CBLAS

// Thin, shape-checked wrappers over OpenBLAS (cblas_sgemm / sgemv / saxpy / sdot).
// The raw-pointer forms are for layers whose weights live inside a ParameterStore buffer;
// the Tensor forms allocate their output.

/// `C[m, n] = alpha * op(A) * op(B) + beta * C` on raw row-major pointers (cblas_sgemm).
///
/// `op(A)` is `[m, k]`: A is stored `[m, k]` (lda >= k), or `[k, m]` when `transposeA` (lda >= m).
/// `op(B)` is `[k, n]`: B is stored `[k, n]` (ldb >= n), or `[n, k]` when `transposeB` (ldb >= k).
@inline(__always)
public func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// `y[m'] = alpha * op(A) * x + beta * y` on raw pointers (cblas_sgemv); A is stored `[m, n]`.
///
/// Without transpose `x` has n elements and `y` m; with `transpose` `x` has m and `y` n.
@inline(__always)
public func gemv(
    transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
) {
    if m == 0 || n == 0 { return }
    cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
                alpha, a, Int32(lda), x, 1, beta, y, 1)
}

/// `C = alpha * op(A) * op(B)`: a new `[m, n]` tensor (op = optional transpose of a rank-2 tensor).
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
                   alpha: Float = 1) -> Tensor {
    checkRank2(a, "matmul lhs")
    checkRank2(b, "matmul rhs")
    let (m, ka) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    precondition(ka == kb, "matmul: inner dimensions differ: op(A) is [\(m), \(ka)], op(B) is [\(kb), \(n)] "
                 + "(A \(a.shape) transposeA=\(transposeA), B \(b.shape) transposeB=\(transposeB))")
    if ka == 0 { return Tensor(zeros: [m, n]) }
    return Tensor(shape: [m, n]) { c in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                     alpha: alpha, a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                     beta: 0, c: c.baseAddress!, ldc: n)
            }
        }
    }
}

/// `C = alpha * op(A) * op(B) + beta * C` into an existing `[m, n]` tensor (beta = 1 accumulates).
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
                   alpha: Float = 1, beta: Float, into c: inout Tensor) {
    checkRank2(a, "matmul lhs")
    checkRank2(b, "matmul rhs")
    checkRank2(c, "matmul output")
    let (m, ka) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    precondition(ka == kb, "matmul: inner dimensions differ: op(A) is [\(m), \(ka)], op(B) is [\(kb), \(n)]")
    precondition(c.shape == [m, n], "matmul: output has shape \(c.shape), expected [\(m), \(n)]")
    if ka == 0 { scale(&c, by: beta); return }
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: ka,
                     alpha: alpha, a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                     beta: beta, c: pc.baseAddress!, ldc: n)
            }
        }
    }
}

/// `y = op(A) * x`: matrix `[m, n]` times vector (`[n]`, or `[m]` when `transpose`) via cblas_sgemv.
public func matvec(_ a: Tensor, _ x: [Float], transpose: Bool = false) -> [Float] {
    checkRank2(a, "matvec matrix")
    let (m, n) = (a.shape[0], a.shape[1])
    let (xin, yout) = transpose ? (m, n) : (n, m)
    precondition(x.count == xin, "matvec: vector has \(x.count) elements, expected \(xin) for matrix \(a.shape) transpose=\(transpose)")
    var y = [Float](repeating: 0, count: yout)
    if m == 0 || n == 0 { return y }
    a.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                gemv(transpose: transpose, m: m, n: n, alpha: 1, a: pa.baseAddress!, lda: n,
                     x: px.baseAddress!, beta: 0, y: py.baseAddress!)
            }
        }
    }
    return y
}

/// `y += alpha * x` over equal-length float arrays (cblas_saxpy).
public func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float]) {
    precondition(x.count == y.count, "axpy: x has \(x.count) elements, y has \(y.count)")
    if x.isEmpty { return }
    x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
            cblas_saxpy(Int32(px.count), alpha, px.baseAddress!, 1, py.baseAddress!, 1)
        }
    }
}

/// `y += alpha * x` over equal-shape tensors (cblas_saxpy).
public func axpy(_ alpha: Float, _ x: Tensor, _ y: inout Tensor) {
    checkSameShape(x.shape, y.shape, "axpy")
    if x.count == 0 { return }
    x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
            cblas_saxpy(Int32(px.count), alpha, px.baseAddress!, 1, py.baseAddress!, 1)
        }
    }
}

/// The dot product of two equal-length float arrays (cblas_sdot).
public func dot(_ x: [Float], _ y: [Float]) -> Float {
    precondition(x.count == y.count, "dot: x has \(x.count) elements, y has \(y.count)")
    if x.isEmpty { return 0 }
    return x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in cblas_sdot(Int32(px.count), px.baseAddress!, 1, py.baseAddress!, 1) }
    }
}

/// The dot product of two equal-shape tensors viewed as flat vectors (cblas_sdot).
public func dot(_ x: Tensor, _ y: Tensor) -> Float {
    checkSameShape(x.shape, y.shape, "dot")
    return dot(x.scalars, y.scalars)
}

/// Sets the number of threads OpenBLAS uses for every later call in this process.
///
/// The router's GEMMs are small: one thread per process (per rank, per serving core) is fastest, and extra
/// OpenBLAS workers only spin against the caller. `OPENBLAS_CORETYPE` is never touched.
public func setBLASThreads(_ n: Int) {
    precondition(n >= 1, "setBLASThreads: need at least one thread, got \(n)")
    rr_openblas_set_num_threads(Int32(n))
}
