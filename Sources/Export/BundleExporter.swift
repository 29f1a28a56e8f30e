import Checkpointing
import Foundation
import RouterModel
import RouterRuntime

/// Why an export was refused.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    public var what: String
    public init(_ what: String) { self.what = what }
    public var description: String { what }
}

/// Writes deployment bundles: `model.json`, `model.safetensors`, `model.onnx` and `manifest.json` (written last).
///
/// The weights and description are the checkpoint's own two files (`ModelFiles`), so bundles and checkpoints
/// load through one path; the optimizer state, the trainer state and training-only parameters (the source adversary,
/// `TrainedModel.forInference`) are not exported.
public enum BundleExporter {
    /// Exports the model at `path` (a run's output directory, a checkpoints folder, a checkpoint or a bundle)
    /// into the bundle folder `out`. `which` picks the run's best or last checkpoint.
    @discardableResult
    public static func export(from path: URL, to out: URL, which: CheckpointSelection = .best,
                              onnx: Bool = true, overwrite: Bool = false) throws -> BundleManifest {
        let loc = try ModelLocation.resolve(path, which: which)
        var source: BundleManifest.Source?
        let model: TrainedModel
        switch loc {
        case .checkpoint(let url, let selection):
            let (m, files) = try CheckpointStore.load(url)
            model = try ModelFiles.load(files, folder: url.path).forInference()
            source = .init(checkpoint: url.path, step: m.step, epoch: m.epoch, selection: selection)
        case .bundle(let url):
            let r = try QueryRouter(contentsOf: url)
            model = r.model
            source = r.manifest?.source
        }
        return try write(model: model, to: out, source: source, onnx: onnx, overwrite: overwrite)
    }

    /// Labeled validation queries for an ensemble's threshold fit (tier index, risky flag; nil = unknown).
    public struct LabeledQuery: Sendable {
        public var text: String
        public var tier: Int?
        public var risky: Bool?
        public init(text: String, tier: Int?, risky: Bool?) { self.text = text; self.tier = tier; self.risky = risky }
    }

    /// Exports the models at `paths` (runs' output directories or checkpoints; bundles of one model too) as one
    /// ensemble bundle whose outputs are the members' outputs averaged head by head (`RouterEnsemble`: seeds of one
    /// config, or a router and a budget model trained apart). The routing policy is the
    /// first member's with its thresholds refitted (`ThresholdFitting.fit`, the first member's recorded targets) on
    /// the ensemble's outputs for `validation`, the validation split the members were trained with.
    @discardableResult
    ///
    /// `heads[i]`, when given, keeps only those heads of member i (`TrainedModel.keepingHeads`): e.g. the safety head of
    /// one model and the complexity and budget heads of another.
    public static func exportEnsemble(from paths: [URL], heads: [[String]?] = [], to out: URL, validation: [LabeledQuery],
                                      which: CheckpointSelection = .best, onnx: Bool = true, overwrite: Bool = false) throws -> BundleManifest {
        guard paths.count >= 2 else { throw ExportError("an ensemble needs at least two models (got \(paths.count))") }
        var models: [TrainedModel] = [], sources: [BundleManifest.Source?] = []
        for p in paths {
            let loc = try ModelLocation.resolve(p, which: which)
            switch loc {
            case .checkpoint(let url, let selection):
                let (m, files) = try CheckpointStore.load(url)
                models.append(try ModelFiles.load(files, folder: url.path).forInference())
                sources.append(.init(checkpoint: url.path, step: m.step, epoch: m.epoch, selection: selection))
            case .bundle(let url):
                let r = try QueryRouter(contentsOf: url)
                guard r.ensemble.members.count == 1 else { throw ExportError("\(url.path): an ensemble bundle cannot be an ensemble member") }
                models.append(r.model)
                sources.append(r.manifest?.source)
            }
        }
        for (i, h) in heads.enumerated() where i < models.count {
            guard let h else { continue }
            do { models[i] = try models[i].keepingHeads(h) } catch { throw ExportError("\(paths[i].path): \(error)") }
        }
        let ensemble: RouterEnsemble
        do { ensemble = try RouterEnsemble(models) } catch { throw ExportError("\(error) (members: \(paths.map(\.path).joined(separator: ", ")))") }
        let policy = try fitPolicy(ensemble, validation: validation)
        return try write(ensemble: ensemble, policy: policy, to: out, sources: sources, onnx: onnx, overwrite: overwrite)
    }

    /// The first member's policy with its thresholds fitted on the ensemble's combined outputs for `validation`,
    /// for the targets the first member's own fit recorded (`RoutingPolicy.fit`).
    public static func fitPolicy(_ ensemble: RouterEnsemble, validation: [LabeledQuery]) throws -> RoutingPolicy {
        let base = ensemble.primary.description.policy
        guard let targets = base.fit else {
            throw ExportError("member 1 has no fitted policy targets (policy.fit): train it with a validation split")
        }
        guard validation.contains(where: { $0.risky != nil || $0.tier != nil }) else {
            throw ExportError("the validation data has no labeled queries to fit the ensemble's thresholds on")
        }
        var outputs: [RouterOutput] = []
        var start = 0
        while start < validation.count {  // batches bound the memory of the segment scoring
            let end = min(validation.count, start + 1024)
            outputs += ensemble.outputs(validation[start..<end].map(\.text))
            start = end
        }
        return ThresholdFitting.fit(base, outputs: outputs, tiers: validation.map(\.tier), risky: validation.map(\.risky),
                                    targetRiskyRecall: targets.targetRiskyRecall, targetReasoningShare: targets.targetReasoningShare,
                                    maxSafeFalsePositiveRate: targets.maxSafeFalsePositiveRate ?? 0.02, minSafetyThreshold: targets.minSafetyThreshold ?? 0)
    }

