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
/// load through one path; the optimizer state and trainer state are not exported.
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
            model = try ModelFiles.load(files, folder: url.path)
            source = .init(checkpoint: url.path, step: m.step, epoch: m.epoch, selection: selection)
        case .bundle(let url):
            let r = try QueryRouter(contentsOf: url)
            model = r.model
            source = r.manifest?.source
        }
        return try write(model: model, to: out, source: source, onnx: onnx, overwrite: overwrite)
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
