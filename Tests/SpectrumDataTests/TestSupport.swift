import Foundation
import XCTest

/// Writes `bytes` to a fresh temporary file and returns its path.
func tempFile(_ bytes: [UInt8], name: String = "data.jsonl") -> String {
    let dir = NSTemporaryDirectory() + "spectrum-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot create \(path)")
    return path
}

/// Writes `text` (UTF-8) to a fresh temporary file.
func tempFile(_ text: String, name: String = "data.jsonl") -> String { tempFile(Array(text.utf8), name: name) }

/// The public corpus raw/ directory (../shared/data/raw from the repository root), or nil.
func rawCorpusDir(file: StaticString = #filePath) -> String? {
    // Tests/SpectrumDataTests/X.swift -> repository root.
    let root = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let raw = root.appendingPathComponent("../shared/data/raw").standardizedFileURL.path
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: raw, isDirectory: &isDir) && isDir.boolValue ? raw : nil
}
