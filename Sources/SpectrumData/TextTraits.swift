// Surface traits of a text (casing, final "?", LaTeX, code), used by `data stats` to make the format
// shortcuts of each source visible: if one label is all-lowercase and another all-LaTeX, a model can
// learn the source instead of the complexity.

/// Cheap surface traits of a query text.
public struct TextTraits: Sendable, Equatable {
    /// Has at least one letter and no uppercase letter.
    public var allLowercase: Bool
    /// Ends with "?" (ignoring trailing whitespace).
    public var endsWithQuestionMark: Bool
    /// Contains LaTeX math (`$...$`, `\(`, `\[`, `\frac`, `\begin{`, `^{`, `_{`, ...).
    public var containsLaTeX: Bool
    /// Contains source code (fenced blocks, `def f(`, `return`, `#include`, braces with `;`, indented blocks...).
    public var containsCode: Bool

    /// Computes the traits of `text`.
    public init(_ text: String) {
        var hasLetter = false
        var hasUpper = false
        for u in text.unicodeScalars {
            if u.properties.isAlphabetic {
                hasLetter = true
                if u.properties.isUppercase { hasUpper = true; break }
            }
        }
        allLowercase = hasLetter && !hasUpper
        endsWithQuestionMark = trimmed(text).hasSuffix("?")
        containsLaTeX = TextTraits.detectLaTeX(text)
        containsCode = TextTraits.detectCode(text)
    }

    /// True if `text` has LaTeX math markup.
    public static func detectLaTeX(_ text: String) -> Bool {
        let markers = ["\\frac", "\\(", "\\[", "\\begin{", "\\sqrt", "\\cdot", "\\times", "\\boxed", "\\left",
                       "\\mathbf", "\\mathrm", "\\sum", "\\int", "\\le", "\\ge", "\\pi", "\\alpha", "\\theta",
                       "^{", "_{", "$$"]
        for m in markers where text.contains(m) { return true }
        // An inline `$...$` with a math character inside (not a price like "$5 and $10").
        let b = Array(text.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "$") {
                var j = i + 1
                var mathy = false
                while j < b.count, b[j] != UInt8(ascii: "$"), b[j] != 0x0A, j - i < 200 {
                    let c = b[j]
                    if c == UInt8(ascii: "\\") || c == UInt8(ascii: "^") || c == UInt8(ascii: "_")
                        || c == UInt8(ascii: "=") || c == UInt8(ascii: "{") || (c >= 0x61 && c <= 0x7A && j == i + 1) {
                        mathy = true
                    }
                    j += 1
                }
                if j < b.count, b[j] == UInt8(ascii: "$"), mathy, j > i + 1 { return true }
                i = j
            }
            i += 1
        }
        return false
    }

    /// True if `text` contains program code.
    public static func detectCode(_ text: String) -> Bool {
        let markers = ["```", "def ", "#include", "import ", "function ", "return ", "console.log", "printf(",
                       "System.out", "public static", "=> {", "#!/", "</", "SELECT ", "print("]
        var hits = 0
        for m in markers where text.contains(m) {
            if m == "```" || m == "#include" || m == "#!/" { return true }
            hits += 1
        }
        if hits >= 2 { return true }
        // Code-like lines: ending in `{`, `}` or `;`, or `def f(...):`-style headers, or 4-space indented lines.
        var codeLines = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let t = line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard let last = t.last(where: { $0 != " " && $0 != "\r" }) else { continue }
            let indented = line.hasPrefix("    ") || line.hasPrefix("\t")
            // A line ending in `{`, `;` or `}` counts only with code punctuation in it (prose lists end in ";" too).
            let codePunct = t.contains("(") || t.contains("=") || t.contains("[") || t == "}" || t == "};"
            if ((last == "{" || last == ";" || last == "}") && codePunct && !t.contains("$")) || (indented && last == ":") {
                codeLines += 1
            }
            if t.hasPrefix("def ") && last == ":" { return true }
        }
        return codeLines >= 2 || (hits >= 1 && codeLines >= 1)
    }
}
