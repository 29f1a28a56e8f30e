// Reading raw source files in their original formats: JSON documents, JSONL, CSV (CSVReader.swift), gzip.
import Foundation

/// Accessors on a raw JSON object that throw errors naming file, line and field.
struct RawObject {
    let value: JSONValue
    let file: String
    let line: Int?

    /// A string field; throws if it is missing or not a string.
    func string(_ key: String) throws(DataError) -> String {
        guard let v = value[key] else {
            throw DataError(.badSource, file: file, line: line, field: key, "missing field (expected a string)")
        }
        guard case let .string(s) = v else {
            throw DataError(.badSource, file: file, line: line, field: key, "expected a string, got \(shortJSON(v))")
        }
        return s
    }

    /// A string field, or nil if it is missing or null; throws on other types.
    func optionalString(_ key: String) throws(DataError) -> String? {
        switch value[key] {
        case nil, .null?: return nil
        case let .string(s)?: return s
        case let v?: throw DataError(.badSource, file: file, line: line, field: key, "expected a string or null, got \(shortJSON(v))")
        }
    }

    /// A string or an array of strings (some files store lists as JSON arrays, some as Python list text);
    /// nil if missing or null.
    func stringList(_ key: String) throws(DataError) -> [String]? {
        switch value[key] {
        case nil, .null?: return nil
        case let .string(s)?: return parsePythonStringList(s) ?? [s]
        case let .array(items)?:
            var out: [String] = []
            for v in items {
                guard case let .string(s) = v else {
                    throw DataError(.badSource, file: file, line: line, field: key, "expected an array of strings, got an element \(shortJSON(v))")
                }
                out.append(s)
            }
            return out
        case let v?: throw DataError(.badSource, file: file, line: line, field: key, "expected a string or an array of strings, got \(shortJSON(v))")
        }
    }

    /// A field rendered as a string: strings as-is, numbers by their literal (ids are sometimes numbers).
    func idString(_ key: String) throws(DataError) -> String {
        switch value[key] {
        case let .string(s)?: return s
        case let .number(n)?: return n
        case let v?: throw DataError(.badSource, file: file, line: line, field: key, "expected a string or number id, got \(shortJSON(v))")
        case nil: throw DataError(.badSource, file: file, line: line, field: key, "missing id field")
        }
    }

    /// A nested object field.
    func object(_ key: String) throws(DataError) -> RawObject {
        guard let v = value[key], case .object = v else {
            throw DataError(.badSource, file: file, line: line, field: key, "expected an object")
        }
        return RawObject(value: v, file: file, line: line)
    }

    /// An array field.
    func array(_ key: String) throws(DataError) -> [JSONValue] {
        guard let v = value[key], case let .array(a) = v else {
            throw DataError(.badSource, file: file, line: line, field: key, "expected an array")
        }
        return a
    }
}

/// Calls `body` with each line of a raw JSONL file as an object (blank lines are skipped).
func forEachRawJSONLine(_ path: String, _ body: (RawObject) throws -> Void) throws {
    let reader = try LineReader(path: path)
    try forEachRawJSONLine(reader, body)
}

/// Calls `body` with each line of a line reader as an object (blank lines are skipped).
func forEachRawJSONLine(_ reader: LineReader, _ body: (RawObject) throws -> Void) throws {
    while let item = try reader.next() {
        guard case let .line(n, bytes) = item else {
            throw DataError(.lineTooLong, file: reader.name, line: nil, "a line exceeds \(reader.maxLineBytes) bytes")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        let v: JSONValue
        do { v = try parseJSON(bytes, maxDepth: 64) } catch {
            throw DataError(.malformedJSON, file: reader.name, line: n, "malformed JSON: \(error)")
        }
        guard case .object = v else {
            throw DataError(.notAnObject, file: reader.name, line: n, "expected a JSON object, got \(v.kindName)")
        }
        try body(RawObject(value: v, file: reader.name, line: n))
    }
}

/// Parses a whole raw JSON file.
func readRawJSON(_ path: String) throws(DataError) -> JSONValue {
    let bytes = try readFileBytes(path)
    do { return try parseJSON(bytes, maxDepth: 64) } catch {
        throw DataError(.malformedJSON, file: path, line: nil, "malformed JSON: \(error)")
    }
}

/// Decompresses a gzip file by running `gzip -dc` (no zlib dependency); clear error if gzip is missing.
public func gunzipFile(_ path: String) throws -> [UInt8] {
    guard FileManager.default.isReadableFile(atPath: path) else {
        throw DataError(.io, file: path, line: nil, "cannot open: no such readable file")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gzip", "-dc", path]
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    do { try p.run() } catch {
        throw DataError(.io, file: path, line: nil, "cannot run gzip to decompress (\(error)); install gzip")
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus == 127 {
        throw DataError(.io, file: path, line: nil, "gzip not found on PATH; install gzip to read .gz sources")
    }
    if p.terminationStatus != 0 {
        let msg = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        throw DataError(.io, file: path, line: nil, "gzip -dc failed (status \(p.terminationStatus)): \(msg)")
    }
    return [UInt8](data)
}

/// Lists regular files under `dir` (recursively) whose name ends with `suffix`, sorted for determinism.
func listFiles(_ dir: String, suffix: String, recursive: Bool = false) throws(DataError) -> [String] {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
        throw DataError(.io, file: dir, line: nil, "missing directory")
    }
    var out: [String] = []
    if recursive {
        guard let e = fm.enumerator(atPath: dir) else { throw DataError(.io, file: dir, line: nil, "cannot list directory") }
        while let rel = e.nextObject() as? String {
            if rel.hasSuffix(suffix) { out.append(rel) }
        }
    } else {
        let items: [String]
        do { items = try fm.contentsOfDirectory(atPath: dir) } catch {
            throw DataError(.io, file: dir, line: nil, "cannot list directory: \(error)")
        }
        out = items.filter { $0.hasSuffix(suffix) }
    }
    return out.sorted().map { dir + "/" + $0 }
}

/// `a/b/c.json` -> `c`.
func fileStem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: ".") { return String(name[..<dot]) }
    return name
}
