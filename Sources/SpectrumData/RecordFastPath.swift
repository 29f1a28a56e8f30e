// The fast path of JSONL reading: a decoder specialized to the record schema that scans a line's bytes once,
// and the set of ids seen. It accepts only lines it can decode exactly as `decodeRecord` would and returns nil
// for anything else (any error, an escaped key, an unusual number, ...); the caller then runs the general path,
// which produces the same record or the exact error. So errors and results never depend on which path ran.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes a record from one line without building a JSON tree, or returns nil (then use `decodeRecord`).
///
/// Same result as `decodeRecord(Array(line), ...)` whenever it returns a record (tested against it).
func decodeRecordFast(_ line: UnsafeBufferPointer<UInt8>) -> SpectrumRecord? {
    var d = FastRecordDecoder(buf: line)
    return d.record()
}

/// One pass over a line: `{` ws key ws `:` ws value ws (`,` ...)* `}` ws, for the seven keys of the schema.
struct FastRecordDecoder {
    let buf: UnsafeBufferPointer<UInt8>
    var pos = 0

    init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    /// The keys, as bits of the `seen` mask.
    enum Key: Int { case id, text, complexity, safety, safetyCategory, budgetTokens, source }

    /// A decoded string value.
    typealias Str = (text: String, escaped: Bool)

    @inline(__always) mutating func skipWhitespace() {
        while pos < buf.count {
            let c = buf[pos]
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            pos += 1
        }
    }

    @inline(__always) mutating func eat(_ c: UInt8) -> Bool {
        skipWhitespace()
        guard pos < buf.count, buf[pos] == c else { return false }
        pos += 1
        return true
    }

    mutating func record() -> SpectrumRecord? {
        var seen = 0
        var id: String?, text: String?, source: String?, category: String?
        var complexity: Complexity?, safety: Safety?, budget: Int?
        guard eat(UInt8(ascii: "{")) else { return nil }
        if eat(UInt8(ascii: "}")) { return nil }  // {} misses the required keys
        repeat {
            skipWhitespace()
            guard let key = key(), eat(UInt8(ascii: ":")) else { return nil }
            let bit = 1 << key.rawValue
            if seen & bit != 0 { return nil }
            seen |= bit
            skipWhitespace()
            switch key {
            case .id: guard let s = string(), !s.text.isEmpty else { return nil }; id = s.text
            case .source: guard let s = string(), !s.text.isEmpty else { return nil }; source = s.text
            case .text:
                // Not all whitespace: a visible ASCII byte settles it, else ask the String (as decodeRecord does).
                guard let s = string(), s.text.utf8.withContiguousStorageIfAvailable(hasVisibleASCII) == true
                        || !s.text.allSatisfy(\.isWhitespace) else { return nil }
                text = s.text
            case .safetyCategory:
                if null() { category = nil } else { guard let s = string() else { return nil }; category = s.text }
            case .complexity:
                if !null() {
                    guard let s = rawString() else { return nil }
                    switch s.count {
                    case 6 where equal(s, "simple"): complexity = .simple
                    case 8 where equal(s, "moderate"): complexity = .moderate
                    case 4 where equal(s, "high"): complexity = .high
                    default: return nil
                    }
                }
            case .safety:
                if !null() {
                    guard let s = rawString() else { return nil }
                    switch s.count {
                    case 4 where equal(s, "safe"): safety = .safe
                    case 5 where equal(s, "risky"): safety = .risky
                    default: return nil
                    }
                }
            case .budgetTokens:
                if !null() { guard let b = integer() else { return nil }; budget = b }
            }
        } while eat(UInt8(ascii: ","))
        guard eat(UInt8(ascii: "}")) else { return nil }
        skipWhitespace()
        guard pos == buf.count, let id, let text, let source else { return nil }
        return SpectrumRecord(id: id, text: text, complexity: complexity, safety: safety,
                              safetyCategory: category, budgetTokens: budget, source: source)
    }

