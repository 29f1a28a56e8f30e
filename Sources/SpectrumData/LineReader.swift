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

    /// Calls `body` for each remaining line, in place: `bytes` (without `\n` or `\r\n`) points into the reader's
    /// buffer and is valid only during the call. Same lines, numbers and `.tooLong` rule as `next()`, without a
    /// per-line copy: only a line that straddles two reads is moved to the buffer's start (the buffer grows to
    /// hold a line of up to `maxLineBytes`; longer lines are skipped unbuffered, their length counted).
    public func forEachLine(_ body: (_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>?, _ length: Int) throws -> Void) throws {
        var skipped = 0        // > 0: inside a too-long line, this many bytes already dropped
        var start = cursor     // start of the current line in `chunk`
        var scan = cursor      // where the next newline search starts
        while true {
            let nl: Int? = chunk.withUnsafeBufferPointer { b in
                guard scan < chunkCount, let p = memchr(b.baseAddress! + scan, 0x0A, chunkCount - scan) else { return nil }
                return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl {
                lineNumber += 1
                cursor = nl + 1
                try emit(start, nl, skipped: skipped, body)
                skipped = 0
                start = cursor; scan = cursor
                continue
            }
            // No newline in the buffer: keep the partial line (or drop it when too long) and read more.
            let partial = chunkCount - start
            if eof {
                cursor = chunkCount
                if partial > 0 || skipped > 0 { lineNumber += 1; try emit(start, chunkCount, skipped: skipped, body) }
                return
            }
            if skipped > 0 || partial > maxLineBytes {
                skipped += partial
                chunkCount = 0
            } else if start > 0 {
                chunk.withUnsafeMutableBufferPointer { b in
                    if partial > 0 { memmove(b.baseAddress!, b.baseAddress! + start, partial) }
                }
                chunkCount = partial
            } else if chunkCount == chunk.count {
                chunk.append(contentsOf: repeatElement(0, count: chunk.count))  // a long line: double the buffer
            }
            scan = chunkCount
            start = 0
            cursor = 0
            try fill()
        }
    }

    /// Calls `body` for the line `chunk[start..<end]` (its number is `lineNumber`) after `skipped` dropped bytes.
    private func emit(_ start: Int, _ end: Int, skipped: Int,
                      _ body: (Int, UnsafeBufferPointer<UInt8>?, Int) throws -> Void) throws {
        let length = skipped + end - start
        if length > maxLineBytes { return try body(lineNumber, nil, length) }
        try chunk.withUnsafeBufferPointer { b in
            let n = end > start && b[end - 1] == 0x0D ? end - start - 1 : end - start
            try body(lineNumber, UnsafeBufferPointer(start: b.baseAddress! + start, count: n), length)
        }
    }

    /// Reads once into `chunk[chunkCount...]`; sets `eof` when the file is exhausted.
    private func fill() throws(DataError) {
        while !eof {
            let have = chunkCount
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress! + have, $0.count - have) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(.io, file: name, line: lineNumber + 1, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { eof = true; close(fd); fd = -1; return }
            chunkCount += n
            return
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
