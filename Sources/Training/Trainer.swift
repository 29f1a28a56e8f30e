// Trainer: the data-parallel training loop with global-batch semantics.
//
// Every rank reads the whole dataset. Each epoch's seeded permutation is cut into global batches of B
// examples; rank r of R runs forward/backward on its slice with loss normalizers computed from the GLOBAL
// batch's labels, so the SUM over ranks of the slice gradients is exactly the global-batch gradient. Dense
// gradients are summed with one (or bucketed) allreduce, sparse embedding gradients are gathered and merged
// in rank order; every rank then applies the identical update and parameters stay bit-identical.
import CBLAS
import Checkpointing
import Collectives
import Featurizer
import Foundation
import Layers
import Optimizers
import RouterModel
import SeededRandom
import SpectrumData
import Tensors

/// How a training run ended.
public enum TrainingOutcome: Sendable, Equatable {
    /// All epochs (or early stopping) done; calibration and policy fit written.
    case finished
    /// A stop signal arrived; a checkpoint was written after the last complete step (exit 75).
    case preempted(step: Int)
}

/// The data-parallel trainer (one instance per rank).
public final class Trainer {
    public let config: TrainingConfig
    public let comm: any Communicator
    public let outDir: URL
    public let checkpoints: CheckpointStore
    /// Debug: request a stop (as SIGTERM would) after this global step, on rank 0 only.
    public var stopAfterStep: Int?

    var model: TrainedModel
    var dense: AdamW
    var sparse: EmbeddingOptimizer
    var state: TrainerState
    let train: LabeledSplit
    let validation: LabeledSplit
    let plan: BatchPlan
    let sync: GradientSync
    let augmenter: Augmenter?
    let denseSchedule: LearningRateSchedule
    let embeddingSchedule: LearningRateSchedule
    let embeddingView: ParameterView
    let embeddingID: ParameterID
    var metrics: MetricsFile?
    let progress: ProgressPrinter
    var lastCheckpointStep: Int?
    var log: (String) -> Void
    /// Seconds per phase of this run on this rank (logged and written to metrics.jsonl by rank 0 at the end).
    var phases: [(String, Double)] = []

    var isRoot: Bool { comm.rank == 0 }
    public var totalSteps: Int { plan.stepsPerEpoch * config.training.epochs }

