// TrainingConfig: the JSON training config, decoded strictly (unknown keys are errors with a did-you-mean,
// missing required fields and out-of-range values name the field and the allowed range).
import Featurizer
import Foundation
import RouterModel

/// A training config: data, featurizer, augmentation, model, optimizer, training loop, calibration, policy targets.
///
/// Absent keys take the defaults below; `data.train` and `data.validation` are required. Relative data paths
/// are resolved against the config file's folder; `training.out` is relative to the working directory.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Where the labeled JSONL files are.
    public struct DataSection: Codable, Sendable, Equatable {
        /// Training split: one spectrum JSONL path, or a list of them read in order as one dataset (ids unique
        /// across the files). Required.
        public var train: [String] = []
        /// Validation split (spectrum JSONL), evaluated every epoch. Required.
        public var validation: String = ""
        /// Use only the first N training records (0 = all): for quick runs and tests.
        public var maxTrainExamples: Int = 0
        public init() {}

        enum CodingKeys: String, CodingKey { case train, validation, maxTrainExamples }

        /// Decodes `train` as a path or a list of paths.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let one = try? c.decode(String.self, forKey: .train) {
                train = [one]
            } else if let many = try? c.decode([String].self, forKey: .train) {
                train = many
            } else {
                throw DecodingError.typeMismatch([String].self, .init(codingPath: c.codingPath + [CodingKeys.train],
                                                                       debugDescription: "must be a path or a list of paths"))
            }
            validation = try c.decode(String.self, forKey: .validation)
            maxTrainExamples = try c.decode(Int.self, forKey: .maxTrainExamples)
        }

        /// Encodes one training file as a plain path (as configs usually write it), several as a list.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if train.count == 1 { try c.encode(train[0], forKey: .train) } else { try c.encode(train, forKey: .train) }
            try c.encode(validation, forKey: .validation)
            try c.encode(maxTrainExamples, forKey: .maxTrainExamples)
        }
    }

    /// Optimizer and learning-rate schedule: AdamW on dense parameters; lazy SparseAdamW or sparse SGD on the
    /// embedding table (`embeddingOptimizer`).
    public struct OptimizerSection: Codable, Sendable, Equatable {
        /// The embedding table's optimizer: "adamw" (lazy SparseAdamW, per-row moments) or "sgd" (sparse SGD as
        /// in fastText: touched rows only, no state; `embeddingLr` is then an SGD step on the batch-mean loss).
        public var embeddingOptimizer: String = "adamw"
        /// Peak learning rate of the dense parameters.
        public var lr: Double = 3e-3
        /// Peak learning rate of the embedding table (0 = same as `lr`).
        public var embeddingLr: Double = 1e-2
        /// Decoupled weight decay of dense weights (biases and norms excluded).
        public var weightDecay: Double = 0.01
        /// Weight decay of embedding rows (applied on the steps that touch a row).
        public var embeddingWeightDecay: Double = 0
        public var beta1: Double = 0.9
        public var beta2: Double = 0.999
        /// Linear warmup steps.
        public var warmupSteps: Int = 20
        /// "cosine", "linear" or "constant" decay after warmup.
        public var schedule: String = "cosine"
        /// Learning rate at the end of the decay, as a fraction of the peak.
        public var minLrFraction: Double = 0.05
        /// Global gradient-norm clipping (0 = off).
        public var clipNorm: Double = 1.0
        public init() {}
    }

    /// Early stopping on a validation metric.
    public struct EarlyStopping: Codable, Sendable, Equatable {
        /// One of `TrainingConfig.metricNames`.
        public var metric: String = "val_loss"
        /// Stop after this many epochs without improvement (0 = never stop early).
        public var patience: Int = 3
        public init() {}
    }

    /// Checkpoint cadence and retention.
    public struct CheckpointSection: Codable, Sendable, Equatable {
        /// Also checkpoint every N steps (0 = only at epoch ends, on stop signals and at the end).
        public var everySteps: Int = 0
        /// Keep the newest N checkpoints (plus the best one).
        public var keepLast: Int = 2
        /// Checkpoint at every epoch end (false: only every `everySteps`, on stop signals and at the end; the
        /// best model is then the final one unless an earlier best checkpoint exists).
        public var everyEpoch: Bool = true
        public init() {}
    }

    /// How gradients are synchronized across ranks.
    public struct GradientSyncSection: Codable, Sendable, Equatable {
        /// Dense gradients are all-reduced in this many buckets started with MPI_Iallreduce (1 = one blocking call).
        public var buckets: Int = 1
        /// Embedding gradient exchange: "auto" (by size at run time), "sparse" (allgatherv rows+values) or "dense".
        public var sparse: String = "auto"
        /// Under MPI, rank r applies the embedding's SparseAdamW update only to its own contiguous block of table
        /// rows and the updated rows are allgather-v'ed (the optimizer state is gathered before a checkpoint).
        /// Same values as the unsharded update (byte-identical checkpoints), half the optimizer's memory traffic
        /// per rank with 2 ranks, but one more collective per step; off by default (no gain measured on the
        /// loaded 2-core machine, docs/benchmarks-training.md).
        public var shardOptimizer: Bool = false
        /// "auto": when every rank runs on one node, the embedding table lives ONCE per node in MPI shared memory
        /// and each rank merges and updates only its own block of rows (same values as the replicated path);
        /// otherwise, or with "off", every rank holds and updates a replica (docs/training.md).
        public var sharedTable: String = "auto"
        public init() {}
    }

    /// The training loop.
    public struct TrainingSection: Codable, Sendable, Equatable {
        public var epochs: Int = 6
        /// GLOBAL batch size (split across ranks).
        public var batchSize: Int = 64
        /// Run seed: initialization, epoch permutations, dropout and augmentation streams.
        public var seed: Int = 1
        /// Output folder (checkpoints, metrics.jsonl, predictions); relative to the working directory.
        public var out: String = "runs/default"
        /// Progress line every N steps when stdout is not a terminal.
        public var logEverySteps: Int = 20
        public var earlyStopping = EarlyStopping()
        /// "uniform" (each example once per epoch) or "balanced" (class-balanced draws with replacement).
        public var sampling: SamplingMode = .uniform
        public var checkpoint = CheckpointSection()
        public var gradientSync = GradientSyncSection()
        /// OpenBLAS threads per rank (0 = cores on the node / ranks on the node).
        public var blasThreads: Int = 0
        /// Debug: verify after every epoch that all ranks hold identical parameters (checksum).
        public var verifyParameters: Bool = false
        public init() {}
    }

    /// Post-training calibration (temperature scaling on the validation split).
    public struct CalibrationSection: Codable, Sendable, Equatable {
        public var enabled: Bool = true
        /// Reliability bins of the ECE.
        public var bins: Int = 15
        /// Also fit the budget head's length calibration (`BudgetLengthScaling`): budgets scale with
        /// `(words / reference)^β`, β fitted on validation. Absent key = false (older checkpoints).
        public var budgetLength: Bool = false
        /// What the length exponent maximizes on validation: "withinSource" (mean within-source Spearman of the
        /// reasoning queries; the default) or "overall" (Spearman over every budget-labeled query, as the evaluation
        /// reports it; docs/quality.md iteration 15: better on dev, worse on the final split). Absent key = "withinSource".
        public var budgetLengthObjective: String = BudgetLengthScaling.Objective.withinSource.rawValue
        public init() {}

        enum CodingKeys: String, CodingKey { case enabled, bins, budgetLength, budgetLengthObjective }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decode(Bool.self, forKey: .enabled)
            bins = try c.decode(Int.self, forKey: .bins)
            budgetLength = try c.decodeIfPresent(Bool.self, forKey: .budgetLength) ?? false
            budgetLengthObjective = try c.decodeIfPresent(String.self, forKey: .budgetLengthObjective)
                ?? BudgetLengthScaling.Objective.withinSource.rawValue
        }

        /// The parsed objective (validated with the config).
        public var lengthObjective: BudgetLengthScaling.Objective { BudgetLengthScaling.Objective(rawValue: budgetLengthObjective) ?? .withinSource }
    }

    /// Targets of the routing policy's threshold fit on the validation split (`ThresholdFitting.fit`).
    public struct PolicyTargets: Codable, Sendable, Equatable {
        /// Share of risky queries the safety threshold should catch; decides the threshold only when the
        /// validation split has no safe queries, otherwise it is checked (a warning when missed).
        public var riskyRecall: Double = 0.99
        /// Share of moderate/high queries that must get reasoning (not instant).
        public var reasoningShare: Double = 0.98
        /// The false-positive budget: the safety threshold is the most sensitive one that flags at most this
        /// share of the validation split's safe queries.
        public var maxSafeFalsePositiveRate: Double = 0.02
        /// Floor of the fitted safety threshold: a calibrated P(risky) under it is never flagged (a nearly
        /// separable validation split otherwise puts the threshold near 0).
        public var minSafetyThreshold: Double = 0.01
        public init() {}

        enum CodingKeys: String, CodingKey { case riskyRecall, reasoningShare, maxSafeFalsePositiveRate, minSafetyThreshold }

        /// Decodes a config or a checkpoint's stored config; `maxSafeFalsePositiveRate` may be absent (older
        /// checkpoints) and then takes its default.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            riskyRecall = try c.decode(Double.self, forKey: .riskyRecall)
            reasoningShare = try c.decode(Double.self, forKey: .reasoningShare)
            maxSafeFalsePositiveRate = try c.decodeIfPresent(Double.self, forKey: .maxSafeFalsePositiveRate) ?? 0.02
            minSafetyThreshold = try c.decodeIfPresent(Double.self, forKey: .minSafetyThreshold) ?? 0  // older runs had none
        }
    }

    public var data = DataSection()
    public var featurizer = FeaturizerConfig()
    public var augmentation = AugmentationConfig()
    public var model = ModelConfig()
    public var optimizer = OptimizerSection()
    public var training = TrainingSection()
    public var calibration = CalibrationSection()
    public var policyTargets = PolicyTargets()

    public init() {}

    /// Allowed values of `training.gradientSync.sharedTable`.
    public static let sharedTableModes = ["auto", "off"]

    /// Allowed values of `optimizer.embeddingOptimizer`.
    public static let embeddingOptimizers = ["adamw", "sgd"]

    /// Validation metrics usable for early stopping, and whether larger is better.
    public static let metricNames: [String: Bool] = [
        "val_loss": false, "val_complexity_loss": false, "val_safety_loss": false, "val_budget_loss": false,
        "val_complexity_accuracy": true, "val_safety_accuracy": true,
    ]

    /// Checks every field; the error names the field and the allowed range.
    public func validate() throws {
        func bad(_ f: String, _ why: String) -> ConfigError { ConfigError(field: f, reason: why) }
        if data.train.isEmpty || data.train.contains(where: \.isEmpty) {
            throw bad("data.train", "is required (the training JSONL path, or a non-empty list of paths)")
        }
        if data.validation.isEmpty { throw bad("data.validation", "is required (path of the validation JSONL)") }
        if data.maxTrainExamples < 0 { throw bad("data.maxTrainExamples", "must be >= 0 (0 = all), got \(data.maxTrainExamples)") }
        do { try featurizer.validate() } catch let e as FeaturizerError {
            if case let .invalidConfig(field, reason) = e { throw bad(field.hasPrefix("augmentation.") ? field : "featurizer.\(field)", reason) }
            throw e
        }
        do { try augmentation.validate() } catch let e as FeaturizerError {
            if case let .invalidConfig(field, reason) = e { throw bad(field, reason) }
            throw e
        }
        do { try model.validate() } catch let e as ModelConfigError { throw bad(e.field, e.reason) }
        if augmentation.segmentCrop > 0 && model.safetySegments == 0 {
            throw bad("augmentation.segmentCrop", "needs model.safetySegments > 0 (the segment length it crops to), got segmentCrop \(augmentation.segmentCrop) with safetySegments 0")
        }
        let o = optimizer
        if !(o.lr > 0 && o.lr <= 10) { throw bad("optimizer.lr", "must be in (0, 10], got \(o.lr)") }
        if !Self.embeddingOptimizers.contains(o.embeddingOptimizer) {
            let hint = Self.didYouMean(o.embeddingOptimizer, Self.embeddingOptimizers).map { "; did you mean \"\($0)\"?" } ?? ""
            throw bad("optimizer.embeddingOptimizer", "must be \"adamw\" or \"sgd\", got \"\(o.embeddingOptimizer)\"\(hint)")
        }
        if !(o.embeddingLr >= 0 && o.embeddingLr <= 1000) { throw bad("optimizer.embeddingLr", "must be in [0, 1000] (0 = same as lr), got \(o.embeddingLr)") }
        if !(o.weightDecay >= 0 && o.weightDecay < 1) { throw bad("optimizer.weightDecay", "must be in [0, 1), got \(o.weightDecay)") }
        if !(o.embeddingWeightDecay >= 0 && o.embeddingWeightDecay < 1) { throw bad("optimizer.embeddingWeightDecay", "must be in [0, 1), got \(o.embeddingWeightDecay)") }
        if !(o.beta1 >= 0 && o.beta1 < 1) { throw bad("optimizer.beta1", "must be in [0, 1), got \(o.beta1)") }
        if !(o.beta2 >= 0 && o.beta2 < 1) { throw bad("optimizer.beta2", "must be in [0, 1), got \(o.beta2)") }
        if o.warmupSteps < 0 { throw bad("optimizer.warmupSteps", "must be >= 0, got \(o.warmupSteps)") }
        if !["cosine", "linear", "constant"].contains(o.schedule) { throw bad("optimizer.schedule", "must be \"cosine\", \"linear\" or \"constant\", got \"\(o.schedule)\"") }
        if !(o.minLrFraction >= 0 && o.minLrFraction <= 1) { throw bad("optimizer.minLrFraction", "must be in [0, 1], got \(o.minLrFraction)") }
        if !(o.clipNorm >= 0) { throw bad("optimizer.clipNorm", "must be >= 0 (0 = off), got \(o.clipNorm)") }
        let t = training
        if !(1...100_000).contains(t.epochs) { throw bad("training.epochs", "must be in 1...100000, got \(t.epochs)") }
        if !(1...1_048_576).contains(t.batchSize) { throw bad("training.batchSize", "must be in 1...1048576, got \(t.batchSize)") }
        if t.seed < 0 { throw bad("training.seed", "must be >= 0, got \(t.seed)") }
        if t.out.isEmpty { throw bad("training.out", "must be a non-empty path") }
        if t.logEverySteps < 1 { throw bad("training.logEverySteps", "must be >= 1, got \(t.logEverySteps)") }
        if Self.metricNames[t.earlyStopping.metric] == nil {
            throw bad("training.earlyStopping.metric", "must be one of \(Self.metricNames.keys.sorted().joined(separator: ", ")), got \"\(t.earlyStopping.metric)\"")
        }
        if t.earlyStopping.patience < 0 { throw bad("training.earlyStopping.patience", "must be >= 0 (0 = off), got \(t.earlyStopping.patience)") }
        if t.checkpoint.everySteps < 0 { throw bad("training.checkpoint.everySteps", "must be >= 0 (0 = epoch ends only), got \(t.checkpoint.everySteps)") }
        if !(1...1000).contains(t.checkpoint.keepLast) { throw bad("training.checkpoint.keepLast", "must be in 1...1000, got \(t.checkpoint.keepLast)") }
        if !(1...1024).contains(t.gradientSync.buckets) { throw bad("training.gradientSync.buckets", "must be in 1...1024, got \(t.gradientSync.buckets)") }
        if !["auto", "sparse", "dense"].contains(t.gradientSync.sparse) { throw bad("training.gradientSync.sparse", "must be \"auto\", \"sparse\" or \"dense\", got \"\(t.gradientSync.sparse)\"") }
        let objectives = BudgetLengthScaling.Objective.allCases.map(\.rawValue)
        if !objectives.contains(calibration.budgetLengthObjective) {
            let hint = Self.didYouMean(calibration.budgetLengthObjective, objectives).map { "; did you mean \"\($0)\"?" } ?? ""
            throw bad("calibration.budgetLengthObjective", "must be \"overall\" or \"withinSource\", got \"\(calibration.budgetLengthObjective)\"\(hint)")
        }
        if !Self.sharedTableModes.contains(t.gradientSync.sharedTable) {
            let hint = Self.didYouMean(t.gradientSync.sharedTable, Self.sharedTableModes).map { "; did you mean \"\($0)\"?" } ?? ""
            throw bad("training.gradientSync.sharedTable", "must be \"auto\" or \"off\", got \"\(t.gradientSync.sharedTable)\"\(hint)")
        }
        if !(0...4096).contains(t.blasThreads) { throw bad("training.blasThreads", "must be in 0...4096 (0 = auto), got \(t.blasThreads)") }
        if !(2...1000).contains(calibration.bins) { throw bad("calibration.bins", "must be in 2...1000, got \(calibration.bins)") }
        if !(policyTargets.riskyRecall > 0 && policyTargets.riskyRecall <= 1) { throw bad("policyTargets.riskyRecall", "must be in (0, 1], got \(policyTargets.riskyRecall)") }
        if !(policyTargets.reasoningShare >= 0 && policyTargets.reasoningShare <= 1) { throw bad("policyTargets.reasoningShare", "must be in [0, 1], got \(policyTargets.reasoningShare)") }
        if !(policyTargets.minSafetyThreshold >= 0 && policyTargets.minSafetyThreshold < 1) {
            throw bad("policyTargets.minSafetyThreshold", "must be in [0, 1), got \(policyTargets.minSafetyThreshold)")
        }
        if !(policyTargets.maxSafeFalsePositiveRate >= 0 && policyTargets.maxSafeFalsePositiveRate < 1) {
            throw bad("policyTargets.maxSafeFalsePositiveRate", "must be in [0, 1), got \(policyTargets.maxSafeFalsePositiveRate)")
        }
    }

    /// The config as pretty, key-sorted JSON (what rank 0 prints and every checkpoint stores).
    public func jsonData() -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try! enc.encode(self)
    }
}

/// A config field that is unknown, missing, of the wrong type or out of range.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// Dotted path of the field, e.g. `training.batchSize`.
    public var field: String
    public var reason: String
    /// The config file, when known.
    public var file: String?
    public init(field: String, reason: String, file: String? = nil) { self.field = field; self.reason = reason; self.file = file }
    public var description: String { (file.map { "\($0): " } ?? "") + "\(field): \(reason)" }
}