    /// A key without escapes, matched against the schema's names.
    mutating func key() -> Key? {
        guard let s = rawString() else { return nil }
        switch s.count {
        case 2 where equal(s, "id"): return .id
        case 4 where equal(s, "text"): return .text
        case 6 where equal(s, "safety"): return .safety
        case 6 where equal(s, "source"): return .source
        case 10 where equal(s, "complexity"): return .complexity
        case 13 where equal(s, "budget_tokens"): return .budgetTokens
        case 15 where equal(s, "safety_category"): return .safetyCategory
        default: return nil
        }
    }

    @inline(__always) func equal(_ s: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        s.count == word.utf8CodeUnitCount && memcmp(s.baseAddress!, word.utf8Start, s.count) == 0
    }

    /// `null`, consumed if present.
    mutating func null() -> Bool {
        guard pos + 4 <= buf.count, buf[pos] == UInt8(ascii: "n"), buf[pos + 1] == UInt8(ascii: "u"),
              buf[pos + 2] == UInt8(ascii: "l"), buf[pos + 3] == UInt8(ascii: "l") else { return false }
        pos += 4
        return true
    }

    /// The bytes of a string without escapes or control characters (pos at its opening quote), or nil.
    @inline(__always)
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard pos < buf.count, buf[pos] == 0x22 else { return nil }
        let start = pos + 1
        let end = specialByte(from: start)
        guard end < buf.count, buf[end] == 0x22 else { return nil }
        pos = end + 1
        return UnsafeBufferPointer(rebasing: buf[start..<end])
    }

    /// The index of the first `"`, `\` or control byte (< 0x20) at or after `i`, or `buf.count`.
    /// Scans 8 bytes at a time (SWAR): a block without any of them is skipped whole.
    @inline(__always)
    func specialByte(from i0: Int) -> Int {
        var i = i0
        let n = buf.count, base = UnsafeRawPointer(buf.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = x ^ (ones &* 0x22), b = x ^ (ones &* 0x5C)
            // high bit set in a byte where q == 0, b == 0 or x < 0x20 (may flag bytes after a true hit too)
            let hit = ((q &- ones) & ~q | (b &- ones) & ~b | (x &- ones &* 0x20) & ~x) & highs
            if hit != 0 { break }
            i += 8
        }
        while i < n {
            let c = buf[i]
            if c == 0x22 || c == 0x5C || c < 0x20 { return i }
            i += 1
        }
        return n
    }

    /// A string value (pos at its opening quote) with valid UTF-8, unescaped like `parseJSON` does, or nil.
    mutating func string() -> Str? {
        guard pos < buf.count, buf[pos] == 0x22 else { return nil }
        let open = pos
        var end = specialByte(from: open + 1)
        if end < buf.count, buf[end] == 0x22 {
            guard let text = validString(UnsafeBufferPointer(rebasing: buf[(open + 1)..<end])) else { return nil }
            pos = end + 1
            return (text, false)
        }
        // Escapes: copy the runs between them, decode the one-character escapes; \u (rare) goes to the
        // general parser. The raw bytes must be valid UTF-8 (escapes are ASCII, so checking runs is enough).
        var out: [UInt8] = []
        var run = open + 1
        while true {
            guard end < buf.count, buf[end] == 0x5C, end + 1 < buf.count else {
                guard end < buf.count, buf[end] == 0x22 else { return nil }  // control byte or unterminated
                break
            }
            let seg = UnsafeBufferPointer(rebasing: buf[run..<end])
            guard isASCII(seg) || String(validating: seg, as: UTF8.self) != nil else { return nil }
            out.append(contentsOf: seg)
            let e: UInt8
            switch buf[end + 1] {
            case 0x22: e = 0x22
            case 0x5C: e = 0x5C
            case 0x2F: e = 0x2F
            case UInt8(ascii: "b"): e = 0x08
            case UInt8(ascii: "f"): e = 0x0C
            case UInt8(ascii: "n"): e = 0x0A
            case UInt8(ascii: "r"): e = 0x0D
            case UInt8(ascii: "t"): e = 0x09
            default: return generalString(open)
            }
            out.append(e)
            run = end + 2
            end = specialByte(from: run)
        }
        let seg = UnsafeBufferPointer(rebasing: buf[run..<end])
        guard isASCII(seg) || String(validating: seg, as: UTF8.self) != nil else { return nil }
        out.append(contentsOf: seg)
        pos = end + 1
        return (String(decoding: out, as: UTF8.self), true)
    }

    /// A string with \u escapes (or an invalid escape): `JSONParser.parseString`, after checking the raw
    /// bytes are valid UTF-8.
    mutating func generalString(_ open: Int) -> Str? {
        var p = JSONParser(buf: buf, maxDepth: 1)
        p.pos = open
        guard let text = try? p.parseString(),
              validString(UnsafeBufferPointer(rebasing: buf[(open + 1)..<(p.pos - 1)])) != nil else { return nil }
        pos = p.pos
        return (text, true)
    }

    /// A non-negative integer literal of at most 18 digits followed by a delimiter, or nil.
    mutating func integer() -> Int? {
        var i = pos, v = 0
        while i < buf.count, buf[i] &- 0x30 < 10, i - pos < 18 {
            v = v * 10 + Int(buf[i] &- 0x30)
            i += 1
        }
        let n = i - pos
        guard n > 0, !(n > 1 && buf[pos] == 0x30) else { return nil }  // "012" is not JSON; a 19th digit fails below
        if i < buf.count {
            let c = buf[i]
            guard c == 0x2C || c == 0x7D || c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return nil }
        }
        pos = i
        return v
    }
}

