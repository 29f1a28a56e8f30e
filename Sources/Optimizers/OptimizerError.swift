// Errors thrown by the optimizers: every case names the offending field.

/// An error raised by an optimizer, gradient clipping or a schedule, naming the offending field.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    /// A buffer has the wrong number of elements.
    case sizeMismatch(field: String, expected: Int, got: Int)
    /// A row index is outside `0..<bound`.
    case indexOutOfRange(field: String, index: Int, bound: Int)
    /// A hyperparameter is outside its valid range.
    case invalidHyperparameter(field: String, value: Double, reason: String)

    /// A human-readable message naming the field.
    public var description: String {
        switch self {
        case let .sizeMismatch(field, expected, got):
            return "Optimizers: field `\(field)` has \(got) elements, expected \(expected)"
        case let .indexOutOfRange(field, index, bound):
            return "Optimizers: field `\(field)` contains index \(index), outside 0..<\(bound)"
        case let .invalidHyperparameter(field, value, reason):
            return "Optimizers: hyperparameter `\(field)` = \(value) is invalid: \(reason)"
        }
    }
}

/// Throws `sizeMismatch` unless `got == expected`.
@inline(__always)
func checkCount(_ field: String, expected: Int, got: Int) throws {
    if got != expected { throw OptimizerError.sizeMismatch(field: field, expected: expected, got: got) }
}

/// Throws `invalidHyperparameter` unless `ok`.
@inline(__always)
func checkHyper(_ field: String, _ value: Float, _ ok: Bool, _ reason: String) throws {
    if !ok { throw OptimizerError.invalidHyperparameter(field: field, value: Double(value), reason: reason) }
}
