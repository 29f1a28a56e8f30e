// Dataset: the labeled records every rank reads, their labels, cached features, and the global-batch plan.
import Collectives
import Featurizer
import Layers
import RouterModel
import SeededRandom
import SpectrumData
import Tensors

/// A labeled split in memory: texts, labels and (unless built `labelsOnly`) features cached once.
public struct LabeledSplit: Sendable {
    public let records: [SpectrumRecord]
    /// Labels of every record, in file order.
    public let labels: BatchLabels
    /// Features of the unaugmented texts (CSR), built once; nil for a `labelsOnly` split.
    public let features: FeatureBatch?

    /// Builds the split's labels and features.
    public init(records: [SpectrumRecord], featurizer: Featurizer) {
        self.init(records: records, features: featurizer.featurize(batch: records.map(\.text)))
    }

    /// A split without cached features, for training that featurizes every batch's texts anew (augmentation or
    /// segment crop): featurizing the whole split up front would go unused. `input` is unavailable.
    public init(labelsOnly records: [SpectrumRecord]) {
        self.init(records: records, features: nil)
    }

    /// A split from records and their already computed features.
    init(records: [SpectrumRecord], features: FeatureBatch?) {
        self.records = records
        labels = BatchLabels(tiers: records.map { $0.complexity?.index },
                             risky: records.map { $0.safety.map { $0 == .risky } },
                             budgetTokens: records.map(\.budgetTokens))
        self.features = features
    }

    /// Builds the split with the featurization shared across ranks: rank r featurizes the records between
    /// `bounds[r]` and `bounds[r+1]` (`featurizationBounds`: about equal text bytes per rank) and the parts are
    /// allgather-v'ed (one allgather of the parts' sizes, then one allgather-v per array).
    /// The features are identical to `init(records:featurizer:)` (featurization is per text).
    public init(records: [SpectrumRecord], featurizer: Featurizer, comm: any Communicator) throws {
        guard comm.size > 1 else { self.init(records: records, featurizer: featurizer); return }
        let n = records.count, r = comm.size, w = featurizer.denseWidth
        let bounds = Self.featurizationBounds(records, parts: r, maxChars: featurizer.config.maxChars)
        let lo = bounds[comm.rank], hi = bounds[comm.rank + 1]
        let part = featurizer.featurize(batch: records[lo..<hi].map(\.text))
        // Every rank's row count and nonzero count (one small allgather), then each array gathered straight into
        // its place (no packing into one buffer and unpacking again).
        let sizes = try comm.allgather([Int64(part.count), Int64(part.ids.count)]).map { Int($0) }
        let rowsPer = (0..<r).map { sizes[2 * $0] }, nnzPer = (0..<r).map { sizes[2 * $0 + 1] }
        precondition(rowsPer == (0..<r).map { bounds[$0 + 1] - bounds[$0] }, "featurization parts do not match their bounds")
        func gather<T: CollectiveScalar>(_ mine: [T], counts: [Int]) throws -> [T] {
            let total = counts.reduce(0, +)
            return try mine.withUnsafeBufferPointer { send in
                try [T](unsafeUninitializedCapacity: total) { recv, initialized in
                    try comm.allgatherv(send, counts: counts, into: UnsafeMutableBufferPointer(rebasing: recv[0..<total]))
                    initialized = total
                }
            }
        }
        let lengths = try gather((0..<part.count).map { part.offsets[$0 + 1] - part.offsets[$0] }, counts: rowsPer)
        var f = featurizer.featurize(batch: [])  // empty, denseWidth w
        f.offsets.reserveCapacity(n + 1)
        for l in lengths { f.offsets.append(f.offsets.last! + l) }
        f.ids = try gather(part.ids, counts: nnzPer)
        f.weights = try gather(part.weights, counts: nnzPer)
        f.dense = try gather(part.dense, counts: rowsPer.map { $0 * w })
        self.init(records: records, features: f)
    }

