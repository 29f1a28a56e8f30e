import Checkpointing
import Featurizer
import Foundation
import RouterModel

/// The `manifest.json` of a deployment bundle: what the model is, where it came from, and every file's checksum.
///
/// A bundle folder holds `model.json` + `model.safetensors` (the same two files as a checkpoint, loaded by
/// `ModelFiles`), optionally `model.onnx`, and this manifest, written last. The optimizer state is never exported.
public struct BundleManifest: Codable, Sendable, Equatable {
    public static let formatName = "reasoningrouter-bundle"
    public static let currentVersion = 1
    public static let fileName = "manifest.json"
    public static let onnxFile = "model.onnx"

    /// The training checkpoint a bundle was exported from.
    public struct Source: Codable, Sendable, Equatable {
        /// Checkpoint folder path at export time.
        public var checkpoint: String
        public var step: Int
        public var epoch: Int
        /// "best" or "last" (or "explicit" when a checkpoint folder was named directly).
        public var selection: String
        public init(checkpoint: String, step: Int, epoch: Int, selection: String) {
            self.checkpoint = checkpoint; self.step = step; self.epoch = epoch; self.selection = selection
        }
    }

    /// The network's featurized inputs (what an ONNX or numpy caller must feed).
    public struct Inputs: Codable, Sendable, Equatable {
        /// Embedding-table rows: ids are in `0..<buckets`.
        public var buckets: Int
        /// F, the structural feature count (`dense` input width).
        public var denseFeatures: Int
        public init(buckets: Int, denseFeatures: Int) { self.buckets = buckets; self.denseFeatures = denseFeatures }
    }

    public var format: String = BundleManifest.formatName
    public var version: Int = BundleManifest.currentVersion
    /// The network architecture.
    public var architecture: ModelConfig
    public var featurizer: FeaturizerConfig
    /// Fingerprint (hash) of the featurizer configuration and algorithm; loading refuses a featurizer that differs.
    public var featurizerFingerprint: String
    public var inputs: Inputs
    /// Complexity labels in head order.
    public var labels: [String]
    public var calibration: Calibration
    public var policy: RoutingPolicy
    /// Validation metrics of the training run (name -> value).
    public var metrics: [String: Double]
    /// SHA-256 of the training data, when the trainer recorded it.
    public var trainingDataHash: String?
    public var softwareVersion: String
    /// ISO-8601 export time.
    public var createdAt: String
    public var source: Source?
    /// File name -> size and SHA-256 (every file of the bundle except this manifest).
    public var files: [String: FileEntry]
    /// An ensemble bundle's further members (the first member is `model.json` + `model.safetensors`): their files
    /// and sources. Absent for a single model. The manifest's `policy` is then the one fitted on the ensemble's
    /// combined outputs, not any member's own.
    public var members: [Member]?

    /// A further member of an ensemble bundle.
    public struct Member: Codable, Sendable, Equatable {
        /// Its description file (e.g. `member-2.json`).
        public var description: String
        /// Its weights file (e.g. `member-2.safetensors`).
        public var weights: String
        /// Its ONNX file, when written.
        public var onnx: String?
        public var source: Source?
        public init(description: String, weights: String, onnx: String?, source: Source?) {
            self.description = description; self.weights = weights; self.onnx = onnx; self.source = source
        }
    }

    /// The two files of member `k` (1-based; member 1 is the bundle's `model.json` + `model.safetensors`).
    public static func memberFiles(_ k: Int) -> (description: String, weights: String, onnx: String) {
        k == 1 ? (ModelFiles.descriptionFile, ModelFiles.weightsFile, onnxFile) : ("member-\(k).json", "member-\(k).safetensors", "member-\(k).onnx")
    }

    /// One file of the bundle: its SHA-256 (hex) and size (the same entry a checkpoint manifest has).
    public typealias FileEntry = CheckpointManifest.Entry

    /// The manifest of a model with the given files (checksums computed here).
    public init(model: ModelDescription, denseFeatures: Int, files: [String: Data], source: Source?,
                createdAt: Date = Date()) {
        architecture = model.model
        featurizer = model.featurizer
        featurizerFingerprint = model.featurizerFingerprint
        inputs = Inputs(buckets: model.featurizer.buckets, denseFeatures: denseFeatures)
        labels = model.complexityLabels
        calibration = model.calibration
        policy = model.policy
        metrics = model.metrics
        trainingDataHash = model.trainingDataHash
        softwareVersion = RouterVersion.current
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
        self.source = source
        self.files = files.mapValues { FileEntry(sha256: CheckpointManifest.sha256Hex($0), bytes: $0.count) }
    }

    /// The manifest's JSON (pretty, sorted keys).
    public func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }

    /// Reads and verifies a bundle folder: manifest format and version, then every file's size and SHA-256.
    /// Throws `CheckpointError` naming the file and what differs.
    public static func load(_ folder: URL) throws -> (manifest: BundleManifest, files: [String: Data]) {
        let mURL = folder.appendingPathComponent(fileName)
        guard let mData = FileManager.default.contents(atPath: mURL.path) else { throw CheckpointError.missingFile(path: mURL.path) }
        // Check format and version before decoding the rest, so a newer layout gets a version error.
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: mData) else {
            throw CheckpointError.malformed(path: mURL.path, what: "not a JSON object")
        }
        guard header.format == formatName else {
            throw CheckpointError.incompatible(path: mURL.path, what: "format \"\(header.format ?? "(none)")\", expected \"\(formatName)\"")
        }
        guard header.version == currentVersion else {
            throw CheckpointError.incompatible(path: mURL.path, what: "bundle format version \(header.version.map(String.init) ?? "(none)"); this build reads version \(currentVersion)")
        }
        let manifest: BundleManifest
        do { manifest = try JSONDecoder().decode(BundleManifest.self, from: mData) } catch {
            throw CheckpointError.malformed(path: mURL.path, what: "\(error)")
        }
        var files: [String: Data] = [:]
        for (name, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            guard !name.contains("/"), name != fileName else {
                throw CheckpointError.malformed(path: mURL.path, what: "invalid file name \"\(name)\" in files")
            }
            files[name] = try entry.readVerified(folder.appendingPathComponent(name))
        }
        return (manifest, files)
    }

    /// Checks that the manifest agrees with the loaded model description; throws naming the differing field.
    public func verify(against d: ModelDescription, path: String) throws {
        func differ(_ field: String, _ m: String, _ j: String) -> CheckpointError {
            .incompatible(path: path, what: "\(field) differs: manifest.json has \(m), model.json has \(j)")
        }
        if featurizerFingerprint != d.featurizerFingerprint { throw differ("featurizer fingerprint", featurizerFingerprint, d.featurizerFingerprint) }
        if featurizer != d.featurizer { throw differ("featurizer configuration", featurizer.canonicalDescription, d.featurizer.canonicalDescription) }
        if architecture != d.model { throw differ("architecture", "\(architecture)", "\(d.model)") }
    }
}
