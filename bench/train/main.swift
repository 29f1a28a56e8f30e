// bench-train allreduce: effective bandwidth of the trainer's gradient-synchronization path (GradientSync,
// one blocking allreduce or bucketed MPI_Iallreduce) against a raw MPI_Allreduce of the same bytes, measured
// in the same run, interleaved. Run under `mpirun -n 2` (release build). Also times the sparse exchange.
import CMPI
import Collectives
import Foundation
import Layers
import Training

@inline(__always) func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let comm = try Collectives.world()
guard let mpi = comm as? MPICommunicator, comm.size > 1 else {
    print("bench-train allreduce: run under mpirun -n 2 (got \(comm.size) rank)")
    exit(2)
}
let root = comm.rank == 0
let reps = Int(ProcessInfo.processInfo.environment["BENCH_REPS"] ?? "") ?? 30
// Dense gradient sizes: the default config's dense part (~5k floats), a mid size, 1M and 4M floats.
let sizes = [5_000, 65_536, 1 << 20, 4 << 20]
if root { print("| floats | MB | raw MPI_Allreduce GB/s | GradientSync (1 bucket) GB/s | ratio | GradientSync (4 buckets) GB/s | ratio |") }
if root { print("|---:|---:|---:|---:|---:|---:|---:|") }
var layout = ParameterLayout()
let tableID = layout.add("table", shape: [65536, 32], gradient: .sparseRows, initializer: .zeros)
let emptySparse = SparseRowGradient(parameter: tableID, dim: 32, rows: [], values: [])
for n in sizes {
    var buf = [Float](repeating: 1, count: n)
    let one = GradientSync(comm: comm, buckets: 1, sparseMode: "sparse")
    let four = GradientSync(comm: comm, buckets: 4, sparseMode: "sparse")
    var tRaw: [Double] = [], tOne: [Double] = [], tFour: [Double] = []
    for _ in 0..<3 { buf.withUnsafeMutableBufferPointer { b in _ = MPI_Allreduce(rr_mpi_in_place(), b.baseAddress, Int32(n), rr_mpi_float(), rr_mpi_op_sum(), mpi.comm) } }
    for _ in 0..<reps {
        try comm.barrier()
        var t = seconds()
        buf.withUnsafeMutableBufferPointer { b in _ = MPI_Allreduce(rr_mpi_in_place(), b.baseAddress, Int32(n), rr_mpi_float(), rr_mpi_op_sum(), mpi.comm) }
        tRaw.append(seconds() - t)
        try comm.barrier()
        t = seconds()
        _ = try one.synchronize(dense: &buf, sparse: emptySparse, tableRows: 16)
        tOne.append(seconds() - t)
        try comm.barrier()
        t = seconds()
        _ = try four.synchronize(dense: &buf, sparse: emptySparse, tableRows: 16)
        tFour.append(seconds() - t)
    }
    func median(_ a: [Double]) -> Double { a.sorted()[a.count / 2] }
    let bytes = Double(n * 4)
    let (r, o, f) = (bytes / median(tRaw) / 1e9, bytes / median(tOne) / 1e9, bytes / median(tFour) / 1e9)
    if root {
        print(String(format: "| %d | %.2f | %.3f | %.3f | %.2f | %.3f | %.2f |", n, bytes / 1e6, r, o, o / r, f, f / r))
    }
}
// Sparse exchange: rows touched by a 32-example slice (~40 ids each) of a [65536, 32] table.
var rng = SystemRandomNumberGenerator()
let rows = Array(Set((0..<1200).map { _ in Int32.random(in: 0..<65536, using: &rng) })).sorted()
let g = SparseRowGradient(parameter: tableID, dim: 32, rows: rows, values: [Float](repeating: 0.5, count: rows.count * 32))
for mode in ["sparse", "dense"] {
    let s = GradientSync(comm: comm, buckets: 1, sparseMode: mode)
    var ts: [Double] = []
    for _ in 0..<reps { try comm.barrier(); let t = seconds(); _ = try s.exchange(g, tableRows: 65536); ts.append(seconds() - t) }
    if root { print(String(format: "sparse exchange (%d rows x 32 per rank, table 65536 x 32) via %@: median %.3f ms", rows.count, mode, ts.sorted()[ts.count / 2] * 1e3)) }
}
Collectives.finalize()
