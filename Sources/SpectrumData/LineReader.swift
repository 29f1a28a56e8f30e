// Streaming line reader: reads a file in chunks and yields one line at a time (never the whole file).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a file: its bytes without the terminator, or the fact that it was over the size limit.
public enum LineItem: Sendable {
    /// A line (1-based number) and its bytes, without `\n` or `\r\n`.
    case line(number: Int, bytes: [UInt8])
    /// A line longer than the limit; its bytes were skipped, `length` counts them.
    case tooLong(number: Int, length: Int)
}

/// Reads `\n`- or `\r\n`-terminated lines from a file or a byte buffer, in constant memory per line.
public final class LineReader {
    /// The file name used in errors.
    public let name: String
    /// Lines longer than this many bytes are reported as `.tooLong` and not buffered.
    public let maxLineBytes: Int

    private var fd: Int32 = -1
    private var chunk: [UInt8]
    private var chunkCount = 0
    private var cursor = 0
    private var eof = false
    private var lineNumber = 0

    /// Opens `path` for streaming. Throws a `DataError` of kind `.io` when it cannot be opened.
    public init(path: String, maxLineBytes: Int = 4 << 20, chunkSize: Int = 1 << 20) throws(DataError) {
        self.name = path
        self.maxLineBytes = maxLineBytes
        self.chunk = [UInt8](repeating: 0, count: max(chunkSize, 16))
        fd = open(path, O_RDONLY)
        if fd < 0 {
            throw DataError(.io, file: path, line: nil, "cannot open: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads lines from an in-memory buffer (e.g. decompressed data); `name` is used in errors.
    public init(bytes: [UInt8], name: String, maxLineBytes: Int = 4 << 20) {
        self.name = name
        self.maxLineBytes = maxLineBytes
        self.chunk = bytes
        self.chunkCount = bytes.count
        self.eof = true
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Refills the chunk; returns false at end of file.
    private func refill() throws(DataError) -> Bool {
        if eof { return false }
        cursor = 0
        chunkCount = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(.io, file: name, line: lineNumber + 1, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true; close(fd); fd = -1; return false }
            chunkCount = n
            return true
        }
    }

    /// The next line, or nil at the end of the input. A final line without a terminator is returned too.
    public func next() throws(DataError) -> LineItem? {
        var pending: [UInt8] = []
        var length = 0
        var tooLong = false
        var sawBytes = false
        while true {
            if cursor >= chunkCount {
                if try !refill() {
                    if !sawBytes { return nil }
                    lineNumber += 1
                    return finish(pending, length: length, tooLong: tooLong)
                }
            }
            sawBytes = true
            let start = cursor
            let nl: Int? = chunk.withUnsafeBufferPointer { b in
                guard let p = memchr(b.baseAddress! + start, 0x0A, chunkCount - start) else { return nil }
                return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            let end = nl ?? chunkCount
            length += end - start
            if !tooLong && length > maxLineBytes { tooLong = true; pending = [] }
            if !tooLong { pending.append(contentsOf: chunk[start..<end]) }
            if let nl {
                cursor = nl + 1
                lineNumber += 1
                return finish(pending, length: length, tooLong: tooLong)
            }
            cursor = chunkCount
        }
    }

    private func finish(_ bytes: [UInt8], length: Int, tooLong: Bool) -> LineItem {
        if tooLong { return .tooLong(number: lineNumber, length: length) }
        var b = bytes
        if b.last == 0x0D { b.removeLast() }
        return .line(number: lineNumber, bytes: b)
    }
}

/// Reads a whole (small) file into memory; for raw source files that are single JSON documents.
public func readFileBytes(_ path: String) throws(DataError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw DataError(.io, file: path, line: nil, "cannot open: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw DataError(.io, file: path, line: nil, "read failed: \(String(cString: strerror(errno)))")
        }
        if n == 0 { return out }
        out.append(contentsOf: buf[0..<n])
    }
}
