// Structural features: a small dense vector of source-independent signals (length, questions, numbers,
// constraints, clauses, code, formulas, planning, ...), each scaled to about [0, 1]. Computed on the
// case-folded text, so no feature can see casing. See docs/featurizer.md for each feature's definition.
import Foundation

/// The names and order of the structural features (`dense[b, f]` of a batch).
public enum StructuralFeatures {
    /// Feature names in vector order; the docs describe each one.
    public static let names: [String] = [
        "log_chars", "log_words", "avg_word_len", "sentences", "question_marks", "question_form",
        "imperative_form", "greeting", "polite", "how_to", "numbers", "digit_frac", "math_operators",
        "math_words", "variables", "latex", "code", "programming", "constraints", "conjunctions", "multi_step",
        "comparatives", "alternatives", "planning", "time_expressions", "money_units", "list_items", "commas",
        "newlines", "parentheses", "reasoning_verbs", "proof", "design", "optimization", "role_play",
        "hypothetical", "negations", "quantities", "wh_words",
        "harm_weapons", "harm_drugs", "harm_cyber", "harm_fraud", "harm_violence", "harm_self", "harm_hate",
        "harm_surveillance", "harm_persuasion", "harm_intent", "benign_context", "harm_request",
        "parallel_steps",
    ]
    /// Number of structural features F.
    public static let count = names.count

    /// `min(1, log(1 + x) / log(1 + cap))`: 0 for none, 1 at `cap` occurrences or more.
    @inline(__always) static func lg(_ x: Int, _ cap: Float) -> Float {
        if x <= 0 { return 0 }
        let num = x < log1pTable.count ? log1pTable[x] : log1p(Double(x))
        return min(1, Float(num / log1p(Double(cap))))
    }

    /// log(1 + x) for small counts (the common case), to skip libm in the hot path.
    static let log1pTable: [Double] = (0..<256).map { log1p(Double($0)) }

    /// Byte-level counts from one pass over the normalized text.
    struct ByteCounts {
        var qmarks = 0, sentences = 0, newlines = 0, commas = 0, parens = 0, mathOps = 0, latex = 0
        var code = 0, listItems = 0, digits = 0, nonSpace = 0, money = 0
    }

    /// One pass over normalized UTF-8 bytes counting punctuation-level structure.
    static func scan(_ p: UnsafeBufferPointer<UInt8>) -> ByteCounts {
        var c = ByteCounts()
        let n = p.count
        var lineStart = true  // only spaces seen since the last newline
        var lastNonSpace: UInt8 = 0
        var listDot = -1  // index of the "." / ")" closing a line-start list number
        var i = 0
        @inline(__always) func at(_ j: Int) -> UInt8 { j >= 0 && j < n ? p[j] : 0 }
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) || b == 0 }
        while i < n {
            let b = p[i]
            if b &- 0x61 < 26 && !lineStart {  // a lowercase ASCII letter mid-line (most bytes): only counted
                c.nonSpace += 1
                lastNonSpace = b
                i += 1
                continue
            }
            if isSpace(b) {
                if b == 0x0A { c.newlines += 1; lineStart = true }
                i += 1
                continue
            }
            c.nonSpace += 1
            if isDigit(b) { c.digits += 1 }
            let next = at(i + 1), prev = at(i - 1)
            if lineStart {  // list item at line start: "-", "*", "•" + space, or "12." / "3)" / "(a)" + space
                if (b == 0x2D || b == 0x2A) && isSpace(next) && i + 1 < n { c.listItems += 1 }
                else if b == 0xE2 && next == 0x80 && at(i + 2) == 0xA2 { c.listItems += 1 }  // •
                else if isDigit(b) {
                    var j = i
                    while isDigit(at(j)) { j += 1 }
                    if (at(j) == 0x2E || at(j) == 0x29) && isSpace(at(j + 1)) { c.listItems += 1; listDot = j }
                }
            }
            if b == 0x28, at(i + 2) == 0x29, isDigit(next) || (next >= 0x61 && next <= 0x7A) {
                c.listItems += 1  // inline "(1)" / "(a)"
            }
            lineStart = false
            switch b {
            case 0x3F:  // ?
                c.qmarks += 1
                if next != 0x3F && next != 0x21 { c.sentences += 1 }
            case 0x2E, 0x21:  // . !
                if isSpace(next) && prev != b && i != listDot { c.sentences += 1 }
            case 0x2C: c.commas += 1
            case 0x28: c.parens += 1
            case 0x2B, 0x2A, 0x3D, 0x5E, 0x3C, 0x3E:  // + * = ^ < >
                c.mathOps += 1
                if b == 0x3D && (next == 0x3D || next == 0x3E) { c.code += 1 }  // == =>
            case 0x2F:  // / between digits or spaced
                if isDigit(prev) || isDigit(next) || (prev == 0x20 && next == 0x20) { c.mathOps += 1 }
            case 0x2D:  // - as minus: before a digit after a space/digit/paren, or spaced
                if (isDigit(next) && (isSpace(prev) || isDigit(prev) || prev == 0x28)) || (prev == 0x20 && next == 0x20) { c.mathOps += 1 }
                if next == 0x3E { c.code += 1 }  // ->
            case 0x5C:  // backslash command or \( \[
                if (next >= 0x61 && next <= 0x7A) || next == 0x28 || next == 0x5B { c.latex += 1 }
            case 0x24:  // $: money before a digit, LaTeX otherwise
                if isDigit(next) || (next == 0x20 && isDigit(at(i + 2))) { c.money += 1 }
                else if !isSpace(next) || prev == 0x24 { c.latex += 1 }
            case 0x25: c.money += 1  // %
            case 0x7B, 0x7D, 0x60: c.code += 1  // { } `
            case 0x3B: if isSpace(next) && (next == 0x0A || next == 0) { c.code += 1 }  // ; at end of line
            case 0xC3:  // × ÷
                if next == 0x97 || next == 0xB7 { c.mathOps += 1 }
            case 0xC2:  // ±
                if next == 0xB1 { c.mathOps += 1 }
            case 0xE2:  // U+2200-22FF math operators (E2 88 xx, E2 89 xx, E2 8A xx, E2 8B xx), U+2212 minus
                if next >= 0x88 && next <= 0x8B { c.mathOps += 1 }
                else if next == 0x82 && (at(i + 2) == 0xAC) { c.money += 1 }  // €
            default: break
            }
            if b == 0x29 && prev == 0x28 { c.code += 1 }  // ()
            lastNonSpace = b
            i += 1
        }
        if c.nonSpace > 0 && lastNonSpace != 0x3F && lastNonSpace != 0x2E && lastNonSpace != 0x21 { c.sentences += 1 }
        return c
    }
}
