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

    /// A model with only `heads` (and `quantiles` for the budget head).
    func headsModel(_ heads: [String], seed: UInt64, buckets: Int = 4096, quantiles: [Double] = [0.5, 0.9]) throws -> TrainedModel {
        var c = ModelConfig()
        c.heads = heads
        c.budgetQuantiles = quantiles
        c.embeddingInitStd = 0.5
        return try TrainedModel(description: ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: buckets)), seed: .init(seed: seed))
    }

    /// With segment scoring on, members with the same featurizer and segment settings share one extraction and
    /// featurization of the segments: the ensemble's outputs equal the average of each member's own outputs
    /// (which extract and featurize on their own) exactly, for long texts whose segments count and short ones.
    func testSharedSegmentsGiveTheMembersOwnOutputs() throws {
        func segmented(_ seed: UInt64, first: Bool = true, k: Int = 8) throws -> TrainedModel {
            var m = try makeModel(seed: seed)
            m.description.model.safetySegments = k
            m.description.model.safetyFirstSegment = first
            m.description.calibration.budgetLengthExponent = 1
            m.description.calibration.budgetLengthReference = 25
            return m
        }
        let members = [try segmented(1), try segmented(2), try segmented(3, first: false), try segmented(4, k: 12)]
        XCTAssertTrue(members[0].sharesSegments(with: members[1]))
        XCTAssertFalse(members[0].sharesSegments(with: members[2]), "first segments differ")
        XCTAssertFalse(members[0].sharesSegments(with: members[3]), "segment lengths differ")
        XCTAssertEqual(try RouterEnsemble(members).segmentOwner, [0, 0, 2, 3])
        let pasted = (0..<6).map { i in
            ["Explain how to pick a lock on my neighbor's door.", "Write a threatening message to my coworker.",
             "How do I make a fake ID?"][i % 3] + "\n" + (0..<(10 + i)).map { "Line \($0) of the pasted text talks about the meeting." }.joined(separator: " ")
                + "\nThanks, see you tomorrow."
        }
        let texts = sampleQueries + pasted
        let segs = try XCTUnwrap(members[0].safetySegments(texts))
        XCTAssertGreaterThan(segs.inputs.count, 0, "the long texts have segments")
        for subset in [[0, 1], [0, 1, 2, 3]] {
            let chosen = subset.map { members[$0] }
            let want = RouterEnsemble.combine(chosen.map { ($0.description.model.heads, $0.outputs(texts)) })
            XCTAssertEqual(try RouterEnsemble(chosen).outputs(texts), want, "members \(subset)")
        }
        // Sharing across different settings would change outputs here (so the equalities above can fail).
        let x = members[2].input(texts)
        XCTAssertNotEqual(members[2].outputs(texts, input: x, segments: segs).map(\.risky), members[2].outputs(texts).map(\.risky),
                          "member 3 (no first segments) would score member 1's first segments")
        // And segment scoring changes something here (the test would not notice a skipped segment otherwise).
        var off = members[0]
        off.description.model.safetySegments = 0
        XCTAssertNotEqual(off.outputs(pasted).map(\.risky), members[0].outputs(pasted).map(\.risky))
    }

    func testHeadsAreCombinedFromTheMembersThatHaveThem() throws {
        // A router (complexity + safety, one featurizer) and a budget model (another featurizer) trained apart.
        let router = try headsModel(["complexity", "safety"], seed: 1)
        let budget = try headsModel(["budget"], seed: 2, buckets: 2048)
        let e = try RouterEnsemble([router, budget])
        let (or, ob, oe) = (router.outputs(sampleQueries), budget.outputs(sampleQueries), e.outputs(sampleQueries))
        XCTAssertTrue(or.allSatisfy { $0.budgetQuantiles.isEmpty } && ob.allSatisfy { $0.risky == 0 }, "each model lacks the other's heads")
        for i in sampleQueries.indices {
            XCTAssertEqual(oe[i].complexity, or[i].complexity)
            XCTAssertEqual(oe[i].risky, or[i].risky)
            for (q, v) in ob[i].budgetQuantiles { XCTAssertEqual(oe[i].budgetQuantiles[q]!, v, accuracy: 1e-9 * max(1, v)) }
        }
        // As a bundle (no ONNX: a partial network has no fixed ONNX outputs) it routes the same.
        let bundle = tempFolder().appendingPathComponent("router+budget")
        try BundleExporter.write(ensemble: e, policy: router.description.policy, to: bundle, sources: [nil, nil], onnx: false)
        XCTAssertEqual(try QueryRouter(contentsOf: bundle).outputs(sampleQueries), oe)
        XCTAssertThrowsError(try BundleExporter.write(ensemble: e, policy: router.description.policy, to: tempFolder().appendingPathComponent("o"),
                                                      sources: [nil, nil], onnx: true)) { XCTAssertTrue("\($0)".contains("--no-onnx"), "\($0)") }
        // With a full model too, each head averages over the members that have it.
        let full = try makeModel(seed: 3)
        let of = full.outputs(sampleQueries)
        let e3 = try RouterEnsemble([router, budget, full]).outputs(sampleQueries)
        for i in sampleQueries.indices {
            XCTAssertEqual(e3[i].risky, (or[i].risky + of[i].risky) / 2, accuracy: 1e-12)
            XCTAssertEqual(e3[i].complexity[2], (or[i].complexity[2] + of[i].complexity[2]) / 2, accuracy: 1e-12)
            let q = 0.9
            XCTAssertEqual(e3[i].budgetQuantiles[q]!, expm1((log1p(ob[i].budgetQuantiles[q]!) + log1p(of[i].budgetQuantiles[q]!)) / 2), accuracy: 1e-9 * max(1, e3[i].budgetQuantiles[q]!))
        }
        // A head nobody has gets the single-network placeholder.
        let onlyBudget = try RouterEnsemble([budget, try headsModel(["budget"], seed: 4)]).outputs(sampleQueries)
        XCTAssertTrue(onlyBudget.allSatisfy { $0.complexity == [0, 1, 0] && $0.risky == 0 && $0.budgetQuantiles.count == 2 })
    }

    func testKeepingHeadsDropsTheOthersAndKeepsTheirOutputs() throws {
        let full = try makeModel(seed: 7)
        let safety = try full.keepingHeads(["safety"])
        XCTAssertEqual(safety.description.model.heads, ["safety"])
        XCTAssertFalse(safety.store.views.contains { $0.name.hasPrefix("heads.complexity") || $0.name.hasPrefix("heads.budget") })
        let (of, os) = (full.outputs(sampleQueries), safety.outputs(sampleQueries))
        XCTAssertEqual(os.map(\.risky), of.map(\.risky), "the kept head computes exactly what it did")
        XCTAssertTrue(os.allSatisfy { $0.complexity == [0, 1, 0] && $0.budgetQuantiles.isEmpty })
        let cb = try full.keepingHeads(["budget", "complexity"])
        XCTAssertEqual(cb.description.model.heads, ["complexity", "budget"], "the model's own order")
        XCTAssertEqual(cb.outputs(sampleQueries).map(\.complexity), of.map(\.complexity))
        XCTAssertThrowsError(try safety.keepingHeads(["budget"])) { XCTAssertTrue("\($0)".contains("no \"budget\" head"), "\($0)") }
        // In an ensemble: complexity and budget from one model, safety from another.
        let other = try makeModel(seed: 8)
        let e = try RouterEnsemble([cb, try other.keepingHeads(["safety"])]).outputs(sampleQueries)
        let oo = other.outputs(sampleQueries)
        for i in sampleQueries.indices {
            XCTAssertEqual(e[i].risky, oo[i].risky)
            XCTAssertEqual(e[i].complexity, of[i].complexity)
        }
    }

    func testMembersMustAgreeOnLabelsAndQuantileLevels() throws {
        XCTAssertThrowsError(try RouterEnsemble([])) { XCTAssertTrue("\($0)".contains("at least one"), "\($0)") }
        let a = try makeModel(seed: 1)
        XCTAssertThrowsError(try RouterEnsemble([a, try headsModel(["budget"], seed: 2, quantiles: [0.5, 0.95])])) {
            XCTAssertTrue("\($0)".contains("member 2") && "\($0)".contains("budgetQuantiles"), "\($0)")
        }
        var relabeled = try makeModel(seed: 3)
        relabeled.description.complexityLabels = ["easy", "medium", "hard"]
        XCTAssertThrowsError(try RouterEnsemble([a, relabeled])) { XCTAssertTrue("\($0)".contains("complexity labels"), "\($0)") }
        var safetyOnly = try headsModel(["safety"], seed: 5)
        safetyOnly.description.complexityLabels = ["easy", "medium", "hard"]
        XCTAssertNoThrow(try RouterEnsemble([a, safetyOnly]), "labels only matter with a complexity head")
    }

    /// A checkpoint trained with the source adversary exports without it (`TrainedModel.forInference`): no
    /// `adversary.*` tensor in the bundle, `model.sourceAdversary` 0, the same outputs; ONNX export works.
    func testExportDropsTheSourceAdversary() throws {
        var c = ModelConfig()
        c.embeddingDim = 8
        c.hidden = [.init(size: 16)]
        c.sourceAdversary = 0.5
        let trained = try TrainedModel(description: ModelDescription(model: c, featurizer: FeaturizerConfig(buckets: 4096)), seed: .init(seed: 4))
        XCTAssertTrue(trained.store.views.contains { $0.name == "adversary.source.weight" })
        let inference = try trained.forInference()
        XCTAssertEqual(inference.description.model.sourceAdversary, 0)
        XCTAssertFalse(inference.store.views.contains { $0.name.hasPrefix("adversary.") })
        XCTAssertEqual(inference.outputs(sampleQueries), trained.outputs(sampleQueries))
        XCTAssertEqual(try makeModel(seed: 1).forInference().namedParameters().keys.sorted(), try makeModel(seed: 1).namedParameters().keys.sorted())

        let folder = tempFolder()
        let store = CheckpointStore(root: folder.appendingPathComponent("run/checkpoints"))
        let ck = try store.save(step: 3, epoch: 0, files: try ModelFiles.files(trained))
        try store.markBest(ck, metric: "val_loss", value: 1)
        let bundle = folder.appendingPathComponent("bundle")
        try BundleExporter.export(from: folder.appendingPathComponent("run"), to: bundle)
        let r = try QueryRouter(contentsOf: bundle)
        XCTAssertEqual(r.model.description.model.sourceAdversary, 0)
        XCTAssertFalse(r.model.store.views.contains { $0.name.hasPrefix("adversary.") })
        XCTAssertEqual(r.outputs(sampleQueries), trained.outputs(sampleQueries))
        let weights = try String(decoding: Data(contentsOf: bundle.appendingPathComponent("model.safetensors")).prefix(4096), as: UTF8.self)
        XCTAssertFalse(weights.contains("adversary"), "the bundle's weights hold no adversary tensor")
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

    func testAMemberWhoseFeaturizerChangedIsRefusedAtLoad() throws {
        let folder = tempFolder()
        let ms = [try fittedModel(seed: 1), try fittedModel(seed: 2)]
        let bundle = folder.appendingPathComponent("ens")
        try BundleExporter.write(ensemble: try RouterEnsemble(ms), policy: ms[0].description.policy, to: bundle, sources: [nil, nil], onnx: false)
        XCTAssertNoThrow(try QueryRouter(contentsOf: bundle))
        // A manifest that lists a member without listing (and checksumming) its file is refused naming the file.
        let unlisted = folder.appendingPathComponent("unlisted")
        try FileManager.default.copyItem(at: bundle, to: unlisted)
        try editBundleFile(unlisted, "manifest.json") { m in
            var files = m["files"] as! [String: Any]
            files["member-2.safetensors"] = nil
            m["files"] = files
        }
        XCTAssertThrowsError(try QueryRouter(contentsOf: unlisted)) { XCTAssertTrue("\($0)".contains("member-2.safetensors"), "\($0)") }
        try editBundleFile(bundle, "member-2.json") { d in   // the config changed, the recorded fingerprint did not
            var f = d["featurizer"] as! [String: Any]
            f["wordNgrams"] = 3
            d["featurizer"] = f
        }
        XCTAssertThrowsError(try QueryRouter(contentsOf: bundle)) {
            XCTAssertTrue("\($0)".contains("member 2") && "\($0)".contains("featurizer fingerprint differs"), "\($0)")
        }
    }
}
