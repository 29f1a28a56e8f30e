// TrainerState and the checkpoint files: model.json + model.safetensors (ModelFiles), optimizer.safetensors,
// trainer-state.json, config.json. Written by rank 0 through CheckpointStore (atomic, manifest with SHA-256).
import Checkpointing
import Foundation
import Optimizers
import RouterModel
import SeededRandom

/// One epoch's summary (stored in trainer-state.json and metrics.jsonl).
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    /// Global step at the end of the epoch.
    public var step: Int
    /// Mean training loss per head over the epoch's steps.
    public var trainLoss: HeadLosses
    /// Validation metrics (`val_loss`, `val_complexity_accuracy`, ...).
    public var validation: [String: Double]
}

/// Everything besides parameters and optimizer moments needed to continue a run exactly.
public struct TrainerState: Codable, Sendable, Equatable {
    public var formatVersion = 1
    /// Optimizer updates done so far (global steps).
    public var step = 0
    /// The current epoch (0-based).
    public var epoch = 0
    /// Data cursor: global batches of `epoch` already done (the permutation is recomputed from the seed).
    public var stepInEpoch = 0
    /// Rank count of the run that wrote the state (informational: any rank count can resume).
    public var worldSize = 1
    /// The run's root random stream; every stream (permutations, dropout, augmentation) is derived from it.
    public var rng: SeededGenerator
    /// Sum of the current epoch's step losses and their count (for the epoch's mean).
    public var epochLossSum = HeadLosses()
    public var epochSteps = 0
    /// Best value of the early-stopping metric so far, its step and epoch.
    public var bestMetric: Double?
    public var bestStep: Int?
    public var bestEpoch: Int?
    public var epochsWithoutImprovement = 0
    public var stoppedEarly = false
    /// True once training and calibration completed.
    public var finished = false
    public var history: [EpochRecord] = []

    public init(seed: UInt64, worldSize: Int) {
        rng = SeededGenerator(seed: seed)
        self.worldSize = worldSize
    }
}

/// Reading and writing the trainer's checkpoint files.
public enum TrainerCheckpoint {
    public static let optimizerFile = "optimizer.safetensors"
    public static let stateFile = "trainer-state.json"
    public static let configFile = "config.json"

    /// The files of a checkpoint.
    public static func files(model: TrainedModel, dense: AdamW, sparse: EmbeddingOptimizer, state: TrainerState,
                             config: TrainingConfig) throws -> [String: Data] {
        var files = try ModelFiles.files(model)
        files[optimizerFile] = optimizerData(dense: dense, sparse: sparse)
        for (k, v) in try smallFiles(model: model, state: state, config: config) { files[k] = v }
        return files
    }

