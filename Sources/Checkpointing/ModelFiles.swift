import Foundation
import RouterModel

/// Serializes a trained model as two files, `model.json` (description) and `model.safetensors` (weights),
/// the part shared by training checkpoints and deployment bundles.
public enum ModelFiles {
    public static let descriptionFile = "model.json"
    public static let weightsFile = "model.safetensors"

    /// The two files of `model`.
    public static func files(_ model: TrainedModel) throws -> [String: Data] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let store = model.store
        var layout: [String: (dtype: SafeTensors.DType, shape: [Int], byteCount: Int)] = [:]
        for v in store.views { layout[v.name] = (.F32, v.shape, v.shape.reduce(1, *) * 4) }
        let meta = ["format": "reasoningrouter", "featurizer_fingerprint": model.description.featurizerFingerprint,
                    "software_version": model.description.softwareVersion]
        // The weights go from the store straight into the file's bytes (one copy of the embedding table, not three).
        let weights = SafeTensors.serialize(layout: layout, metadata: meta) { name, out in
            store.withValues(store.id(named: name)!) { out.append($0) }
        }
        return [descriptionFile: try enc.encode(model.description), weightsFile: weights]
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
