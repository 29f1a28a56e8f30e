// Errors of the Collectives module: MPI return codes become Swift errors carrying MPI's own message.

/// An error raised by a `Communicator`.
public enum CollectivesError: Error, Equatable, CustomStringConvertible {
    /// An MPI call returned a non-success code (the communicator uses MPI_ERRORS_RETURN).
    case mpi(call: String, code: Int32, message: String)
    /// An argument was rejected before reaching MPI (buffer sizes, counts, single-process root).
    case invalidArgument(call: String, field: String, reason: String)

    /// A human-readable message naming the call and field.
    public var description: String {
        switch self {
        case let .mpi(call, code, message):
            return "Collectives: \(call) failed with MPI error \(code): \(message)"
        case let .invalidArgument(call, field, reason):
            return "Collectives: \(call): argument `\(field)` \(reason)"
        }
    }
}

/// Converts an element count to MPI's Int32, throwing when it does not fit.
@inline(__always)
func mpiCount(_ n: Int, call: String, field: String) throws -> Int32 {
    guard let c = Int32(exactly: n), c >= 0 else {
        throw CollectivesError.invalidArgument(call: call, field: field, reason: "count \(n) does not fit in Int32")
    }
    return c
}
