#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Elementwise, broadcast, reduction and row-softmax ops on Tensor. Tight loops over unsafe pointers.

// MARK: Elementwise

/// Applies `f` to every element: a new tensor of the same shape.
public func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
    Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { px in
            for i in 0..<px.count { out[i] = f(px[i]) }
        }
    }
}

/// Combines two equal-shape tensors element by element: a new tensor.
public func zipMap(_ a: Tensor, _ b: Tensor, _ what: String = "zipMap", _ f: (Float, Float) -> Float) -> Tensor {
    checkSameShape(a.shape, b.shape, what)
    return Tensor(shape: a.shape) { out in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count { out[i] = f(pa[i], pb[i]) }
            }
        }
    }
}

/// Elementwise sum of equal-shape tensors.
public func + (a: Tensor, b: Tensor) -> Tensor { zipMap(a, b, "Tensor +") { $0 + $1 } }
/// Elementwise difference of equal-shape tensors.
public func - (a: Tensor, b: Tensor) -> Tensor { zipMap(a, b, "Tensor -") { $0 - $1 } }
/// Elementwise (Hadamard) product of equal-shape tensors.
public func * (a: Tensor, b: Tensor) -> Tensor { zipMap(a, b, "Tensor *") { $0 * $1 } }
/// Every element times a scalar.
public func * (s: Float, a: Tensor) -> Tensor { map(a) { s * $0 } }

/// In-place elementwise sum: `a += b` (equal shapes).
public func += (a: inout Tensor, b: Tensor) {
    checkSameShape(a.shape, b.shape, "Tensor +=")
    b.withUnsafeBufferPointer { pb in
        a.withUnsafeMutableBufferPointer { pa in
            for i in 0..<pa.count { pa[i] += pb[i] }
        }
    }
}

/// In-place elementwise difference: `a -= b` (equal shapes).
public func -= (a: inout Tensor, b: Tensor) {
    checkSameShape(a.shape, b.shape, "Tensor -=")
    b.withUnsafeBufferPointer { pb in
        a.withUnsafeMutableBufferPointer { pa in
            for i in 0..<pa.count { pa[i] -= pb[i] }
        }
    }
}

/// In-place elementwise product: `a *= b` (equal shapes).
public func *= (a: inout Tensor, b: Tensor) {
    checkSameShape(a.shape, b.shape, "Tensor *=")
    b.withUnsafeBufferPointer { pb in
        a.withUnsafeMutableBufferPointer { pa in
            for i in 0..<pa.count { pa[i] *= pb[i] }
        }
    }
}

/// Multiplies every element by `s` in place.
public func scale(_ a: inout Tensor, by s: Float) {
    a.withUnsafeMutableBufferPointer { pa in
        for i in 0..<pa.count { pa[i] *= s }
    }
}

// MARK: Broadcast over rows

/// Adds a row vector `[D]` to every row of `x [B, D]` in place (bias add).
public func addRowBroadcast(_ x: inout Tensor, _ row: [Float]) {
    checkRank2(x, "addRowBroadcast")
    let (b, d) = (x.shape[0], x.shape[1])
    precondition(row.count == d, "addRowBroadcast: row has \(row.count) elements, x is \(x.shape)")
    row.withUnsafeBufferPointer { pr in
        x.withUnsafeMutableBufferPointer { px in
            addRowBroadcast(px.baseAddress!, rows: b, cols: d, pr.baseAddress!)
        }
    }
}

/// Adds `row[D]` to each of the `rows` rows of the row-major `x [rows, D]` (raw-pointer form).
@inline(__always)
public func addRowBroadcast(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ row: UnsafePointer<Float>) {
    for i in 0..<rows {
        let xi = x + i * cols
        for j in 0..<cols { xi[j] += row[j] }
    }
}

/// Multiplies every row of `x [B, D]` elementwise by a row vector `[D]` in place.
public func mulRowBroadcast(_ x: inout Tensor, _ row: [Float]) {
    checkRank2(x, "mulRowBroadcast")
    let (b, d) = (x.shape[0], x.shape[1])
    precondition(row.count == d, "mulRowBroadcast: row has \(row.count) elements, x is \(x.shape)")
    row.withUnsafeBufferPointer { pr in
        x.withUnsafeMutableBufferPointer { px in
            for i in 0..<b {
                for j in 0..<d { px[i * d + j] *= pr[j] }
            }
        }
    }
}

// MARK: Reductions

/// Accumulates the column sums of `x [rows, cols]` into `out[cols]` (`out += sum over rows`).
@inline(__always)
public func accumulateColumnSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    for i in 0..<rows {
        let xi = x + i * cols
        for j in 0..<cols { out[j] += xi[j] }
    }
}

