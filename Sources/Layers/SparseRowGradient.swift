/// The gradient of a row-sparse parameter (an embedding table): only the rows a batch touched.
///
/// `rows` are distinct and ascending; `values` holds one `dim`-wide gradient row per entry of `rows`
/// (`[rows.count, dim]`, row-major). Rows not listed have zero gradient. For data-parallel training,
/// gather every rank's `SparseRowGradient` and combine them with `SparseRowGradient.sum(_:)`.
public struct SparseRowGradient: Sendable, Equatable {
    /// The parameter (embedding table) this gradient belongs to.
    public let parameter: ParameterID
    /// The row width (embedding dimension E).
    public let dim: Int
    /// The touched row indices, distinct and ascending.
    public private(set) var rows: [Int32]
    /// The gradient rows, `[rows.count, dim]` row-major.
    public private(set) var values: [Float]

    /// Creates a sparse gradient; `rows` must be distinct and ascending and `values.count == rows.count * dim`.
    public init(parameter: ParameterID, dim: Int, rows: [Int32], values: [Float]) {
        precondition(dim > 0, "SparseRowGradient: dim must be positive, got \(dim)")
        precondition(values.count == rows.count * dim,
                     "SparseRowGradient: \(rows.count) rows of width \(dim) need \(rows.count * dim) values, got \(values.count)")
        for i in 1..<max(rows.count, 1) {
            precondition(rows[i - 1] < rows[i], "SparseRowGradient: rows must be distinct and ascending (index \(i))")
        }
        self.parameter = parameter
        self.dim = dim
        self.rows = rows
        self.values = values
    }

    /// The number of touched rows.
    public var count: Int { rows.count }

    /// The gradient of the `k`-th touched row (row index `rows[k]`).
    public func row(at k: Int) -> ArraySlice<Float> { values[(k * dim)..<((k + 1) * dim)] }

    /// The gradient of table row `r` (zeros when the row was not touched).
    public func gradient(ofRow r: Int32) -> [Float] {
        if let k = binarySearch(r) { return Array(row(at: k)) }
        return [Float](repeating: 0, count: dim)
    }

    /// The position of row `r` in `rows`, if present.
    public func binarySearch(_ r: Int32) -> Int? {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        return lo < rows.count && rows[lo] == r ? lo : nil
    }

    /// Multiplies every gradient value by `s` (e.g. 1 / world size).
    public mutating func scale(by s: Float) {
        values.withUnsafeMutableBufferPointer { v in for i in 0..<v.count { v[i] *= s } }
    }

    /// The sum of several sparse gradients of the same parameter (a k-way merge of the sorted rows).
    ///
    /// Rows present in several parts are added in part order, so the result is deterministic.
    public static func sum(_ parts: [SparseRowGradient]) -> SparseRowGradient {
        precondition(!parts.isEmpty, "SparseRowGradient.sum: no parts")
        let p0 = parts[0]
        for p in parts {
            precondition(p.parameter == p0.parameter && p.dim == p0.dim,
                         "SparseRowGradient.sum: parts belong to different parameters or widths")
        }
        // The union of the sorted row lists by pairwise merges (no hashing, no sort).
        var rows = p0.rows
        for p in parts.dropFirst() { rows = mergeSortedUnique(rows, p.rows) }
        let d = p0.dim
        var values = [Float](repeating: 0, count: rows.count * d)
        values.withUnsafeMutableBufferPointer { out in
            for p in parts {
                var k = 0  // both row lists are sorted: walk them together
                p.values.withUnsafeBufferPointer { pv in
                    for (j, r) in p.rows.enumerated() {
                        while rows[k] != r { k += 1 }
                        let o = out.baseAddress! + k * d, s = pv.baseAddress! + j * d
                        for c in 0..<d { o[c] += s[c] }
                    }
                }
            }
        }
        return SparseRowGradient(parameter: p0.parameter, dim: d, rows: rows, values: values)
    }
}

/// The sorted union of two strictly ascending lists.
func mergeSortedUnique(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var out: [Int32] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        let x = a[i], y = b[j]
        if x < y { out.append(x); i += 1 } else if y < x { out.append(y); j += 1 } else { out.append(x); i += 1; j += 1 }
    }
    out.append(contentsOf: a[i...])
    out.append(contentsOf: b[j...])
    return out
}
