// The Communicator API: collectives on flat buffers, implemented by a single process or by MPI.

import Foundation

/// The element types collectives move (mapped to MPI datatypes by the MPI implementation).
public enum ScalarKind: Sendable {
    /// Float (MPI_FLOAT).
    case float32
    /// Double (MPI_DOUBLE).
    case float64
    /// Int32 (MPI_INT32_T).
    case int32
    /// Int64 (MPI_INT64_T).
    case int64
    /// UInt8, for raw bytes (MPI_UINT8_T).
    case uint8
}

/// A scalar that can be broadcast and gathered: Float, Double, Int32, Int64, UInt8.
public protocol CollectiveScalar: Sendable {
    /// The element kind, for the MPI datatype.
    static var scalarKind: ScalarKind { get }
}

/// A scalar that can be reduced with sum/max/min: Float, Double, Int32, Int64.
public protocol ReducibleScalar: CollectiveScalar, Comparable {}

/// A floating-point scalar that supports `allreduceMean`: Float, Double.
public protocol MeanReducibleScalar: ReducibleScalar {
    /// Divides every element of `buffer` by `n` (concrete, so it is fast on large buffers).
    static func divide(_ buffer: UnsafeMutableBufferPointer<Self>, by n: Int)
}

extension Float: MeanReducibleScalar {
    /// MPI_FLOAT.
    public static var scalarKind: ScalarKind { .float32 }
    /// Divides every element by `n`.
    public static func divide(_ buffer: UnsafeMutableBufferPointer<Float>, by n: Int) {
        let d = Float(n)
        for i in buffer.indices { buffer[i] /= d }
    }
}

extension Double: MeanReducibleScalar {
    /// MPI_DOUBLE.
    public static var scalarKind: ScalarKind { .float64 }
    /// Divides every element by `n`.
    public static func divide(_ buffer: UnsafeMutableBufferPointer<Double>, by n: Int) {
        let d = Double(n)
        for i in buffer.indices { buffer[i] /= d }
    }
}

extension Int32: ReducibleScalar {
    /// MPI_INT32_T.
    public static var scalarKind: ScalarKind { .int32 }
}

extension Int64: ReducibleScalar {
    /// MPI_INT64_T.
    public static var scalarKind: ScalarKind { .int64 }
}

extension UInt8: CollectiveScalar {
    /// MPI_UINT8_T.
    public static var scalarKind: ScalarKind { .uint8 }
}

/// A reduction operator for `allreduce`.
public enum ReduceOp: String, Sendable, CaseIterable {
    /// Elementwise sum.
    case sum
    /// Elementwise maximum.
    case max
    /// Elementwise minimum.
    case min
}

/// A group of processes that run collectives together (a single process, or an MPI communicator).
///
/// Every call is collective: all ranks must make the same calls in the same order with matching sizes.
/// Errors are thrown as `CollectivesError`. Under MPI, a rank that fails while others may be inside a
/// collective should call `abort(code:)` rather than exit, or the job can hang.
public protocol Communicator: AnyObject, Sendable {
    /// This process's rank in `0..<size`.
    var rank: Int { get }
    /// Number of processes.
    var size: Int { get }
    /// This process's rank among the processes on the same node (MPI_Comm_split_type SHARED).
    var localRank: Int { get }
    /// Number of processes on this node.
    var localSize: Int { get }
    /// The node's name (MPI_Get_processor_name, or the host name in a single process).
    var processorName: String { get }
    /// Whether this communicator is backed by MPI.
    var isMPI: Bool { get }

    /// Blocks until every rank has reached the barrier.
    func barrier() throws
    /// Copies `buffer` from rank `root` into `buffer` on every rank (same count everywhere).
    func broadcast<T: CollectiveScalar>(_ buffer: UnsafeMutableBufferPointer<T>, root: Int) throws
    /// Reduces `buffer` elementwise across ranks with `op`; every rank receives the result in place.
    func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws
    /// Starts a non-blocking in-place allreduce (MPI_Iallreduce); `buffer` must stay alive and untouched until `wait()`.
    func allreduceAsync<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws -> CollectiveRequest
    /// Gathers `send [n]` from every rank into `recv [size * n]`, ordered by rank.
    func allgather<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, into recv: UnsafeMutableBufferPointer<T>) throws
    /// Gathers variable-size `send [counts[rank]]` from every rank into `recv [sum(counts)]`, ordered by rank.
    func allgatherv<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, counts: [Int], into recv: UnsafeMutableBufferPointer<T>) throws
    /// Terminates every process of the job with `code` (MPI_Abort; `exit` in a single process).
    func abort(code: Int32) -> Never
    /// Allocates memory shared by every rank (collective; this rank contributes `bytes`, 0 is allowed).
    /// Requires every rank on one node (`localSize == size`); a single process gets ordinary memory.
    func allocateShared(bytes: Int) throws -> SharedWindow
}

extension Communicator {
    /// Whether every rank runs on this node, so `allocateShared(bytes:)` can be used.
    public var isSingleNode: Bool { localSize == size }
}

