// Dataset: the labeled records every rank reads, their labels, cached features, and the global-batch plan.
import Featurizer
import Layers
import RouterModel
import SeededRandom
import SpectrumData
import Tensors

/// A labeled split in memory: texts, labels and (when augmentation is off) features cached once.
public struct LabeledSplit: Sendable {
    public let records: [SpectrumRecord]
    /// Labels of every record, in file order.
    public let labels: BatchLabels
    /// Features of the unaugmented texts (CSR), built once.
    public let features: FeatureBatch

    /// Builds the split's labels and features.
    public init(records: [SpectrumRecord], featurizer: Featurizer) {
        self.records = records
        labels = BatchLabels(tiers: records.map { $0.complexity?.index },
                             risky: records.map { $0.safety.map { $0 == .risky } },
                             budgetTokens: records.map(\.budgetTokens))
        features = featurizer.featurize(batch: records.map(\.text))
    }

    /// Number of records.
    public var count: Int { records.count }

    /// The network input of examples `indices` from the cached features.
    public func input(_ indices: [Int]) -> NetworkInput {
        let f = features, w = f.denseWidth
        var ids: [Int32] = [], weights: [Float] = [], offsets: [Int32] = [0], dense: [Float] = []
        dense.reserveCapacity(indices.count * w)
        for i in indices {
            let lo = Int(f.offsets[i]), hi = Int(f.offsets[i + 1])
            ids.append(contentsOf: f.ids[lo..<hi])
            weights.append(contentsOf: f.weights[lo..<hi])
            offsets.append(Int32(ids.count))
            dense.append(contentsOf: f.dense[(i * w)..<((i + 1) * w)])
        }
        return NetworkInput(bags: BagBatch(ids: ids, offsets: offsets, weights: weights),
                            dense: Tensor(shape: [indices.count, w], scalars: dense))
    }
}

/// The global-batch plan: a seeded permutation per epoch cut into global batches; each rank takes a slice.
///
/// Depends only on (seed, epoch, dataset size, batch size), never on the rank count: rank r of R takes
/// positions `[r*B/R, (r+1)*B/R)` of each global batch of B examples.
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
