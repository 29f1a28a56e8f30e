import Foundation
import SeededRandom
import Training
import XCTest

/// Strict config decoding: every error names the field (and the allowed range or a suggestion).
final class ConfigTests: XCTestCase {
    let base = #"{"data": {"train": "t.jsonl", "validation": "v.jsonl"}"#

    func decodeError(_ json: String) -> String {
        do {
            let c = try TrainingConfig.decode(Data(json.utf8))
            try c.validate()
            return "no error"
        } catch { return "\(error)" }
    }

    func testDefaultsAreFilledIn() throws {
        let c = try TrainingConfig.decode(Data((base + "}").utf8))
        XCTAssertEqual(c.training.batchSize, TrainingConfig.TrainingSection().batchSize)
        XCTAssertEqual(c.model, TrainingConfig().model)
        XCTAssertEqual(c.data.train, ["t.jsonl"])
        try c.validate()
        // Partial nested sections keep the other defaults.
        let d = try TrainingConfig.decode(Data((base + #", "model": {"embeddingDim": 16, "hidden": [{"size": 8}]}, "training": {"earlyStopping": {"patience": 5}}}"#).utf8))
        XCTAssertEqual(d.model.embeddingDim, 16)
        XCTAssertEqual(d.model.hidden, [.init(size: 8)])
        XCTAssertEqual(d.model.heads, TrainingConfig().model.heads)
        XCTAssertEqual(d.training.earlyStopping.patience, 5)
        XCTAssertEqual(d.training.earlyStopping.metric, "val_loss")
    }

    func testUnknownKeysSuggestTheClosestKnownKey() {
        XCTAssertEqual(decodeError(base + #", "trainng": {}}"#).contains(#"trainng: unknown key; did you mean "training"?"#), true)
        let e = decodeError(base + #", "training": {"batchsize": 8}}"#)
        XCTAssertTrue(e.contains(#"training.batchsize: unknown key; did you mean "batchSize"?"#), e)
        let m = decodeError(base + #", "model": {"hidden": [{"size": 8, "actvation": "gelu"}]}}"#)
        XCTAssertTrue(m.contains(#"model.hidden[0].actvation: unknown key; did you mean "activation"?"#), m)
        let far = decodeError(base + #", "optimizer": {"zzzzzzzz": 1}}"#)
        XCTAssertTrue(far.contains("optimizer.zzzzzzzz: unknown key (allowed: "), far)
    }

    func testMissingRequiredFields() {
        XCTAssertEqual(decodeError(#"{"data": {"train": "t.jsonl"}}"#), "data.validation: is required but missing")
        XCTAssertEqual(decodeError(#"{"training": {}}"#), "data.train: is required but missing")
        XCTAssertEqual(decodeError(base + #", "model": {"hidden": [{"activation": "relu"}]}}"#), "model.hidden[0].size: is required but missing")
    }

    func testOutOfRangeValuesNameTheFieldAndRange() {
        XCTAssertEqual(decodeError(base + #", "training": {"batchSize": 0}}"#), "training.batchSize: must be in 1...1048576, got 0")
        XCTAssertEqual(decodeError(base + #", "optimizer": {"lr": -1}}"#), "optimizer.lr: must be in (0, 10], got -1.0")
        XCTAssertEqual(decodeError(base + #", "model": {"dropout": 1.5}}"#), "model.dropout: must be in [0, 1), got 1.5")
        XCTAssertEqual(decodeError(base + #", "augmentation": {"casing": 2}}"#), "augmentation.casing: must be a probability in [0, 1], got 2.0")
        XCTAssertEqual(decodeError(base + #", "featurizer": {"wordNgrams": 9}}"#), "featurizer.wordNgrams: must be in 1...8, got 9")
        XCTAssertEqual(decodeError(base + #", "policyTargets": {"maxSafeFalsePositiveRate": 1}}"#),
                       "policyTargets.maxSafeFalsePositiveRate: must be in [0, 1), got 1.0")
        XCTAssertEqual(decodeError(base + #", "policyTargets": {"minSafetyThreshold": -0.1}}"#),
                       "policyTargets.minSafetyThreshold: must be in [0, 1), got -0.1")
        XCTAssertEqual(decodeError(base + #", "calibration": {"budgetLenght": true}}"#).prefix(58),
                       #"calibration.budgetLenght: unknown key; did you mean "budge"#)
        XCTAssertTrue(decodeError(base + #", "training": {"earlyStopping": {"metric": "acc"}}}"#)
            .hasPrefix("training.earlyStopping.metric: must be one of val_budget_loss, val_complexity_accuracy"))
        XCTAssertEqual(decodeError(base + #", "optimizer": {"schedule": "step"}}"#), #"optimizer.schedule: must be "cosine", "linear" or "constant", got "step""#)
        XCTAssertEqual(decodeError(base + #", "optimizer": {"embeddingOptimizer": "sdg"}}"#),
                       #"optimizer.embeddingOptimizer: must be "adamw" or "sgd", got "sdg"; did you mean "sgd"?"#)
        XCTAssertEqual(decodeError(base + #", "optimizer": {"embeddingOptimizer": "lion"}}"#),
                       #"optimizer.embeddingOptimizer: must be "adamw" or "sgd", got "lion""#)
        XCTAssertEqual(decodeError(base + #", "optimizer": {"embeddingOptimizer": "sgd", "embeddingLr": 20}}"#), "no error")
        XCTAssertEqual(decodeError(base + #", "training": {"gradientSync": {"sharedTable": "of"}}}"#),
                       #"training.gradientSync.sharedTable: must be "auto" or "off", got "of"; did you mean "off"?"#)
        XCTAssertEqual(decodeError(base + #", "training": {"gradientSync": {"sharedTable": "always"}}}"#),
                       #"training.gradientSync.sharedTable: must be "auto" or "off", got "always""#)
        XCTAssertEqual(decodeError(base + #", "training": {"gradientSync": {"sharedTable": "off"}}}"#), "no error")
        XCTAssertEqual(decodeError(base + #", "calibration": {"budgetLengthObjective": "withinsource"}}"#),
                       #"calibration.budgetLengthObjective: must be "overall" or "withinSource", got "withinsource"; did you mean "withinSource"?"#)
        XCTAssertEqual(decodeError(base + #", "calibration": {"budgetLengthObjective": "withinSource"}}"#), "no error")
    }

    func testBudgetLengthObjectiveDefaultsToWithinSourceAlsoForOlderCheckpoints() throws {
        XCTAssertEqual(TrainingConfig().calibration.lengthObjective, .withinSource)
        // Checkpoints written before the choice store the calibration section without it: they were fitted within sources.
        let old = try JSONDecoder().decode(TrainingConfig.CalibrationSection.self, from: Data(#"{"enabled": true, "bins": 15, "budgetLength": true}"#.utf8))
        XCTAssertEqual(old.lengthObjective, .withinSource)
    }

    func testPolicyTargetsOfOlderCheckpointsDecodeWithTheDefaultBudget() throws {
        // Checkpoints written before `maxSafeFalsePositiveRate` existed store policyTargets without it.
        let old = try JSONDecoder().decode(TrainingConfig.PolicyTargets.self, from: Data(#"{"riskyRecall": 0.97, "reasoningShare": 0.985}"#.utf8))
        XCTAssertEqual(old.riskyRecall, 0.97)
        XCTAssertEqual(old.maxSafeFalsePositiveRate, 0.02)
        XCTAssertEqual(old.minSafetyThreshold, 0, "older checkpoints had no floor")
        XCTAssertEqual(try TrainingConfig.decode(Data((base + "}").utf8)).policyTargets.minSafetyThreshold, 0.01, "config files get the default floor")
        let set = try TrainingConfig.decode(Data((base + #", "policyTargets": {"maxSafeFalsePositiveRate": 0.04}}"#).utf8))
        XCTAssertEqual(set.policyTargets.maxSafeFalsePositiveRate, 0.04)
        XCTAssertEqual(set.policyTargets.riskyRecall, 0.99, "the other targets keep their defaults")
    }

    func testTrainingDataIsAPathOrAListOfPaths() throws {
        let many = try TrainingConfig.decode(Data(#"{"data": {"train": ["a.jsonl", "b.jsonl"], "validation": "v.jsonl"}}"#.utf8))
        XCTAssertEqual(many.data.train, ["a.jsonl", "b.jsonl"])
        try many.validate()
        // One file is written back as a plain path (configs and stored checkpoints keep their form), several as a list.
        let one = try TrainingConfig.decode(Data((base + "}").utf8))
        let encoded = try JSONSerialization.jsonObject(with: one.jsonData()) as! [String: Any]
        XCTAssertEqual((encoded["data"] as! [String: Any])["train"] as? String, "t.jsonl")
        XCTAssertEqual(try TrainingConfig.decode(many.jsonData()).data.train, ["a.jsonl", "b.jsonl"])
        XCTAssertEqual(decodeError(#"{"data": {"train": [], "validation": "v.jsonl"}}"#),
                       "data.train: is required (the training JSONL path, or a non-empty list of paths)")
        XCTAssertTrue(decodeError(#"{"data": {"train": 3, "validation": "v.jsonl"}}"#).hasPrefix("data.train: "), decodeError(#"{"data": {"train": 3, "validation": "v.jsonl"}}"#))
    }

    func testWrongTypesNameTheField() {
        XCTAssertEqual(decodeError(base + #", "training": {"epochs": "ten"}}"#), "training.epochs: has the wrong type: expected an integer")
        XCTAssertEqual(decodeError(base + #", "training": []}"#), "training: must be a JSON object")
        XCTAssertTrue(decodeError("{not json").hasPrefix("(json): not valid JSON"))
    }

    func testLoadResolvesDataPathsAgainstTheConfigFolderAndAppliesOverrides() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.json").path
        try (base + "}").write(toFile: path, atomically: true, encoding: .utf8)
        let c = try TrainingConfig.load(path: path, overrides: ConfigOverrides(epochs: 3, lr: 0.5, batchSize: 7, seed: 9, out: "o"))
        XCTAssertEqual(c.data.train, [dir.appendingPathComponent("t.jsonl").standardizedFileURL.path])
        XCTAssertEqual([c.training.epochs, c.training.batchSize, c.training.seed], [3, 7, 9])
        XCTAssertEqual(c.optimizer.lr, 0.5)
        XCTAssertEqual(c.training.out, "o")
        // An override is validated like the file's value, and the error names the file.
        XCTAssertThrowsError(try TrainingConfig.load(path: path, overrides: ConfigOverrides(batchSize: -1))) { e in
            XCTAssertEqual("\(e)", "\(path): training.batchSize: must be in 1...1048576, got -1")
        }
    }

    func testBatchPlanSlicesCoverEachGlobalBatchInOrder() {
        let plan = BatchPlan(count: 103, batchSize: 10, seed: .init(seed: 5))
        XCTAssertEqual(plan.stepsPerEpoch, 11)
        let perm = plan.permutation(epoch: 2)
        XCTAssertEqual(Set(perm), Set(0..<103))
        XCTAssertNotEqual(perm, plan.permutation(epoch: 3))
        for size in [1, 2, 3, 4, 16] {
            for step in 0..<plan.stepsPerEpoch {
                let g = plan.globalBatch(perm, step: step)
                let joined = (0..<size).flatMap { BatchPlan.slice(g, rank: $0, size: size) }
                XCTAssertEqual(joined, g)
            }
        }
    }

    func testBalancedSlicesPartitionEachBatchAndEvenOutTheWork() {
        var g = SeededGenerator(seed: 11)
        // Long-tailed costs like real texts: most short, a few 30-60x longer.
        let costs = (0..<1000).map { _ in g.nextUniformDouble() < 0.05 ? 600 + Int(g.next() % 600) : 10 + Int(g.next() % 30) }
        let plan = BatchPlan(count: 1000, batchSize: 256, seed: .init(seed: 5))
        let perm = plan.permutation(epoch: 0)
        var contiguousExcess = 0.0, balancedExcess = 0.0
        for size in [1, 2, 3, 4, 8] {
            for step in 0..<plan.stepsPerEpoch {
                let batch = plan.globalBatch(perm, step: step)
                let parts = (0..<size).map { BatchPlan.balancedSlice(batch, costs: costs, rank: $0, size: size) }
                XCTAssertEqual(parts.flatMap { $0 }.sorted(), batch.sorted(), "a partition of the batch (size \(size))")
                for p in parts {  // batch order within a rank
                    let pos = p.map { batch.firstIndex(of: $0)! }
                    XCTAssertEqual(pos, pos.sorted())
                }
                if size == 1 { XCTAssertEqual(parts[0], batch) }
                let work = parts.map { $0.reduce(0) { $0 + costs[$1] } }
                let mean = Double(work.reduce(0, +)) / Double(size)
                let deal = BatchPlan.balancedDeal(batch, costs: costs, size: size)
                XCTAssertEqual(deal.loads, work, "the deal's loads are its slices' work")
                XCTAssertEqual(deal.balance, Double(work.max()!) / mean, accuracy: 1e-12)
                // Largest first to the least loaded rank: no rank exceeds the mean by more than one example.
                XCTAssertLessThanOrEqual(Double(work.max()!) - mean, Double(batch.map { costs[$0] }.max()!))
                if size == 8 {
                    balancedExcess += Double(work.max()!) / mean
                    contiguousExcess += Double((0..<size).map { BatchPlan.slice(batch, rank: $0, size: size).reduce(0) { $0 + costs[$1] } }.max()!) / mean
                }
                XCTAssertEqual(BatchPlan.balancedSlice(batch, costs: costs, rank: size - 1, size: size), parts[size - 1], "deterministic")
            }
        }
        XCTAssertLessThan(balancedExcess / 4, 1.05, "8 ranks: the busiest rank within 5% of the mean")
        XCTAssertGreaterThan(contiguousExcess / 4, balancedExcess / 4 + 0.1, "and well under what contiguous slices give")
    }
}