extension Communicator {
    /// A barrier for ranks that may wait long while another works alone (rank 0 writing the final checkpoint):
    /// every rank posts a non-blocking one-integer reduction and polls it, sleeping `pollSeconds` between polls.
    /// MPI's own barrier busy-polls (with `mpi_yield_when_idle`, a sched_yield loop), which keeps a core's share
    /// from the working rank's threads on a node with as many cores as ranks. Collective: every rank calls this
    /// (not `barrier()`) at the same point.
    public func sleepingBarrier(pollSeconds: Double = 0.0005) throws {
        guard size > 1 else { return }
        let flag = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1)
        flag[0] = 0
        defer { flag.deallocate() }
        let request = try allreduceAsync(flag, op: .max)
        let micro = useconds_t(max(1, pollSeconds * 1e6))
        while try !request.test() { usleep(micro) }
    }
}

extension Communicator {
    /// In-place mean across ranks: allreduce sum, then divide by `size`.
    public func allreduceMean<T: MeanReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws {
        try allreduce(buffer, op: .sum)
        if size > 1 { T.divide(buffer, by: size) }
    }

    /// Starts a non-blocking in-place mean; the division by `size` happens in `wait()`.
    public func allreduceMeanAsync<T: MeanReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws -> CollectiveRequest {
        let request = try allreduceAsync(buffer, op: .sum)
        let n = size
        if n > 1 { request.onCompletion { T.divide(buffer, by: n) } }
        return request
    }

    /// Allreduce of an array in place.
    public func allreduce<T: ReducibleScalar>(_ array: inout [T], op: ReduceOp) throws {
        try array.withUnsafeMutableBufferPointer { try allreduce($0, op: op) }
    }

    /// Allreduce mean of an array in place.
    public func allreduceMean<T: MeanReducibleScalar>(_ array: inout [T]) throws {
        try array.withUnsafeMutableBufferPointer { try allreduceMean($0) }
    }

    /// Allreduce of one scalar.
    public func allreduce<T: ReducibleScalar>(_ value: T, op: ReduceOp) throws -> T {
        var a = [value]
        try allreduce(&a, op: op)
        return a[0]
    }

    /// Broadcast of an array in place (same count on every rank).
    public func broadcast<T: CollectiveScalar>(_ array: inout [T], root: Int) throws {
        try array.withUnsafeMutableBufferPointer { try broadcast($0, root: root) }
    }

    /// Broadcasts a variable-length byte array from `root` (its length is broadcast first); returns root's bytes.
    public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
        var length = [Int64(bytes.count)]
        try broadcast(&length, root: root)
        var out = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length[0]))
        try broadcast(&out, root: root)
        return out
    }

    /// Gathers equal-size arrays from every rank, concatenated in rank order `[size * n]`.
    public func allgather<T: CollectiveScalar>(_ values: [T]) throws -> [T] {
        let total = values.count * size
        return try values.withUnsafeBufferPointer { send in
            try [T](unsafeUninitializedCapacity: total) { recv, initialized in
                try allgather(send, into: UnsafeMutableBufferPointer(rebasing: recv[0..<total]))
                initialized = total
            }
        }
    }

    /// Gathers variable-size arrays from every rank: returns the concatenation in rank order and each rank's count.
    public func allgatherv<T: CollectiveScalar>(_ values: [T]) throws -> (values: [T], counts: [Int]) {
        let counts = try allgather([Int64(values.count)]).map { Int($0) }
        let total = counts.reduce(0, +)
        let out = try values.withUnsafeBufferPointer { send in
            try [T](unsafeUninitializedCapacity: total) { recv, initialized in
                try allgatherv(send, counts: counts, into: UnsafeMutableBufferPointer(rebasing: recv[0..<total]))
                initialized = total
            }
        }
        return (out, counts)
    }
}

/// A pending non-blocking collective; call `wait()` before touching its buffer.
///
/// Use a request from one thread at a time. If it is released without `wait()`, its deinit waits (errors
/// ignored) so MPI never writes into freed memory.
public final class CollectiveRequest: @unchecked Sendable {
    private var wait_: (() throws -> Void)?
    private var test_: (() throws -> Bool)?
    private var completions: [() -> Void] = []
    /// Whether the operation has completed and its completion actions have run.
    public private(set) var isComplete: Bool

    /// A request that is already complete (single process).
    init() {
        isComplete = true
    }

    /// A pending request driven by `wait` / `test` closures (MPI).
    init(wait: @escaping () throws -> Void, test: @escaping () throws -> Bool) {
        wait_ = wait
        test_ = test
        isComplete = false
    }

    /// Adds an action to run once the operation completes (immediately if it already has).
    func onCompletion(_ action: @escaping () -> Void) {
        if isComplete { action() } else { completions.append(action) }
    }

    /// Blocks until the operation completes, then runs completion actions (e.g. the mean's division).
    public func wait() throws {
        guard !isComplete else { return }
        try wait_?()
        finish()
    }

    /// Returns whether the operation has completed, without blocking (runs completion actions when it has).
    public func test() throws -> Bool {
        guard !isComplete else { return true }
        if try test_?() ?? true { finish() }
        return isComplete
    }

    private func finish() {
        isComplete = true
        wait_ = nil
        test_ = nil
        for action in completions { action() }
        completions = []
    }

    deinit {
        if !isComplete { try? wait_?() }
    }
}
