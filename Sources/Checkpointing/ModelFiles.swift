import Foundation
import RouterModel

/// Serializes a trained model as two files, `model.json` (description) and `model.safetensors` (weights),
/// the part shared by training checkpoints and deployment bundles.
public enum ModelFiles {
    public static let descriptionFile = "model.json"
    public static let weightsFile = "model.safetensors"

    /// The two files of `model`.
    public static func files(_ model: TrainedModel) throws -> [String: Data] {
        let store = model.store
        let (layout, meta) = weightsLayout(model)
        // The weights go from the store straight into the file's bytes (one copy of the embedding table, not three).
        let weights = SafeTensors.serialize(layout: layout, metadata: meta) { name, out in
            store.withValues(store.id(named: name)!) { out.append($0) }
        }
        return [descriptionFile: try descriptionData(model), weightsFile: weights]
    }

    /// `model.json`: the description.
    public static func descriptionData(_ model: TrainedModel) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(model.description)
    }

    /// Calls `body` with the bytes of `model.safetensors` as chunks: the header, then each tensor in place in the
    /// parameter store (no copy). The same bytes as `files(model)[weightsFile]`.
    public static func withWeightsChunks<R>(_ model: TrainedModel, _ body: ([UnsafeRawBufferPointer]) throws -> R) rethrows -> R {
        let store = model.store
        let (layout, meta) = weightsLayout(model)
        let header = SafeTensors.header(layout: layout, metadata: meta)
        let names = layout.keys.sorted()
        func nest(_ i: Int, _ acc: [UnsafeRawBufferPointer]) throws -> R {
            if i == names.count { return try body(acc) }
            return try store.withValues(store.id(named: names[i])!) { try nest(i + 1, acc + [UnsafeRawBufferPointer($0)]) }
        }
        return try header.withUnsafeBytes { try nest(0, [$0]) }
    }

    static func weightsLayout(_ model: TrainedModel) -> ([String: (dtype: SafeTensors.DType, shape: [Int], byteCount: Int)], [String: String]) {
        var layout: [String: (dtype: SafeTensors.DType, shape: [Int], byteCount: Int)] = [:]
        for v in model.store.views { layout[v.name] = (.F32, v.shape, v.shape.reduce(1, *) * 4) }
        let meta = ["format": "reasoningrouter", "featurizer_fingerprint": model.description.featurizerFingerprint,
                    "software_version": model.description.softwareVersion]
        return (layout, meta)
    }

    /// Loads a model from its two files; `folder` names the location in errors.
    public static func load(_ files: [String: Data], folder: String) throws -> TrainedModel {
        let dPath = folder + "/" + descriptionFile, wPath = folder + "/" + weightsFile
        guard let d = files[descriptionFile] else { throw CheckpointError.missingFile(path: dPath) }
        guard let w = files[weightsFile] else { throw CheckpointError.missingFile(path: wPath) }
        let description: ModelDescription
        do { description = try JSONDecoder().decode(ModelDescription.self, from: d) } catch {
            throw CheckpointError.malformed(path: dPath, what: "\(error)")
        }
        let (tensors, _) = try SafeTensors.parse(w, path: wPath)
        var params: [String: (shape: [Int], values: [Float])] = [:]
        for (name, t) in tensors {
            guard t.dtype == .F32 else { throw CheckpointError.malformed(path: wPath, what: "tensor \"\(name)\" is \(t.dtype), expected F32") }
            params[name] = (t.shape, t.floats())
        }
        return try TrainedModel(description: description, parameters: params, path: folder)
    }
}
