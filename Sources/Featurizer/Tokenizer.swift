// Tokenizer: runs of letters, runs of digits, and single-scalar tokens (CJK ideographs, kana, emoji),
// read from normalized UTF-8 bytes. Everything else (spaces, punctuation, symbols) separates tokens.

/// The kind of a token.
public enum TokenKind: UInt8, Sendable {
    /// A run of letters (alphabetic scalars and combining marks).
    case word = 0
    /// A run of decimal digits (any script); hashed as the shape token `<num>` (+ its digits).
    case number = 1
    /// One CJK ideograph, kana or emoji scalar (scripts written without spaces get one token per scalar).
    case single = 2
}

/// One token: a byte range of the normalized UTF-8 buffer.
struct Token {
    var start: Int32
    var end: Int32
    var kind: TokenKind
    /// True if the token is all ASCII (then scalars = bytes; fast path for character n-grams).
    var ascii: Bool
}

/// Character classes used by the tokenizer.
enum CharClass: UInt8 {
    case separator = 0, letter = 1, digit = 2, single = 3
}

enum Tokenizer {
    /// Class of an ASCII byte (A-Z also count as letters, though normalized text has none).
    @inline(__always)
    static func asciiClass(_ b: UInt8) -> CharClass {
        if b &- 0x30 < 10 { return .digit }
        if (b | 0x20) &- 0x61 < 26 { return .letter }
        return .separator
    }

    /// Class of a non-ASCII scalar.
    @inline(never)
    static func classify(_ v: UInt32) -> CharClass {
        guard let s = Unicode.Scalar(v) else { return .separator }
        let p = s.properties
        if (0x3040...0x30FF).contains(v) || p.isIdeographic { return .single }  // kana, CJK ideographs
        switch p.generalCategory {
        case .decimalNumber: return .digit
        case .nonspacingMark, .spacingMark, .enclosingMark: return .letter
        default: break
        }
        if p.isAlphabetic { return .letter }
        if p.isEmojiPresentation { return .single }
        return .separator
    }

    /// Decodes the scalar at `i` of valid UTF-8; returns (value, byte length).
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
    }

    /// Splits normalized bytes into at most `maxTokens` tokens.
    static func tokenize(_ p: UnsafeBufferPointer<UInt8>, maxTokens: Int, into t: inout [Token]) {
        t.removeAll(keepingCapacity: true)
        var i = 0
        let n = p.count
        var curStart = 0
        var cur = CharClass.separator
        var curASCII = true
        while i < n {
            let b = p[i]
            var cls: CharClass
            var len = 1
            if b < 0x80 {
                cls = asciiClass(b)
            } else {
                let (v, l) = decode(p, i)
                len = l
                cls = classify(v)
            }
            if cls != cur || cls == .single {
                if cur != .separator {
                    t.append(Token(start: Int32(curStart), end: Int32(i), kind: kind(cur), ascii: curASCII))
                    if t.count == maxTokens { return }
                }
                cur = cls
                curStart = i
                curASCII = true
            }
            if len > 1 { curASCII = false }
            i += len
        }
        if cur != .separator { t.append(Token(start: Int32(curStart), end: Int32(n), kind: kind(cur), ascii: curASCII)) }
    }

    @inline(__always) static func kind(_ c: CharClass) -> TokenKind {
        c == .letter ? .word : c == .digit ? .number : .single
    }
}
