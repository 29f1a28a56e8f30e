// The embedding table's optimizer, chosen by `optimizer.embeddingOptimizer`: lazy SparseAdamW (per-row moments)
// or sparse SGD (fastText's update, no state).
import Optimizers

/// The optimizer of the embedding table `[rows, dim]`.
public enum EmbeddingOptimizer: Sendable, Equatable {
    case adamw(SparseAdamW)
    case sgd(SparseSGD)

    /// The config name: "adamw" or "sgd".
    public var name: String {
        switch self {
        case .adamw: "adamw"
        case .sgd: "sgd"
        }
    }

    /// Number of updates applied so far.
    public var step: Int {
        switch self {
        case let .adamw(o): o.step
        case let .sgd(o): o.step
        }
    }

    /// Applies one update of the ascending unique `rowIndices [k]` with gradients `rowGrads [k, dim]`.
    public mutating func update(table: UnsafeMutableBufferPointer<Float>, rowIndices: UnsafeBufferPointer<Int32>,
                                rowGrads: UnsafeBufferPointer<Float>, lr: Float) throws {
        switch self {
        case var .adamw(o):
            self = Self.placeholder  // release the payload so `o` is updated in place (no copy)
            defer { self = .adamw(o) }
            try o.update(table: table, rowIndices: rowIndices, rowGrads: rowGrads, lr: lr)
        case var .sgd(o):
            try o.update(table: table, rowIndices: rowIndices, rowGrads: rowGrads, lr: lr)
            self = .sgd(o)
        }
    }

    /// A stateless value swapped in while the Adam payload is mutated, so the payload stays uniquely referenced.
    private static let placeholder = EmbeddingOptimizer.sgd(try! SparseSGD(rows: 0, dim: 1))

    /// Gives mutable access to SparseAdamW's per-row state (`rowStep [rows]`, `m`, `v [rows, dim]`); nil for SGD.
    public mutating func withMutableAdamState<R>(_ body: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Float>,
                                                          UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R? {
        guard case var .adamw(o) = self else { return nil }
        self = Self.placeholder
        defer { self = .adamw(o) }
        return try o.withMutableState(body)
    }
}
