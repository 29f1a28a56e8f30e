// collectives-check: exercises every Communicator call and checks the results on every rank.
//
//   collectives-check [check]   run all checks; rank 0 prints "COLLECTIVES CHECK PASSED size=N"; exit 1 on failure
//   collectives-check abort     the last rank calls abort(code: 7) while the others wait in a barrier
//   collectives-check bench     allreduce bandwidth: wrapper vs raw MPI_Allreduce (run under mpirun -n 2, release)
// Works under mpirun (MPICommunicator) and as a plain process (SingleProcessCommunicator, size 1).

import CMPI
import Collectives
import Foundation

@main
struct CollectivesCheck {
    static func main() throws {
        let mode = CommandLine.arguments.dropFirst().first ?? "check"
        // The TCP sockets the process had before MPI_Init (under srun, the connection that forwards its output).
        tcpBeforeInit = Set((3..<4096).filter { Collectives.tcpNoDelay(fd: Int32($0)) != nil })
        let comm = try Collectives.world()
        switch mode {
        case "check": try runChecks(comm)
        case "abort": try runAbort(comm)
        case "bench": try runBench(comm)
        default:
            FileHandle.standardError.write("unknown mode \(mode); use check | abort | bench\n".data(using: .utf8)!)
            exit(2)
        }
    }

    static func runAbort(_ comm: any Communicator) throws {
        try comm.barrier()
        if comm.rank == comm.size - 1 { comm.abort(code: 7) }
        try comm.barrier()  // never completes: the job is aborted
        print("rank \(comm.rank): ERROR survived abort")
    }
}

/// The TCP sockets open before MPI_Init (recorded by `main`).
nonisolated(unsafe) var tcpBeforeInit = Set<Int>()

/// Counts checks and failures on this rank.
final class Checker {
    let comm: any Communicator
    var checks = 0, failures = 0
    init(_ comm: any Communicator) { self.comm = comm }

    func expect(_ ok: Bool, _ what: @autoclosure () -> String) {
        checks += 1
        if !ok {
            failures += 1
            print("rank \(comm.rank)/\(comm.size): FAIL \(what())")
        }
    }

    func expectEqual<T: Equatable>(_ got: T, _ want: T, _ what: String) {
        expect(got == want, "\(what): got \(got), want \(want)")
    }
}

