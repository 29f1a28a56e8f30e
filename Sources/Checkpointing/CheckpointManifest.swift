import Crypto
import Foundation

/// The manifest written last into a checkpoint folder: it names every complete file with its size and SHA-256.
///
/// A folder without a manifest, or whose files do not match it, is not a checkpoint and is never loaded.
public struct CheckpointManifest: Codable, Sendable, Equatable {
    /// One file of the checkpoint.
    public struct Entry: Codable, Sendable, Equatable {
        public var sha256: String
        public var bytes: Int

        public init(sha256: String, bytes: Int) { self.sha256 = sha256; self.bytes = bytes }

        /// Reads the file at `url` and checks it against this entry; throws naming the file when it is
        /// missing, truncated (size) or corrupted (SHA-256).
        public func readVerified(_ url: URL) throws -> Data {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw CheckpointError.missingFile(path: url.path) }
            guard data.count == bytes else { throw CheckpointError.sizeMismatch(path: url.path, expected: bytes, actual: data.count) }
            let sum = CheckpointManifest.sha256Hex(data)
            guard sum == sha256 else { throw CheckpointError.checksumMismatch(path: url.path, expected: sha256, actual: sum) }
            return data
        }
    }

    public static let formatName = "reasoningrouter-checkpoint"
    public static let currentVersion = 1

    public var format: String = CheckpointManifest.formatName
    public var version: Int = CheckpointManifest.currentVersion
    /// Global optimizer step at which the checkpoint was taken.
    public var step: Int
    /// Epoch at which the checkpoint was taken.
    public var epoch: Int
    /// ISO-8601 creation time.
    public var createdAt: String
    /// File name -> size and checksum.
    public var files: [String: Entry]

    /// Hex SHA-256 of bytes.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Hex SHA-256 of the concatenation of `chunks` (the same digest as of one buffer holding them in order).
    public static func sha256Hex(chunks: [UnsafeRawBufferPointer]) -> String {
        var h = SHA256()
        for c in chunks where c.count > 0 { h.update(bufferPointer: c) }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
