// The MPI-backed communicator: a duplicate of MPI_COMM_WORLD with MPI_ERRORS_RETURN.

import CMPI
import Foundation

/// A communicator over MPI processes (a private duplicate of MPI_COMM_WORLD).
///
/// MPI is initialized on first use with MPI_THREAD_SERIALIZED (calls may come from any thread, one at a
/// time) and finalized at process exit or by `Collectives.finalize()`. Errors return (MPI_ERRORS_RETURN)
/// and are thrown as `CollectivesError.mpi` with MPI's message; argument checks MPI cannot make itself
/// (receive-buffer sizes, counts fitting in Int32) throw `.invalidArgument` before the call.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    /// The underlying MPI communicator (for raw MPI calls, e.g. benchmarks).
    public let comm: MPI_Comm
    /// This process's rank.
    public let rank: Int
    /// Number of processes.
    public let size: Int
    /// Rank among processes on this node.
    public let localRank: Int
    /// Number of processes on this node.
    public let localSize: Int
    /// MPI_Get_processor_name.
    public let processorName: String
    /// The thread support level MPI provided.
    public let threadLevel: Int32
    /// Always true.
    public let isMPI = true

    /// Initializes MPI if needed and wraps a duplicate of MPI_COMM_WORLD.
    public convenience init() throws {
        let level = try MPIRuntime.initialize()
        try MPIRuntime.check(MPI_Comm_set_errhandler(rr_mpi_comm_world(), rr_mpi_errors_return()), "MPI_Comm_set_errhandler")
        try self.init(duplicating: rr_mpi_comm_world(), threadLevel: level)
    }

    /// Wraps a duplicate of `parent` (MPI must be initialized), setting MPI_ERRORS_RETURN on it.
    init(duplicating parent: MPI_Comm, threadLevel: Int32) throws {
        var dup: MPI_Comm? = nil
        try MPIRuntime.check(MPI_Comm_dup(parent, &dup), "MPI_Comm_dup")
        guard let comm = dup else { throw CollectivesError.mpi(call: "MPI_Comm_dup", code: -1, message: "returned a null communicator") }
        self.comm = comm
        self.threadLevel = threadLevel
        try MPIRuntime.check(MPI_Comm_set_errhandler(comm, rr_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var r: Int32 = 0, s: Int32 = 0
        try MPIRuntime.check(MPI_Comm_rank(comm, &r), "MPI_Comm_rank")
        try MPIRuntime.check(MPI_Comm_size(comm, &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
        // Ranks on this node: split by shared-memory domain, keyed by world rank.
        var local: MPI_Comm? = nil
        try MPIRuntime.check(MPI_Comm_split_type(comm, rr_mpi_comm_type_shared(), r, rr_mpi_info_null(), &local),
                             "MPI_Comm_split_type")
        var lr: Int32 = 0, ls: Int32 = 0
        try MPIRuntime.check(MPI_Comm_rank(local, &lr), "MPI_Comm_rank(local)")
        try MPIRuntime.check(MPI_Comm_size(local, &ls), "MPI_Comm_size(local)")
        try MPIRuntime.check(MPI_Comm_free(&local), "MPI_Comm_free(local)")
        localRank = Int(lr)
        localSize = Int(ls)
        var name = [CChar](repeating: 0, count: Int(rr_mpi_max_processor_name()) + 1)
        var len: Int32 = 0
        try MPIRuntime.check(MPI_Get_processor_name(&name, &len), "MPI_Get_processor_name")
        processorName = String(decoding: name.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        if MPIRuntime.isActive {
            var c: MPI_Comm? = comm
            MPI_Comm_free(&c)
        }
    }

    /// MPI_Barrier.
    public func barrier() throws {
        try MPIRuntime.check(MPI_Barrier(comm), "MPI_Barrier")
    }

    /// MPI_Bcast; an invalid root is reported by MPI (MPI_ERR_ROOT).
    public func broadcast<T: CollectiveScalar>(_ buffer: UnsafeMutableBufferPointer<T>, root: Int) throws {
        let n = try mpiCount(buffer.count, call: "broadcast", field: "buffer")
        let r = Int32(clamping: root)
        try MPIRuntime.check(MPI_Bcast(buffer.baseAddress, n, MPIRuntime.datatype(T.scalarKind), r, comm), "MPI_Bcast")
    }

    /// MPI_Allreduce with MPI_IN_PLACE.
    public func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws {
        let n = try mpiCount(buffer.count, call: "allreduce", field: "buffer")
        try MPIRuntime.check(MPI_Allreduce(rr_mpi_in_place(), buffer.baseAddress, n, MPIRuntime.datatype(T.scalarKind),
                                           MPIRuntime.op(op), comm), "MPI_Allreduce")
    }

    /// MPI_Iallreduce with MPI_IN_PLACE; the returned request waits with MPI_Wait / tests with MPI_Test.
    public func allreduceAsync<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, op: ReduceOp) throws -> CollectiveRequest {
        let n = try mpiCount(buffer.count, call: "allreduceAsync", field: "buffer")
        let box = RequestBox()
        try MPIRuntime.check(MPI_Iallreduce(rr_mpi_in_place(), buffer.baseAddress, n, MPIRuntime.datatype(T.scalarKind),
                                            MPIRuntime.op(op), comm, &box.request), "MPI_Iallreduce")
        return CollectiveRequest(
            wait: { try MPIRuntime.check(MPI_Wait(&box.request, rr_mpi_status_ignore()), "MPI_Wait") },
            test: {
                var flag: Int32 = 0
                try MPIRuntime.check(MPI_Test(&box.request, &flag, rr_mpi_status_ignore()), "MPI_Test")
                return flag != 0
            })
    }

    /// MPI_Allgather; `recv` must hold `size * send.count` elements.
    public func allgather<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, into recv: UnsafeMutableBufferPointer<T>) throws {
        if recv.count != send.count * size {
            throw CollectivesError.invalidArgument(call: "allgather", field: "recv",
                                                   reason: "has \(recv.count) elements, expected size * send.count = \(send.count * size)")
        }
        let n = try mpiCount(send.count, call: "allgather", field: "send")
        let dt = MPIRuntime.datatype(T.scalarKind)
        try MPIRuntime.check(MPI_Allgather(send.baseAddress, n, dt, recv.baseAddress, n, dt, comm), "MPI_Allgather")
    }

    /// MPI_Allgatherv; `counts[r]` is rank r's count (identical on every rank), `recv` holds `sum(counts)`.
    public func allgatherv<T: CollectiveScalar>(_ send: UnsafeBufferPointer<T>, counts: [Int],
                                                into recv: UnsafeMutableBufferPointer<T>) throws {
        if counts.count != size || counts[rank] != send.count {
            throw CollectivesError.invalidArgument(call: "allgatherv", field: "counts",
                                                   reason: "is \(counts); needs \(size) entries with counts[\(rank)] == send.count = \(send.count)")
        }
        var c32 = [Int32](), displs = [Int32]()
        var offset = 0
        for c in counts {
            c32.append(try mpiCount(c, call: "allgatherv", field: "counts"))
            displs.append(try mpiCount(offset, call: "allgatherv", field: "displacement"))
            offset += c
        }
        if recv.count != offset {
            throw CollectivesError.invalidArgument(call: "allgatherv", field: "recv",
                                                   reason: "has \(recv.count) elements, expected sum(counts) = \(offset)")
        }
        let dt = MPIRuntime.datatype(T.scalarKind)
        try MPIRuntime.check(MPI_Allgatherv(send.baseAddress, c32[rank], dt, recv.baseAddress, c32, displs, dt, comm),
                             "MPI_Allgatherv")
    }

    /// MPI_Win_allocate_shared on this communicator (every rank must be on one node).
    public func allocateShared(bytes: Int) throws -> SharedWindow {
        guard localSize == size else {
            throw CollectivesError.invalidArgument(call: "allocateShared", field: "communicator",
                                                   reason: "spans several nodes (\(localSize) of \(size) ranks on this one); shared memory needs one node")
        }
        guard bytes >= 0 else { throw CollectivesError.invalidArgument(call: "allocateShared", field: "bytes", reason: "is \(bytes), must be >= 0") }
        return try SharedWindow(comm: comm, size: size, bytes: bytes)
    }

    /// MPI_Abort on this communicator: terminates every process of the job.
    public func abort(code: Int32) -> Never {
        MPI_Abort(comm, code)
        exit(code)  // MPI_Abort should not return
    }
}

/// Heap storage for an MPI_Request shared by a request's wait/test closures.
private final class RequestBox: @unchecked Sendable {
    var request: MPI_Request? = rr_mpi_request_null()
}
