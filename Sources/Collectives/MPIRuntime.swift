// MPI process lifetime: MPI_Init_thread once (lazily, thread-safe), MPI_Finalize once (explicitly or at exit).

import CMPI
import Foundation

/// Process-wide MPI initialization state.
enum MPIRuntime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var providedLevel: Int32?

    /// Initializes MPI (MPI_THREAD_SERIALIZED requested) unless already initialized; returns the provided level.
    static func initialize() throws -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let level = providedLevel { return level }
        var flag: Int32 = 0
        MPI_Initialized(&flag)
        var provided: Int32 = 0
        if flag != 0 {
            MPI_Query_thread(&provided)  // someone else initialized MPI; they own finalization
        } else {
            preferSharedMemoryOnOneNode()
            releaseDefaultCoreBinding()
            let before = tcpSockets()
            let rc = MPI_Init_thread(nil, nil, rr_mpi_thread_serialized(), &provided)
            if rc != rr_mpi_success() { throw CollectivesError.mpi(call: "MPI_Init_thread", code: rc, message: errorString(rc)) }
            disableNagleOnTCPSockets(except: before)
            atexit { MPIRuntime.finalize() }
        }
        providedLevel = provided
        return provided
    }

    /// Selects OpenMPI's `ob1` messaging layer when mpirun placed every rank on this node and the user chose none.
    ///
    /// Without a choice OpenMPI opens and probes every high-speed network layer it was built with (UCX, libfabric,
    /// PSM) in `MPI_Init`: 0.23 s per start on a machine that has none of that hardware, against 0.02 s with `ob1`.
    /// On one node `ob1` talks through shared memory (`vader`), which is what those layers would use there too.
    /// Every rank of the job sees the same `OMPI_COMM_WORLD_SIZE` and `OMPI_COMM_WORLD_LOCAL_SIZE`, so all of them
    /// decide alike; a job across nodes, or one that sets `OMPI_MCA_pml` (`mpirun --mca pml ...`), is left alone.
    static func preferSharedMemoryOnOneNode() {
        if let pml = pmlChoice(environment: ProcessInfo.processInfo.environment) { setenv("OMPI_MCA_pml", pml, 0) }
    }

    /// The messaging layer to select for a process started with `environment`: "ob1" when mpirun placed every
    /// rank on one node and `OMPI_MCA_pml` is unset; nil (leave OpenMPI's choice) otherwise.
    static func pmlChoice(environment env: [String: String]) -> String? {
        guard env["OMPI_MCA_pml"] == nil, let size = env["OMPI_COMM_WORLD_SIZE"],
              size == env["OMPI_COMM_WORLD_LOCAL_SIZE"] else { return nil }
        return "ob1"
    }

    /// Lets this rank run on any core of the node when mpirun bound it to one core by its default (no binding asked
    /// for) and every rank of the job is on this node.
    ///
    /// For up to two ranks OpenMPI binds each rank to a core of its own by default. The ranks of a training step wait
    /// for each other three times per step, so on a node shared with other jobs a rank whose core is busy holds up
    /// both while the other core may be idle; unbound, the kernel moves it to the free core. Measured on the 2-core
    /// machine of docs/benchmarks-training.md (session 7) with another job running: 2-rank training steps 1.2-1.6 s
    /// unbound against 1.8-2.8 s bound (5 interleaved pairs). An explicit `--bind-to ...`, `--cpu-set` or rank file
    /// (which mpirun passes on as `OMPI_MCA_hwloc_base_binding_policy`, `..._cpu_set`, `OMPI_MCA_rmaps_rank_file_path`)
    /// is left as it is, as are jobs across nodes and launches other than mpirun.
    static func releaseDefaultCoreBinding() {
        guard releasesBinding(environment: ProcessInfo.processInfo.environment) else { return }
        _ = rr_allow_all_cpus(Int32(clamping: max(sysconf(Int32(_SC_NPROCESSORS_CONF)), 1)))
    }

    /// Whether a process started with `environment` runs under mpirun's default binding on a one-node job.
    static func releasesBinding(environment env: [String: String]) -> Bool {
        guard let size = env["OMPI_COMM_WORLD_SIZE"], size == env["OMPI_COMM_WORLD_LOCAL_SIZE"] else { return false }
        let explicit = ["OMPI_MCA_hwloc_base_binding_policy", "OMPI_MCA_hwloc_base_cpu_set", "OMPI_MCA_rmaps_rank_file_path",
                        "RR_KEEP_CORE_BINDING"]
        return explicit.allSatisfy { env[$0] == nil }
    }

    /// Sets TCP_NODELAY on the process's TCP sockets that are not in `except` (the ones open before `MPI_Init`, so
    /// only MPI's own sockets change); returns how many were set.
    ///
    /// OpenMPI's PMIx client reaches mpirun (or the node's orted) through a loopback TCP socket with Nagle's algorithm
    /// on. The fence in `MPI_Finalize` sends a few small messages in a row, and the second waits for the peer's delayed
    /// ACK: every job spent 40 ms more in `MPI_Finalize` than the work takes (measured with a C `MPI_Init` /
    /// `MPI_Barrier` / `MPI_Finalize` program on 2 ranks: 0.105-0.113 s per `mpirun` against 0.065-0.071 s with the
    /// option set; docs/benchmarks-training.md, session 9). OpenMPI's TCP transport sets the option on its sockets itself.
    @discardableResult
    static func disableNagleOnTCPSockets(except: Set<Int32>) -> Int {
        var count = 0
        for fd in 3..<fdLimit where !except.contains(fd) { count += Int(rr_tcp_nodelay_set(fd)) }
        return count
    }

    /// The open TCP sockets of the process (file descriptors 3 up to `fdLimit`).
    static func tcpSockets() -> Set<Int32> {
        Set((3..<fdLimit).filter { tcpNoDelay(fd: $0) != nil })
    }

    /// How far the socket scans look (the process's descriptor limit, at most 4096: MPI_Init's sockets come early).
    static var fdLimit: Int32 { Int32(clamping: min(max(sysconf(Int32(_SC_OPEN_MAX)), 64), 4096)) }

    /// Whether TCP_NODELAY is set on `fd`; nil when `fd` is not a TCP socket.
    static func tcpNoDelay(fd: Int32) -> Bool? {
        let v = rr_tcp_nodelay_get(fd)
        return v < 0 ? nil : v == 1
    }

    /// Whether MPI has been initialized and not yet finalized.
    static var isActive: Bool {
        var initialized: Int32 = 0, finalized: Int32 = 0
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        return initialized != 0 && finalized == 0
    }

    /// Calls MPI_Finalize if MPI is active (idempotent).
    static func finalize() {
        lock.lock()
        defer { lock.unlock() }
        if isActive { MPI_Finalize() }
    }

    /// MPI's message for an error code (MPI_Error_string).
    static func errorString(_ code: Int32) -> String {
        var buf = [CChar](repeating: 0, count: Int(rr_mpi_max_error_string()) + 1)
        var len: Int32 = 0
        guard MPI_Error_string(code, &buf, &len) == rr_mpi_success() else { return "unknown MPI error" }
        return String(decoding: buf.prefix(Int(len)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Throws `CollectivesError.mpi` with MPI's message when `rc` is not MPI_SUCCESS.
    @inline(__always)
    static func check(_ rc: Int32, _ call: String) throws {
        if rc != rr_mpi_success() { throw CollectivesError.mpi(call: call, code: rc, message: errorString(rc)) }
    }

    /// The MPI datatype of a scalar kind.
    static func datatype(_ kind: ScalarKind) -> MPI_Datatype {
        switch kind {
        case .float32: return rr_mpi_float()
        case .float64: return rr_mpi_double()
        case .int32: return rr_mpi_int32()
        case .int64: return rr_mpi_int64()
        case .uint8: return rr_mpi_uint8()
        }
    }

    /// The MPI operator of a reduction.
    static func op(_ op: ReduceOp) -> MPI_Op {
        switch op {
        case .sum: return rr_mpi_op_sum()
        case .max: return rr_mpi_op_max()
        case .min: return rr_mpi_op_min()
        }
    }
}
