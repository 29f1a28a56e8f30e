// Errors for bad input: every one names the file, the line and (where there is one) the field.

/// The kind of a data error; the skip-invalid mode counts skipped lines per kind.
public enum DataErrorKind: String, CaseIterable, Codable, Sendable {
    case io = "i/o error"
    case invalidUTF8 = "invalid UTF-8"
    case lineTooLong = "line too long"
    case emptyLine = "empty line"
    case malformedJSON = "malformed JSON"
    case notAnObject = "not a JSON object"
    case missingField = "missing field"
    case unknownField = "unknown field"
    case duplicateField = "duplicate field"
    case wrongType = "wrong type"
    case unknownLabel = "unknown label"
    case emptyText = "empty text"
    case invalidBudget = "invalid budget"
    case duplicateId = "duplicate id"
    case malformedCSV = "malformed CSV"
    case badSource = "bad source file"
}

/// An error in a data file, e.g. `data.jsonl:17: field "complexity": expected "simple", "moderate", "high" or null, got "hard"`.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of problem.
    public let kind: DataErrorKind
    /// The file as given by the caller.
    public let file: String
    /// 1-based line number, or nil when the error concerns the whole file.
    public let line: Int?
    /// The field concerned, if any.
    public let field: String?
    /// What was expected and what was found.
    public let message: String

    /// Creates an error.
    public init(_ kind: DataErrorKind, file: String, line: Int?, field: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "field \"\(field)\": " }
        return s + message
    }
}

/// Quotes a value for an error message, truncated to `limit` characters.
func quoted(_ s: String, limit: Int = 60) -> String {
    var t = s
    if t.count > limit { t = String(t.prefix(limit)) + "..." }
    var out: [UInt8] = []
    appendJSONString(t, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// A JSON value rendered shortly for an error message (`"hard"`, `3.5`, `an array`).
func shortJSON(_ v: JSONValue) -> String {
    switch v {
    case .null: return "null"
    case let .bool(b): return b ? "true" : "false"
    case let .number(n): return n
    case let .string(s): return quoted(s)
    case .array: return "an array"
    case .object: return "an object"
    }
}