/// Sums a rank-2 tensor along an axis: axis 0 gives column sums `[D]` of `[B, D]`, axis 1 row sums `[B]`.
public func sum(_ x: Tensor, axis: Int) -> [Float] {
    checkRank2(x, "sum(axis:)")
    precondition(axis == 0 || axis == 1, "sum(axis:): axis must be 0 or 1, got \(axis)")
    let (b, d) = (x.shape[0], x.shape[1])
    return x.withUnsafeBufferPointer { px in
        if axis == 0 {
            var out = [Float](repeating: 0, count: d)
            out.withUnsafeMutableBufferPointer { po in
                accumulateColumnSums(px.baseAddress!, rows: b, cols: d, into: po.baseAddress!)
            }
            return out
        } else {
            var out = [Float](repeating: 0, count: b)
            for i in 0..<b {
                var s: Float = 0
                for j in 0..<d { s += px[i * d + j] }
                out[i] = s
            }
            return out
        }
    }
}

/// The sum of all elements, accumulated in float64.
public func sum(_ x: Tensor) -> Double {
    x.withUnsafeBufferPointer { px in
        var s = 0.0
        for v in px { s += Double(v) }
        return s
    }
}

/// The largest absolute elementwise difference between two equal-shape tensors.
public func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    checkSameShape(a.shape, b.shape, "maxAbsDifference")
    var m: Float = 0
    for i in 0..<a.count { m = max(m, abs(a.scalars[i] - b.scalars[i])) }
    return m
}

// MARK: Row softmax

/// Softmax over each row of `x [B, C]` (max-subtracted, so large logits do not overflow).
public func softmaxRows(_ x: Tensor) -> Tensor {
    checkRank2(x, "softmaxRows")
    let (b, c) = (x.shape[0], x.shape[1])
    precondition(c > 0, "softmaxRows: needs at least one column, got shape \(x.shape)")
    return Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { px in
            for i in 0..<b {
                let row = px.baseAddress! + i * c
                let o = out.baseAddress! + i * c
                var mx = row[0]
                for j in 1..<max(c, 1) { mx = max(mx, row[j]) }
                var s: Float = 0
                for j in 0..<c { let e = expf(row[j] - mx); o[j] = e; s += e }
                let inv = 1 / s
                for j in 0..<c { o[j] *= inv }
            }
        }
    }
}

/// Log-softmax over each row of `x [B, C]`: `x - max - log(sum(exp(x - max)))`.
public func logSoftmaxRows(_ x: Tensor) -> Tensor {
    checkRank2(x, "logSoftmaxRows")
    let (b, c) = (x.shape[0], x.shape[1])
    precondition(c > 0, "logSoftmaxRows: needs at least one column, got shape \(x.shape)")
    return Tensor(shape: x.shape) { out in
        x.withUnsafeBufferPointer { px in
            for i in 0..<b {
                let row = px.baseAddress! + i * c
                let o = out.baseAddress! + i * c
                var mx = row[0]
                for j in 1..<max(c, 1) { mx = max(mx, row[j]) }
                var s: Float = 0
                for j in 0..<c { s += expf(row[j] - mx) }
                let lse = mx + logf(s)
                for j in 0..<c { o[j] = row[j] - lse }
            }
        }
    }
}

// MARK: Shape ops

/// Concatenates `a [B, P]` and `b [B, Q]` along columns: `[B, P + Q]`.
public func concatColumns(_ a: Tensor, _ b: Tensor) -> Tensor {
    checkRank2(a, "concatColumns lhs")
    checkRank2(b, "concatColumns rhs")
    precondition(a.shape[0] == b.shape[0], "concatColumns: row counts differ: \(a.shape) vs \(b.shape)")
    let (n, p, q) = (a.shape[0], a.shape[1], b.shape[1])
    return Tensor(shape: [n, p + q]) { out in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<n {
                    let o = out.baseAddress! + i * (p + q)
                    if p > 0 { o.update(from: pa.baseAddress! + i * p, count: p) }
                    if q > 0 { (o + p).update(from: pb.baseAddress! + i * q, count: q) }
                }
            }
        }
    }
}

/// Splits `x [B, P + Q]` into `[B, P]` and `[B, Q]` at column `p` (the inverse of `concatColumns`).
public func splitColumns(_ x: Tensor, at p: Int) -> (Tensor, Tensor) {
    checkRank2(x, "splitColumns")
    let (n, d) = (x.shape[0], x.shape[1])
    precondition(p >= 0 && p <= d, "splitColumns: split column \(p) outside 0...\(d) for shape \(x.shape)")
    let q = d - p
    return x.withUnsafeBufferPointer { px in
        let a = Tensor(shape: [n, p]) { out in
            for i in 0..<n where p > 0 { (out.baseAddress! + i * p).update(from: px.baseAddress! + i * d, count: p) }
        }
        let b = Tensor(shape: [n, q]) { out in
            for i in 0..<n where q > 0 { (out.baseAddress! + i * q).update(from: px.baseAddress! + i * d + p, count: q) }
        }
        return (a, b)
    }
}

/// The transpose of a rank-2 tensor: `[B, D]` to `[D, B]`.
public func transpose(_ x: Tensor) -> Tensor {
    checkRank2(x, "transpose")
    let (r, c) = (x.shape[0], x.shape[1])
    return Tensor(shape: [c, r]) { out in
        x.withUnsafeBufferPointer { px in
            for i in 0..<r {
                for j in 0..<c { out[j * r + i] = px[i * c + j] }
            }
        }
    }
}
