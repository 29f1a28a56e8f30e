// Trainer, epoch end: validation, early stopping bookkeeping, checkpoints and the parameter check.
import Foundation
import RouterModel

extension Trainer {
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
        if let ext = model.store.sparseMemory {  // the shared table (the same memory on every rank of the node)
            for x in UnsafeBufferPointer(start: ext.base, count: ext.count) { h = (h ^ UInt64(x.bitPattern)) &* 0x100_0000_01B3 }
        }
        let all = try comm.allgather([Int64(bitPattern: h)])
        if Set(all).count != 1 {
            throw TrainingError.ranksDiverged(epoch: state.epoch, checksums: all.map { String(UInt64(bitPattern: $0), radix: 16) })
        }
        if isRoot { log("verifyParameters: all \(comm.size) ranks hold identical parameters (checksum \(String(h, radix: 16)))") }
    }
}
