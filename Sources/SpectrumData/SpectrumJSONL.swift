// Spectrum JSONL: decoding one line into a validated record, streaming reads with strict or
// skip-invalid handling, and writing.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes one JSONL line into a record, checking every field; throws a `DataError` naming file, line and field.
///
/// Required keys: `id`, `text`, `source` (non-empty strings). The label keys `complexity`, `safety`,
/// `safety_category`, `budget_tokens` may be omitted (= null). Unknown or repeated keys are errors, so a typo
/// never silently becomes an unknown label.
public func decodeRecord(_ bytes: [UInt8], file: String, line: Int) throws(DataError) -> SpectrumRecord {
    func fail(_ kind: DataErrorKind, _ field: String?, _ message: String) -> DataError {
        DataError(kind, file: file, line: line, field: field, message)
    }
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
        throw fail(.emptyLine, nil, "empty line (expected one JSON object per line)")
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
        let bad = firstInvalidUTF8Offset(bytes) ?? 0
        throw fail(.invalidUTF8, nil, "invalid UTF-8 at byte \(bad + 1)")
    }
    let value: JSONValue
    do { value = try parseJSON(bytes) } catch { throw fail(.malformedJSON, nil, "malformed JSON: \(error)") }
    guard case let .object(members) = value else {
        throw fail(.notAnObject, nil, "expected a JSON object, got \(value.kindName)")
    }
    var seen = Set<String>()
    for (k, _) in members {
        guard SpectrumRecord.CodingKeys(rawValue: k) != nil else {
            let known = SpectrumRecord.CodingKeys.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw fail(.unknownField, k, "unknown field (known fields: \(known))")
        }
        if !seen.insert(k).inserted { throw fail(.duplicateField, k, "field appears twice") }
    }
    func field(_ k: String) -> JSONValue? { members.first { $0.0 == k }?.1 }
    func requiredString(_ k: String) throws(DataError) -> String {
        guard let v = field(k) else { throw fail(.missingField, k, "missing required field (expected a string)") }
        guard case let .string(s) = v else { throw fail(.wrongType, k, "expected a string, got \(shortJSON(v))") }
        return s
    }
    func optionalString(_ k: String) throws(DataError) -> String? {
        switch field(k) {
        case nil, .null?: return nil
        case let .string(s)?: return s
        case let v?: throw fail(.wrongType, k, "expected a string or null, got \(shortJSON(v))")
        }
    }
    let id = try requiredString("id")
    if id.isEmpty { throw fail(.wrongType, "id", "expected a non-empty string, got \"\"") }
    let text = try requiredString("text")
    if text.allSatisfy({ $0.isWhitespace }) {
        throw fail(.emptyText, "text", "expected non-empty text, got \(quoted(text))")
    }
    let source = try requiredString("source")
    if source.isEmpty { throw fail(.wrongType, "source", "expected a non-empty string, got \"\"") }

    func optionalLabel(_ k: String) throws(DataError) -> String? {
        switch field(k) {
        case nil, .null?: return nil
        case let .string(s)?: return s
        case let v?: throw fail(.wrongType, k, "expected a string label or null, got \(shortJSON(v))")
        }
    }
    var complexity: Complexity?
    if let c = try optionalLabel("complexity") {
        guard let v = Complexity(rawValue: c) else {
            throw fail(.unknownLabel, "complexity", "expected \"simple\", \"moderate\", \"high\" or null, got \(quoted(c))")
        }
        complexity = v
    }
    var safety: Safety?
    if let s = try optionalLabel("safety") {
        guard let v = Safety(rawValue: s) else {
            throw fail(.unknownLabel, "safety", "expected \"safe\", \"risky\" or null, got \(quoted(s))")
        }
        safety = v
    }
    let category = try optionalString("safety_category")

    var budget: Int?
    switch field("budget_tokens") {
    case nil, .null?: budget = nil
    case let .number(n)?:
        guard let b = Int(n) else {
            throw fail(.invalidBudget, "budget_tokens", "expected an integer >= 0 or null, got \(n)")
        }
        guard b >= 0 else { throw fail(.invalidBudget, "budget_tokens", "expected an integer >= 0 or null, got \(n)") }
        budget = b
    case let v?:
        throw fail(.wrongType, "budget_tokens", "expected an integer >= 0 or null, got \(shortJSON(v))")
    }
    return SpectrumRecord(id: id, text: text, complexity: complexity, safety: safety,
                          safetyCategory: category, budgetTokens: budget, source: source)
}

/// The 0-based offset of the first byte that breaks UTF-8, or nil if `bytes` is valid.
func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var it = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&it) {
        case let .scalarValue(s): offset += UTF8.width(s)
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

/// What to do with a bad line.
public enum InvalidLinePolicy: Sendable {
    /// Throw the first error (the default).
    case stop
    /// Skip the line, count it per reason and go on.
    case skip
}

/// What a read saw: records accepted, lines skipped per reason, and the first few messages per reason.
public struct ReadSummary: Sendable {
    /// Records that passed validation.
    public var records = 0
    /// Skipped lines per error kind.
    public var skipped: [DataErrorKind: Int] = [:]
    /// Up to `examplesPerKind` error messages per kind.
    public var examples: [DataErrorKind: [DataError]] = [:]
    /// How many example messages are kept per kind.
    public var examplesPerKind = 3

    /// Total skipped lines.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    mutating func note(_ e: DataError) {
        skipped[e.kind, default: 0] += 1
        if examples[e.kind, default: []].count < examplesPerKind { examples[e.kind, default: []].append(e) }
    }

    /// A human-readable summary ("12 records; skipped 2 lines: malformed JSON 1, duplicate id 1").
    public var text: String {
        var s = "\(records) valid records"
        if skippedTotal == 0 { return s + ", no line skipped" }
        s += "; skipped \(skippedTotal) lines:"
        for kind in DataErrorKind.allCases where skipped[kind] != nil {
            s += "\n  \(kind.rawValue): \(skipped[kind]!)"
            for e in examples[kind] ?? [] { s += "\n    e.g. \(e)" }
        }
        return s
    }
}

