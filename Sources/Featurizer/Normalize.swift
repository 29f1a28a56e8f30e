// Normalization: cut to maxChars scalars, NFKC, case fold, into UTF-8 bytes (ASCII fast path: lowercase bytes).
import Foundation

/// Counts of the whole input (the length features use them): of the normalized text when it was not
/// truncated, else of the raw input (so a 100 kB prompt still reports its full length).
struct InputCounts {
    /// Unicode scalars in the whole input.
    var scalars = 0
    /// Whitespace-separated words in the whole input (ASCII whitespace).
    var words = 0
}

/// Text normalization shared by training and inference.
public enum TextNormalizer {
    /// The normalized form of `text` as a String: NFKC, then lowercase, then `ß`→`ss` and `ς`→`σ` (case folding).
    ///
    /// ASCII input skips NFKC (ASCII is NFKC-stable) and only lowercases A-Z. Not truncated.
    public static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        _ = normalizedBytes(text, maxChars: Int.max, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the normalized UTF-8 bytes of the first `maxChars` scalars of `text` into `out` (replacing it).
    static func normalizedBytes(_ text: String, maxChars: Int, into out: inout [UInt8]) -> InputCounts {
        out.removeAll(keepingCapacity: true)
        var counts = InputCounts()
        var utf8 = text.utf8
        let ascii = utf8.withContiguousStorageIfAvailable { asciiPass($0, maxChars: maxChars, out: &out, counts: &counts) }
        if ascii == true { return counts }
        if ascii == nil {  // bridged / non-contiguous string: make it native and retry
            var s = text
            s.makeContiguousUTF8()
            utf8 = s.utf8
            if utf8.withContiguousStorageIfAvailable({ asciiPass($0, maxChars: maxChars, out: &out, counts: &counts) }) == true {
                return counts
            }
        }
        // Non-ASCII: count, truncate by scalars, NFKC, lowercase, fold the two lowercase-vs-casefold differences.
        out.removeAll(keepingCapacity: true)
        counts = InputCounts()
        counts.words = countWords(utf8)
        let scalars = text.unicodeScalars
        counts.scalars = scalars.count
        var cut = text
        if counts.scalars > maxChars {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars.prefix(maxChars))
            cut = String(view)
        }
        let folded = cut.precomposedStringWithCompatibilityMapping.lowercased()
        var prev: UInt8 = 0
        for b in folded.utf8 {
            // ß = C3 9F -> "ss"; ς = CF 82 -> σ = CF 83
            if prev == 0xC3 && b == 0x9F { out[out.count - 1] = 0x73; out.append(0x73) }
            else if prev == 0xCF && b == 0x82 { out.append(0x83) }
            else { out.append(b) }
            prev = b
        }
        if counts.scalars <= maxChars {  // not truncated: count the normalized text (NFKC/fold-invariant lengths)
            counts.scalars = out.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            var words = 0, inWord = false
            for b in out {
                let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
                if !space && !inWord { words += 1 }
                inWord = !space
            }
            counts.words = words
        }
        return counts
    }

    /// If every byte is ASCII, writes the lowercased first `maxChars` bytes and returns true; else returns false.
    private static func asciiPass(_ p: UnsafeBufferPointer<UInt8>, maxChars: Int, out: inout [UInt8],
                                  counts: inout InputCounts) -> Bool {
        var words = 0
        var inWord = false
        for b in p {
            if b >= 0x80 { return false }
            let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
            if !space && !inWord { words += 1 }
            inWord = !space
        }
        counts.scalars = p.count
        counts.words = words
        let n = min(p.count, maxChars)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[0..<n]))
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<n where o[i] &- 0x41 < 26 { o[i] |= 0x20 }  // A-Z -> a-z
        }
        return true
    }

    /// Whitespace-separated words of `text` (ASCII whitespace), as the `log_words` feature counts them.
    public static func wordCount(_ text: String) -> Int { countWords(text.utf8) }

    private static func countWords(_ utf8: String.UTF8View) -> Int {
        func count<S: Sequence<UInt8>>(_ bytes: S) -> Int {
            var words = 0
            var inWord = false
            for b in bytes {
                let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
                if !space && !inWord { words += 1 }
                inWord = !space
            }
            return words
        }
        // Native strings are contiguous: count over the buffer (the view's iterator costs several times more).
        return utf8.withContiguousStorageIfAvailable { count($0) } ?? count(utf8)
    }
}
