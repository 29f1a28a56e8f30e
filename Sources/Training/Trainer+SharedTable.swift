// Trainer: moving the embedding table into node-shared memory and back (training.gradientSync.sharedTable).
import Foundation
import Layers

extension Trainer {
    /// Moves the embedding table into node-shared memory (rank 0 copies it in; collective).
    func startSharedTable() throws {
        guard usesSharedTable else { return }
        let ev = embeddingView
        // RR_SHARED_TABLE_CAPACITY (tests): a smaller part capacity, so that parts overflow into the fallback path.
        let capacity = ProcessInfo.processInfo.environment["RR_SHARED_TABLE_CAPACITY"].flatMap(Int.init)
            ?? SharedTable.capacity(lengths: SharedTable.idCounts(train, featurizer: model.featurizer, batchSize: config.training.batchSize,
                                                                  ranks: comm.size),
                                    batchSize: config.training.batchSize, ranks: comm.size, augmented: augmenter != nil, rows: ev.shape[0])
        let s: SharedTable
        do {
            s = try SharedTable(comm: comm, rows: ev.shape[0], dim: ev.shape[1], capacity: capacity)
        } catch {
            let mb = ev.shape[0] * ev.shape[1] * 4 / 1_000_000
            throw TrainingError.sharedMemory("cannot allocate the node-shared embedding table (\(mb) MB of MPI shared memory: "
                + "\(error)); give the node more shared memory (e.g. /dev/shm in a container) or set "
                + "training.gradientSync.sharedTable to \"off\" to keep a copy on every rank")
        }
        if let seed = tableSeed {
            // A fresh table: rank r draws its block of rows straight into the shared memory (the values of one draw).
            model.store.attachSparse(s.memory, copy: false)
            let d = ev.shape[1], lo = comm.rank * ev.shape[0] / comm.size, hi = (comm.rank + 1) * ev.shape[0] / comm.size
            let start = ev.offset - model.store.denseCount
            let drawn = model.store.initialValues(of: embeddingID, seed: seed, from: lo * d,
                                                  into: UnsafeMutableBufferPointer(start: s.memory.base + start + lo * d, count: (hi - lo) * d))
            precondition(drawn, "the table's initializer was checked at init")
            tableSeed = nil
        } else {
            model.store.attachSparse(s.memory, copy: comm.rank == 0)
        }
        try s.fence()
        shared = s
    }

    /// Copies the shared table back into every rank's own parameters and frees the windows (collective).
    func endSharedTable() throws {
        guard let s = shared else { return }
        model.store.detachSparse()
        try s.fence()  // nobody frees the memory while another rank still copies
        try s.free()
        shared = nil
    }
}
