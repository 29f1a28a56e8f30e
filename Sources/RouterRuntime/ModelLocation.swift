import Checkpointing
import Foundation

/// Which checkpoint of a training run to take.
public enum CheckpointSelection: String, Sendable, CaseIterable {
    /// The checkpoint named by `checkpoints/best.json` (falls back to the last when the run recorded none).
    case best
    /// The newest complete checkpoint.
    case last
}

/// Where a model lives: a deployment bundle or a training checkpoint folder.
public enum ModelLocation: Sendable, Equatable {
    /// A bundle folder (manifest.json with format `reasoningrouter-bundle`).
    case bundle(URL)
    /// A checkpoint folder (`step-XXXXXXXX/`); `selection` says how it was chosen ("explicit", "best", "last").
    case checkpoint(URL, selection: String)

    /// The folder.
    public var url: URL {
        switch self { case .bundle(let u), .checkpoint(let u, _): return u }
    }

    /// Resolves `path`: a bundle, a checkpoint folder, a run's output directory (`<run>/checkpoints/`) or a
    /// checkpoints folder; for the last two `which` picks the checkpoint. Throws naming the path when nothing fits.
    public static func resolve(_ path: URL, which: CheckpointSelection = .best) throws -> ModelLocation {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path.path, isDirectory: &isDir) else { throw CheckpointError.io(path: path.path, what: "no such file or folder") }
        guard isDir.boolValue else {
            throw CheckpointError.malformed(path: path.path, what: "not a folder: pass a bundle folder, a checkpoint folder or a run's output directory")
        }
        let manifest = path.appendingPathComponent("manifest.json")
        if let data = fm.contents(atPath: manifest.path) {
            struct Header: Decodable { var format: String? }
            let format = (try? JSONDecoder().decode(Header.self, from: data))?.format
            switch format {
            case BundleManifest.formatName: return .bundle(path)
            case CheckpointManifest.formatName: return .checkpoint(path, selection: "explicit")
            default:
                throw CheckpointError.incompatible(path: manifest.path, what: "format \"\(format ?? "(none)")\" is neither \"\(BundleManifest.formatName)\" nor \"\(CheckpointManifest.formatName)\"")
            }
        }
        let sub = path.appendingPathComponent("checkpoints", isDirectory: true)
        let root = fm.fileExists(atPath: sub.path) ? sub : path
        let store = CheckpointStore(root: root)
        guard let last = store.latest() else {
            throw CheckpointError.missingFile(path: path.path + "/manifest.json (no bundle, checkpoint or checkpoints/step-*/ found here)")
        }
        switch which {
        case .last: return .checkpoint(last, selection: "last")
        case .best:
            if let best = store.best() { return .checkpoint(best, selection: "best") }
            return .checkpoint(last, selection: "last (the run recorded no best.json)")
        }
    }
}
