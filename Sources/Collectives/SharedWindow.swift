// Node-shared memory: an MPI-3 shared-memory window (MPI_Win_allocate_shared), or ordinary memory in a
// single process. Every rank can load and store every rank's segment directly.
//
// Memory model (MPI-3 "unified" shared windows): the window is kept in a passive-target epoch
// (MPI_Win_lock_all at allocation, MPI_Win_unlock_all before MPI_Win_free). To make stores of one rank
// visible to loads of another: writer stores, MPI_Win_sync; a process synchronization that orders the
// two ranks (a barrier, or any collective whose result depends on the writer's contribution); reader
// MPI_Win_sync, then loads. `SharedWindow.fence(_:)` is that pattern around a barrier.

import CMPI
import Foundation

/// Memory shared by every rank of a communicator whose ranks are all on one node.
///
/// `segments[q]` is rank q's part (its requested byte count), readable and writable by every rank.
/// Free it with `free()` (collective) before the communicator goes away; a window that is not freed is
/// released with the process.
public final class SharedWindow: @unchecked Sendable {
    /// Each rank's segment, in rank order (`segments[q].count` = the bytes rank q asked for).
    public let segments: [UnsafeMutableRawBufferPointer]
    private var win: MPI_Win?
    private var owned: UnsafeMutableRawPointer?

    /// The single-process window: one segment of ordinary (zeroed) memory.
    init(localBytes: Int) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(localBytes, 1), alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: max(localBytes, 1))
        owned = p
        segments = [UnsafeMutableRawBufferPointer(start: p, count: localBytes)]
    }

    /// Allocates an MPI shared window on `comm` (collective); this rank contributes `bytes`.
    init(comm: MPI_Comm, size: Int, bytes: Int) throws {
        var base: UnsafeMutableRawPointer? = nil
        var w: MPI_Win? = nil
        try MPIRuntime.check(MPI_Win_allocate_shared(MPI_Aint(bytes), 1, rr_mpi_info_null(), comm, &base, &w), "MPI_Win_allocate_shared")
        win = w
        var segs: [UnsafeMutableRawBufferPointer] = []
        for q in 0..<size {
            var qBytes: MPI_Aint = 0, unit: Int32 = 0
            var qBase: UnsafeMutableRawPointer? = nil
            try MPIRuntime.check(MPI_Win_shared_query(w, Int32(q), &qBytes, &unit, &qBase), "MPI_Win_shared_query")
            segs.append(UnsafeMutableRawBufferPointer(start: qBytes > 0 ? qBase : nil, count: Int(qBytes)))
        }
        segments = segs
        try MPIRuntime.check(MPI_Win_lock_all(Int32(rr_mpi_mode_nocheck()), w), "MPI_Win_lock_all")
    }

    /// MPI_Win_sync: orders this rank's loads and stores of the window against other ranks' (a memory barrier).
    public func sync() throws {
        if let win { try MPIRuntime.check(MPI_Win_sync(win), "MPI_Win_sync") }
    }

    /// Makes every rank's stores before the call visible to every rank's loads after it:
    /// `MPI_Win_sync` on each window, `comm.barrier()`, `MPI_Win_sync` again.
    public static func fence(_ windows: [SharedWindow], comm: any Communicator) throws {
        for w in windows { try w.sync() }
        try comm.barrier()
        for w in windows { try w.sync() }
    }

    /// Releases the memory (collective under MPI: every rank calls it). Idempotent.
    public func free() throws {
        if let handle = win {
            var w: MPI_Win? = handle
            win = nil
            try MPIRuntime.check(MPI_Win_unlock_all(handle), "MPI_Win_unlock_all")
            try MPIRuntime.check(MPI_Win_free(&w), "MPI_Win_free")
        }
        if let p = owned { owned = nil; p.deallocate() }
    }

    deinit {
        if let p = owned { p.deallocate() }
        // An MPI window still allocated is released by MPI_Finalize / process exit (freeing is collective).
    }
}
