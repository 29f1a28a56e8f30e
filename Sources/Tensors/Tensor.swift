/// A dense, row-major, contiguous float32 tensor.
///
/// `shape` lists the dimensions outermost first (`[B, D]` is B rows of D floats), and `scalars`
/// holds exactly `shape.reduce(1, *)` floats. Storage is a Swift array, so copies are copy-on-write
/// and a `Tensor` is a plain `Sendable` value. Hot paths reach the storage through
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// The dimensions, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    /// Mutate through `subscript(flat:)`, `subscript(i, j)` or `withUnsafeMutableBufferPointer`.
    public private(set) var scalars: [Float]

    /// Creates a tensor from a shape and its row-major elements.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        precondition(scalars.count == count,
                     "Tensor: shape \(shape) needs \(count) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a zero tensor of the given shape.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, repeating: 0)
    }

    /// Creates a tensor whose elements are written by `body` (which must write every element).
    ///
    /// Avoids zero-filling when a kernel overwrites the whole output (e.g. `sgemm` with beta = 0).
    public init(shape: [Int], uninitialized body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buf, initialized in
            body(buf)
            initialized = count
        }
    }

    /// A rank-2 tensor from nested rows (all rows must have the same length); handy in tests.
    public init(rows: [[Float]]) {
        let cols = rows.first?.count ?? 0
        for (i, r) in rows.enumerated() {
            precondition(r.count == cols, "Tensor(rows:): row \(i) has \(r.count) elements, row 0 has \(cols)")
        }
        self.init(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    /// The number of elements.
    public var count: Int { scalars.count }
    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The row count of a rank-2 tensor (`B` of `[B, D]`).
    public var rows: Int {
        precondition(shape.count == 2, "Tensor.rows: expected a rank-2 tensor, got shape \(shape)")
        return shape[0]
    }

    /// The column count of a rank-2 tensor (`D` of `[B, D]`).
    public var cols: Int {
        precondition(shape.count == 2, "Tensor.cols: expected a rank-2 tensor, got shape \(shape)")
        return shape[1]
    }

    /// Element `(i, j)` of a rank-2 tensor.
    public subscript(i: Int, j: Int) -> Float {
        get {
            precondition(shape.count == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1],
                         "Tensor[\(i), \(j)]: out of bounds for shape \(shape)")
            return scalars[i * shape[1] + j]
        }
        set {
            precondition(shape.count == 2 && i >= 0 && i < shape[0] && j >= 0 && j < shape[1],
                         "Tensor[\(i), \(j)]: out of bounds for shape \(shape)")
            scalars[i * shape[1] + j] = newValue
        }
    }

    /// Element `i` of the flat row-major storage.
    public subscript(flat i: Int) -> Float {
        get { scalars[i] }
        set { scalars[i] = newValue }
    }

    /// Row `i` of a rank-2 tensor as an array (a copy).
    public func row(_ i: Int) -> [Float] {
        precondition(shape.count == 2 && i >= 0 && i < shape[0], "Tensor.row(\(i)): out of bounds for shape \(shape)")
        let c = shape[1]
        return Array(scalars[(i * c)..<((i + 1) * c)])
    }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Calls `body` with a read-only pointer to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements (copy-on-write happens first if shared).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// A short description: shape and the first elements.
    public var description: String {
        let head = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(head)\(scalars.count > 8 ? ", ..." : "")])"
    }
}

/// Stops with a message naming `what` when two shapes differ.
@inline(__always)
func checkSameShape(_ a: [Int], _ b: [Int], _ what: @autoclosure () -> String) {
    precondition(a == b, "\(what()): shape mismatch \(a) vs \(b)")
}

/// Stops with a message naming `what` unless `t` is rank 2.
@inline(__always)
func checkRank2(_ t: Tensor, _ what: @autoclosure () -> String) {
    precondition(t.rank == 2, "\(what()): expected a rank-2 tensor [rows, cols], got shape \(t.shape)")
}
