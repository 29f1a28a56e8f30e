// Choosing the world communicator: MPI when launched by mpirun/srun, a single process otherwise.

import Foundation

/// Entry points: the process-wide world communicator and MPI finalization.
public enum Collectives {
    /// Environment variables set by MPI launchers (OpenMPI mpirun, PMIx/PMI2 under srun, MPICH hydra).
    public static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS"]

    /// Override variable: `RR_COMMUNICATOR=mpi` forces MPI, `RR_COMMUNICATOR=single` forces one process.
    public static let overrideVariable = "RR_COMMUNICATOR"

    /// Whether `environment` says this process was started by an MPI launcher (or the override asks for MPI).
    public static func shouldUseMPI(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch environment[overrideVariable]?.lowercased() {
        case "mpi": return true
        case "single": return false
        default: return launcherVariables.contains { environment[$0] != nil }
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cachedWorld: (any Communicator)?

    /// The world communicator, created once: `MPICommunicator` under mpirun/srun, else `SingleProcessCommunicator`.
    public static func world() throws -> any Communicator {
        lock.lock()
        defer { lock.unlock() }
        if let w = cachedWorld { return w }
        let w: any Communicator = shouldUseMPI() ? try MPICommunicator() : SingleProcessCommunicator()
        cachedWorld = w
        return w
    }

    /// Whether TCP_NODELAY is set on the socket `fd`; nil when `fd` is not a TCP socket (checks of MPI_Init's sockets).
    public static func tcpNoDelay(fd: Int32) -> Bool? { MPIRuntime.tcpNoDelay(fd: fd) }

    /// Finalizes MPI now if it is active (otherwise it is finalized at exit); no-op for a single process.
    ///
    /// After this, MPI communicators must not be used.
    public static func finalize() {
        MPIRuntime.finalize()
    }
}