    /// Where `parts` ranks cut `records` for featurization: `parts + 1` ascending indices from 0 to the count.
    ///
    /// Featurization time grows with a text's length (up to the `maxChars` it reads), and a corpus file is ordered
    /// by source, so equal record counts left one rank of two featurizing 3-4x longer than the other (0.07 s
    /// against 0.26 s on the public split). The cuts balance the bytes read instead: each record costs
    /// `min(utf8 bytes, 4 * maxChars)` plus 64 for its fixed work.
    static func featurizationBounds(_ records: [SpectrumRecord], parts: Int, maxChars: Int) -> [Int] {
        let cap = 4 * max(maxChars, 1)
        var prefix = [Int](repeating: 0, count: records.count + 1)
        for (i, r) in records.enumerated() { prefix[i + 1] = prefix[i] + min(r.text.utf8.count, cap) + 64 }
        let total = prefix[records.count]
        var bounds = [0]
        for p in 1..<max(parts, 1) {
            // First index whose prefix reaches p/parts of the total (binary search), never before the last cut.
            let target = total * p / parts
            var lo = bounds[p - 1], hi = records.count
            while lo < hi { let mid = (lo + hi) / 2; if prefix[mid] < target { lo = mid + 1 } else { hi = mid } }
            bounds.append(lo)
        }
        bounds.append(records.count)
        return bounds
    }

    /// Number of records.
    public var count: Int { records.count }

    /// The network input of examples `indices` from the cached features.
    ///
    /// Sizes are computed first and every row is copied into preallocated buffers (no growth reallocations).
    public func input(_ indices: [Int]) -> NetworkInput {
        guard let f = features else { preconditionFailure("LabeledSplit.input: this split was built labelsOnly (no cached features)") }
        let w = f.denseWidth, nb = indices.count
        var nnz = 0
        for i in indices { nnz += Int(f.offsets[i + 1] - f.offsets[i]) }
        var offsets = [Int32](repeating: 0, count: nb + 1)
        var ids = [Int32](repeating: 0, count: nnz), weights = [Float](repeating: 0, count: nnz)
        var dense = [Float](repeating: 0, count: nb * w)
        f.ids.withUnsafeBufferPointer { fi in
            f.weights.withUnsafeBufferPointer { fw in
                f.dense.withUnsafeBufferPointer { fd in
                    ids.withUnsafeMutableBufferPointer { oi in
                        weights.withUnsafeMutableBufferPointer { ow in
                            dense.withUnsafeMutableBufferPointer { od in
                                var at = 0
                                for (b, i) in indices.enumerated() {
                                    let lo = Int(f.offsets[i]), n = Int(f.offsets[i + 1]) - lo
                                    if n > 0 {
                                        (oi.baseAddress! + at).update(from: fi.baseAddress! + lo, count: n)
                                        (ow.baseAddress! + at).update(from: fw.baseAddress! + lo, count: n)
                                    }
                                    if w > 0 { (od.baseAddress! + b * w).update(from: fd.baseAddress! + i * w, count: w) }
                                    at += n
                                    offsets[b + 1] = Int32(at)
                                }
                            }
                        }
                    }
                }
            }
        }
        return NetworkInput(bags: BagBatch(ids: ids, offsets: offsets, weights: weights),
                            dense: Tensor(shape: [nb, w], scalars: dense))
    }
}

/// The global-batch plan: a seeded permutation per epoch cut into global batches; each rank takes a slice.
///
/// Depends only on (seed, epoch, dataset size, batch size), never on the rank count. How a global batch is
/// shared among R ranks is `balancedSlice` (by work; the trainer's) or `slice` (positions `[r*B/R, (r+1)*B/R)`).
public struct BatchPlan: Sendable {
    public let count: Int
    public let batchSize: Int
    public let seed: SeededGenerator

    public init(count: Int, batchSize: Int, seed: SeededGenerator) {
        self.count = count; self.batchSize = batchSize; self.seed = seed
    }

    /// Global batches per epoch (the last one may be smaller).
    public var stepsPerEpoch: Int { (count + batchSize - 1) / batchSize }

    /// The epoch's permutation of example indices.
    public func permutation(epoch: Int) -> [Int] {
        var g = seed.derived(0x5045_524D, UInt64(epoch))  // "PERM"
        return g.permutation(count)
    }

    /// Example indices of global batch `step` (0-based within the epoch) under `perm`.
    public func globalBatch(_ perm: [Int], step: Int) -> [Int] {
        Array(perm[(step * batchSize)..<min(count, (step + 1) * batchSize)])
    }