    /// Prepares a run: reads the data, builds or restores the model (`resumeFrom` = a checkpoint folder),
    /// broadcasts parameters from rank 0.
    public init(config: TrainingConfig, comm: any Communicator, resumeFrom: URL?, log: @escaping (String) -> Void) throws {
        self.config = config
        self.comm = comm
        self.log = log
        var tPhase = now()
        var setupPhases: [(String, Double)] = []
        func lap(_ name: String) { let t = now(); setupPhases.append((name, t - tPhase)); tPhase = t }
        outDir = URL(fileURLWithPath: config.training.out, isDirectory: true).standardizedFileURL
        checkpoints = CheckpointStore(root: outDir.appendingPathComponent("checkpoints", isDirectory: true))
        progress = ProgressPrinter(every: config.training.logEverySteps, interactive: comm.isMPI ? false : nil)

        let seed = UInt64(config.training.seed)
        var description = ModelDescription(model: config.model, featurizer: config.featurizer)
        description.trainingDataHash = FileManager.default.contents(atPath: config.data.train).map(CheckpointManifest.sha256Hex)
        let fresh = try TrainedModel(description: description, seed: SeededGenerator(seed: seed).derived(0x494E_4954))  // "INIT"
        lap("model_init")

        var trainRecords = try loadSpectrumJSONL(path: config.data.train)
        if config.data.maxTrainExamples > 0 { trainRecords = Array(trainRecords.prefix(config.data.maxTrainExamples)) }
        let valRecords = try loadSpectrumJSONL(path: config.data.validation)
        lap("read_jsonl")
        guard !trainRecords.isEmpty else { throw ConfigError(field: "data.train", reason: "\(config.data.train) has no records") }
        train = try LabeledSplit(records: trainRecords, featurizer: fresh.featurizer, comm: comm)
        validation = try LabeledSplit(records: valRecords, featurizer: fresh.featurizer, comm: comm)
        lap("featurize")
        plan = BatchPlan(count: train.count, batchSize: config.training.batchSize, seed: SeededGenerator(seed: seed))

        let aug = config.augmentation
        augmenter = aug == .none ? nil : try Augmenter(config: aug)
        sync = GradientSync(comm: comm, buckets: config.training.gradientSync.buckets, sparseMode: config.training.gradientSync.sparse)

        guard let ev = fresh.store.view(named: "trunk.embedding.weight"), let eid = fresh.store.id(named: "trunk.embedding.weight") else {
            preconditionFailure("RouterNetwork has no trunk.embedding.weight")
        }
        embeddingView = ev
        embeddingID = eid
        let o = config.optimizer
        let total = plan.stepsPerEpoch * config.training.epochs
        let decay = LearningRateSchedule.Decay(rawValue: o.schedule) ?? .cosine
        let eLr = o.embeddingLr > 0 ? o.embeddingLr : o.lr
        denseSchedule = try LearningRateSchedule(peak: Float(o.lr), min: Float(o.lr * o.minLrFraction),
                                                 warmupSteps: min(o.warmupSteps, total), totalSteps: total, decay: decay)
        embeddingSchedule = try LearningRateSchedule(peak: Float(eLr), min: Float(eLr * o.minLrFraction),
                                                     warmupSteps: min(o.warmupSteps, total), totalSteps: total, decay: decay)

        if let folder = resumeFrom {
            let loaded = try TrainerCheckpoint.load(folder)
            guard loaded.model.description.model == config.model, loaded.model.description.featurizer == config.featurizer else {
                throw CheckpointError.incompatible(path: folder.path, what: "the checkpoint's model/featurizer config differs from this config's")
            }
            guard loaded.sparse.name == config.optimizer.embeddingOptimizer else {
                throw CheckpointError.incompatible(path: folder.path, what: "the checkpoint's embedding optimizer is \"\(loaded.sparse.name)\", this config's optimizer.embeddingOptimizer is \"\(config.optimizer.embeddingOptimizer)\"")
            }
            model = loaded.model
            dense = loaded.dense
            sparse = loaded.sparse
            state = loaded.state
            lastCheckpointStep = loaded.state.step
        } else {
            model = fresh
            let noDecay = fresh.store.views.filter { $0.gradient == .dense && !$0.name.hasSuffix(".weight") }.map(\.range)
            dense = try AdamW(count: fresh.store.denseCount,
                              hyper: AdamHyperparameters(beta1: Float(o.beta1), beta2: Float(o.beta2), weightDecay: Float(o.weightDecay)),
                              noDecay: noDecay)
            if o.embeddingOptimizer == "sgd" {
                sparse = .sgd(try SparseSGD(rows: ev.shape[0], dim: ev.shape[1], weightDecay: Float(o.embeddingWeightDecay)))
            } else {
                sparse = .adamw(try SparseAdamW(rows: ev.shape[0], dim: ev.shape[1],
                                                hyper: AdamHyperparameters(beta1: Float(o.beta1), beta2: Float(o.beta2), weightDecay: Float(o.embeddingWeightDecay))))
            }
            state = TrainerState(seed: seed, worldSize: comm.size)
        }
        state.worldSize = comm.size
        if isRoot {
            try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
            metrics = try MetricsFile(url: outDir.appendingPathComponent("metrics.jsonl"), keepThroughStep: resumeFrom == nil ? nil : state.step)
        }
        lap("optimizer_init")
        phases = setupPhases
    }

    // MARK: - Loop

