// Trainer: the data-parallel training loop with global-batch semantics.
//
// Every rank reads the whole dataset. Each epoch's seeded permutation is cut into global batches of B
// examples; rank r of R runs forward/backward on its slice with loss normalizers computed from the GLOBAL
// batch's labels, so the SUM over ranks of the slice gradients is exactly the global-batch gradient. Dense
// gradients are summed with one (or bucketed) allreduce, sparse embedding gradients are gathered and merged
// in rank order; every rank then applies the identical update and parameters stay bit-identical. On one node the
// table is instead shared by the ranks (`SharedTable`): each rank merges and updates only its own block of rows.
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
    /// `[N]`: the work of each training example, by which global batches are shared among the ranks.
    let exampleCosts: [Int]
    /// The last step's busiest rank's work over the ranks' mean (1 = even; the `work_balance` metric).
    var lastWorkBalance = 1.0
    let sync: GradientSync
    let augmenter: Augmenter?
    /// Training on safe segments (`augmentation.segmentCrop`), nil when off.
    let crop: SegmentCrop?
    let denseSchedule: LearningRateSchedule
    let embeddingSchedule: LearningRateSchedule
    let embeddingView: ParameterView
    let embeddingID: ParameterID
    var metrics: MetricsFile?
    let progress: ProgressPrinter
    var lastCheckpointStep: Int?
    /// Whether the embedding table lives once per node in shared memory (decided at init, see `SharedTable`).
    let usesSharedTable: Bool
    /// The shared table's windows while the training loop runs (nil otherwise).
    var shared: SharedTable?
    /// Rank 0: the training files' SHA-256 being computed on a second thread (`startDataHash`), and whether its
    /// result was taken (it may be nil: a file that can no longer be read).
    var dataHashWork: (work: BackgroundWork, result: DataHashBox)?
    var dataHashTaken = false
    /// A fresh run's table not drawn yet: the ranks draw it into the shared table from this seed (`startSharedTable`).
    var tableSeed: SeededGenerator?
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
        // description.trainingDataHash: rank 0 fills it in before the first checkpoint (`ensureDataHash`).
        usesSharedTable = comm.size > 1 && comm.isSingleNode && config.training.gradientSync.sharedTable == "auto"
        // With the node-shared table, a fresh run's table is drawn by the ranks, each its block of rows, straight
        // into shared memory (`startSharedTable`): the same values as one draw, without every rank drawing (and
        // paging in) the whole table and rank 0 copying it in. On resume the table comes from the checkpoint.
        let initSeed = SeededGenerator(seed: seed).derived(0x494E_4954)  // "INIT"
        var fresh = try TrainedModel(description: description, seed: initSeed, initializeTable: !(usesSharedTable || resumeFrom != nil))
        if usesSharedTable && resumeFrom == nil, let ev = fresh.store.view(named: "trunk.embedding.weight") {
            var probe = [Float](repeating: 0, count: 1)
            if probe.withUnsafeMutableBufferPointer({ fresh.store.initialValues(of: fresh.store.id(named: ev.name)!, seed: initSeed, from: 0, into: $0) }) {
                tableSeed = initSeed
            } else {
                fresh.store.initialize(ev, seed: initSeed)  // a Gaussian table is drawn in one sequence, here
            }
        }
        lap("model_init")

        var trainRecords = try loadSpectrumJSONL(paths: config.data.train)
        if config.data.maxTrainExamples > 0 { trainRecords = Array(trainRecords.prefix(config.data.maxTrainExamples)) }
        let valRecords = try loadSpectrumJSONL(path: config.data.validation)
        lap("read_jsonl")
        guard !trainRecords.isEmpty else { throw ConfigError(field: "data.train", reason: "\(config.data.train.joined(separator: ", ")) has no records") }
        let aug = config.augmentation
        var textAug = aug
        textAug.segmentCrop = 0  // not text rewrites: the trainer applies them (SegmentCrop)
        textAug.spanCrop = 0
        textAug.spanCropKeepsSimple = 0
        augmenter = textAug == .none ? nil : try Augmenter(config: aug)
        let labelsOnly = LabeledSplit(labelsOnly: trainRecords)
        crop = SegmentCrop(probability: aug.segmentCrop, maxTokens: config.model.safetySegments, first: config.model.safetyFirstSegment,
                           spanProbability: aug.spanCrop, keepSimpleProbability: aug.spanCropKeepsSimple, split: labelsOnly,
                           featurizer: fresh.featurizer, seed: SeededGenerator(seed: seed))
        // With augmentation or segment crop every batch's texts are featurized anew (forwardBackward), so the
        // training split's features would go unused: they are not computed. The validation split's always are.
        train = augmenter != nil || crop != nil ? labelsOnly
            : try LabeledSplit(records: trainRecords, featurizer: fresh.featurizer, comm: comm)
        validation = try LabeledSplit(records: valRecords, featurizer: fresh.featurizer, comm: comm)
        lap("featurize")
        plan = BatchPlan(count: train.count, batchSize: config.training.batchSize, seed: SeededGenerator(seed: seed))
        exampleCosts = Self.exampleCosts(train, maxChars: fresh.featurizer.config.maxChars)
        sync = GradientSync(comm: comm, buckets: config.training.gradientSync.buckets, sparseMode: config.training.gradientSync.sparse)
        if comm.size > 1 && comm.rank == 0 {
            log(usesSharedTable
                ? "embedding table: node-shared (MPI shared memory, one copy for the \(comm.size) ranks; each rank merges and updates its own block of rows)"
                : "embedding table: replicated on every rank (\(config.training.gradientSync.sharedTable == "off" ? "training.gradientSync.sharedTable is \"off\"" : "ranks span \(comm.size / max(comm.localSize, 1))+ nodes"))")
        }

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
        try startSharedTable()
        defer { model.store.detachSparse() }  // error paths; the normal ones end the shared table first
        // With the shared table, `values` holds only the dense parameters here (the table is one copy).
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
                    metrics?.write(step: .init(step: state.step, epoch: state.epoch,
                                               loss: (losses.complexity, losses.safety, losses.budget, losses.total),
                                               lr: Double(lr), embeddingLr: Double(embeddingSchedule.lr(at: state.step - 1)),
                                               gradNorm: gradNorm, examplesPerSecond: Double(batch.count) / dt,
                                               commShare: sync.commSeconds / dt, sparseSumShare: sync.sumSeconds / dt,
                                               sparsePath: sync.lastSparsePath.rawValue, workBalance: lastWorkBalance, seconds: dt))
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
                    try endSharedTable()
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
        try endSharedTable()
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
        var globalLabels = train.labels.subset(globalBatch)
        let crops = crop?.crops(of: globalBatch, epoch: state.epoch)  // decided once, read by both label sets and the texts
        if let crops { globalLabels = crops.masked(globalLabels, indices: globalBatch) }
        let norms = LossNormalizers(labels: globalLabels, config: config.model)
        let deal = BatchPlan.balancedDeal(globalBatch, costs: exampleCosts, size: comm.size)
        let mine = deal.slice(globalBatch, rank: comm.rank)
        lastWorkBalance = deal.balance
        let (local, sparseLocal) = Self.forwardBackward(&model, split: train, indices: mine, epoch: state.epoch,
                                                        seed: state.rng, augmenter: augmenter, crops: crops, normalizers: norms,
                                                        embeddingID: embeddingID, dim: embeddingView.shape[1])
        // Losses (sum over slices = global mean) and the stop flag (any rank) travel in the gradient sync's
        // fused allreduce.
        if isRoot, let k = stopAfterStep, state.step + 1 == k { StopSignal.request() }
        var red = [local.complexity, local.safety, local.budget, local.total, StopSignal.requested ? 1 : 0]
        // rows/values: the summed embedding gradient of every touched row (replicated), or of this rank's rows (shared).
        let rows: [Int32], gradNorm: Double
        var values: [Float]
        if let shared {
            shared.publish(sparseLocal)
            var t = now()
            try shared.fence()
            sync.addTime(now() - t)
            t = now()
            let partial: Double
            (rows, values, partial) = try shared.mergeOwned(sparseLocal)
            sync.addSumTime(now() - t)
            let partials = try sync.reduce(dense: &model.store.grads, scalars: &red, perRank: partial)
            let denseSquares = model.store.grads.withUnsafeBufferPointer { GradientClipping.sumOfSquares($0) }
            gradNorm = partials.reduce(denseSquares, +).squareRoot()
        } else {
            let summed = try sync.synchronize(dense: &model.store.grads, sparse: sparseLocal, tableRows: embeddingView.shape[0], scalars: &red)
            rows = summed.rows
            // Norm over the read-only buffers; the sparse values are copied (scaled) only when clipping applies.
            gradNorm = model.store.grads.withUnsafeBufferPointer { g in
                summed.values.withUnsafeBufferPointer { GradientClipping.globalNorm(dense: g, sparse: [$0]) }
            }
            values = summed.values
        }
        let clip = config.optimizer.clipNorm
        if clip > 0 {
            let coef = GradientClipping.clipCoefficient(norm: gradNorm, maxNorm: Double(Float(clip)))  // as clipGlobalNorm(maxNorm: Float)
            if coef < 1 {
                model.store.grads.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= coef } }
                values.withUnsafeMutableBufferPointer { s in for i in s.indices { s[i] *= coef } }
            }
        }
        if gradNorm.isFinite {
            let lr = denseSchedule.lr(at: state.step), elr = embeddingSchedule.lr(at: state.step)
            let grads = model.store.grads, dc = model.store.denseCount
            try model.store.values.withUnsafeMutableBufferPointer { all in
                try grads.withUnsafeBufferPointer { g in
                    try dense.update(params: UnsafeMutableBufferPointer(rebasing: all[0..<dc]), grads: g, lr: lr)
                }
            }
            try values.withUnsafeBufferPointer { s in
                try rows.withUnsafeBufferPointer { r in
                    try model.store.withMutableValues(embeddingID) { table in
                        if shardOptimizer && shared == nil {
                            let a = ownedRowStart(r, rank: comm.rank), b = ownedRowStart(r, rank: comm.rank + 1), d = embeddingView.shape[1]
                            try sparse.update(table: table, rowIndices: UnsafeBufferPointer(rebasing: r[a..<b]),
                                              rowGrads: UnsafeBufferPointer(rebasing: s[(a * d)..<(b * d)]), lr: elr)
                        } else {
                            try sparse.update(table: table, rowIndices: r, rowGrads: s, lr: elr)
                        }
                    }
                }
            }
            if shardOptimizer && shared == nil { try shareUpdatedRows(rows) }
        } else if isRoot {
            log("warning: non-finite gradient norm at step \(state.step + 1); update skipped")
        }
        if let shared {  // every rank's rows are updated before anyone's next forward reads the table
            let t = now()
            try shared.fence()
            sync.addTime(now() - t)
        }
        var l = HeadLosses()
        l.complexity = red[0]; l.safety = red[1]; l.budget = red[2]; l.total = red[3]
        return (l, gradNorm, red[4] > 0)
    }

    /// Rank 0: starts hashing the training files on a second thread, unless the model already names its data
    /// (a resumed run keeps its checkpoint's hash). Started when the other ranks go idle (the end of training), so
    /// the 12 MB SHA-256 of the public corpus's training split (~30 ms) no longer holds up every rank's start.
    func startDataHash() {
        guard isRoot, model.description.trainingDataHash == nil, dataHashWork == nil, !dataHashTaken else { return }
        let paths = config.data.train, box = DataHashBox()
        dataHashWork = (BackgroundWork { box.hash = Self.trainingDataHash(paths) }, box)
    }

    /// Rank 0: sets `model.description.trainingDataHash` before a checkpoint is written (waits for `startDataHash`
    /// or hashes now).
    func ensureDataHash() throws {
        guard isRoot, model.description.trainingDataHash == nil, !dataHashTaken else { return }
        startDataHash()
        guard let (work, box) = dataHashWork else { return }
        try work.wait()  // once: the semaphore is signalled once
        dataHashTaken = true
        model.description.trainingDataHash = box.hash
    }

    /// The result of the background hash (written by its thread before `BackgroundWork.wait` returns).
    final class DataHashBox: @unchecked Sendable { var hash: String? }

    /// SHA-256 of the training files' bytes, concatenated in order (for one file: the file's SHA-256); nil when
    /// one cannot be read (loading them reports that error).
    static func trainingDataHash(_ paths: [String]) -> String? {
        var all = Data()
        for p in paths {
            guard let d = FileManager.default.contents(atPath: p) else { return nil }
            all.append(d)
        }
        return CheckpointManifest.sha256Hex(all)
    }

    /// Adds `seconds` to phase `name` (phases keep their first-seen order).
    func addPhase(_ name: String, _ seconds: Double) {
        if let i = phases.firstIndex(where: { $0.0 == name }) { phases[i].1 += seconds } else { phases.append((name, seconds)) }
    }

    /// Whether the embedding optimizer update is sharded by table rows across ranks (always with the shared
    /// table: its per-row state is then current only for the rows a rank owns, and gathered before checkpoints).
    var shardOptimizer: Bool { comm.size > 1 && (usesSharedTable || config.training.gradientSync.shardOptimizer) }

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

    /// The work of each example of `split` for `BatchPlan.balancedSlice`: its feature count when the split's
    /// features are cached, else its text's UTF-8 length (at most `maxChars`; the features are made per batch), plus
    /// a fixed 16 for the dense part of a forward and backward.
    static func exampleCosts(_ split: LabeledSplit, maxChars: Int) -> [Int] {
        if let f = split.features { return (0..<f.count).map { Int(f.offsets[$0 + 1] - f.offsets[$0]) + 16 } }
        return split.records.map { min($0.text.utf8.count, maxChars) + 16 }
    }

    /// Forward and backward of `indices` with per-example dropout/augmentation streams; dense gradients are
    /// written into `m.store.grads` (zeroed first), the embedding gradient is returned.
    static func forwardBackward(_ m: inout TrainedModel, split: LabeledSplit, indices: [Int], epoch: Int, seed: SeededGenerator,
                                augmenter: Augmenter?, crops: StepCrops? = nil, normalizers: LossNormalizers,
                                embeddingID: ParameterID, dim: Int) -> (HeadLosses, SparseRowGradient) {
        m.store.zeroGrads()
        guard !indices.isEmpty else { return (HeadLosses(), SparseRowGradient(parameter: embeddingID, dim: dim, rows: [], values: [])) }
        let input: NetworkInput
        var labels = split.labels.subset(indices)
        if augmenter != nil || crops != nil {
            let aSeed = ExampleStreams.augmentation(seed)
            input = m.input(indices.map { i in
                let t = crops?.text(i) ?? split.records[i].text
                return augmenter?.augment(t, seed: aSeed, epoch: UInt64(epoch), example: UInt64(i)) ?? t
            })
            if let crops { labels = crops.masked(labels, indices: indices) }
        } else {
            input = split.input(indices)
        }
        let streams = indices.map { ExampleStreams.dropout(seed, epoch: epoch, index: $0) }
        let out = m.network.forward(input, params: m.store, streams: streams)
        let losses: HeadLosses
        var grads: HeadValues
        (losses, grads) = MultiTaskLoss.compute(out, labels: labels, normalizers: normalizers, config: m.description.model)
        if m.description.model.sourceAdversary > 0 {  // the source adversary (SourceAdversary), per label combination
            let slots = indices.indices.map { SourceAdversary.slot(tier: labels.tiers[$0], risky: labels.risky[$0]) }
            let logits = m.network.adversaryForward(slots: slots, params: m.store)         // [B, classes]
            grads.source = SourceAdversary.loss(logits: logits, sources: indices.map { split.records[$0].source },
                                                normalizer: normalizers.examples).gradient
        }
        let g = m.network.backward(grads, params: &m.store)
        return (losses, g)
    }
}

/// Errors of the trainer.
public enum TrainingError: Error, CustomStringConvertible {
    case ranksDiverged(epoch: Int, checksums: [String])
    case noCheckpoint(path: String)
    case outputNotEmpty(path: String)
    /// The node-shared embedding table could not be allocated (the message says what to do).
    case sharedMemory(String)

    public var description: String {
        switch self {
        case let .ranksDiverged(e, c): "ranks hold different parameters after epoch \(e + 1): checksums \(c.joined(separator: ", "))"
        case let .noCheckpoint(p): "\(p): no complete checkpoint to resume from"
        case let .outputNotEmpty(p): "\(p) already holds checkpoints of a run; pass --resume auto to continue it, or choose another --out"
        case let .sharedMemory(m): m
        }
    }
}

func argmax(_ p: [Double]) -> Int { p.indices.max { p[$0] < p[$1] } ?? 0 }

func lossDict(_ l: HeadLosses) -> [String: Double] {
    ["complexity": l.complexity, "safety": l.safety, "budget": l.budget, "total": l.total]
}
