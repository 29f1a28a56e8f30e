// SharedTable: the embedding table ONCE per node, in an MPI-3 shared-memory window, when every rank runs on
// one node (`training.gradientSync.sharedTable`). Like fastText's Hogwild threads sharing one matrix, but
// deterministic:
//
//   1. every rank runs forward/backward (reading the shared table) and writes its sparse gradient part
//      [count | rows | values] into its own segment of a second shared window;       fence (A)
//   2. rank q merges, from every rank's part in rank order, only the rows it owns (table rows
//      [q*N/R, (q+1)*N/R)), and reduces the dense gradients, losses and its merged rows' sum of squares
//      with the ranks' (one allreduce);
//   3. rank q applies the (clipped) update to its rows only, in place in the shared table;  fence (B)
//      before anyone's next forward reads the table.
//
// Each row is merged in the same order ((0 + v_0) + v_1) + ... and updated by the same per-row arithmetic
// as the replicated path (GradientSync + every rank updating the whole union), so the table is bit-identical
// to it; only the global norm's Double sum is associated differently (dense + (sum over ranks of partial
// sums) instead of one running sum), which can move the Float clip coefficient only when that Double rounding
// crosses a Float rounding boundary. A part that does not fit its segment falls back, for that step, to an
// allgather-v of the parts (same merge, same result).
import Collectives
import Featurizer
import Foundation
import Layers
import Optimizers

/// The node-shared embedding table and the exchange of sparse gradient parts through shared memory.
final class SharedTable {
    let comm: any Communicator
    /// Table rows N and width E.
    let rows: Int, dim: Int
    /// Rank 0's segment holds the table `[N, E]`; the other ranks' segments are empty.
    let tableWindow: SharedWindow
    /// Rank q's segment: `[count, fits] Int32 | rows Int32 [capacity] | values Float [capacity, E]`.
    let partWindow: SharedWindow
    /// Rows one part can hold.
    let capacity: Int
    /// The table memory, for `ParameterStore.attachSparse`.
    let memory: ExternalFloats
    /// This rank's table rows `[ownedLo, ownedHi)`.
    let ownedLo: Int, ownedHi: Int
    /// Gather buffer of the fallback path.
    private var recv: [Float] = []

    static let headerBytes = 16

    /// Allocates both windows (collective). `capacity`: the most rows one rank's part can have in a step.
    init(comm: any Communicator, rows: Int, dim: Int, capacity: Int) throws {
        self.comm = comm
        self.rows = rows
        self.dim = dim
        self.capacity = max(1, min(rows, capacity))  // 1 row at least: a part's header and segment always exist
        tableWindow = try comm.allocateShared(bytes: comm.rank == 0 ? rows * dim * 4 : 0)
        partWindow = try comm.allocateShared(bytes: Self.headerBytes + self.capacity * (1 + dim) * 4)
        for q in 0..<comm.size {  // the values region of every part holds Floats
            _ = (partWindow.segments[q].baseAddress! + Self.headerBytes + self.capacity * 4).bindMemory(to: Float.self, capacity: self.capacity * dim)
        }
        let t = tableWindow.segments[0]
        memory = ExternalFloats(base: t.baseAddress!.bindMemory(to: Float.self, capacity: rows * dim), count: rows * dim)
        ownedLo = comm.rank * rows / comm.size
        ownedHi = (comm.rank + 1) * rows / comm.size
    }

    /// Makes every rank's stores to both windows visible to every rank (`SharedWindow.fence`).
    func fence() throws { try SharedWindow.fence([tableWindow, partWindow], comm: comm) }

    /// Frees both windows (collective).
    func free() throws {
        try tableWindow.free()
        try partWindow.free()
    }