    /// Runs (or continues) training; returns how it ended.
    public func run() throws -> TrainingOutcome {
        if state.finished { log("run already finished at step \(state.step); nothing to do"); return .finished }
        // Parameters from rank 0 (identical by construction; this makes it a guarantee).
        var t = now()
        func lap(_ name: String) { let u = now(); addPhase(name, u - t); t = u }
        if comm.size > 1 { try comm.broadcast(&model.store.values, root: 0) }
        lap("broadcast")
        let epochs = config.training.epochs
        var perm: [Int] = []
        var permEpoch = -1
        var runStart = now(), runSteps = 0
        while state.epoch < epochs && !state.stoppedEarly {
            if permEpoch != state.epoch {
                perm = config.training.sampling == .balanced
                    ? plan.weightedDraw(epoch: state.epoch, weights: BatchPlan.balancedWeights(tiers: train.labels.tiers))
                    : plan.permutation(epoch: state.epoch)
                permEpoch = state.epoch
            }
            while state.stepInEpoch < plan.stepsPerEpoch {
                let t0 = now()
                sync.resetTimer()
                let batch = plan.globalBatch(perm, step: state.stepInEpoch)
                let (losses, gradNorm, stop) = try step(globalBatch: batch)
                state.step += 1
                state.stepInEpoch += 1
                state.epochLossSum = state.epochLossSum + losses
                state.epochSteps += 1
                let dt = now() - t0
                runSteps += 1
                if isRoot {
                    let lr = denseSchedule.lr(at: state.step - 1)
                    metrics?.write(["type": "step", "step": state.step, "epoch": state.epoch, "loss": lossDict(losses),
                                    "lr": Double(lr), "embedding_lr": Double(embeddingSchedule.lr(at: state.step - 1)),
                                    "grad_norm": gradNorm, "examples_per_second": Double(batch.count) / dt,
                                    "comm_share": sync.commSeconds / dt, "sparse_sum_share": sync.sumSeconds / dt, "sparse_path": sync.lastSparsePath.rawValue,
                                    "seconds": dt])
                    let elapsed = now() - runStart
                    let rate = Double(runSteps) / max(elapsed, 1e-9)
                    progress.step(epoch: state.epoch, epochs: epochs, stepInEpoch: state.stepInEpoch, stepsPerEpoch: plan.stepsPerEpoch,
                                  step: state.step, totalSteps: totalSteps, loss: losses,
                                  examplesPerSecond: rate * Double(config.training.batchSize),
                                  eta: Double(totalSteps - state.step) / rate)
                }
                if stop {
                    progress.endLine()
                    try checkpoint()
                    if isRoot { log("stop requested (\(StopSignal.signalName ?? "--stop-after-step")): checkpoint at step \(state.step) written; exiting with status \(StopSignal.preemptedExitCode)") }
                    return .preempted(step: state.step)
                }
                let every = config.training.checkpoint.everySteps
                if every > 0 && state.step % every == 0 && state.stepInEpoch < plan.stepsPerEpoch { try checkpoint() }
                if state.step == 1 { runStart = now(); runSteps = 0 }  // ETA without the first (warm-up) step
            }
            lap("steps")
            try endEpoch()
            lap("epoch_end")
        }
        try finish()
        lap("finish")
        if isRoot {
            var rec: [String: Any] = ["type": "timing"]
            for (k, v) in phases { rec[k] = v }
            metrics?.write(rec)
            metrics?.flush()
            log("timing (rank 0, s): " + phases.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: ", "))
        }
        return .finished
    }

    /// One global step: forward/backward on this rank's slice, gradient sync, clipping, optimizer update.
    /// Returns the global batch's losses, the pre-clip gradient norm and whether any rank asked to stop.
    func step(globalBatch: [Int]) throws -> (HeadLosses, Double, Bool) {
        let norms = LossNormalizers(labels: train.labels.subset(globalBatch), config: config.model)
        let mine = BatchPlan.slice(globalBatch, rank: comm.rank, size: comm.size)
        let (local, sparseLocal) = Self.forwardBackward(&model, split: train, indices: mine, epoch: state.epoch,
                                                        seed: state.rng, augmenter: augmenter, normalizers: norms,
                                                        embeddingID: embeddingID, dim: embeddingView.shape[1])
        // Losses (sum over slices = global mean) and the stop flag (any rank) travel in the gradient sync's
        // fused allreduce.
        if isRoot, let k = stopAfterStep, state.step + 1 == k { StopSignal.request() }
        var red = [local.complexity, local.safety, local.budget, local.total, StopSignal.requested ? 1 : 0]
        let summed = try sync.synchronize(dense: &model.store.grads, sparse: sparseLocal, tableRows: embeddingView.shape[0], scalars: &red)
        let rows = summed.rows
        // Norm over the read-only buffers; the sparse values are copied (scaled) only when clipping applies.
        let clip = config.optimizer.clipNorm
        let gradNorm: Double = model.store.grads.withUnsafeBufferPointer { g in
            summed.values.withUnsafeBufferPointer { GradientClipping.globalNorm(dense: g, sparse: [$0]) }
        }
        var values = summed.values
        if clip > 0 {
            let coef = GradientClipping.clipCoefficient(norm: gradNorm, maxNorm: Double(Float(clip)))  // as clipGlobalNorm(maxNorm: Float)
            if coef < 1 {
                model.store.grads.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= coef } }
                values.withUnsafeMutableBufferPointer { s in for i in s.indices { s[i] *= coef } }
            }
        }
        if gradNorm.isFinite {
            let lr = denseSchedule.lr(at: state.step), elr = embeddingSchedule.lr(at: state.step)
            let grads = model.store.grads, range = embeddingView.range, dc = model.store.denseCount
            try model.store.values.withUnsafeMutableBufferPointer { all in
                try grads.withUnsafeBufferPointer { g in
                    try dense.update(params: UnsafeMutableBufferPointer(rebasing: all[0..<dc]), grads: g, lr: lr)
                }
                try values.withUnsafeBufferPointer { s in
                    try rows.withUnsafeBufferPointer { r in
                        let table = UnsafeMutableBufferPointer(rebasing: all[range])
                        if shardOptimizer {
                            let a = ownedRowStart(r, rank: comm.rank), b = ownedRowStart(r, rank: comm.rank + 1), d = embeddingView.shape[1]
                            try sparse.update(table: table, rowIndices: UnsafeBufferPointer(rebasing: r[a..<b]),
                                              rowGrads: UnsafeBufferPointer(rebasing: s[(a * d)..<(b * d)]), lr: elr)
                        } else {
                            try sparse.update(table: table, rowIndices: r, rowGrads: s, lr: elr)
                        }
                    }
                }
            }
            if shardOptimizer { try shareUpdatedRows(rows) }
        } else if isRoot {
            log("warning: non-finite gradient norm at step \(state.step + 1); update skipped")
        }
        var l = HeadLosses()
        l.complexity = red[0]; l.safety = red[1]; l.budget = red[2]; l.total = red[3]
        return (l, gradNorm, red[4] > 0)
    }

    /// Adds `seconds` to phase `name` (phases keep their first-seen order).
    func addPhase(_ name: String, _ seconds: Double) {
        if let i = phases.firstIndex(where: { $0.0 == name }) { phases[i].1 += seconds } else { phases.append((name, seconds)) }
    }

    /// Whether the embedding optimizer update is sharded by table rows across ranks.
    var shardOptimizer: Bool { comm.size > 1 && config.training.gradientSync.shardOptimizer }

    /// The first position in the ascending `rows` whose row belongs to rank `rank` or a later one
    /// (rank q owns table rows `[q*N/R, (q+1)*N/R)`); `rank == R` gives `rows.count`.
    func ownedRowStart(_ rows: UnsafeBufferPointer<Int32>, rank: Int) -> Int {
        let bound = Int32(rank * embeddingView.shape[0] / comm.size)
        var lo = 0, hi = rows.count
        while lo < hi { let mid = (lo + hi) / 2; if rows[mid] < bound { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Sharded update: every rank sends the table rows it updated (its block of the ascending `rows`) to all.
    func shareUpdatedRows(_ rows: [Int32]) throws {
        let d = embeddingView.shape[1], off = embeddingView.offset, t = now()
        defer { sync.addTime(now() - t) }
        try rows.withUnsafeBufferPointer { r in
            let starts = (0...comm.size).map { ownedRowStart(r, rank: $0) }
            let counts = (0..<comm.size).map { (starts[$0 + 1] - starts[$0]) * d }
            var send = [Float](repeating: 0, count: counts[comm.rank])
            var recv = [Float](repeating: 0, count: r.count * d)
            try model.store.values.withUnsafeMutableBufferPointer { all in
                let tp = all.baseAddress! + off
                send.withUnsafeMutableBufferPointer { sb in
                    for k in starts[comm.rank]..<starts[comm.rank + 1] {
                        (sb.baseAddress! + (k - starts[comm.rank]) * d).update(from: tp + Int(r[k]) * d, count: d)
                    }
                }
                try send.withUnsafeBufferPointer { sb in try recv.withUnsafeMutableBufferPointer { try comm.allgatherv(sb, counts: counts, into: $0) } }
                recv.withUnsafeBufferPointer { rb in
                    for k in 0..<r.count { (tp + Int(r[k]) * d).update(from: rb.baseAddress! + k * d, count: d) }
                }
            }
        }
    }

    /// Sharded update: gathers every rank's block of the embedding optimizer state (before a checkpoint).
    func gatherSparseOptimizerState() throws {
        guard shardOptimizer else { return }
        let n = embeddingView.shape[0], d = embeddingView.shape[1], size = comm.size, me = comm.rank
        let bounds = (0...size).map { $0 * n / size }
        let counts = (0..<size).map { bounds[$0 + 1] - bounds[$0] }
        try sparse.withMutableAdamState { steps, m, v in
            let lo = bounds[me], hi = bounds[me + 1]
            let s0 = Array(steps[lo..<hi])
            try s0.withUnsafeBufferPointer { try comm.allgatherv($0, counts: counts, into: steps) }
            for buf in [m, v] {
                let part = Array(buf[(lo * d)..<(hi * d)])
                try part.withUnsafeBufferPointer { try comm.allgatherv($0, counts: counts.map { $0 * d }, into: buf) }
            }
        }
    }

    /// Forward and backward of `indices` with per-example dropout/augmentation streams; dense gradients are
    /// written into `m.store.grads` (zeroed first), the embedding gradient is returned.
    static func forwardBackward(_ m: inout TrainedModel, split: LabeledSplit, indices: [Int], epoch: Int, seed: SeededGenerator,
                                augmenter: Augmenter?, normalizers: LossNormalizers, embeddingID: ParameterID,
                                dim: Int) -> (HeadLosses, SparseRowGradient) {
        m.store.zeroGrads()
        guard !indices.isEmpty else { return (HeadLosses(), SparseRowGradient(parameter: embeddingID, dim: dim, rows: [], values: [])) }
        let input: NetworkInput
        if let augmenter {
            let aSeed = ExampleStreams.augmentation(seed)
            input = m.input(indices.map { augmenter.augment(split.records[$0].text, seed: aSeed, epoch: UInt64(epoch), example: UInt64($0)) })
        } else {
            input = split.input(indices)
        }
        let streams = indices.map { ExampleStreams.dropout(seed, epoch: epoch, index: $0) }
        let out = m.network.forward(input, params: m.store, streams: streams)
        let (losses, grads) = MultiTaskLoss.compute(out, labels: split.labels.subset(indices), normalizers: normalizers, config: m.description.model)
        let g = m.network.backward(grads, params: &m.store)
        return (losses, g)
    }

    // MARK: - Epoch end, evaluation, checkpoints

    func endEpoch() throws {
        let val = try evaluate()
        var mean = HeadLosses()
        let n = Double(max(1, state.epochSteps))
        mean.complexity = state.epochLossSum.complexity / n; mean.safety = state.epochLossSum.safety / n
        mean.budget = state.epochLossSum.budget / n; mean.total = state.epochLossSum.total / n
        state.history.append(EpochRecord(epoch: state.epoch, step: state.step, trainLoss: mean, validation: val))
        let es = config.training.earlyStopping
        let higher = TrainingConfig.metricNames[es.metric] ?? false
        var improved = false
        if let v = val[es.metric] {
            if let b = state.bestMetric { improved = higher ? v > b : v < b } else { improved = true }
            if improved { state.bestMetric = v; state.bestStep = state.step; state.bestEpoch = state.epoch; state.epochsWithoutImprovement = 0 }
            else { state.epochsWithoutImprovement += 1 }
        }
        if config.training.verifyParameters { try verifyParametersEqual() }
        if isRoot {
            progress.endLine()
            let text = val.sorted { $0.key < $1.key }.map { String(format: "%@ %.4f", $0.key, $0.value) }.joined(separator: ", ")
            log("epoch \(state.epoch + 1)/\(config.training.epochs) done at step \(state.step): train loss \(String(format: "%.4f", mean.total)); \(text)\(improved ? " (best)" : "")")
            var rec: [String: Any] = ["type": "epoch", "epoch": state.epoch, "step": state.step, "train_loss": lossDict(mean)]
            for (k, v) in val { rec[k] = v }
            metrics?.write(rec)
            metrics?.flush()
        }
        state.epoch += 1
        state.stepInEpoch = 0
        state.epochLossSum = HeadLosses()
        state.epochSteps = 0
        if es.patience > 0 && state.epochsWithoutImprovement >= es.patience && state.epoch < config.training.epochs {
            state.stoppedEarly = true
            if isRoot { log("early stopping: \(es.metric) did not improve for \(es.patience) epochs") }
        }
        // The last epoch's checkpoint is the final one, written (calibrated) by finish().
        let last = state.epoch >= config.training.epochs || state.stoppedEarly
        if last || !config.training.checkpoint.everyEpoch { return }
        let folder = try checkpoint()
        if isRoot && improved, let folder { try checkpoints.markBest(folder, metric: es.metric, value: state.bestMetric ?? .nan) }
    }

    /// Validation metrics, computed on a shard per rank and summed.
    func evaluate() throws -> [String: Double] {
        let n = validation.count
        guard n > 0 else { return [:] }
        let norms = LossNormalizers(labels: validation.labels, config: config.model)
        let lo = comm.rank * n / comm.size, hi = (comm.rank + 1) * n / comm.size
        var acc = [Double](repeating: 0, count: 8)  // loss c/s/b/total, correct c, count c, correct s, count s
        var i = lo
        while i < hi {
            let idx = Array(i..<min(hi, i + 1024))
            let h = model.network.apply(validation.input(idx), params: model.store)
            let labels = validation.labels.subset(idx)
            let (l, _) = MultiTaskLoss.compute(h, labels: labels, normalizers: norms, config: config.model)
            acc[0] += l.complexity; acc[1] += l.safety; acc[2] += l.budget; acc[3] += l.total
            let outs = model.network.outputs(h, calibration: Calibration())
            for (k, o) in outs.enumerated() {
                if let t = labels.tiers[k], config.model.has("complexity") { acc[5] += 1; if argmax(o.complexity) == t { acc[4] += 1 } }
                if let r = labels.risky[k], config.model.has("safety") { acc[7] += 1; if (o.risky >= 0.5) == r { acc[6] += 1 } }
            }
            i += 1024
        }
        if comm.size > 1 { try comm.allreduce(&acc, op: .sum) }
        var m: [String: Double] = ["val_loss": acc[3]]
        if config.model.has("complexity") { m["val_complexity_loss"] = acc[0]; if acc[5] > 0 { m["val_complexity_accuracy"] = acc[4] / acc[5] } }
        if config.model.has("safety") { m["val_safety_loss"] = acc[1]; if acc[7] > 0 { m["val_safety_accuracy"] = acc[6] / acc[7] } }
        if config.model.has("budget") { m["val_budget_loss"] = acc[2] }
        return m
    }

    /// Writes a checkpoint of the current state (rank 0, between barriers); returns its folder on rank 0.
    @discardableResult
    func checkpoint() throws -> URL? {
        metrics?.flush()
        try gatherSparseOptimizerState()
        try comm.barrier()
        var folder: URL?
        if isRoot { folder = try saveCheckpoint() }
        try comm.barrier()
        return folder
    }

    /// Debug check: every rank's parameters hash to the same value.
    func verifyParametersEqual() throws {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for x in model.store.values { h = (h ^ UInt64(x.bitPattern)) &* 0x100_0000_01B3 }
        let all = try comm.allgather([Int64(bitPattern: h)])
        if Set(all).count != 1 {
            throw TrainingError.ranksDiverged(epoch: state.epoch, checksums: all.map { String(UInt64(bitPattern: $0), radix: 16) })
        }
        if isRoot { log("verifyParameters: all \(comm.size) ranks hold identical parameters (checksum \(String(h, radix: 16)))") }
    }

    // MARK: - After training

    /// Rank 0: calibration and policy fit on the validation split with the best parameters, written into the
    /// best checkpoint's model.json; validation predictions and a summary in the out folder.
    ///
    /// When the best model is the current one (the usual case: the last epoch is best, or no earlier best
    /// checkpoint exists), it is calibrated in memory and the final checkpoint is written ONCE, already
    /// calibrated. Otherwise the final checkpoint is written, the earlier best one is loaded, calibrated and
    /// re-saved atomically (same step).
    func finish() throws {
        metrics?.flush()
        state.finished = true
        try gatherSparseOptimizerState()
        try comm.barrier()
        if isRoot {
            let earlierBest = checkpoints.best().flatMap { b -> URL? in
                guard let s = state.bestStep, s != state.step else { return nil }
                return b.lastPathComponent == CheckpointStore.name(step: s) ? b : nil
            }
            var best: TrainedModel
            var bestFolder: URL
            let finalFolder: URL
            var files: [String: Data]
            if let earlierBest {
                finalFolder = try saveCheckpoint()
                bestFolder = earlierBest
                files = try CheckpointStore.load(bestFolder).files
                best = try ModelFiles.load(files, folder: bestFolder.path)
            } else {
                best = model
                bestFolder = outDir  // set below, once written
                finalFolder = outDir
                files = [:]
            }
            var t = now()
            func lap(_ name: String) { let u = now(); addPhase(name, u - t); t = u }
            let (outs, cal) = calibrate(&best, step: earlierBest == nil ? state.step : state.bestStep ?? state.step)
            lap("finish.calibrate")
            if earlierBest != nil {
                for (k, v) in try ModelFiles.files(best) { files[k] = v }
                let manifestStep = (try? CheckpointStore.load(bestFolder).manifest.step) ?? state.step
                let bestState = try JSONDecoder().decode(TrainerState.self, from: files[TrainerCheckpoint.stateFile]!)
                try checkpoints.save(step: manifestStep, epoch: bestState.epoch, files: files)
            } else {
                model.description = best.description
                bestFolder = try saveCheckpoint()
                if let v = state.bestMetric, state.bestStep == state.step { try checkpoints.markBest(bestFolder, metric: config.training.earlyStopping.metric, value: v) }
            }
            let last = earlierBest == nil ? bestFolder : finalFolder
            lap("finish.checkpoint")
            try writePredictions(outs)
            lap("finish.predictions")
            var summary: [String: Any] = ["best_checkpoint": bestFolder.path, "last_checkpoint": last.path,
                                          "steps": state.step, "epochs_run": state.epoch, "stopped_early": state.stoppedEarly,
                                          "world_size": comm.size, "metrics": best.description.metrics,
                                          "complexity_temperature": cal.complexityTemperature, "safety_temperature": cal.safetyTemperature]
            if let f = best.description.policy.fit { summary["policy_fit"] = ["achieved_risky_recall": f.achievedRiskyRecall ?? -1, "achieved_reasoning_share": f.achievedReasoningShare ?? -1] }
            try AtomicFile.write(JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]),
                                 to: outDir.appendingPathComponent("summary.json"))
            log("done: best checkpoint \(bestFolder.path) (calibrated: T_complexity \(String(format: "%.3f", cal.complexityTemperature)), T_safety \(String(format: "%.3f", cal.safetyTemperature)))")
        }
        try comm.barrier()
    }

    /// Rank 0: writes a checkpoint of the current state and applies retention; returns its folder.
    func saveCheckpoint() throws -> URL {
        let files = try TrainerCheckpoint.files(model: model, dense: dense, sparse: sparse, state: state, config: config)
        let folder = try checkpoints.save(step: state.step, epoch: state.epoch, files: files)
        checkpoints.prune(keepLast: config.training.checkpoint.keepLast)
        lastCheckpointStep = state.step
        return folder
    }

    /// Temperature scaling, policy fit and validation metrics of `best` (written into its description);
    /// returns the calibrated validation outputs and the calibration. `step`: the model's step (for its metrics).
    func calibrate(_ best: inout TrainedModel, step: Int) -> ([RouterOutput], Calibration) {
        let n = validation.count
        var heads: [HeadValues] = []
        var i = 0
        while i < n { let idx = Array(i..<min(n, i + 1024)); heads.append(best.network.apply(validation.input(idx), params: best.store)); i += 1024 }
        var cal = Calibration()
        let labels = validation.labels
        if config.calibration.enabled && n > 0 {
            let raw = heads.flatMap { best.network.outputs($0, calibration: Calibration()) }
            if config.model.has("complexity") {
                let logits = heads.flatMap { h in (0..<h.complexity!.rows).map { r in (0..<h.complexity!.cols).map { Double(h.complexity![r, $0]) } } }
                cal.complexityECEBefore = CalibrationError.multiclass(probabilities: raw.map(\.complexity), labels: labels.tiers, bins: config.calibration.bins)
                if !config.model.ordinal { cal.complexityTemperature = TemperatureScaling.fit(logits: logits, labels: labels.tiers) }
            }
            if config.model.has("safety") {
                let logits = heads.flatMap { h in (0..<h.safety!.rows).map { Double(h.safety![$0, 0]) } }
                cal.safetyECEBefore = CalibrationError.binary(probabilities: raw.map(\.risky), labels: labels.risky, bins: config.calibration.bins)
                cal.safetyTemperature = TemperatureScaling.fitBinary(logits: logits, labels: labels.risky)
            }
        }
        let outs = heads.flatMap { best.network.outputs($0, calibration: cal) }
        if config.calibration.enabled && n > 0 {
            if config.model.has("complexity") { cal.complexityECEAfter = CalibrationError.multiclass(probabilities: outs.map(\.complexity), labels: labels.tiers, bins: config.calibration.bins) }
            if config.model.has("safety") { cal.safetyECEAfter = CalibrationError.binary(probabilities: outs.map(\.risky), labels: labels.risky, bins: config.calibration.bins) }
        }
        best.description.calibration = cal
        if n > 0 {
            best.description.policy = ThresholdFitting.fit(best.description.policy, outputs: outs, tiers: labels.tiers, risky: labels.risky,
                                                           targetRiskyRecall: config.policyTargets.riskyRecall,
                                                           targetReasoningShare: config.policyTargets.reasoningShare)
        }
        let bestRecord = state.history.first { $0.step == step } ?? state.history.last
        best.description.metrics = bestRecord?.validation ?? [:]
        return (outs, cal)
    }

    /// `predictions.jsonl`: per validation record, its id, predicted tier, probabilities and P(risky).
    ///
    /// Formatted directly (keys sorted, shortest round-trip numbers): JSONSerialization per line cost more
    /// than the rest of the finishing work.
    func writePredictions(_ outs: [RouterOutput]) throws {
        var text = ""
        text.reserveCapacity(outs.count * 120)
        for (r, o) in zip(validation.records, outs) {
            text += "{\"complexity\":[" + o.complexity.map(jsonNumber).joined(separator: ",") + "],\"id\":" + jsonString(r.id)
            text += ",\"risky\":" + jsonNumber(o.risky) + ",\"tier\":\(argmax(o.complexity))}\n"
        }
        try AtomicFile.write(Data(text.utf8), to: outDir.appendingPathComponent("predictions.jsonl"))
    }
}

/// A JSON number (shortest round-trip form); null for NaN/infinity.
func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

/// A JSON string literal with the required escapes.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}

/// Errors of the trainer.
public enum TrainingError: Error, CustomStringConvertible {
    case ranksDiverged(epoch: Int, checksums: [String])
    case noCheckpoint(path: String)
    case outputNotEmpty(path: String)

    public var description: String {
        switch self {
        case let .ranksDiverged(e, c): "ranks hold different parameters after epoch \(e + 1): checksums \(c.joined(separator: ", "))"
        case let .noCheckpoint(p): "\(p): no complete checkpoint to resume from"
        case let .outputNotEmpty(p): "\(p) already holds checkpoints of a run; pass --resume auto to continue it, or choose another --out"
        }
    }
}

func argmax(_ p: [Double]) -> Int { p.indices.max { p[$0] < p[$1] } ?? 0 }

func lossDict(_ l: HeadLosses) -> [String: Double] {
    ["complexity": l.complexity, "safety": l.safety, "budget": l.budget, "total": l.total]
}
