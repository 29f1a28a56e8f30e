import Foundation

/// Finds the checkpoint folder a user means: a checkpoint itself, a checkpoints folder, or a run's output folder.
public enum CheckpointLocator {
    /// Which checkpoint of a run to take.
    public enum Which: String, Sendable, CaseIterable { case best, last }

    /// Resolves `path` to one checkpoint folder (containing manifest.json).
    ///
    /// - a folder with `manifest.json` is taken as is;
    /// - a folder with `step-*` folders is a checkpoint store: its best (as recorded in best.json, falling back to
    ///   the newest when none is recorded) or its last checkpoint;
    /// - a folder with a `checkpoints/` subfolder is a run's output folder: resolved through that subfolder.
    public static func resolve(_ path: String, which: Which = .best) throws -> URL {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path, isDirectory: true)
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw CheckpointError.missingFile(path: path)
        }
        if fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path) { return url }
        let sub = url.appendingPathComponent("checkpoints", isDirectory: true)
        let root = fm.fileExists(atPath: sub.path) ? sub : url
        let store = CheckpointStore(root: root)
        let pick = which == .best ? (store.best() ?? store.latest()) : store.latest()
        guard let found = pick else {
            throw CheckpointError.io(path: path, what: "no complete checkpoint found (expected a folder with manifest.json, step-* folders, or a checkpoints/ subfolder)")
        }
        return found
    }
}