func runChecks(_ comm: any Communicator) throws {
    let c = Checker(comm)
    let rank = comm.rank, size = comm.size
    c.expect(size >= 1 && rank >= 0 && rank < size, "rank \(rank) in 0..<\(size)")
    c.expectEqual(comm.isMPI, size > 1 || Collectives.shouldUseMPI(), "isMPI")
    // MPI_Init's TCP sockets (the PMIx connection to mpirun or slurmstepd) have Nagle off
    // (MPIRuntime.disableNagleOnTCPSockets); the ones the process had before are left as they were.
    let opened = (3..<4096).filter { !tcpBeforeInit.contains($0) }.compactMap { Collectives.tcpNoDelay(fd: Int32($0)) }
    if comm.isMPI && size > 1 { c.expect(!opened.isEmpty, "a TCP socket opened by MPI_Init") }
    c.expect(opened.allSatisfy { $0 }, "TCP_NODELAY on every TCP socket MPI_Init opened: \(opened)")
    try comm.barrier()

    // Ranks and node-local ranks (all ranks of a test run share one node).
    c.expectEqual(try comm.allgather([Int32(rank)]), (0..<size).map { Int32($0) }, "allgather ranks")
    c.expect(!comm.processorName.isEmpty, "processorName non-empty")
    let names = try comm.allgatherv(Array(comm.processorName.utf8))
    c.expectEqual(names.counts.count, size, "allgatherv name counts")
    if Set(names.counts).count == 1 && names.values == Array(repeating: Array(comm.processorName.utf8), count: size).flatMap({ $0 }) {
        c.expectEqual(comm.localSize, size, "localSize on one node")
        c.expectEqual(comm.localRank, rank, "localRank on one node")
    }
    let localSizes = try comm.allgather([Int32(comm.localSize)])
    c.expect(localSizes.allSatisfy { $0 >= 1 && $0 <= Int32(size) }, "localSize in 1...size: \(localSizes)")

    // Broadcast Float / Double / Int32 / bytes from the last rank.
    let root = size - 1
    var f: [Float] = rank == root ? [1.5, -2.25, 3e10] : [0, 0, 0]
    try comm.broadcast(&f, root: root)
    c.expectEqual(f, [1.5, -2.25, 3e10], "broadcast Float")
    var d: [Double] = rank == root ? [Double.pi, -1e300] : [0, 0]
    try comm.broadcast(&d, root: root)
    c.expectEqual(d, [Double.pi, -1e300], "broadcast Double")
    var i32: [Int32] = rank == root ? [Int32.min, 7, Int32.max] : [0, 0, 0]
    try comm.broadcast(&i32, root: root)
    c.expectEqual(i32, [Int32.min, 7, Int32.max], "broadcast Int32")
    var i64: [Int64] = rank == root ? [Int64.min, 1 << 60] : [0, 0]
    try comm.broadcast(&i64, root: root)
    c.expectEqual(i64, [Int64.min, 1 << 60], "broadcast Int64")
    var raw: [UInt8] = rank == root ? [0, 255, 17] : [9, 9, 9]
    try comm.broadcast(&raw, root: root)
    c.expectEqual(raw, [0, 255, 17], "broadcast bytes")
    let json = Array("{\"from\": \"root 0\", \"size\": \(size)}".utf8)
    c.expectEqual(try comm.broadcast(bytes: rank == 0 ? json : [], root: 0), json, "broadcast(bytes:) variable length")

    // Allreduce sum/max/min: rank r contributes x_r[i] = (r + 1) * (i - 2) (exact in Float).
    let n = 5
    func contribution(_ r: Int) -> [Int] { (0..<n).map { (r + 1) * ($0 - 2) } }
    let all = (0..<size).map(contribution)
    let want: [ReduceOp: [Int]] = [
        .sum: (0..<n).map { i in all.reduce(0) { $0 + $1[i] } },
        .max: (0..<n).map { i in all.map { $0[i] }.max()! },
        .min: (0..<n).map { i in all.map { $0[i] }.min()! },
    ]
    for op in ReduceOp.allCases {
        var xf = contribution(rank).map { Float($0) }
        try comm.allreduce(&xf, op: op)
        c.expectEqual(xf, want[op]!.map { Float($0) }, "allreduce Float \(op)")
        var xd = contribution(rank).map { Double($0) }
        try comm.allreduce(&xd, op: op)
        c.expectEqual(xd, want[op]!.map { Double($0) }, "allreduce Double \(op)")
        var xi = contribution(rank).map { Int32($0) }
        try comm.allreduce(&xi, op: op)
        c.expectEqual(xi, want[op]!.map { Int32($0) }, "allreduce Int32 \(op)")
        // Int64 beyond 2^53 (not representable in Double): offset every value by 2^60.
        var xl = contribution(rank).map { Int64($0) + (1 << 60) / Int64(size) }
        try comm.allreduce(&xl, op: op)
        let offset: Int64 = op == .sum ? (1 << 60) / Int64(size) * Int64(size) : (1 << 60) / Int64(size)
        c.expectEqual(xl, want[op]!.map { Int64($0) + offset }, "allreduce Int64 \(op)")
    }
    c.expectEqual(try comm.allreduce(Int64(rank + 1), op: .sum), Int64(size * (size + 1) / 2), "allreduce scalar")

    // Mean in place (Float, Double): mean of (r + 1) * (i - 2) over r is (size + 1) / 2 * (i - 2).
    var mf = contribution(rank).map { Float($0) }
    try comm.allreduceMean(&mf)
    c.expectEqual(mf, (0..<n).map { Float(size + 1) / 2 * Float($0 - 2) }, "allreduceMean Float")
    var md = contribution(rank).map { Double($0) }
    try comm.allreduceMean(&md)
    c.expectEqual(md, (0..<n).map { Double(size + 1) / 2 * Double($0 - 2) }, "allreduceMean Double")

    // Non-blocking allreduce (sum and mean): 10_000 elements, poll with test() then wait().
    let big = 10_000
    var af = (0..<big).map { Float(($0 % 7) * (rank + 1)) }
    var ad = (0..<big).map { Double(($0 % 5) * (rank + 1)) }
    try af.withUnsafeMutableBufferPointer { bf in
        try ad.withUnsafeMutableBufferPointer { bd in
            let r1 = try comm.allreduceAsync(bf, op: .sum)
            let r2 = try comm.allreduceMeanAsync(bd)
            var polls = 0
            while try !r1.test() && polls < 1_000_000 { polls += 1 }
            try r1.wait()
            try r2.wait()
            try r2.wait()  // waiting twice is harmless and must not divide twice
            c.expect(r1.isComplete && r2.isComplete, "requests complete after wait")
        }
    }
    let tri = size * (size + 1) / 2
    c.expectEqual(af, (0..<big).map { Float(($0 % 7) * tri) }, "allreduceAsync Float sum")
    c.expectEqual(ad, (0..<big).map { Double($0 % 5) * Double(size + 1) / 2 }, "allreduceMeanAsync Double")

    // Allgather Int32 / Float / bytes.
    c.expectEqual(try comm.allgather([Int32(rank), Int32(-rank)]), (0..<size).flatMap { [Int32($0), Int32(-$0)] }, "allgather Int32")
    c.expectEqual(try comm.allgather([Float(rank) + 0.5]), (0..<size).map { Float($0) + 0.5 }, "allgather Float")
    c.expectEqual(try comm.allgather([UInt8(rank), 200]), (0..<size).flatMap { [UInt8($0), 200] }, "allgather bytes")

    // Allgatherv with uneven counts, rank 1 contributing nothing: count(r) = r == 1 ? 0 : r + 2.
    func count(_ r: Int) -> Int { r == 1 ? 0 : r + 2 }
    let v32 = try comm.allgatherv((0..<count(rank)).map { Int32(rank * 100 + $0) })
    c.expectEqual(v32.counts, (0..<size).map(count), "allgatherv counts")
    c.expectEqual(v32.values, (0..<size).flatMap { r in (0..<count(r)).map { Int32(r * 100 + $0) } }, "allgatherv Int32")
    let vf = try comm.allgatherv((0..<count(rank)).map { Float(rank) * 0.25 + Float($0) })
    c.expectEqual(vf.values, (0..<size).flatMap { r in (0..<count(r)).map { Float(r) * 0.25 + Float($0) } }, "allgatherv Float")
    let vb = try comm.allgatherv([UInt8](repeating: UInt8(rank + 1), count: count(rank)))
    c.expectEqual(vb.values, (0..<size).flatMap { [UInt8](repeating: UInt8($0 + 1), count: count($0)) }, "allgatherv bytes")

    // Errors: an invalid root is reported (MPI_ERR_ROOT under MPI) and the communicator stays usable.
    var e: [Float] = [1]
    do {
        try comm.broadcast(&e, root: size)
        c.expect(false, "broadcast with root = size must throw")
    } catch let error as CollectivesError {
        switch error {
        case let .mpi(call, code, message):
            c.expect(comm.isMPI && call == "MPI_Bcast" && code != 0 && !message.isEmpty, "MPI error fields: \(error)")
            if rank == 0 { print("expected error: \(error)") }
        case .invalidArgument(_, let field, _):
            c.expect(!comm.isMPI && field == "root", "single-process invalid root: \(error)")
        }
    }
    do {
        var small = [Float](repeating: 0, count: size)  // needs size * 2
        try [Float(1), 2].withUnsafeBufferPointer { s in try small.withUnsafeMutableBufferPointer { try comm.allgather(s, into: $0) } }
        c.expect(false, "allgather into a too-small buffer must throw")
    } catch let error as CollectivesError {
        if case .invalidArgument(_, "recv", _) = error {} else { c.expect(false, "wrong error \(error)") }
    }
    try comm.barrier()
    c.expectEqual(try comm.allreduce(Int64(1), op: .sum), Int64(size), "usable after errors")

    // Verdict: every rank learns the total failure count.
    let total = try comm.allreduce(Int64(c.failures), op: .sum)
    let totalChecks = try comm.allreduce(Int64(c.checks), op: .sum)
    print("rank \(rank)/\(size) on \(comm.processorName) (local \(comm.localRank)/\(comm.localSize)): \(c.checks) checks, \(c.failures) failures")
    if rank == 0 {
        print(total == 0 ? "COLLECTIVES CHECK PASSED size=\(size) checks=\(totalChecks)" : "COLLECTIVES CHECK FAILED size=\(size) failures=\(total)")
    }
    if total != 0 { exit(1) }
}