    /// The files of a checkpoint other than the weights and the optimizer state: model.json, trainer-state.json,
    /// config.json.
    static func smallFiles(model: TrainedModel, state: TrainerState, config: TrainingConfig) throws -> [String: Data] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [ModelFiles.descriptionFile: try ModelFiles.descriptionData(model), stateFile: try enc.encode(state), configFile: config.jsonData()]
    }

    /// The optimizer state as safetensors: moments as F32, per-row steps as I32, step counts and
    /// hyperparameters in the metadata. With the SGD embedding optimizer there are no embedding tensors and the
    /// metadata says `"embedding.optimizer": "sgd"` (absent = SparseAdamW, the original format).
    static func optimizerData(dense: AdamW, sparse: EmbeddingOptimizer) -> Data {
        var tensors: [String: SafeTensors.Tensor] = [
            "dense.m": .init(float32: dense.m, shape: [dense.count]),
            "dense.v": .init(float32: dense.v, shape: [dense.count]),
        ]
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        var meta = ["dense.step": "\(dense.step)", "embedding.step": "\(sparse.step)",
                    "dense.hyper": String(decoding: try! enc.encode(dense.hyper), as: UTF8.self),
                    "dense.no_decay": String(decoding: try! enc.encode(dense.noDecay), as: UTF8.self)]
        switch sparse {
        case let .adamw(sparse):
            tensors["embedding.m"] = .init(float32: sparse.m, shape: [sparse.rows, sparse.dim])
            tensors["embedding.v"] = .init(float32: sparse.v, shape: [sparse.rows, sparse.dim])
            tensors["embedding.row_step"] = .init(dtype: .I32, shape: [sparse.rows],
                                                  bytes: sparse.rowStep.withUnsafeBufferPointer { Data(buffer: $0) })
            meta["embedding.hyper"] = String(decoding: try! enc.encode(sparse.hyper), as: UTF8.self)
        case let .sgd(sgd):
            meta["embedding.optimizer"] = "sgd"
            meta["embedding.weight_decay"] = "\(sgd.weightDecay)"
        }
        return SafeTensors.serialize(tensors, metadata: meta)
    }

    /// A loaded checkpoint.
    public struct Loaded {
        public var model: TrainedModel
        public var dense: AdamW
        public var sparse: EmbeddingOptimizer
        public var state: TrainerState
        public var config: TrainingConfig
        public var step: Int
    }

    /// Loads and verifies a checkpoint folder (every file's size and SHA-256 against the manifest first).
    public static func load(_ folder: URL) throws -> Loaded {
        let (manifest, files) = try CheckpointStore.load(folder)
        let model = try ModelFiles.load(files, folder: folder.path)
        func file(_ name: String) throws -> Data {
            guard let d = files[name] else { throw CheckpointError.missingFile(path: folder.appendingPathComponent(name).path) }
            return d
        }
        let oPath = folder.appendingPathComponent(optimizerFile).path
        let (t, meta) = try SafeTensors.parse(try file(optimizerFile), path: oPath)
        func tensor(_ n: String) throws -> SafeTensors.Tensor {
            guard let x = t[n] else { throw CheckpointError.malformed(path: oPath, what: "missing tensor \"\(n)\"") }
            return x
        }
        func metaJSON<T: Decodable>(_ key: String, _ type: T.Type) throws -> T {
            guard let s = meta[key], let v = try? JSONDecoder().decode(T.self, from: Data(s.utf8)) else {
                throw CheckpointError.malformed(path: oPath, what: "metadata \"\(key)\" missing or invalid")
            }
            return v
        }
        guard let dStep = meta["dense.step"].flatMap(Int.init), let eStep = meta["embedding.step"].flatMap(Int.init) else {
            throw CheckpointError.malformed(path: oPath, what: "metadata dense.step / embedding.step missing")
        }
        guard let ev = model.store.view(named: "trunk.embedding.weight") else {
            throw CheckpointError.incompatible(path: folder.path, what: "the model has no trunk.embedding.weight")
        }
        let dense: AdamW, sparse: EmbeddingOptimizer
        do {
            dense = try AdamW(hyper: metaJSON("dense.hyper", AdamHyperparameters.self), step: dStep,
                              m: tensor("dense.m").floats(), v: tensor("dense.v").floats(),
                              noDecay: metaJSON("dense.no_decay", [Range<Int>].self))
        } catch let e as CheckpointError { throw e } catch {
            throw CheckpointError.malformed(path: oPath, what: "\(error)")
        }
        switch meta["embedding.optimizer"] ?? "adamw" {
        case "sgd":
            guard let wd = meta["embedding.weight_decay"].flatMap(Float.init) else {
                throw CheckpointError.malformed(path: oPath, what: "metadata embedding.weight_decay missing or invalid")
            }
            do { sparse = .sgd(try SparseSGD(rows: ev.shape[0], dim: ev.shape[1], weightDecay: wd, step: eStep)) } catch {
                throw CheckpointError.malformed(path: oPath, what: "\(error)")
            }
        case "adamw":
            let rs = try tensor("embedding.row_step")
            guard rs.dtype == .I32, rs.shape.count == 1 else { throw CheckpointError.malformed(path: oPath, what: "embedding.row_step must be a 1-D I32 tensor") }
            var rowStep = [Int32](repeating: 0, count: rs.bytes.count / 4)
            _ = rowStep.withUnsafeMutableBytes { rs.bytes.copyBytes(to: $0) }
            let em = try tensor("embedding.m")
            guard em.shape.count == 2 else { throw CheckpointError.malformed(path: oPath, what: "embedding.m must be 2-D") }
            do {
                let o = try SparseAdamW(hyper: metaJSON("embedding.hyper", AdamHyperparameters.self), rows: em.shape[0], dim: em.shape[1],
                                        step: eStep, rowStep: rowStep, m: em.floats(), v: tensor("embedding.v").floats())
                guard o.rows == ev.shape[0], o.dim == ev.shape[1] else {
                    throw CheckpointError.incompatible(path: oPath, what: "optimizer state sizes do not match the model's parameters")
                }
                sparse = .adamw(o)
            } catch let e as CheckpointError { throw e } catch {
                throw CheckpointError.malformed(path: oPath, what: "\(error)")
            }
        case let other:
            throw CheckpointError.malformed(path: oPath, what: "metadata embedding.optimizer is \"\(other)\"; expected \"adamw\" or \"sgd\"")
        }
        let sPath = folder.appendingPathComponent(stateFile).path
        let state: TrainerState
        do { state = try JSONDecoder().decode(TrainerState.self, from: try file(stateFile)) } catch let e as CheckpointError { throw e } catch {
            throw CheckpointError.malformed(path: sPath, what: "\(error)")
        }
        let config: TrainingConfig
        do { config = try TrainingConfig.decode(try file(configFile)) } catch let e as CheckpointError { throw e } catch {
            throw CheckpointError.malformed(path: folder.appendingPathComponent(configFile).path, what: "\(error)")
        }
        guard dense.count == model.store.denseCount, ev.count == model.store.totalCount - model.store.denseCount else {
            throw CheckpointError.incompatible(path: oPath, what: "optimizer state sizes do not match the model's parameters")
        }
        return Loaded(model: model, dense: dense, sparse: sparse, state: state, config: config, step: manifest.step)
    }
}
