// bench mode: effective allreduce bandwidth of the Communicator wrapper vs raw MPI_Allreduce on the same bytes.
//
// For each size, rounds alternate raw / wrapper blocks of `iters` in-place float sums on the same buffer and
// communicator; a block's time is the max over ranks; median and min blocks are reported. Bandwidth is
// algbw = bytes / median time. Ratios are variant time / raw time in this run (median, and min in parentheses).

import CMPI
import Collectives
import Foundation

func runBench(_ world: any Communicator) throws {
    guard let comm = world as? MPICommunicator else {
        print("bench needs MPI: run under mpirun -n 2")
        return
    }
    let sizes = [(label: "1 MB", bytes: 1 << 20, iters: 20), (label: "8 MB", bytes: 8 << 20, iters: 4)]
    let rounds = 15
    if comm.rank == 0 {
        print("ranks=\(comm.size) rounds=\(rounds); times are median (min) per call; ratios are vs raw MPI_Allreduce in this run")
        print("| size | raw MPI_Allreduce | wrapper allreduce | wrapper/raw median (min) | wrapper mean / raw | async+wait / raw |")
        print("|---|---|---|---|---|---|")
    }
    for s in sizes {
        let count = s.bytes / MemoryLayout<Float>.stride
        var buffer = [Float](repeating: 0, count: count)
        try buffer.withUnsafeMutableBufferPointer { bufIn in
            let buf = bufIn
            let raw = { () throws -> Void in
                let rc = MPI_Allreduce(rr_mpi_in_place(), buf.baseAddress, Int32(count), rr_mpi_float(), rr_mpi_op_sum(), comm.comm)
                if rc != rr_mpi_success() { throw CollectivesError.mpi(call: "MPI_Allreduce", code: rc, message: "raw") }
            }
            let wrapper = { () throws -> Void in try world.allreduce(buf, op: .sum) }
            let mean = { () throws -> Void in try world.allreduceMean(buf) }
            let async = { () throws -> Void in try world.allreduceAsync(buf, op: .sum).wait() }
            let cases = [raw, wrapper, mean, async]
            for body in cases { for _ in 0..<3 { try body() } }  // warm-up
            var times = [[Double]](repeating: [], count: cases.count)
            for round in 0..<rounds {
                // Rotate the order each round so drift does not favour one variant.
                for k in 0..<cases.count {
                    let idx = (k + round) % cases.count
                    try world.barrier()
                    let t0 = MPI_Wtime()
                    for _ in 0..<s.iters { try cases[idx]() }
                    let dt = try world.allreduce((MPI_Wtime() - t0) / Double(s.iters), op: .max)
                    times[idx].append(dt)
                }
            }
            let med = times.map { $0.sorted()[$0.count / 2] }
            let best = times.map { $0.min()! }
            if comm.rank == 0 {
                func cell(_ k: Int) -> String {
                    String(format: "%.0f (%.0f) us, %.2f GB/s", med[k] * 1e6, best[k] * 1e6, Double(s.bytes) / med[k] / 1e9)
                }
                func ratio(_ k: Int) -> String { String(format: "%.3f (%.3f)", med[k] / med[0], best[k] / best[0]) }
                print("| \(s.label) | \(cell(0)) | \(cell(1)) | \(ratio(1)) | \(ratio(2)) | \(ratio(3)) |")
            }
        }
    }
}
