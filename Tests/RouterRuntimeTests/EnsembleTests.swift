import Checkpointing
import Evaluation
import Export
import Featurizer
import Foundation
import RouterModel
import XCTest
@testable import RouterRuntime

/// Seed ensembles: averaging, the threshold refit at export, bundle round trips and refusals.
final class EnsembleTests: XCTestCase {
    /// A model whose policy records fit targets, as a trained one does.
    func fittedModel(seed: UInt64, buckets: Int = 4096) throws -> TrainedModel {
        var m = try makeModel(seed: seed, buckets: buckets)
        m.description.policy.safetyThreshold = 0.5 + Double(seed) / 100   // each member's own threshold
        let fit = #"{"targetRiskyRecall": 0.9, "targetReasoningShare": 0.95, "maxSafeFalsePositiveRate": 0.2, "minSafetyThreshold": 0.001, "fittedSafetyThreshold": 0.5, "fittedInstantThreshold": 0, "examples": 10}"#
        m.description.policy.fit = try JSONDecoder().decode(PolicyFit.self, from: Data(fit.utf8))
        return m
    }

    /// Labeled queries for the threshold fit (alternating labels over the sample queries).
    var validation: [BundleExporter.LabeledQuery] {
        sampleQueries.enumerated().map { i, t in .init(text: t, tier: i % 3, risky: i % 4 == 3) }
    }

    func testOutputsAreTheMembersAverage() throws {
        let a = try makeModel(seed: 1), b = try makeModel(seed: 2), c = try makeModel(seed: 3)
        let e = try RouterEnsemble([a, b, c])
        let (oa, ob, oc) = (a.outputs(sampleQueries), b.outputs(sampleQueries), c.outputs(sampleQueries))
        let oe = e.outputs(sampleQueries)
        XCTAssertNotEqual(oa, ob, "the test needs members with different outputs")
        for i in sampleQueries.indices {
            for t in 0..<3 { XCTAssertEqual(oe[i].complexity[t], (oa[i].complexity[t] + ob[i].complexity[t] + oc[i].complexity[t]) / 3, accuracy: 1e-12) }
            XCTAssertEqual(oe[i].complexity.reduce(0, +), 1, accuracy: 1e-9)
            XCTAssertEqual(oe[i].risky, (oa[i].risky + ob[i].risky + oc[i].risky) / 3, accuracy: 1e-12)
            for (q, v) in oe[i].budgetQuantiles {   // geometric-style mean in log1p space
                let want = expm1((log1p(oa[i].budgetQuantiles[q]!) + log1p(ob[i].budgetQuantiles[q]!) + log1p(oc[i].budgetQuantiles[q]!)) / 3)
                XCTAssertEqual(v, want, accuracy: 1e-9 * max(1, want))
            }
        }
        XCTAssertEqual(RouterEnsemble(single: a).outputs(sampleQueries), oa, "an ensemble of one is the model")
        XCTAssertEqual(try RouterEnsemble([a]).outputs(sampleQueries), oa)
    }

