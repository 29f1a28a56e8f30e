// Trainer, after training: calibration and policy fit, the final checkpoint, predictions and summary.
import Checkpointing
import Featurizer
import Foundation
import RouterModel

extension Trainer {
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
        startDataHash()
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
            let outs: [RouterOutput], cal: Calibration
            var t = now()
            func lap(_ name: String) { let u = now(); addPhase(name, u - t); t = u }
            if let earlierBest {
                finalFolder = try saveCheckpoint()
                bestFolder = earlierBest
                var files = try CheckpointStore.load(bestFolder).files
                best = try ModelFiles.load(files, folder: bestFolder.path)
                t = now()
                (outs, cal) = calibrate(&best, step: state.bestStep ?? state.step)
                lap("finish.calibrate")
                for (k, v) in try ModelFiles.files(best) { files[k] = v }
                let manifestStep = (try? CheckpointStore.load(bestFolder).manifest.step) ?? state.step
                let bestState = try JSONDecoder().decode(TrainerState.self, from: files[TrainerCheckpoint.stateFile]!)
                try checkpoints.save(step: manifestStep, epoch: bestState.epoch, files: files)
                lap("finish.checkpoint")
                try writePredictions(outs)
                lap("finish.predictions")
            } else {
                // The final checkpoint's weights and optimizer state do not depend on the calibration: they are
                // written (and hashed) on a second thread while calibration and the predictions run; model.json
                // and the small files follow once calibrated, then the manifest. Same files, same bytes.
                let pending = try checkpoints.begin(step: state.step)
                nonisolated(unsafe) let snapshot = (model, dense, sparse)
                let bulk = BackgroundWork {
                    try ModelFiles.withWeightsChunks(snapshot.0) { try pending.write(name: ModelFiles.weightsFile, chunks: $0) }
                    try pending.write([TrainerCheckpoint.optimizerFile: TrainerCheckpoint.optimizerData(dense: snapshot.1, sparse: snapshot.2)])
                }
                best = model
                (outs, cal) = calibrate(&best, step: state.step)
                lap("finish.calibrate")
                let text = predictionsText(outs)
                lap("finish.predictions")
                try bulk.wait()
                try ensureDataHash()
                best.description.trainingDataHash = model.description.trainingDataHash
                model.description = best.description
                try pending.write(try TrainerCheckpoint.smallFiles(model: model, state: state, config: config))
                bestFolder = try pending.commit(epoch: state.epoch)
                finalFolder = bestFolder
                checkpoints.prune(keepLast: config.training.checkpoint.keepLast)
                lastCheckpointStep = state.step
                if let v = state.bestMetric, state.bestStep == state.step { try checkpoints.markBest(bestFolder, metric: config.training.earlyStopping.metric, value: v) }
                lap("finish.checkpoint")
                try AtomicFile.write(Data(text.utf8), to: outDir.appendingPathComponent("predictions.jsonl"))
                lap("finish.predictions")
            }
            let last = earlierBest == nil ? bestFolder : finalFolder
            var summary: [String: Any] = ["best_checkpoint": bestFolder.path, "last_checkpoint": last.path,
                                          "steps": state.step, "epochs_run": state.epoch, "stopped_early": state.stoppedEarly,
                                          "world_size": comm.size, "metrics": best.description.metrics,
                                          "complexity_temperature": cal.complexityTemperature, "safety_temperature": cal.safetyTemperature]
            // A temperature at an end of its search range was not determined by the validation split (docs/training.md).
            let atBound = [("complexity", cal.complexityTemperature), ("safety", cal.safetyTemperature)]
                .filter { $0.1 != 1 && TemperatureScaling.isAtBound($0.1) }
            summary["temperatures_at_bound"] = atBound.map(\.0)
            if let f = best.description.policy.fit { summary["policy_fit"] = ["achieved_risky_recall": f.achievedRiskyRecall ?? -1, "achieved_reasoning_share": f.achievedReasoningShare ?? -1] }
            try AtomicFile.write(JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys]),
                                 to: outDir.appendingPathComponent("summary.json"))
            log("done: best checkpoint \(bestFolder.path) (calibrated: T_complexity \(String(format: "%.3f", cal.complexityTemperature)), T_safety \(String(format: "%.3f", cal.safetyTemperature)))")
            for (head, t) in atBound {
                log("warning: the \(head) temperature \(String(format: "%.3f", t)) is at the end of its search range "
                    + "\(String(format: "%.3f", TemperatureScaling.range.lowerBound))...\(String(format: "%.1f", TemperatureScaling.range.upperBound)): "
                    + "the validation split did not determine it (at the lower end the head separates every validation example, "
                    + "so its calibrated probabilities are near 0 or 1); a validation split of unseen sources calibrates better "
                    + "(docs/training.md, \"After training\")")
            }
        }
        try comm.sleepingBarrier()  // the other ranks sleep while rank 0 works alone (its threads get the cores)
    }

    /// Rank 0: writes a checkpoint of the current state and applies retention; returns its folder.
    func saveCheckpoint() throws -> URL {
        try ensureDataHash()
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
        best.description.calibration = cal
        // Segment scoring (model.safetySegments): the policy is fitted on the same P(risky) inference computes.
        let texts = validation.records.map(\.text)
        var outs = best.withSegmentSafety(heads.flatMap { best.network.outputs($0, calibration: cal) }, texts: texts)
        if config.calibration.enabled && config.calibration.budgetLength && config.model.has("budget"),
           let median = config.model.budgetQuantiles.min(by: { abs($0 - 0.5) < abs($1 - 0.5) }),
           let fit = BudgetLengthScaling.fit(p50: outs.map { $0.budgetQuantiles[median] ?? 0 }, words: texts.map(TextNormalizer.wordCount),
                                             labels: validation.labels.budgetTokens, sources: validation.records.map(\.source),
                                             objective: config.calibration.lengthObjective) {
            cal.budgetLengthExponent = fit.exponent
            cal.budgetLengthReference = fit.reference
            cal.budgetLengthMinWords = fit.minWords
            cal.budgetLengthMaxWords = fit.maxWords
            cal.budgetLengthObjective = fit.objective.rawValue
            cal.budgetSpearmanBefore = fit.spearmanBefore
            cal.budgetSpearmanAfter = fit.spearmanAfter
            cal.budgetWithinSourceSpearmanBefore = fit.withinSourceSpearmanBefore
            cal.budgetWithinSourceSpearmanAfter = fit.withinSourceSpearmanAfter
            best.description.calibration = cal
            outs = best.withBudgetLength(outs, texts: texts)
            func f(_ x: Double) -> String { String(format: "%.3f", x) }
            log("budget length calibration (\(fit.objective.rawValue)): exponent \(fit.exponent), reference \(Int(fit.reference)) words, clamped to \(Int(fit.minWords))-\(Int(fit.maxWords)); on validation, Spearman \(f(fit.spearmanBefore)) -> \(f(fit.spearmanAfter)), within-source \(f(fit.withinSourceSpearmanBefore)) -> \(f(fit.withinSourceSpearmanAfter))")
        }
        if config.calibration.enabled && n > 0 {
            if config.model.has("complexity") { cal.complexityECEAfter = CalibrationError.multiclass(probabilities: outs.map(\.complexity), labels: labels.tiers, bins: config.calibration.bins) }
            if config.model.has("safety") { cal.safetyECEAfter = CalibrationError.binary(probabilities: outs.map(\.risky), labels: labels.risky, bins: config.calibration.bins) }
        }
        best.description.calibration = cal
        if n > 0 {
            best.description.policy = ThresholdFitting.fit(best.description.policy, outputs: outs, tiers: labels.tiers, risky: labels.risky,
                                                           targetRiskyRecall: config.policyTargets.riskyRecall,
                                                           targetReasoningShare: config.policyTargets.reasoningShare,
                                                           maxSafeFalsePositiveRate: config.policyTargets.maxSafeFalsePositiveRate,
                                                           minSafetyThreshold: config.policyTargets.minSafetyThreshold)
            if let fit = best.description.policy.fit {
                func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
                log("policy: safety threshold \(String(format: "%.4f", fit.fittedSafetyThreshold)) (risky recall \(f(fit.achievedRiskyRecall)), safe false positives \(f(fit.achievedSafeFalsePositiveRate)) of budget \(f(fit.maxSafeFalsePositiveRate)) on validation)")
                if let r = fit.achievedRiskyRecall, r < fit.targetRiskyRecall {
                    log("warning: risky recall \(f(r)) misses policyTargets.riskyRecall \(f(fit.targetRiskyRecall)) within the false-positive budget; raise policyTargets.maxSafeFalsePositiveRate to trade false positives for recall")
                }
            }
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
        try AtomicFile.write(Data(predictionsText(outs).utf8), to: outDir.appendingPathComponent("predictions.jsonl"))
    }

    /// The text of `predictions.jsonl`.
    func predictionsText(_ outs: [RouterOutput]) -> String {
        var text = ""
        text.reserveCapacity(outs.count * 120)
        for (r, o) in zip(validation.records, outs) {
            text += "{\"complexity\":[" + o.complexity.map(jsonNumber).joined(separator: ",") + "],\"id\":" + jsonString(r.id)
            text += ",\"risky\":" + jsonNumber(o.risky) + ",\"tier\":\(argmax(o.complexity))}\n"
        }
        return text
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

/// Work on a thread of its own until `wait()` (which rethrows its error).
final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var error: (any Error)?

    init(_ work: @escaping () throws -> Void) {
        nonisolated(unsafe) let w = work
        let thread = Thread { [self] in
            do { try w() } catch { self.error = error }
            self.done.signal()
        }
        thread.start()
    }

    func wait() throws {
        done.wait()
        if let error { throw error }
    }
}