    /// Writes this rank's part into its segment (only the header when it does not fit: `fits` = 0).
    func publish(_ g: SparseRowGradient) {
        let seg = partWindow.segments[comm.rank].baseAddress!, d = dim
        let fits = g.count <= capacity
        seg.storeBytes(of: Int32(g.count), as: Int32.self)
        seg.storeBytes(of: fits ? 1 : 0, toByteOffset: 4, as: Int32.self)
        guard fits, g.count > 0 else { return }
        g.rows.withUnsafeBytes { (seg + Self.headerBytes).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        g.values.withUnsafeBytes { (seg + Self.headerBytes + capacity * 4).copyMemory(from: $0.baseAddress!, byteCount: g.count * d * 4) }
    }

    /// After `publish` and a fence: the sum over ranks (in rank order) of the gradients of this rank's own rows,
    /// ascending, as `(rows [k], values [k, E])`, and their sum of squares (`GradientClipping.sumOfSquares` of
    /// `values`, taken during the merge when it can be). `mine` is this rank's part (sent again on the fallback path).
    func mergeOwned(_ mine: SparseRowGradient) throws -> (rows: [Int32], values: [Float], squares: Double) {
        var squares = 0.0, fused = false
        let (rows, values) = try mergeOwnedValues(mine, squares: &squares, fused: &fused)
        if !fused { squares = values.withUnsafeBufferPointer { GradientClipping.sumOfSquares($0) } }
        return (rows, values, squares)
    }

    private func mergeOwnedValues(_ mine: SparseRowGradient, squares: inout Double, fused: inout Bool) throws -> (rows: [Int32], values: [Float]) {
        let r = comm.size, d = dim
        var counts: [Int] = [], allFit = true
        for q in 0..<r {
            let seg = UnsafeRawPointer(partWindow.segments[q].baseAddress!)
            counts.append(Int(seg.load(as: Int32.self)))
            if seg.load(fromByteOffset: 4, as: Int32.self) == 0 { allFit = false }
        }
        if allFit {
            var parts: [SparsePart] = []
            for q in 0..<r {
                let seg = UnsafeRawPointer(partWindow.segments[q].baseAddress!)
                parts.append(SparsePart(rows: seg + Self.headerBytes, values: (seg + Self.headerBytes + capacity * 4).assumingMemoryBound(to: Float.self),
                                        count: counts[q]))
            }
            guard r == 2 && d % 4 == 0 else { return Self.mergeRows(parts, lo: ownedLo, hi: ownedHi, dim: d) }
            fused = true  // mergeTwo takes the sum of squares during the merge
            return withUnsafeMutablePointer(to: &squares) { Self.mergeRows(parts, lo: ownedLo, hi: ownedHi, dim: d, squares: $0) }
        }
        // Fallback: an allgather-v of the packed parts [rows (Int32 bits) | values], as GradientSync's sparse path.
        let w = 1 + d, total = counts.reduce(0, +)
        var send = [Float](repeating: 0, count: mine.count * w)
        send.withUnsafeMutableBytes { sb in
            mine.rows.withUnsafeBytes { sb.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            mine.values.withUnsafeBytes { (sb.baseAddress! + mine.count * 4).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        if recv.count < total * w { recv = [Float](repeating: 0, count: total * w) }
        return try recv.withUnsafeMutableBufferPointer { rb in
            try send.withUnsafeBufferPointer { try comm.allgatherv($0, counts: counts.map { $0 * w }, into: UnsafeMutableBufferPointer(rebasing: rb[0..<(total * w)])) }
            return Self.mergeRows(SparsePart.packed(UnsafePointer(rb.baseAddress!), counts: counts, dim: d), lo: ownedLo, hi: ownedHi, dim: d)
        }
    }

    /// One rank's sparse gradient part: `count` ascending Int32 rows at `rows` (raw memory), values `[count, E]`.
    struct SparsePart {
        let rows: UnsafeRawPointer
        let values: UnsafePointer<Float>
        let count: Int
        /// Row k.
        @inline(__always) func row(_ k: Int) -> Int32 { rows.load(fromByteOffset: k * 4, as: Int32.self) }
        /// The parts of a packed buffer `[rows_q (Int32 bits) | values_q [c_q, dim]]`, rank order, `counts [R]` rows each
        /// (the allgather-v layout of the sparse exchange).
        static func packed(_ base: UnsafePointer<Float>, counts: [Int], dim d: Int) -> [SparsePart] {
            var parts: [SparsePart] = [], off = 0
            for c in counts {
                parts.append(SparsePart(rows: UnsafeRawPointer(base + off), values: base + off + c, count: c))
                off += c * (1 + d)
            }
            return parts
        }
        /// The first position whose row is >= `bound` (binary search).
        func lowerBound(_ bound: Int) -> Int {
            var lo = 0, hi = count
            while lo < hi { let mid = (lo + hi) / 2; if Int(row(mid)) < bound { lo = mid + 1 } else { hi = mid } }
            return lo
        }
    }

    /// The merge of the parts' rows in `[lo, hi)`: the sorted union, each output row `((0 + v_0) + v_1) + ...`
    /// over the parts holding it in part order (the same arithmetic as `GradientSync.sumParts`).
    static func mergeRows(_ parts: [SparsePart], lo: Int, hi: Int, dim d: Int, squares: UnsafeMutablePointer<Double>? = nil) -> (rows: [Int32], values: [Float]) {
        let n = parts.count
        var cursor = parts.map { $0.lowerBound(lo) }
        let end = parts.map { $0.lowerBound(hi) }
        let bound = zip(cursor, end).reduce(0) { $0 + $1.1 - $1.0 }
        if n == 2 { return mergeTwo(parts[0], cursor[0]..<end[0], parts[1], cursor[1]..<end[1], bound: bound, dim: d, squares: squares) }
        var rows = [Int32]()
        rows.reserveCapacity(bound)
        let values = [Float](unsafeUninitializedCapacity: bound * d) { out, initialized in
            var o = out.baseAddress!
            while true {
                var next = Int32.max, any = false
                for q in 0..<n where cursor[q] < end[q] {
                    let r = parts[q].row(cursor[q])
                    if !any || r < next { next = r; any = true }
                }
                if !any { break }
                rows.append(next)
                var first = true
                for q in 0..<n where cursor[q] < end[q] && parts[q].row(cursor[q]) == next {
                    let v = parts[q].values + cursor[q] * d
                    if first { for c in 0..<d { o[c] = 0 + v[c] }; first = false } else { for c in 0..<d { o[c] += v[c] } }
                    cursor[q] += 1
                }
                o += d
            }
            initialized = rows.count * d
        }
        return (rows, values)
    }

    /// `mergeRows` of two parts (two ranks on a node, the common case): one two-way merge over raw pointers, with
    /// the same arithmetic (`0 + a`, `0 + b`, `(0 + a) + b`) and so the same bits. With `squares` (and `d` a multiple
    /// of 4) it also stores the merged values' sum of squares there, accumulated as `GradientClipping.sumOfSquares`
    /// over the merged array does (4 Double lanes, in order), so the same Double, without a second pass.
    static func mergeTwo(_ a: SparsePart, _ ra: Range<Int>, _ b: SparsePart, _ rb: Range<Int>, bound: Int, dim d: Int,
                         squares: UnsafeMutablePointer<Double>? = nil) -> (rows: [Int32], values: [Float]) {
        var rows = [Int32]()
        let values = [Float](unsafeUninitializedCapacity: bound * d) { out, initialized in
            var total = 0
            rows = [Int32](unsafeUninitializedCapacity: bound) { r, rowsInitialized in
                // Loop state local to this closure, so it stays in registers.
                var i = ra.lowerBound, j = rb.lowerBound, count = 0
                let ie = ra.upperBound, je = rb.upperBound
                var o = out.baseAddress!
                var s = SIMD4<Double>(repeating: 0)
                let sum = squares != nil && d % 4 == 0
                while i < ie || j < je {
                    let x = i < ie ? a.row(i) : Int32.max, y = j < je ? b.row(j) : Int32.max
                    if x < y {
                        let v = a.values + i * d
                        for c in 0..<d { o[c] = 0 + v[c] }
                        r[count] = x; i += 1
                    } else if y < x {
                        let v = b.values + j * d
                        for c in 0..<d { o[c] = 0 + v[c] }
                        r[count] = y; j += 1
                    } else {
                        let v = a.values + i * d, w = b.values + j * d
                        for c in 0..<d { o[c] = (0 + v[c]) + w[c] }
                        r[count] = x; i += 1; j += 1
                    }
                    if sum {
                        var c = 0
                        while c < d {
                            let e = SIMD4<Double>(Double(o[c]), Double(o[c + 1]), Double(o[c + 2]), Double(o[c + 3]))
                            s += e * e
                            c += 4
                        }
                    }
                    count += 1
                    o += d
                }
                if sum { squares!.pointee = s.sum() }
                rowsInitialized = count
                total = count
            }
            initialized = total * d
        }
        return (rows, values)
    }

    /// The most rows one rank's slice of a global batch can touch without augmentation: the sum of the
    /// `ceil(batchSize / ranks)` longest bags (doubled when augmentation can lengthen texts), at most `rows`.
    /// `lengths`: the id count of every training example, or of a subset that holds the longest ones.
    static func capacity(lengths: [Int], batchSize: Int, ranks: Int, augmented: Bool, rows: Int) -> Int {
        let k = (batchSize + ranks - 1) / ranks
        let worst = lengths.sorted(by: >).prefix(k).reduce(0, +)
        return min(rows, max(1024, augmented ? 2 * worst : worst))
    }

    /// The id counts `capacity` needs. From cached features when the split has them; otherwise (a labels-only
    /// split: the trainer featurizes each batch) from featurizing the `4 * ceil(batchSize / ranks)` longest texts
    /// by UTF-8 length, which hold the longest bags. An estimate either way: a part that overflows takes the
    /// fallback path, same values (`RR_SHARED_TABLE_CAPACITY` tests).
    static func idCounts(_ split: LabeledSplit, featurizer: Featurizer, batchSize: Int, ranks: Int) -> [Int] {
        if let f = split.features { return (0..<f.count).map { Int(f.offsets[$0 + 1] - f.offsets[$0]) } }
        let k = 4 * ((batchSize + ranks - 1) / ranks)
        let longest = split.records.indices.sorted { split.records[$0].text.utf8.count > split.records[$1].text.utf8.count }.prefix(k)
        let f = featurizer.featurize(batch: longest.map { split.records[$0].text })
        return (0..<f.count).map { Int(f.offsets[$0 + 1] - f.offsets[$0]) }
    }
}
