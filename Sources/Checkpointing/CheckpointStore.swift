import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        let pending = try begin(step: step)
        try pending.write(files)
        return try pending.commit(epoch: epoch)
    }

    /// Starts the checkpoint of `step` in a hidden temporary folder: write its files with `PendingCheckpoint.write`
    /// (from any thread, one call at a time), then `commit` it. Lets a caller write the large files while it is
    /// still computing the small ones.
    public func begin(step: Int) throws -> PendingCheckpoint {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let tmp = root.appendingPathComponent(".tmp-\(Self.name(step: step))-\(getpid())")
        try? fm.removeItem(at: tmp)
        try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
        return PendingCheckpoint(store: self, step: step, folder: tmp)
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

/// A checkpoint being written (`CheckpointStore.begin`): each file goes into the hidden temporary folder and is
/// fsynced, its SHA-256 computed on a second thread while it is written; `commit` fsyncs the folder, writes
/// `manifest.json` last, renames the folder into place and fsyncs the store's folder. A crash before the rename
/// leaves a temporary folder that is never listed and is removed by the next `prune`.
public final class PendingCheckpoint: @unchecked Sendable {
    public let store: CheckpointStore
    public let step: Int
    /// The temporary folder.
    public let folder: URL
    private var entries: [String: CheckpointManifest.Entry] = [:]
    private let lock = NSLock()

    init(store: CheckpointStore, step: Int, folder: URL) {
        self.store = store
        self.step = step
        self.folder = folder
    }

    /// Writes whole files.
    public func write(_ files: [String: Data]) throws {
        for name in files.keys.sorted() {
            let d = files[name]!
            try d.withUnsafeBytes { try write(name: name, chunks: [$0]) }
        }
    }

    /// Writes one file whose bytes are the concatenation of `chunks` (e.g. a header and tensors still in place in
    /// memory: no copy into one buffer first). The chunks must stay valid and unchanged during the call.
    public func write(name: String, chunks: [UnsafeRawBufferPointer]) throws {
        precondition(name != "manifest.json" && !name.contains("/"), "invalid checkpoint file name \(name)")
        let path = folder.appendingPathComponent(name).path
        nonisolated(unsafe) var hash = ""
        nonisolated(unsafe) var writeError: (any Error)?
        nonisolated(unsafe) let parts = chunks
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                do { try Self.writeDurably(parts, path: path) } catch { writeError = error }
            } else {
                hash = CheckpointManifest.sha256Hex(chunks: parts)
            }
        }
        if let writeError { throw writeError }
        lock.lock()
        entries[name] = .init(sha256: hash, bytes: chunks.reduce(0) { $0 + $1.count })
        lock.unlock()
    }

    /// Writes the manifest (every file written so far) and moves the folder into place; returns its final URL.
    public func commit(epoch: Int) throws -> URL {
        let fm = FileManager.default
        let final = store.root.appendingPathComponent(CheckpointStore.name(step: step), isDirectory: true)
        AtomicFile.syncDirectory(folder)  // the files' directory entries, before the manifest names them
        lock.lock()
        let manifest = CheckpointManifest(step: step, epoch: epoch, createdAt: ISO8601DateFormatter().string(from: Date()), files: entries)
        lock.unlock()
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(manifest), to: folder.appendingPathComponent("manifest.json"))
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        guard rename(folder.path, final.path) == 0 else {
            throw CheckpointError.io(path: final.path, what: "rename of the completed checkpoint failed")
        }
        AtomicFile.syncDirectory(store.root)
        return final
    }

    /// Creates `path` (inside the temporary folder, so no rename of its own is needed), writes `chunks` and fsyncs it.
    static func writeDurably(_ chunks: [UnsafeRawBufferPointer], path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CheckpointError.io(path: path, what: "cannot create: \(AtomicFile.errnoText())") }
        for raw in chunks where raw.count > 0 { try AtomicFile.writeAll(raw, to: fd, path: path) }
        guard fsync(fd) == 0 else { close(fd); throw CheckpointError.io(path: path, what: "fsync failed: \(AtomicFile.errnoText())") }
        close(fd)
    }
}