    /// Writes an ensemble bundle: member 1 as `model.json` + `model.safetensors` (+ `model.onnx`), member k as
    /// `member-k.json` + `member-k.safetensors` (+ `member-k.onnx`), and a manifest with `members` and `policy`.
    @discardableResult
    public static func write(ensemble: RouterEnsemble, policy: RoutingPolicy, to out: URL, sources: [BundleManifest.Source?],
                             onnx: Bool = true, overwrite: Bool = false) throws -> BundleManifest {
        var files: [String: Data] = [:]
        var members: [BundleManifest.Member] = []
        for (i, m) in ensemble.members.enumerated() {
            let names = BundleManifest.memberFiles(i + 1)
            let two = try ModelFiles.files(m)
            files[names.description] = two[ModelFiles.descriptionFile]
            files[names.weights] = two[ModelFiles.weightsFile]
            if onnx { files[names.onnx] = try onnxModel(m) }
            if i > 0 {
                members.append(.init(description: names.description, weights: names.weights, onnx: onnx ? names.onnx : nil,
                                     source: i < sources.count ? sources[i] : nil))
            }
        }
        var description = ensemble.primary.description
        description.policy = policy
        var manifest = BundleManifest(model: description, denseFeatures: ensemble.primary.featurizer.denseWidth,
                                      files: files, source: sources.first ?? nil)
        manifest.members = members
        return try writeFolder(files: files, manifest: manifest, to: out, overwrite: overwrite)
    }

    /// Writes `model` as a bundle in `out` (atomically: a temporary folder renamed into place).
    /// Refuses an existing non-empty `out` unless `overwrite`.
    @discardableResult
    public static func write(model: TrainedModel, to out: URL, source: BundleManifest.Source? = nil,
                             onnx: Bool = true, overwrite: Bool = false) throws -> BundleManifest {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out.path), !existing.isEmpty, !overwrite {
            throw ExportError("\(out.path): folder exists and is not empty (pass --force to replace it)")
        }
        var files = try ModelFiles.files(model)
        if onnx { files[BundleManifest.onnxFile] = try onnxModel(model) }
        let manifest = BundleManifest(model: model.description, denseFeatures: model.featurizer.denseWidth,
                                      files: files, source: source)
        return try writeFolder(files: files, manifest: manifest, to: out, overwrite: overwrite)
    }

    /// Writes `files` and then `manifest` into a temporary folder and renames it into place as `out`.
    static func writeFolder(files: [String: Data], manifest: BundleManifest, to out: URL, overwrite: Bool) throws -> BundleManifest {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out.path), !existing.isEmpty, !overwrite {
            throw ExportError("\(out.path): folder exists and is not empty (pass --force to replace it)")
        }
        let parent = out.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let tmp = parent.appendingPathComponent(".tmp-\(out.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        for (name, data) in files { try AtomicFile.write(data, to: tmp.appendingPathComponent(name)) }
        try AtomicFile.write(try manifest.encoded(), to: tmp.appendingPathComponent(BundleManifest.fileName))
        if fm.fileExists(atPath: out.path) { try fm.removeItem(at: out) }
        guard rename(tmp.path, out.path) == 0 else { throw ExportError("\(out.path): rename of the completed bundle failed (errno \(errno))") }
        AtomicFile.syncDirectory(parent)
        return manifest
    }

    /// The ONNX architecture of `model`: featurized inputs -> head outputs, with the calibration temperatures.
    /// Refuses a network without all three heads (the graph's outputs are fixed).
    public static func onnxSpec(_ model: TrainedModel) throws -> ONNXRouterSpec {
        let c = model.description.model
        for h in ["complexity", "safety", "budget"] where !c.has(h) {
            throw ExportError("ONNX export needs the complexity, safety and budget heads; this model has \(c.heads) (export with --no-onnx)")
        }
        let hidden = try c.hidden.enumerated().map { i, h -> ONNXRouterSpec.HiddenLayer in
            guard let a = ONNXRouterSpec.Activation(rawValue: h.activation) else {
                throw ExportError("model.hidden[\(i)].activation \"\(h.activation)\" has no ONNX mapping")
            }
            return .init(size: h.size, activation: a, layerNorm: h.layerNorm)
        }
        let cal = model.description.calibration
        var spec = ONNXRouterSpec(embeddingRows: model.description.featurizer.buckets, embeddingDim: c.embeddingDim,
                                  denseFeatures: model.featurizer.denseWidth, hidden: hidden, layerNormEpsilon: 1e-5,
                                  budgetQuantiles: c.budgetQuantiles.count,
                                  complexityTemperature: Float(cal.complexityTemperature),
                                  safetyTemperature: Float(cal.safetyTemperature))
        spec.complexityOrdinal = c.ordinal
        spec.budgetSkip = c.budgetSkip
        return spec
    }

    /// The serialized ONNX model of `model`'s network (opset 17).
    public static func onnxModel(_ model: TrainedModel) throws -> Data {
        let spec = try onnxSpec(model)
        let meta: [(key: String, value: String)] = [
            (key: "featurizer_fingerprint", value: model.description.featurizerFingerprint),
            (key: "budget_quantile_levels", value: model.description.model.budgetQuantiles.map { "\($0)" }.joined(separator: ",")),
            (key: "software_version", value: RouterVersion.current),
        ]
        return try ONNXRouterGraph.model(spec: spec, weights: model.namedParameters(), producerVersion: RouterVersion.current,
                                         extraMetadata: meta).serialized()
    }
}
