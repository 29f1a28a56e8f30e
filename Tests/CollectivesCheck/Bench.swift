// bench mode: effective allreduce bandwidth of the Communicator wrapper vs raw MPI_Allreduce on the same bytes.
//
// Each iteration runs one call of every variant (raw MPI_Allreduce, wrapper allreduce, wrapper mean,
// Iallreduce+wait) on the same buffer and communicator, in an order rotated per iteration, each after a
// barrier. A call's time is the max over ranks. We report the median time per variant, algbw = bytes /
// median time, and the median over iterations of (variant time / raw time in the same iteration): pairing
// within an iteration keeps the ratio meaningful on a shared, drifting machine. A second raw variant is a
// control: its ratio to raw shows the noise/ordering floor of this run.

import CMPI
import Collectives
import Foundation

func runBench(_ world: any Communicator) throws {
    guard let comm = world as? MPICommunicator else {
        print("bench needs MPI: run under mpirun -n 2")
        return
    }
    let sizes = [(label: "8 B", bytes: 8, iters: 2000), (label: "1 MB", bytes: 1 << 20, iters: 200), (label: "8 MB", bytes: 8 << 20, iters: 40)]
    let names = ["raw MPI_Allreduce", "wrapper allreduce", "wrapper allreduceMean", "allreduceAsync+wait",
                 "raw MPI_Allreduce again (control)"]
    if comm.rank == 0 {
        print("ranks=\(comm.size); median per-call time, algbw at the median, median paired ratio vs raw (same iteration)")
        print("| size | variant | median time | algbw | ratio vs raw |")
        print("|---|---|---|---|---|")
    }
    for s in sizes {
        let count = s.bytes / MemoryLayout<Float>.stride
        var buffer = [Float](repeating: 0, count: count)
        var times = [Double](repeating: 0, count: s.iters * names.count)  // [iters, variants]
        try buffer.withUnsafeMutableBufferPointer { bufIn in
            let buf = bufIn
            let raw = { () throws -> Void in
                let rc = MPI_Allreduce(rr_mpi_in_place(), buf.baseAddress, Int32(count), rr_mpi_float(), rr_mpi_op_sum(), comm.comm)
                if rc != rr_mpi_success() { throw CollectivesError.mpi(call: "MPI_Allreduce", code: rc, message: "raw") }
            }
            let variants: [() throws -> Void] = [
                raw,
                { try world.allreduce(buf, op: .sum) },
                { try world.allreduceMean(buf) },
                { try world.allreduceAsync(buf, op: .sum).wait() },
                raw,  // control: the spread of raw vs raw shows the noise floor of the ratios
            ]
            for body in variants { for _ in 0..<3 { try body() } }  // warm-up
            for it in 0..<s.iters {
                for k in 0..<variants.count {
                    let v = (k + it) % variants.count
                    try world.barrier()
                    let t0 = MPI_Wtime()
                    try variants[v]()
                    times[it * names.count + v] = MPI_Wtime() - t0
                }
            }
        }
        try world.allreduce(&times, op: .max)
        guard comm.rank == 0 else { continue }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        for v in names.indices {
            let t = median((0..<s.iters).map { times[$0 * names.count + v] })
            let ratio = median((0..<s.iters).map { times[$0 * names.count + v] / times[$0 * names.count] })
            print(String(format: "| %@ | %@ | %.0f us | %.2f GB/s | %.3f |", s.label, names[v], t * 1e6,
                         Double(s.bytes) / t / 1e9, ratio))
        }
    }
}
