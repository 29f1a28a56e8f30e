import Foundation
import XCTest
@testable import Collectives

/// Semantics of every Communicator call at size 1 (no MPI involved).
final class SingleProcessTests: XCTestCase {
    let comm: any Communicator = SingleProcessCommunicator()

    /// `ob1` only when mpirun put every rank on this node and nobody chose a messaging layer.
    func testMessagingLayerChoiceBeforeMPIInit() {
        XCTAssertEqual(MPIRuntime.pmlChoice(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "4"]), "ob1")
        XCTAssertNil(MPIRuntime.pmlChoice(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"]), "ranks on two nodes")
        XCTAssertNil(MPIRuntime.pmlChoice(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "4", "OMPI_MCA_pml": "ucx"]),
                     "the user's choice (mpirun --mca pml ucx) stands")
        XCTAssertNil(MPIRuntime.pmlChoice(environment: ["PMIX_RANK": "0"]), "srun launches: no OMPI_COMM_WORLD_* before MPI_Init")
        XCTAssertNil(MPIRuntime.pmlChoice(environment: [:]))
    }

    /// mpirun's default core binding is released only on a one-node mpirun job where nobody asked for a binding.
    func testDefaultCoreBindingRelease() {
        let job = ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"]
        XCTAssertTrue(MPIRuntime.releasesBinding(environment: job))
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: job.merging(["OMPI_MCA_hwloc_base_binding_policy": "core"]) { $1 }),
                       "mpirun --bind-to core stands")
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: job.merging(["OMPI_MCA_rmaps_rank_file_path": "/tmp/r"]) { $1 }), "a rank file stands")
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: job.merging(["RR_KEEP_CORE_BINDING": "1"]) { $1 }), "opt-out")
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"]), "two nodes")
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: ["PMIX_RANK": "0"]), "not an mpirun launch")
        XCTAssertFalse(MPIRuntime.releasesBinding(environment: [:]))
    }

    /// TCP_NODELAY goes on the TCP sockets opened since a snapshot (MPI_Init's), not on older ones or other sockets.
    func testNagleDisabledOnNewTCPSocketsOnly() throws {
        let older = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)  // a socket the process had before "MPI_Init"
        defer { close(older) }
        let before = MPIRuntime.tcpSockets()
        XCTAssertTrue(before.contains(older))
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(listener, 0); XCTAssertGreaterThanOrEqual(udp, 0)
        defer { close(listener); close(udp) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                XCTAssertEqual(bind(listener, sa, len), 0)
                XCTAssertEqual(listen(listener, 1), 0)
                XCTAssertEqual(getsockname(listener, sa, &len), 0)  // the port the kernel chose
                let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(client) }
                XCTAssertEqual(connect(client, sa, len), 0)
                let server = accept(listener, nil, nil)
                XCTAssertGreaterThanOrEqual(server, 0)
                defer { close(server) }
                XCTAssertEqual(MPIRuntime.tcpNoDelay(fd: client), false, "Nagle is on for a new socket")
                XCTAssertEqual(MPIRuntime.tcpNoDelay(fd: server), false)
                XCTAssertNil(MPIRuntime.tcpNoDelay(fd: udp), "not a TCP socket")
                XCTAssertEqual(MPIRuntime.disableNagleOnTCPSockets(except: before), 3, "listener, client and server")
                XCTAssertEqual(MPIRuntime.tcpNoDelay(fd: client), true)
                XCTAssertEqual(MPIRuntime.tcpNoDelay(fd: server), true)
                XCTAssertEqual(MPIRuntime.tcpNoDelay(fd: older), false, "a socket from before is left alone")
                XCTAssertNil(MPIRuntime.tcpNoDelay(fd: udp))
            }
        }
    }

    func testIdentity() {
        XCTAssertEqual(comm.rank, 0)
        XCTAssertEqual(comm.size, 1)
        XCTAssertEqual(comm.localRank, 0)
        XCTAssertEqual(comm.localSize, 1)
        XCTAssertFalse(comm.isMPI)
        XCTAssertFalse(comm.processorName.isEmpty)
        XCTAssertFalse(comm.processorName.contains("\0"))
    }

    func testBarrierBroadcastAndRoot() throws {
        try comm.barrier()
        var f: [Float] = [1, 2]
        try comm.broadcast(&f, root: 0)
        XCTAssertEqual(f, [1, 2])
        var i: [Int32] = [3]
        try comm.broadcast(&i, root: 0)
        XCTAssertEqual(i, [3])
        XCTAssertEqual(try comm.broadcast(bytes: [1, 2, 3], root: 0), [1, 2, 3])
        XCTAssertThrowsError(try comm.broadcast(&f, root: 1)) { error in
            XCTAssertEqual(error as? CollectivesError, .invalidArgument(call: "broadcast", field: "root", reason: "is 1, must be in 0..<1"))
        }
    }

    func testAllreduceIsIdentityForEveryOpAndType() throws {
        for op in ReduceOp.allCases {
            var f: [Float] = [1.5, -2]
            try comm.allreduce(&f, op: op)
            XCTAssertEqual(f, [1.5, -2])
            var d: [Double] = [.pi]
            try comm.allreduce(&d, op: op)
            XCTAssertEqual(d, [.pi])
            var l: [Int64] = [Int64.max, Int64.min]
            try comm.allreduce(&l, op: op)
            XCTAssertEqual(l, [Int64.max, Int64.min])
        }
        var mf: [Float] = [3, 5]
        try comm.allreduceMean(&mf)
        XCTAssertEqual(mf, [3, 5])
        var md: [Double] = [0.1]
        try comm.allreduceMean(&md)
        XCTAssertEqual(md, [0.1])
        XCTAssertEqual(try comm.allreduce(Int64(42), op: .sum), 42)
    }

    func testAsyncRequestsAreComplete() throws {
        var f: [Float] = [4, 8]
        try f.withUnsafeMutableBufferPointer { b in
            let r = try comm.allreduceAsync(b, op: .sum)
            XCTAssertTrue(r.isComplete)
            XCTAssertTrue(try r.test())
            try r.wait()
            let m = try comm.allreduceMeanAsync(b)
            try m.wait()
        }
        XCTAssertEqual(f, [4, 8])
    }

    func testAllgatherAndAllgathervCopy() throws {
        XCTAssertEqual(try comm.allgather([Int32(7), 8]), [7, 8])
        XCTAssertEqual(try comm.allgather([Float(0.5)]), [0.5])
        XCTAssertEqual(try comm.allgather([UInt8]()), [])
        let v = try comm.allgatherv([UInt8(1), 2, 3])
        XCTAssertEqual(v.values, [1, 2, 3])
        XCTAssertEqual(v.counts, [3])
        let e = try comm.allgatherv([Float]())
        XCTAssertEqual(e.values, [])
        XCTAssertEqual(e.counts, [0])
        // Wrong sizes are rejected, naming the field.
        var small = [Int32](repeating: 0, count: 1)
        XCTAssertThrowsError(try [Int32(1), 2].withUnsafeBufferPointer { s in
            try small.withUnsafeMutableBufferPointer { try comm.allgather(s, into: $0) }
        }) { XCTAssertTrue("\($0)".contains("`recv`"), "\($0)") }
        XCTAssertThrowsError(try [Int32(1)].withUnsafeBufferPointer { s in
            try small.withUnsafeMutableBufferPointer { try comm.allgatherv(s, counts: [2], into: $0) }
        }) { XCTAssertTrue("\($0)".contains("`counts`"), "\($0)") }
    }

    func testFactoryChoosesByEnvironment() {
        XCTAssertFalse(Collectives.shouldUseMPI(environment: [:]))
        XCTAssertFalse(Collectives.shouldUseMPI(environment: ["HOME": "/root", "SLURM_JOB_ID": "1"]))
        XCTAssertTrue(Collectives.shouldUseMPI(environment: ["OMPI_COMM_WORLD_SIZE": "2"]))
        XCTAssertTrue(Collectives.shouldUseMPI(environment: ["PMIX_RANK": "0"]))
        XCTAssertTrue(Collectives.shouldUseMPI(environment: ["PMI_RANK": "0"]))
        XCTAssertFalse(Collectives.shouldUseMPI(environment: ["PMI_RANK": "0", "RR_COMMUNICATOR": "single"]))
        XCTAssertTrue(Collectives.shouldUseMPI(environment: ["RR_COMMUNICATOR": "MPI"]))
    }

    func testWorldIsSingleProcessWithoutLauncher() throws {
        try XCTSkipIf(Collectives.shouldUseMPI(), "the test process itself was launched by an MPI launcher")
        let w = try Collectives.world()
        XCTAssertTrue(w is SingleProcessCommunicator)
        XCTAssertTrue(try Collectives.world() === w, "world() is created once")
    }
}
