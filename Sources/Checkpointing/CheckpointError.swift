/// Why a checkpoint, bundle or tensor file could not be written or was refused.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case io(path: String, what: String)
    case missingFile(path: String)
    case checksumMismatch(path: String, expected: String, actual: String)
    case sizeMismatch(path: String, expected: Int, actual: Int)
    case malformed(path: String, what: String)
    case incompatible(path: String, what: String)

    public var description: String {
        switch self {
        case let .io(p, w): return "\(p): \(w)"
        case let .missingFile(p): return "\(p): file is missing (incomplete checkpoint?)"
        case let .checksumMismatch(p, e, a): return "\(p): SHA-256 mismatch (manifest says \(e), file has \(a)): corrupted, refusing to load"
        case let .sizeMismatch(p, e, a): return "\(p): size \(a) bytes, manifest says \(e): truncated or corrupted, refusing to load"
        case let .malformed(p, w): return "\(p): malformed: \(w)"
        case let .incompatible(p, w): return "\(p): incompatible: \(w)"
        }
    }
}
