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
    /// Seconds spent in collectives (and packing their buffers) since the last `resetTimer()`; the summing of the
    /// gathered sparse parts is compute and is counted in `sumSeconds` instead.
    public private(set) var commSeconds = 0.0
    /// Seconds spent summing the gathered sparse parts since the last `resetTimer()` (replicated on every rank).
    public private(set) var sumSeconds = 0.0
    /// The path the last sparse exchange took.
    public private(set) var lastSparsePath = SparsePath.sparse
    /// Bytes received by this rank in the last synchronization (dense allreduce counted once per element).
    public private(set) var lastBytes = 0
    /// Reused `[rows, dim]` buffer of the dense-table path (zero outside a call).
    private var table: [Float] = []
    /// Reused send / receive buffers of the sparse path (grown, never shrunk).
    private var sendBuffer: [Float] = []
    private var recvBuffer: [Float] = []

    public init(comm: any Communicator, buckets: Int = 1, sparseMode: String = "auto") {
        self.comm = comm; self.buckets = max(1, buckets); self.sparseMode = sparseMode
    }

    /// Adds time spent in another collective of the step (the loss/stop-flag allreduce).
    public func addTime(_ seconds: Double) { commSeconds += seconds }

    /// Adds time spent merging sparse parts outside `synchronize` (the node-shared table's merge of owned rows).
    public func addSumTime(_ seconds: Double) { sumSeconds += seconds }

    /// Resets the communication timer.
    public func resetTimer() { commSeconds = 0; sumSeconds = 0 }

    /// Dense buffers of at most this many floats travel inside the fused Double allreduce (latency-bound sizes).
    public static let fuseLimit = 1024

    /// Sums `dense [N]` in place across ranks and returns the summed sparse gradient of a `[tableRows, dim]` table.
    public func synchronize(dense: inout [Float], sparse: SparseRowGradient, tableRows: Int) throws -> SparseRowGradient {
        var none: [Double] = []
        return try synchronize(dense: &dense, sparse: sparse, tableRows: tableRows, scalars: &none)
    }

    /// Sums `dense [N]` and `scalars` (e.g. losses and a stop flag) in place across ranks and returns the summed
    /// sparse gradient of a `[tableRows, dim]` table.
    ///
    /// Collectives per call (one bucket): ONE `MPI_Allreduce` carrying every rank's sparse row count (in its own
    /// slot), `scalars` and `dense`: of doubles when `dense` has at most `fuseLimit` floats (summed in Double,
    /// rounded once to Float); otherwise of floats, the counts and scalars appended to `dense` (counts are exact in
    /// Float below 2^24 rows; scalars, e.g. losses, then carry Float precision). Then ONE allgather-v of rows and
    /// values packed together (sparse path), or the row ids plus a dense-table allreduce (dense path); none when no
    /// rank has sparse rows. With buckets > 1: a Double allreduce of counts and scalars while the buckets' Float
    /// `MPI_Iallreduce`s run.
    public func synchronize(dense: inout [Float], sparse: SparseRowGradient, tableRows: Int,
                            scalars: inout [Double]) throws -> SparseRowGradient {
        guard comm.size > 1 else { return sparse }
        let t0 = now()
        defer { commSeconds += now() - t0 }
        let n = dense.count, r = comm.size, s = scalars.count
        let fuse = buckets == 1 && n <= Self.fuseLimit
        if buckets == 1 && !fuse && tableRows < (1 << 24) {
            // One Float allreduce of [dense | counts | scalars] (the raw MPI_Allreduce's cost plus R + s floats).
            dense.append(contentsOf: repeatElement(0, count: r + s))
            dense[n + comm.rank] = Float(sparse.count)
            for i in 0..<s { dense[n + r + i] = Float(scalars[i]) }
            try comm.allreduce(&dense, op: .sum)
            let counts = (0..<r).map { Int(dense[n + $0]) }
            for i in 0..<s { scalars[i] = Double(dense[n + r + i]) }
            dense.removeLast(r + s)
            let result = try exchange(sparse, tableRows: tableRows, counts: counts)
            lastBytes += n * 4
            return result
        }
        var meta = [Double](repeating: 0, count: r + s + (fuse ? n : 0))
        meta[comm.rank] = Double(sparse.count)
        for i in 0..<s { meta[r + i] = scalars[i] }
        if fuse { for i in 0..<n { meta[r + s + i] = Double(dense[i]) } }
        var requests: [CollectiveRequest] = []
        try dense.withUnsafeMutableBufferPointer { buf in
            if !fuse && (buckets > 1 && n >= buckets) {
                for b in 0..<buckets {
                    let lo = b * n / buckets, hi = (b + 1) * n / buckets
                    requests.append(try comm.allreduceAsync(UnsafeMutableBufferPointer(rebasing: buf[lo..<hi]), op: .sum))
                }
            }
            try comm.allreduce(&meta, op: .sum)
            if !fuse && requests.isEmpty { try comm.allreduce(buf, op: .sum) }
        }
        for i in 0..<s { scalars[i] = meta[r + i] }
        if fuse { for i in 0..<n { dense[i] = Float(meta[r + s + i]) } }
        let result = try exchange(sparse, tableRows: tableRows, counts: (0..<r).map { Int(meta[$0]) })
        for q in requests { try q.wait() }
        lastBytes += n * 4
        return result
    }

    /// Sums `dense [N]` and `scalars` in place across ranks (ONE allreduce, as `synchronize` without the sparse
    /// exchange) and returns every rank's `mine` `[R]`, exactly (the node-shared table's per-rank sums of squares).
    ///
    /// Rank q's Double travels in its own slots, the other ranks adding zeros: as a Double slot of the Double
    /// allreduce (`dense` of at most `fuseLimit` floats), else as four 16-bit pieces of its bit pattern in Float
    /// slots appended to `dense` (each piece is exact in Float). Buckets are not used.
    public func reduce(dense: inout [Float], scalars: inout [Double], perRank mine: Double) throws -> [Double] {
        guard comm.size > 1 else { return [mine] }
        let t0 = now()
        defer { commSeconds += now() - t0 }
        let n = dense.count, r = comm.size, s = scalars.count
        lastBytes = n * 4
        lastSparsePath = .sparse
        if n > Self.fuseLimit {
            dense.append(contentsOf: repeatElement(0, count: 4 * r + s))
            let bits = mine.bitPattern
            for k in 0..<4 { dense[n + 4 * comm.rank + k] = Float((bits >> UInt64(16 * k)) & 0xFFFF) }
            for i in 0..<s { dense[n + 4 * r + i] = Float(scalars[i]) }
            try comm.allreduce(&dense, op: .sum)
            var out: [Double] = []
            for q in 0..<r {
                var b: UInt64 = 0
                for k in 0..<4 { b |= UInt64(dense[n + 4 * q + k]) << UInt64(16 * k) }
                out.append(Double(bitPattern: b))
            }
            for i in 0..<s { scalars[i] = Double(dense[n + 4 * r + i]) }
            dense.removeLast(4 * r + s)
            return out
        }
        var meta = [Double](repeating: 0, count: r + s + n)
        meta[comm.rank] = mine
        for i in 0..<s { meta[r + i] = scalars[i] }
        for i in 0..<n { meta[r + s + i] = Double(dense[i]) }
        try comm.allreduce(&meta, op: .sum)
        for i in 0..<s { scalars[i] = meta[r + i] }
        for i in 0..<n { dense[i] = Float(meta[r + s + i]) }
        return Array(meta[0..<r])
    }

    /// The sum over ranks of every rank's sparse gradient (identical on all ranks, rows ascending).
    public func exchange(_ g: SparseRowGradient, tableRows: Int) throws -> SparseRowGradient {
        let counts = try comm.allgather([Int64(g.count)]).map { Int($0) }
        return try exchange(g, tableRows: tableRows, counts: counts)
    }

    /// `exchange(_:tableRows:)` with every rank's row count already known (`counts [R]`).
    func exchange(_ g: SparseRowGradient, tableRows: Int, counts: [Int]) throws -> SparseRowGradient {
        let total = counts.reduce(0, +), d = g.dim
        if total == 0 {  // every rank knows: no exchange
            lastSparsePath = .sparse
            lastBytes = 0
            return SparseRowGradient(parameter: g.parameter, dim: d, rows: [], values: [])
        }
        let sparseBytes = total * 4 * (1 + d)
        let denseBytes = tableRows * d * 4 + total * 4
        let path: SparsePath = sparseMode == "sparse" ? .sparse : sparseMode == "dense" ? .dense
            : (sparseBytes <= denseBytes ? .sparse : .dense)
        lastSparsePath = path
        switch path {
        case .sparse:
            // One allgather-v of [rows (Int32 bit patterns in Float slots) | values] per rank: a copy, no arithmetic.
            // Send/receive buffers are reused across steps (no per-step allocation, zeroing or page faults).
            let w = 1 + d
            if sendBuffer.count < g.count * w { sendBuffer = [Float](repeating: 0, count: g.count * w) }
            if recvBuffer.count < total * w { recvBuffer = [Float](repeating: 0, count: total * w) }
            try sendBuffer.withUnsafeMutableBufferPointer { sb in
                g.rows.withUnsafeBufferPointer { rb in
                    for k in 0..<rb.count { sb[k] = Float(bitPattern: UInt32(bitPattern: rb[k])) }
                }
                g.values.withUnsafeBufferPointer { vb in
                    if let src = vb.baseAddress { (sb.baseAddress! + g.count).update(from: src, count: vb.count) }
                }
                try recvBuffer.withUnsafeMutableBufferPointer { rb in
                    try comm.allgatherv(UnsafeBufferPointer(rebasing: sb[0..<(g.count * w)]), counts: counts.map { $0 * w },
                                        into: UnsafeMutableBufferPointer(rebasing: rb[0..<(total * w)]))
                }
            }
            lastBytes = sparseBytes
            let t = now()
            defer { let dt = now() - t; sumSeconds += dt; commSeconds -= dt }  // the caller adds the whole call
            return recvBuffer.withUnsafeBufferPointer { Self.sumParts($0, counts: counts, dim: d, parameter: g.parameter) }
        case .dense:
            var rows = [Int32](repeating: 0, count: total)
            try g.rows.withUnsafeBufferPointer { s in try rows.withUnsafeMutableBufferPointer { try comm.allgatherv(s, counts: counts, into: $0) } }
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

extension GradientSync {
    /// The sum of R packed parts `[rows_q (Int32 bits) | values_q [c_q, dim]]` (rank order, `counts [R]` rows each)
    /// read in place by one R-way merge: the sorted union of the row lists, each output row `((0 + v_0) + v_1) + ...`
    /// over the parts holding it in rank order (bit-identical to `SparseRowGradient.sum`, which adds the parts into
    /// zeros rank by rank), without unpacking the parts, zeroing the output or a second walk.
    static func sumParts(_ recv: UnsafeBufferPointer<Float>, counts: [Int], dim d: Int, parameter: ParameterID) -> SparseRowGradient {
        let parts = SharedTable.SparsePart.packed(recv.baseAddress!, counts: counts, dim: d)
        let (rows, values) = SharedTable.mergeRows(parts, lo: 0, hi: Int(Int32.max) + 1, dim: d)
        return SparseRowGradient(parameter: parameter, dim: d, rows: rows, values: values)
    }
}

/// Monotonic seconds.
@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