    func testMembersMustShareFeaturizerAndHeads() throws {
        let a = try makeModel(seed: 1)
        XCTAssertThrowsError(try RouterEnsemble([])) { XCTAssertTrue("\($0)".contains("at least one"), "\($0)") }
        XCTAssertThrowsError(try RouterEnsemble([a, try makeModel(seed: 2, buckets: 2048)])) {
            XCTAssertTrue("\($0)".contains("member 2") && "\($0)".contains("featurizer"), "\($0)")
        }
        var c = ModelConfig()
        c.heads = ["complexity", "safety"]
        let twoHeads = try TrainedModel(description: ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: 4096)), seed: .init(seed: 3))
        XCTAssertThrowsError(try RouterEnsemble([a, twoHeads])) { XCTAssertTrue("\($0)".contains("model.heads"), "\($0)") }
    }

    func testExportRefitsThePolicyAndTheBundleRoutesLikeTheEnsemble() throws {
        let folder = tempFolder()
        var runs: [URL] = []
        var models: [TrainedModel] = []
        for seed in [1, 2, 3] as [UInt64] {  // three runs' checkpoint folders
            let m = try fittedModel(seed: seed)
            let store = CheckpointStore(root: folder.appendingPathComponent("run-\(seed)/checkpoints"))
            let ck = try store.save(step: 10, epoch: 1, files: try ModelFiles.files(m))
            try store.markBest(ck, metric: "val_loss", value: 1)
            runs.append(folder.appendingPathComponent("run-\(seed)"))
            models.append(m)
        }
        let ensemble = try RouterEnsemble(models)
        let bundle = folder.appendingPathComponent("ens")
        let manifest = try BundleExporter.exportEnsemble(from: runs, to: bundle, validation: validation)
        XCTAssertEqual(manifest.members?.map(\.description), ["member-2.json", "member-3.json"])
        XCTAssertEqual(Set(manifest.files.keys), ["model.json", "model.safetensors", "model.onnx", "member-2.json", "member-2.safetensors",
                                                  "member-2.onnx", "member-3.json", "member-3.safetensors", "member-3.onnx"])
        XCTAssertEqual(manifest.members?.last?.source?.checkpoint, runs[2].appendingPathComponent("checkpoints/step-00000010").path)

        // The policy is the first member's, refitted on the averaged outputs for the first member's targets.
        let outs = ensemble.outputs(validation.map(\.text))
        let want = ThresholdFitting.fit(models[0].description.policy, outputs: outs, tiers: validation.map(\.tier), risky: validation.map(\.risky),
                                        targetRiskyRecall: 0.9, targetReasoningShare: 0.95, maxSafeFalsePositiveRate: 0.2, minSafetyThreshold: 0.001)
        XCTAssertEqual(manifest.policy, want)
        XCTAssertNotEqual(manifest.policy.safetyThreshold, models[0].description.policy.safetyThreshold, "the threshold is refitted")

        let r = try QueryRouter(contentsOf: bundle)
        XCTAssertEqual(r.ensemble.members.count, 3)
        XCTAssertEqual(r.policy, want)
        XCTAssertEqual(r.outputs(sampleQueries), ensemble.outputs(sampleQueries))
        XCTAssertEqual(r.route(sampleQueries), ensemble.outputs(sampleQueries).map { want.decide($0) })
        XCTAssertTrue(r.summary.contains("ensemble bundle (3 models)"), r.summary)

        // Evaluation of the bundle uses the averaged outputs and the refitted policy.
        let queries = validation.map { Evaluate.Query(text: $0.text, source: "s", tier: $0.tier, risky: $0.risky, budget: nil) }
        XCTAssertEqual(Evaluate.run(r.ensemble, queries: queries, policy: r.policy).map(\.decision), r.route(validation.map(\.text)))

        // A corrupted member is refused naming its file; an ensemble cannot be a member; one model is not an ensemble.
        let w = bundle.appendingPathComponent("member-3.safetensors")
        var data = try Data(contentsOf: w)
        data[data.count - 2] ^= 0x10
        try data.write(to: w)
        XCTAssertThrowsError(try QueryRouter(contentsOf: bundle)) { XCTAssertTrue("\($0)".contains("member-3.safetensors"), "\($0)") }
        let ens2 = folder.appendingPathComponent("ens2")
        try BundleExporter.exportEnsemble(from: runs, to: ens2, validation: validation, onnx: false)
        XCTAssertThrowsError(try BundleExporter.exportEnsemble(from: [ens2, runs[0]], to: folder.appendingPathComponent("x"), validation: validation)) {
            XCTAssertTrue("\($0)".contains("cannot be an ensemble member"), "\($0)")
        }
        XCTAssertThrowsError(try BundleExporter.exportEnsemble(from: [runs[0]], to: folder.appendingPathComponent("y"), validation: validation)) {
            XCTAssertTrue("\($0)".contains("at least two"), "\($0)")
        }
    }

    func testAMemberWithAnotherFeaturizerIsRefusedAtLoad() throws {
        let folder = tempFolder()
        let ms = [try fittedModel(seed: 1), try fittedModel(seed: 2)]
        let bundle = folder.appendingPathComponent("ens")
        try BundleExporter.write(ensemble: try RouterEnsemble(ms), policy: ms[0].description.policy, to: bundle, sources: [nil, nil], onnx: false)
        XCTAssertNoThrow(try QueryRouter(contentsOf: bundle))
        try editBundleFile(bundle, "member-2.json") { d in
            var f = d["featurizer"] as! [String: Any]
            f["buckets"] = 2048
            d["featurizer"] = f
            d["featurizerFingerprint"] = FeaturizerConfig(buckets: 2048).fingerprint
        }
        XCTAssertThrowsError(try QueryRouter(contentsOf: bundle)) { XCTAssertTrue("\($0)".contains("member 2"), "\($0)") }
    }
}