/// Streams the records of a spectrum JSONL file, validating each line (incl. duplicate ids).
///
/// With `.stop`, the first bad line throws. With `.skip`, bad lines are counted in the returned summary;
/// nothing is dropped without being counted. Memory: one line plus the set of ids seen.
@discardableResult
public func readSpectrumJSONL(path: String, onInvalid: InvalidLinePolicy = .stop, maxLineBytes: Int = 4 << 20,
                              _ body: (SpectrumRecord) throws -> Void) throws -> ReadSummary {
    let reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
    return try readSpectrumJSONL(reader: reader, onInvalid: onInvalid, body)
}

/// Streams the records of a line reader (see `readSpectrumJSONL(path:)`).
///
/// Lines are decoded in place by the schema-specialized fast path (`decodeRecordFast`); a line it does not
/// accept goes through `decodeRecord`, which returns the same record or throws the exact error.
@discardableResult
public func readSpectrumJSONL(reader: LineReader, onInvalid: InvalidLinePolicy = .stop,
                              _ body: (SpectrumRecord) throws -> Void) throws -> ReadSummary {
    var ids = IDSet()
    return try readRecords(reader: reader, onInvalid: onInvalid, ids: &ids) { try body($0) }
}

/// `readSpectrumJSONL(reader:)` handing each record over (`consuming`: appending it costs no extra retain).
/// `ids`: the ids seen so far (also those of earlier files of the same dataset).
func readRecords(reader: LineReader, onInvalid: InvalidLinePolicy, ids: inout IDSet,
                 _ body: (consuming SpectrumRecord) throws -> Void) throws -> ReadSummary {
    var summary = ReadSummary()
    try reader.forEachLine { n, bytes, length in
        let record: SpectrumRecord
        do throws(DataError) {
            guard let bytes else {
                throw DataError(.lineTooLong, file: reader.name, line: n,
                                "line of \(length) bytes exceeds the limit of \(reader.maxLineBytes) bytes")
            }
            if let r = decodeRecordFast(bytes) { record = r } else {
                record = try decodeRecord(Array(bytes), file: reader.name, line: n)
            }
            if !ids.insert(record.id) {
                throw DataError(.duplicateId, file: reader.name, line: n, field: "id",
                                "duplicate id \(quoted(record.id)) (ids must be unique)")
            }
        } catch {
            if onInvalid == .stop { throw error }
            summary.note(error)
            return
        }
        summary.records += 1
        try body(record)  // errors of the caller propagate, never counted as bad lines
    }
    return summary
}

/// Loads all records of a spectrum JSONL file (strict: throws on the first bad line).
public func loadSpectrumJSONL(path: String) throws -> [SpectrumRecord] {
    try loadSpectrumJSONL(paths: [path])
}

/// Loads all records of several spectrum JSONL files, in order, as one dataset (strict: throws on the first bad
/// line; an id must be unique across all the files, a repeat is reported at its file and line).
public func loadSpectrumJSONL(paths: [String]) throws -> [SpectrumRecord] {
    var out: [SpectrumRecord] = []
    var ids = IDSet()
    for path in paths {
        _ = try readRecords(reader: LineReader(path: path), onInvalid: .stop, ids: &ids) { out.append($0) }
    }
    return out
}

/// Writes records as JSONL, buffered; the file appears atomically (written to `path.tmp`, renamed on `close`).
public final class SpectrumWriter {
    /// The destination path.
    public let path: String
    private let tmpPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    /// Records written so far.
    public private(set) var count = 0

    /// Creates the writer (and the temporary file).
    public init(path: String) throws(DataError) {
        self.path = path
        self.tmpPath = path + ".tmp"
        file = fopen(tmpPath, "wb")
        if file == nil { throw DataError(.io, file: path, line: nil, "cannot create: \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if let file { fclose(file); unlink(tmpPath) }
    }

    /// Appends one record as a line.
    public func write(_ record: SpectrumRecord) throws(DataError) {
        buffer.append(contentsOf: record.jsonLine())
        buffer.append(0x0A)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(DataError) {
        guard let file else { throw DataError(.io, file: path, line: nil, "writer already closed") }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if n != buffer.count { throw DataError(.io, file: path, line: nil, "write failed: \(String(cString: strerror(errno)))") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place.
    public func close() throws(DataError) {
        try flush()
        let rc = fclose(file)
        file = nil
        if rc != 0 { unlink(tmpPath); throw DataError(.io, file: path, line: nil, "close failed") }
        if rename(tmpPath, path) != 0 {
            throw DataError(.io, file: path, line: nil, "rename failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Writes all records to `path` as JSONL.
public func writeSpectrumJSONL(_ records: [SpectrumRecord], to path: String) throws(DataError) {
    let w = try SpectrumWriter(path: path)
    for r in records { try w.write(r) }
    try w.close()
}
