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
}
