// Text helpers of the labeling policy: normalization for dedupe/splits, the budget proxy, small parsers.

/// The dedupe/split key of a text: lowercased, whitespace runs collapsed to one space, trimmed.
public func normalizedText(_ text: String) -> String {
    if let ascii = normalizedASCII(text) { return ascii }
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for u in text.unicodeScalars {
        if isSpace(u) {
            pendingSpace = !out.isEmpty
            continue
        }
        if pendingSpace { out.append(0x20); pendingSpace = false }
        if u.value < 0x80 {
            let c = UInt8(u.value)
            out.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
        } else if u.properties.changesWhenLowercased {
            out.append(contentsOf: u.properties.lowercaseMapping.utf8)
        } else {
            UTF8.encode(u) { out.append($0) }
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Whitespace test with an ASCII fast path (Unicode White_Space otherwise).
@inline(__always) func isSpace(_ u: Unicode.Scalar) -> Bool {
    u.value < 0x80 ? (u.value == 0x20 || (u.value >= 0x09 && u.value <= 0x0D)) : u.properties.isWhitespace
}

/// `normalizedText` for pure-ASCII text on bytes (the common case); nil if `text` has non-ASCII bytes.
func normalizedASCII(_ text: String) -> String? {
    var t = text
    return t.withUTF8 { (b) -> String? in
        var out = [UInt8]()
        out.reserveCapacity(b.count)
        var pendingSpace = false
        for c in b {
            if c >= 0x80 { return nil }
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Number of whitespace-separated words.
public func wordCount(_ text: String) -> Int {
    var n = 0
    var inWord = false
    for u in text.unicodeScalars {
        if isSpace(u) { inWord = false } else if !inWord { inWord = true; n += 1 }
    }
    return n
}

/// The budget proxy of a reference solution: `round(1.3 * W)` tokens for W words, never below 16.
public func budgetProxy(solution: String) -> Int {
    budgetProxy(words: wordCount(solution))
}

/// The budget proxy for a word count: `max(16, round(1.3 * words))`.
public func budgetProxy(words: Int) -> Int {
    max(16, Int((1.3 * Double(words)).rounded()))
}

/// A GSM8K answer without its `<<calc>>` notes and its final `#### n` line (the policy's cleaning).
public func cleanGSM8KAnswer(_ answer: String) -> String {
    let b = Array(answer.utf8)
    var s: [UInt8] = []
    s.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
        if b[i] == UInt8(ascii: "<"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "<") {
            var j = i + 2
            while j + 1 < b.count, !(b[j] == UInt8(ascii: ">") && b[j + 1] == UInt8(ascii: ">")) { j += 1 }
            if j + 1 < b.count { i = j + 2; continue }  // an unclosed "<<" is kept as text
        }
        s.append(b[i])
        i += 1
    }
    let lines = s.split(separator: 0x0A, omittingEmptySubsequences: false)
        .filter { !$0.drop(while: { $0 == 0x20 }).starts(with: Array("####".utf8)) }
    return String(decoding: Array(lines.joined(separator: [0x0A])), as: UTF8.self)
}

/// Parses a Python list literal of strings (`['a', "b's"]`), as some raw files store lists as text.
/// Returns nil if `text` is not such a literal.
public func parsePythonStringList(_ text: String) -> [String]? {
    let chars = Array(text.unicodeScalars)
    var i = 0
    func skipSpace() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }
    skipSpace()
    guard i < chars.count, chars[i] == "[" else { return nil }
    i += 1
    var items: [String] = []
    while true {
        skipSpace()
        guard i < chars.count else { return nil }
        if chars[i] == "]" { i += 1; break }
        let q = chars[i]
        guard q == "'" || q == "\"" else { return nil }
        i += 1
        var s = String.UnicodeScalarView()
        while true {
            guard i < chars.count else { return nil }
            let c = chars[i]
            if c == q { i += 1; break }
            if c == "\\", i + 1 < chars.count {
                let e = chars[i + 1]
                switch e {
                case "n": s.append("\n")
                case "t": s.append("\t")
                case "r": s.append("\r")
                case "\\", "'", "\"": s.append(e)
                default: s.append(c); s.append(e)
                }
                i += 2
                continue
            }
            s.append(c)
            i += 1
        }
        items.append(String(s))
        skipSpace()
        guard i < chars.count else { return nil }
        if chars[i] == "," { i += 1; continue }
        if chars[i] == "]" { i += 1; break }
        return nil
    }
    skipSpace()
    return i == chars.count ? items : nil
}

/// Trims leading and trailing whitespace (incl. newlines).
public func trimmed(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }),
          let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(scalars[first...last])
}
