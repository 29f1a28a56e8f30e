// The size-1 communicator: every collective is a local copy or a no-op; MPI is never initialized.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A communicator of exactly one process (rank 0, size 1) that never touches MPI.
///
/// Semantics at size 1: barrier returns; broadcast from root 0 leaves the buffer as is; allreduce
/// sum/max/min and mean leave it as is; allgather/allgatherv copy `send` into `recv`. Sizes and the root
/// are still validated so code that is wrong at size N fails at size 1 too.
public final class SingleProcessCommunicator: Communicator {
    /// Always 0.
    public let rank = 0
    /// Always 1.
    public let size = 1
    /// Always 0.
    public let localRank = 0
    /// Always 1.
    public let localSize = 1
    /// The host name (gethostname).
    public let processorName: String
    /// Always false.
    public let isMPI = false

    /// Creates the single-process communicator.
    public init() {
        var buf = [CChar](repeating: 0, count: 256)
        processorName = gethostname(&buf, buf.count - 1) == 0
            ? String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
    }

    /// Returns immediately.
    public func barrier() throws {}

    /// Checks `root == 0`; the buffer already holds root's data.
    public func broadcast<T: CollectiveScalar>(_ buffer: UnsafeMutableBufferPointer<T>, root: Int) throws {
        try checkRoot(root, call: "broadcast")
    }

    /// Leaves the buffer unchanged (the reduction of one contribution is itself).
    public func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws {}

    /// Returns an already-complete request.
    public func allreduceAsync<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws -> CollectiveRequest {
        CollectiveRequest()
    }

    /// Copies `send [n]` into `recv [n]`.
    public func allgather<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, into recv: UnsafeMutableBufferPointer<T>) throws {
        if recv.count != send.count {
            throw CollectivesError.invalidArgument(call: "allgather", field: "recv",
                                                   reason: "has \(recv.count) elements, expected size * send.count = \(send.count)")
        }
        _ = recv.initialize(fromContentsOf: send)
    }

    /// Checks `counts == [send.count]` and copies `send` into `recv`.
    public func allgatherv<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, counts: [Int],
                                                into recv: UnsafeMutableBufferPointer<T>) throws {
        if counts != [send.count] {
            throw CollectivesError.invalidArgument(call: "allgatherv", field: "counts",
                                                   reason: "is \(counts), expected [send.count] = [\(send.count)]")
        }
        try allgather(send, into: recv)
    }

    /// Ordinary zeroed memory of `bytes` (one segment).
    public func allocateShared(bytes: Int) throws -> SharedWindow {
        guard bytes >= 0 else { throw CollectivesError.invalidArgument(call: "allocateShared", field: "bytes", reason: "is \(bytes), must be >= 0") }
        return SharedWindow(localBytes: bytes)
    }

    /// Exits the process with `code`.
    public func abort(code: Int32) -> Never {
        exit(code)
    }

    private func checkRoot(_ root: Int, call: String) throws {
        if root != 0 {
            throw CollectivesError.invalidArgument(call: call, field: "root", reason: "is \(root), must be in 0..<1")
        }
    }
}
