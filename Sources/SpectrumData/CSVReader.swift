// A streaming RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes ("") and line breaks.

/// One CSV record: the line it starts on and its fields.
public struct CSVRow: Sendable {
    /// 1-based line number where the record starts.
    public let line: Int
    /// The fields, unquoted.
    public let fields: [String]
}

/// Reads CSV records one at a time (constant memory per record), strictly per RFC 4180.
///
/// Records end at `\n` or `\r\n` outside quotes; a line break inside a quoted field is kept as `\n`.
/// Blank lines outside quotes are skipped. Errors (a quote inside an unquoted field, text after a closing
/// quote, an unterminated quote, invalid UTF-8) throw a `DataError` naming file and line.
public final class CSVReader {
    private let lines: LineReader
    /// The file name used in errors.
    public var name: String { lines.name }

    /// Opens a CSV file.
    public init(path: String, maxLineBytes: Int = 4 << 20) throws(DataError) {
        lines = try LineReader(path: path, maxLineBytes: maxLineBytes)
    }

    /// Reads CSV from memory; `name` is used in errors.
    public init(bytes: [UInt8], name: String) {
        lines = LineReader(bytes: bytes, name: name)
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// The next record, or nil at the end of the file.
    public func next() throws(DataError) -> CSVRow? {
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var startLine = 0
        func fail(_ line: Int, _ message: String) -> DataError { DataError(.malformedCSV, file: name, line: line, message) }
        func endField(_ line: Int) throws(DataError) {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw DataError(.invalidUTF8, file: name, line: line, "invalid UTF-8 in field \(fields.count + 1)")
            }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
        }
        while true {
            guard let item = try lines.next() else {
                if state == .quoted { throw fail(startLine, "unterminated quoted field (record starts here)") }
                return nil
            }
            let (n, bytes): (Int, [UInt8])
            switch item {
            case let .tooLong(num, length):
                throw DataError(.lineTooLong, file: name, line: num, "line of \(length) bytes exceeds the limit")
            case let .line(num, b): (n, bytes) = (num, b)
            }
            if state != .quoted {
                if bytes.isEmpty { continue }  // blank line between records
                startLine = n
            }
            for c in bytes {
                switch state {
                case .fieldStart:
                    if c == UInt8(ascii: "\"") { state = .quoted }
                    else if c == UInt8(ascii: ",") { try endField(n) }
                    else { field.append(c); state = .unquoted }
                case .unquoted:
                    if c == UInt8(ascii: ",") { try endField(n); state = .fieldStart }
                    else if c == UInt8(ascii: "\"") { throw fail(n, "quote inside an unquoted field \(fields.count + 1)") }
                    else { field.append(c) }
                case .quoted:
                    if c == UInt8(ascii: "\"") { state = .afterQuote } else { field.append(c) }
                case .afterQuote:
                    if c == UInt8(ascii: "\"") { field.append(c); state = .quoted }  // "" -> "
                    else if c == UInt8(ascii: ",") { try endField(n); state = .fieldStart }
                    else { throw fail(n, "unexpected character after the closing quote of field \(fields.count + 1)") }
                }
            }
            if state == .quoted {
                field.append(0x0A)  // the line break belongs to the field
                continue
            }
            try endField(n)
            return CSVRow(line: startLine, fields: fields)
        }
    }
}

/// A CSV file with a header row: look columns up by name.
public final class CSVTable {
    /// The underlying reader.
    public let reader: CSVReader
    /// The header fields.
    public let header: [String]

    /// Opens a CSV file and reads its header. Throws if the file is empty.
    public init(path: String) throws(DataError) {
        reader = try CSVReader(path: path)
        guard let h = try reader.next() else { throw DataError(.badSource, file: path, line: 1, "empty CSV file (expected a header)") }
        header = h.fields
    }

    /// The index of column `name`; throws naming the file and the columns present.
    public func column(_ name: String) throws(DataError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw DataError(.badSource, file: reader.name, line: 1, field: name,
                            "missing CSV column (header has \(header.map { quoted($0) }.joined(separator: ", ")))")
        }
        return i
    }

    /// The next data row; throws if its field count differs from the header's.
    public func next() throws(DataError) -> CSVRow? {
        guard let row = try reader.next() else { return nil }
        if row.fields.count != header.count {
            throw DataError(.malformedCSV, file: reader.name, line: row.line,
                            "expected \(header.count) fields as in the header, got \(row.fields.count)")
        }
        return row
    }
}
