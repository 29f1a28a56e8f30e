// Text helpers of the labeling policy: normalization for dedupe/splits, the budget proxy, small parsers.

/// The dedupe/split key of a text: lowercased, whitespace runs collapsed to one space, trimmed.
public func normalizedText(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for u in text.lowercased().unicodeScalars {
        let space = u.value < 0x80 ? (u == " " || (u.value >= 0x09 && u.value <= 0x0D)) : u.properties.isWhitespace
        if space {
            pendingSpace = !out.isEmpty
        } else {
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(u)
        }
    }
    return String(out)
}

/// Number of whitespace-separated words.
public func wordCount(_ text: String) -> Int {
    var n = 0
    var inWord = false
    for u in text.unicodeScalars {
        if u.properties.isWhitespace { inWord = false } else if !inWord { inWord = true; n += 1 }
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
    var s = ""
    var rest = Substring(answer)
    while let open = rest.firstRange(of: "<<") {
        s += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].firstRange(of: ">>") else { rest = rest[open.lowerBound...]; break }
        rest = rest[close.upperBound...]
    }
    s += rest
    let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.trimmingPrefix(while: { $0 == " " }).hasPrefix("####") }
    return lines.joined(separator: "\n")
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
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    return String(scalars[first...last])
}
