// GradientSync: sums the dense gradient buffer across ranks (MPI_Allreduce, optionally bucketed MPI_Iallreduce)
// and exchanges the embedding's sparse row gradients (allgather-v of rows+values, or a dense-table allreduce
// when that moves fewer bytes, chosen at run time from the gathered row counts).
import Collectives
import Foundation
import Layers

/// Gradient synchronization across ranks; every rank ends with the identical global-batch gradient.
public final class GradientSync {
    /// How the embedding gradient is exchanged.
    public enum SparsePath: String, Sendable { case sparse, dense }

    public let comm: any Communicator
    /// Dense gradient buckets (1 = one blocking MPI_Allreduce; more = MPI_Iallreduce per bucket, overlapped
    /// with the sparse exchange).
    public let buckets: Int
    /// "auto", "sparse" or "dense".
    public let sparseMode: String
    /// Seconds spent in collectives since the last `resetTimer()`.
    public private(set) var commSeconds = 0.0
    /// The path the last sparse exchange took.
    public private(set) var lastSparsePath = SparsePath.sparse
    /// Bytes received by this rank in the last synchronization (dense allreduce counted once per element).
    public private(set) var lastBytes = 0
    /// Reused `[rows, dim]` buffer of the dense-table path (zero outside a call).
    private var table: [Float] = []

    public init(comm: any Communicator, buckets: Int = 1, sparseMode: String = "auto") {
        self.comm = comm; self.buckets = max(1, buckets); self.sparseMode = sparseMode
    }

    /// Adds time spent in another collective of the step (the loss/stop-flag allreduce).
    public func addTime(_ seconds: Double) { commSeconds += seconds }

    /// Resets the communication timer.
    public func resetTimer() { commSeconds = 0 }

    /// Sums `dense [N]` in place across ranks and returns the summed sparse gradient of a `[tableRows, dim]` table.
    public func synchronize(dense: inout [Float], sparse: SparseRowGradient, tableRows: Int) throws -> SparseRowGradient {
        guard comm.size > 1 else { return sparse }
        let t0 = now()
        defer { commSeconds += now() - t0 }
        var result = sparse
        let n = dense.count
        try dense.withUnsafeMutableBufferPointer { buf in
            var requests: [CollectiveRequest] = []
            if buckets == 1 || n < buckets {
                try comm.allreduce(buf, op: .sum)
            } else {
                for b in 0..<buckets {
                    let lo = b * n / buckets, hi = (b + 1) * n / buckets
                    requests.append(try comm.allreduceAsync(UnsafeMutableBufferPointer(rebasing: buf[lo..<hi]), op: .sum))
                }
            }
            result = try exchange(sparse, tableRows: tableRows)
            for r in requests { try r.wait() }
        }
        lastBytes += n * 4
        return result
    }

    /// The sum over ranks of every rank's sparse gradient (identical on all ranks, rows ascending).
    public func exchange(_ g: SparseRowGradient, tableRows: Int) throws -> SparseRowGradient {
        let counts = try comm.allgather([Int64(g.count)]).map { Int($0) }
        let total = counts.reduce(0, +), d = g.dim
        let sparseBytes = total * 4 * (1 + d)
        let denseBytes = tableRows * d * 4 + total * 4
        let path: SparsePath = sparseMode == "sparse" ? .sparse : sparseMode == "dense" ? .dense
            : (sparseBytes <= denseBytes ? .sparse : .dense)
        lastSparsePath = path
        var rows = [Int32](repeating: 0, count: total)
        try g.rows.withUnsafeBufferPointer { s in try rows.withUnsafeMutableBufferPointer { try comm.allgatherv(s, counts: counts, into: $0) } }
        switch path {
        case .sparse:
            var values = [Float](repeating: 0, count: total * d)
            try g.values.withUnsafeBufferPointer { s in
                try values.withUnsafeMutableBufferPointer { try comm.allgatherv(s, counts: counts.map { $0 * d }, into: $0) }
            }
            lastBytes = sparseBytes
            var parts: [SparseRowGradient] = [], off = 0
            for c in counts {
                parts.append(SparseRowGradient(parameter: g.parameter, dim: d, rows: Array(rows[off..<(off + c)]),
                                               values: Array(values[(off * d)..<((off + c) * d)])))
                off += c
            }
            return SparseRowGradient.sum(parts)
        case .dense:
            if table.count != tableRows * d { table = [Float](repeating: 0, count: tableRows * d) }
            for (k, r) in g.rows.enumerated() {
                let base = Int(r) * d
                for j in 0..<d { table[base + j] = g.values[k * d + j] }
            }
            try comm.allreduce(&table, op: .sum)
            lastBytes = denseBytes
            let union = Array(Set(rows)).sorted()
            var values = [Float](repeating: 0, count: union.count * d)
            for (k, r) in union.enumerated() {
                let base = Int(r) * d
                for j in 0..<d { values[k * d + j] = table[base + j]; table[base + j] = 0 }
            }
            return SparseRowGradient(parameter: g.parameter, dim: d, rows: union, values: values)
        }
    }
}

/// Monotonic seconds.
@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
