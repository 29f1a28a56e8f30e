import Foundation

/// A folder of checkpoints (`step-00000120/`, ...) with atomic saves, verified loads and retention.
///
/// Saving writes every file into a hidden temporary folder, fsyncs them, writes `manifest.json` last, then
/// renames the folder into place: a crash leaves either no new checkpoint or a complete one. Loading checks
/// the manifest's format and version and every file's size and SHA-256, and refuses any mismatch with an
/// error naming the file. `best.json` names the best checkpoint; retention keeps the last N plus the best.
public struct CheckpointStore: Sendable {
    /// The folder holding the checkpoints.
    public let root: URL

    /// A store rooted at `root` (created on first save).
    public init(root: URL) { self.root = root }

    /// The folder name of the checkpoint at `step`.
    public static func name(step: Int) -> String { String(format: "step-%08d", step) }

    /// Saves `files` as the checkpoint of `step`; returns its folder.
    @discardableResult
    public func save(step: Int, epoch: Int, files: [String: Data]) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let final = root.appendingPathComponent(Self.name(step: step), isDirectory: true)
        let tmp = root.appendingPathComponent(".tmp-\(Self.name(step: step))-\(getpid())")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        let names = files.keys.sorted()
        for name in names { precondition(name != "manifest.json" && !name.contains("/"), "invalid checkpoint file name \(name)") }
        // The SHA-256s are computed on a second thread while the files are written and fsynced (for a 33 MB
        // table each took about as long as the other).
        nonisolated(unsafe) var hashes = [String](repeating: "", count: names.count)
        nonisolated(unsafe) var writeError: (any Error)?
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                do { for name in names { try AtomicFile.write(files[name]!, to: tmp.appendingPathComponent(name)) } } catch { writeError = error }
            } else {
                for (i, name) in names.enumerated() { hashes[i] = CheckpointManifest.sha256Hex(files[name]!) }
            }
        }
        if let writeError { throw writeError }
        var entries: [String: CheckpointManifest.Entry] = [:]
        for (i, name) in names.enumerated() { entries[name] = .init(sha256: hashes[i], bytes: files[name]!.count) }
        let manifest = CheckpointManifest(step: step, epoch: epoch, createdAt: ISO8601DateFormatter().string(from: Date()), files: entries)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(manifest), to: tmp.appendingPathComponent("manifest.json"))
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        guard rename(tmp.path, final.path) == 0 else {
            throw CheckpointError.io(path: final.path, what: "rename of the completed checkpoint failed")
        }
        AtomicFile.syncDirectory(root)
        return final
    }

    /// Loads and verifies the checkpoint in `folder`: returns its manifest and file contents.
    public static func load(_ folder: URL) throws -> (manifest: CheckpointManifest, files: [String: Data]) {
        let mURL = folder.appendingPathComponent("manifest.json")
        guard let mData = FileManager.default.contents(atPath: mURL.path) else { throw CheckpointError.missingFile(path: mURL.path) }
        let manifest: CheckpointManifest
        do { manifest = try JSONDecoder().decode(CheckpointManifest.self, from: mData) } catch {
            throw CheckpointError.malformed(path: mURL.path, what: "\(error)")
        }
        guard manifest.format == CheckpointManifest.formatName else {
            throw CheckpointError.incompatible(path: mURL.path, what: "format \"\(manifest.format)\", expected \"\(CheckpointManifest.formatName)\"")
        }
        guard manifest.version == CheckpointManifest.currentVersion else {
            throw CheckpointError.incompatible(path: mURL.path, what: "version \(manifest.version), this build reads version \(CheckpointManifest.currentVersion)")
        }
        var files: [String: Data] = [:]
        for (name, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            files[name] = try entry.readVerified(folder.appendingPathComponent(name))
        }
        return (manifest, files)
    }

    /// Complete checkpoint folders (those with a manifest), oldest step first.
    public func list() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasPrefix("step-") }.sorted()
            .map { root.appendingPathComponent($0, isDirectory: true) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("manifest.json").path) }
    }

    /// The newest complete checkpoint, if any.
    public func latest() -> URL? { list().last }

    /// Records `folder` as the best checkpoint (atomically).
    public func markBest(_ folder: URL, metric: String, value: Double) throws {
        let obj: [String: Any] = ["checkpoint": folder.lastPathComponent, "metric": metric, "value": value]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), to: root.appendingPathComponent("best.json"))
    }

    /// The best checkpoint recorded by `markBest`, if it still exists.
    public func best() -> URL? {
        guard let d = FileManager.default.contents(atPath: root.appendingPathComponent("best.json").path),
              let obj = try? JSONSerialization.jsonObject(with: d) as? [String: Any],
              let name = obj["checkpoint"] as? String else { return nil }
        let url = root.appendingPathComponent(name, isDirectory: true)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) ? url : nil
    }

    /// Deletes all but the newest `keepLast` checkpoints and the best one; also removes stale temporary folders.
    public func prune(keepLast: Int) {
        let fm = FileManager.default
        let all = list()
        let best = best()?.lastPathComponent
        for url in all.dropLast(max(0, keepLast)) where url.lastPathComponent != best {
            try? fm.removeItem(at: url)
        }
        for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] where name.hasPrefix(".tmp-step-") {
            try? fm.removeItem(at: root.appendingPathComponent(name))
        }
    }
}
