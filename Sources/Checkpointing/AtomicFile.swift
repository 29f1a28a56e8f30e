import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader sees either the old file or the complete new one, never a torn write.
///
/// Protocol: write to a temporary file in the same folder, fsync it, rename it over the target,
/// then fsync the folder so the rename itself is durable.
public enum AtomicFile {
    /// Writes all of `raw` to `fd`, retrying short writes and EINTR; on failure closes `fd` and throws naming `path`.
    static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var off = 0
        while off < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw CheckpointError.io(path: path, what: "write failed: \(errnoText())")
            }
            off += n
        }
    }

    /// Writes `data` to `url` atomically and durably.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CheckpointError.io(path: tmp.path, what: "cannot create: \(errnoText())") }
        var ok = false
        defer { if !ok { unlink(tmp.path) } }
        try data.withUnsafeBytes { raw in try writeAll(raw, to: fd, path: tmp.path) }
        guard fsync(fd) == 0 else { close(fd); throw CheckpointError.io(path: tmp.path, what: "fsync failed: \(errnoText())") }
        close(fd)
        guard rename(tmp.path, url.path) == 0 else {
            throw CheckpointError.io(path: url.path, what: "rename failed: \(errnoText())")
        }
        ok = true
        syncDirectory(dir)
    }

    /// fsyncs a folder so that renames and creations inside it are durable.
    public static func syncDirectory(_ dir: URL) {
        let dfd = open(dir.path, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