/// The String of `raw` if it is valid UTF-8, else nil (ASCII is checked 8 bytes at a time first).
@inline(__always)
func validString(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    if isASCII(raw) { return String(decoding: raw, as: UTF8.self) }
    return String(validating: raw, as: UTF8.self)
}

/// True if every byte is < 0x80.
@inline(__always)
func isASCII(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = raw.count
    guard let base = raw.baseAddress else { return true }
    var i = 0
    var acc: UInt64 = 0
    let raw8 = UnsafeRawPointer(base)
    while i + 8 <= n { acc |= raw8.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
    while i < n { acc |= UInt64(base[i]); i += 1 }
    return acc & 0x8080_8080_8080_8080 == 0
}

/// True if the bytes contain a printable non-space ASCII character (then the text is not all whitespace).
@inline(__always)
func hasVisibleASCII(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    for c in raw where c > 0x20 && c < 0x7F { return true }
    return false
}

/// The ids seen so far, for the duplicate check: a hash table over the ids' bytes while every id is ASCII
/// (byte equality is String equality there), switching to a `Set<String>` (Unicode canonical equivalence,
/// exactly `Set<String>`'s semantics) at the first non-ASCII id.
struct IDSet {
    private var ids: [String] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 10)  // index into ids, -1 = empty
    private var general: Set<String>?

    /// Inserts `id`; false if an equal id was inserted before.
    mutating func insert(_ id: String) -> Bool {
        if general != nil { return general!.insert(id).inserted }
        let ascii: (Bool, UInt64)? = id.utf8.withContiguousStorageIfAvailable { b in (isASCII(b), IDSet.hash(b)) }
        guard let (isAscii, h) = ascii, isAscii else {
            general = Set(ids)
            ids = []; hashes = []; slots = []
            return general!.insert(id).inserted
        }
        if (ids.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 {
            let j = Int(slots[s])
            if hashes[j] == h && ids[j] == id { return false }
            s = (s + 1) & mask
        }
        slots[s] = Int32(ids.count)
        ids.append(id)
        hashes.append(h)
        return true
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (j, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(j)
        }
    }

    /// A multiply-xorshift hash of the bytes, 8 at a time, finalized by the SplitMix64 mixer.
    private static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(b.count)
        var i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= b.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
                i += 8
            }
            while i < b.count { h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3; i += 1 }
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
