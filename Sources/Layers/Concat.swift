import Tensors

/// The dense-features input path: concatenates the bag embedding `[B, E]` with numeric features `[B, F]`.
///
/// forward: `[B, E] ++ [B, F] -> [B, E + F]`; backward splits `dy [B, E + F]` back into `[B, E]` and `[B, F]`.
public struct ConcatColumns: Sendable {
    /// Width of the left input (E) seen by the last forward.
    private var leftWidth: Int?

    /// Creates the (parameter-free) layer.
    public init() {}

    /// Computes `[a | b]` without caching (inference).
    public func apply(_ a: Tensor, _ b: Tensor) -> Tensor { concatColumns(a, b) }

    /// Computes `[a | b]` `[B, E + F]` and remembers E.
    public mutating func forward(_ a: Tensor, _ b: Tensor) -> Tensor {
        leftWidth = a.cols
        return concatColumns(a, b)
    }

    /// Splits `dy [B, E + F]` into `(da [B, E], db [B, F])`.
    public mutating func backward(_ dy: Tensor) -> (Tensor, Tensor) {
        guard let e = leftWidth else { preconditionFailure("ConcatColumns.backward called before forward") }
        return splitColumns(dy, at: e)
    }
}