    /// Rank `rank`'s contiguous slice of a global batch.
    public static func slice(_ batch: [Int], rank: Int, size: Int) -> [Int] {
        let n = batch.count
        return Array(batch[(rank * n / size)..<((rank + 1) * n / size)])
    }

    /// Rank `rank`'s share of a global batch, balanced by work: the examples are dealt largest first to the rank
    /// with the least work so far (ties: the lower rank), and each rank keeps its examples in batch order. "Largest
    /// first" is by cost class (`costs[i]`'s power of two, a counting sort; batch order within a class), which
    /// keeps the deal to a few microseconds per step; like exact largest-first, no rank ends more than one example
    /// above the mean. Contiguous slices of texts whose lengths vary 10-100x leave every step waiting for the rank
    /// that drew the long ones (`bench/train`'s corpus: the busiest of 2 / 4 / 8 ranks gets 5% / 13% / 28% more
    /// work than the mean). Depends on (batch, costs, size) only, so every rank computes the same partition; one
    /// rank takes the whole batch in order.
    public static func balancedSlice(_ batch: [Int], costs: [Int], rank: Int, size: Int) -> [Int] {
        size > 1 ? balancedDeal(batch, costs: costs, size: size).slice(batch, rank: rank) : batch
    }

    /// The deal behind `balancedSlice`: the rank of each position of `batch`, and each rank's work.
    public static func balancedDeal(_ batch: [Int], costs: [Int], size: Int) -> WorkDeal {
        let n = batch.count
        guard size > 1 else { return WorkDeal(owner: [Int](repeating: 0, count: n), loads: [batch.reduce(0) { $0 + costs[$1] }]) }
        @inline(__always) func costClass(_ c: Int) -> Int { c <= 0 ? 0 : Int.bitWidth - c.leadingZeroBitCount }  // 0...64
        var next = [Int](repeating: 0, count: 66)  // next[k]: where class 64 - k starts in `order` (largest class first)
        for i in batch { next[65 - costClass(costs[i])] += 1 }
        for k in 1..<66 { next[k] += next[k - 1] }
        var order = [Int](repeating: 0, count: n)  // batch positions, largest class first, batch order within a class
        for j in 0..<n { let k = 64 - costClass(costs[batch[j]]); order[next[k]] = j; next[k] += 1 }
        var load = [Int](repeating: 0, count: size), owner = [Int](repeating: 0, count: n)
        for j in order {
            var k = 0
            for q in 1..<size where load[q] < load[k] { k = q }
            load[k] += costs[batch[j]]
            owner[j] = k
        }
        return WorkDeal(owner: owner, loads: load)
    }
}

/// How the ranks share one global batch (`BatchPlan.balancedDeal`).
public struct WorkDeal: Sendable {
    /// `[B]`: the rank that takes each position of the batch.
    public let owner: [Int]
    /// `[R]`: each rank's work (sum of its examples' costs).
    public let loads: [Int]

    /// Rank `rank`'s examples of `batch` (the batch the deal was made for), in batch order.
    public func slice(_ batch: [Int], rank: Int) -> [Int] { batch.indices.filter { owner[$0] == rank }.map { batch[$0] } }

    /// The busiest rank's work over the ranks' mean: 1 = even (1 for an empty batch).
    public var balance: Double {
        let mean = Double(loads.reduce(0, +)) / Double(loads.count)
        return mean > 0 ? Double(loads.max()!) / mean : 1
    }
}

/// Per-example random streams: augmentation and dropout depend on (run seed, epoch, example index) only.
public enum ExampleStreams {
    /// The dropout stream of example `index` in `epoch`.
    public static func dropout(_ seed: SeededGenerator, epoch: Int, index: Int) -> SeededGenerator {
        seed.derived(0x4452_4F50, UInt64(epoch), UInt64(index))  // "DROP"
    }

    /// The augmentation seed (the Augmenter derives (epoch, index) from it).
    public static func augmentation(_ seed: SeededGenerator) -> SeededGenerator {
        seed.derived(0x4155_474D)  // "AUGM"
    }
}
