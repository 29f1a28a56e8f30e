// AnswerOptions: detect a multiple-choice answer-options block ("Answer Choices: (A) x (B) y", "A. x\nB. y", ...)
// at the end of a query, and drop it or rewrite it into another option format, so the router cannot learn a
// tier from the option format of one source (docs/quality.md, iteration 3d).
import SeededRandom

/// A detected answer-options block: the question before it, the option texts, and a short trailing line.
struct AnswerOptionsBlock: Equatable {
    /// The question without the block and without its header ("Answer Choices:", "Options:", ...).
    var stem: String
    /// The option texts in order, without their letters and separators.
    var options: [String]
    /// A short line after the block ("Answer:", "Answer with the letter."), or "" if none.
    var trailer: String
}

/// Detection and rewriting of answer-options blocks.
enum AnswerOptions {
    /// Marker styles: "(A)", "A)", "A.".
    enum Style { case paren, close, dot }

    struct Marker {
        var start: Int      // index of the marker's first character
        var content: Int    // index just after the marker
        var letter: Int     // 0 for A/a
        var upper: Bool
        var style: Style
    }

    /// Headers that may introduce the block (matched case-insensitively at the end of the stem).
    static let headers = ["answer choices:", "answer choices", "answer options:", "possible answers:", "choices:",
                          "options:", "answers:", "select one:", "choose one:", "pick one:"]
    /// First words of a sub-question or step ("(a) Find x. (b) Prove y."); a block where at least half the items
    /// open with one is no options block.
    static let taskWords: Set<String> = ["find", "show", "prove", "compute", "determine", "calculate", "explain",
                                         "write", "describe", "list", "solve", "evaluate", "what", "how", "why",
                                         "give", "derive", "sketch", "state", "discuss", "use", "let", "suppose",
                                         "identify", "justify", "compare", "estimate", "simplify", "plot", "graph",
                                         "create", "make", "add", "include", "introduce", "check", "verify"]
    static let maxLetters = 10     // A...J
    static let maxItemChars = 200
    static let maxItemWords = 30
    static let maxTrailerChars = 80

    /// The answer-options block at the end of `text`, or nil if there is none.
    ///
    /// A block is a run of markers lettered A, B, C, ... (at least two; one style and case: "(A)", "A)" or "A.")
    /// that reaches the end of the text (an optional single short trailing line such as "Answer:" is allowed).
    /// Markers must follow a line start, whitespace or `:,;.?` (so `f(a)` is no marker). It is accepted only if
    /// the options are laid out one per line, or a header ("Answer Choices:", "Options:", ...) precedes them,
    /// or the question before them ends with `?` or `:`; "A." markers inside a line need a header. Every option
    /// must be short (at most 200 characters, 30 words, one line) and not end with `?` (except the last, whose
    /// "?" may close the question), and fewer than half may open with a task verb ("find", "prove", ...), which
    /// rejects multi-part problems and lists of steps.
    /// `prefilter: false` skips the byte-level check `mayHoldBlock` (the same result, slower; for tests).
    static func detect(_ text: String, prefilter: Bool = true) -> AnswerOptionsBlock? {
        if prefilter && !mayHoldBlock(text) { return nil }
        let c = Array(text)
        let markers = scan(c)
        for (k, m) in markers.enumerated().reversed() where m.letter == 0 {
            if let b = block(c, markers, from: k) { return b }
        }
        return nil
    }

    /// Drops the block (keeping the question) with probability `drop`, else rewrites it into another option
    /// format (chosen uniformly; may be the original one); unchanged without a block.
    static func rewrite(_ text: String, drop: Double, _ rng: inout SeededGenerator) -> String {
        guard let b = detect(text) else { return text }
        if rng.nextUniformDouble() < drop { return b.stem }
        let out = b.stem + rng.pick(formats)(b.options)
        return b.trailer.isEmpty ? out : out + "\n" + b.trailer
    }

    /// Appends 3-5 invented options in a random option format to a question that has none: a text ending in "?"
    /// of at most `maxAddWords` words. The options are numbers near the question's first number when it has
    /// digits, else words from `addWords`. They need not contain the answer: the label is the question's tier,
    /// and the point is that a block of options, in any format, occurs with questions of every tier. Unchanged
    /// otherwise (no "?" at the end, too long, or already with a block).
    static func add(_ text: String, _ rng: inout SeededGenerator) -> String {
        let t = text.trimmingWhitespace
        guard t.hasSuffix("?"), t.split(whereSeparator: { $0.isWhitespace }).count <= maxAddWords, detect(t) == nil else { return text }
        let k = 3 + rng.nextInt(below: 3)
        // Distinct options: numbers within max(n, 5) of the first number n (at least 6 values), or distinct words.
        let n = firstNumber(t), spread = max(n ?? 0, 5)
        var options: [String] = [], used = Set<String>()
        while options.count < k {
            let o = n.map { String(max(0, $0 + rng.nextInt(below: 2 * spread + 1) - spread)) } ?? rng.pick(addWords)
            if used.insert(o).inserted { options.append(o) }
        }
        let block = rng.pick(formats)(options)
        // The unlettered format closes with its own "?"; the others follow the question.
        return block.hasPrefix(" Is it ") ? String(t.dropLast()) + ", is it " + block.dropFirst(7) : t + block
    }

    /// The longest question that gets options added (longer texts are problems or pasted material).
    static let maxAddWords = 60

    /// The first run of ASCII digits in `s`, as an integer (at most 6 digits), or nil.
    static func firstNumber(_ s: String) -> Int? {
        var digits = ""
        for ch in s {
            if let a = ch.asciiValue, a >= 48 && a <= 57 { digits.append(ch); if digits.count == 6 { break } }
            else if !digits.isEmpty { break }
        }
        return digits.isEmpty ? nil : Int(digits)
    }

    /// Option words for questions without numbers: everyday nouns of many domains (places, things, people,
    /// feelings, activities), none tied to a tier.
    static let addWords = ["kitchen", "garden", "office", "school", "hospital", "airport", "museum", "beach", "forest",
                           "river", "mountain", "city", "village", "farm", "store", "restaurant", "hotel", "garage",
                           "basement", "attic", "bridge", "street", "stadium", "theater", "church", "castle", "desert",
                           "ocean", "island", "lake", "car", "bicycle", "train", "boat", "plane", "book", "letter",
                           "phone", "computer", "table", "chair", "window", "door", "box", "bottle", "cup", "knife",
                           "pencil", "camera", "clock", "lamp", "blanket", "shoe", "coat", "hat", "ring", "key",
                           "ticket", "map", "coin", "teacher", "doctor", "farmer", "pilot", "artist", "lawyer",
                           "student", "neighbor", "parent", "child", "friend", "king", "soldier", "chef", "nurse",
                           "happiness", "fear", "anger", "surprise", "pride", "boredom", "relief", "hope", "sadness",
                           "curiosity", "running", "sleeping", "cooking", "reading", "singing", "swimming", "driving",
                           "shopping", "writing", "painting", "water", "fire", "wind", "snow", "rain", "sunlight",
                           "music", "money", "bread", "cheese", "apple", "rice", "coffee", "tea", "salt", "sugar",
                           "dog", "cat", "horse", "bird", "fish", "cow", "rabbit", "spider", "red", "blue", "green",
                           "yellow", "winter", "summer", "spring", "autumn", "morning", "evening", "midnight",
                           "Monday", "Friday", "England", "Brazil", "Japan", "Egypt", "Canada", "India"]

    /// Option formats: each renders the options with its separator from the question.
    static let formats: [@Sendable ([String]) -> String] = [
        { "\nAnswer Choices: " + lettered($0, upper: true) { "(\($0)) \($1)" }.joined(separator: " ") },
        { "\nOptions: " + lettered($0, upper: true) { "\($0)) \($1)" }.joined(separator: " ") },
        { " " + lettered($0, upper: false) { "(\($0)) \($1)" }.joined(separator: " ") },
        { "\n" + lettered($0, upper: true) { "\($0). \($1)" }.joined(separator: "\n") },
        { "\nChoices:\n" + lettered($0, upper: true) { "(\($0)) \($1)" }.joined(separator: "\n") },
        { "\nOptions: " + lettered($0, upper: true) { "\($0). \($1)" }.joined(separator: ", ") },
        { "\n" + lettered($0, upper: true) { "\($0)) \($1)" }.joined(separator: "\n") },
        { "\n" + lettered($0, upper: false) { "\($0)) \($1)" }.joined(separator: "\n") },
        { " Is it " + $0.dropLast().joined(separator: ", ") + " or " + $0[$0.count - 1] + "?" },  // unlettered
    ]

    static func lettered(_ options: [String], upper: Bool, _ f: (String, String) -> String) -> [String] {
        options.enumerated().map { i, o in
            let scalar = Unicode.Scalar(UInt8((upper ? 65 : 97) + i))
            return f(String(Character(scalar)), o)
        }
    }

    // MARK: - scanning

    /// A byte-level necessary condition for a block: an "A" and a "B" marker candidate (`a)`, `A.`, ..., in either
    /// case), each after a byte that is no ASCII letter or digit. Every marker `scan` finds has that form (its letter
    /// is one ASCII scalar after a boundary, "(" or the start), so a text without both skips the character scan,
    /// which costs most of the augmentation time of texts without options.
    static func mayHoldBlock(_ text: String) -> Bool {
        var sawA = false, sawB = false
        var prev: UInt8 = 0x20
        var it = text.utf8.makeIterator()
        guard var cur = it.next() else { return false }
        while let next = it.next() {
            if (next == 0x29 || next == 0x2E), cur | 0x20 == 0x61 || cur | 0x20 == 0x62 {
                let p = prev | 0x20
                if !((p >= 0x61 && p <= 0x7A) || (prev >= 0x30 && prev <= 0x39)) {
                    if cur | 0x20 == 0x61 { sawA = true } else { sawB = true }
                    if sawA && sawB { return true }
                }
            }
            prev = cur
            cur = next
        }
        return false
    }

    /// All candidate markers in order.
    static func scan(_ c: [Character]) -> [Marker] {
        var out: [Marker] = []
        let n = c.count
        for i in 0..<n {
            let boundary = i == 0 || c[i - 1].isWhitespace || ":,;.?".contains(c[i - 1])
            guard boundary else { continue }
            if c[i] == "(", i + 3 < n, let (l, up) = letter(c[i + 1]), c[i + 2] == ")" {
                out.append(Marker(start: i, content: i + 3, letter: l, upper: up, style: .paren))
            } else if let (l, up) = letter(c[i]), i + 2 < n, c[i + 2].isWhitespace, c[i + 1] == ")" || c[i + 1] == "." {
                out.append(Marker(start: i, content: i + 2, letter: l, upper: up, style: c[i + 1] == ")" ? .close : .dot))
            }
        }
        return out
    }

    static func letter(_ ch: Character) -> (Int, Bool)? {
        guard let a = ch.asciiValue else { return nil }
        if a >= 65 && a < 65 + UInt8(maxLetters) { return (Int(a - 65), true) }
        if a >= 97 && a < 97 + UInt8(maxLetters) { return (Int(a - 97), false) }
        return nil
    }

    /// The block whose "A" marker is `markers[k]`, if it passes every check of `detect`.
    static func block(_ c: [Character], _ markers: [Marker], from k: Int) -> AnswerOptionsBlock? {
        let first = markers[k]
        var chain = [first]
        for m in markers[(k + 1)...] where m.style == first.style && m.upper == first.upper
            && m.letter == chain.count && m.start >= chain[chain.count - 1].content {
            chain.append(m)
        }
        guard chain.count >= 2 else { return nil }
        // Items: text between markers; the last runs to the end, minus one short trailing line.
        var items: [String] = []
        for (j, m) in chain.enumerated() {
            let end = j + 1 < chain.count ? chain[j + 1].start : c.count
            items.append(String(c[m.content..<end]))
        }
        var trailer = ""
        let last = items[items.count - 1].trimmingWhitespace
        if let nl = last.firstIndex(of: "\n") {
            trailer = String(last[nl...]).trimmingWhitespace
            guard !trailer.contains("\n"), trailer.count <= maxTrailerChars else { return nil }
            items[items.count - 1] = String(last[..<nl])
        }
        items = items.map(cleanItem)
        // A final "?" may close the whole question ("... (d) Shark?"); it is dropped with the block.
        while let l = items.last, l.hasSuffix("?") { items[items.count - 1] = String(l.dropLast()).trimmingWhitespace }
        guard items.allSatisfy(validItem) else { return nil }
        // Sub-questions or steps ("(a) Find x. (b) Prove y.") are no options: at most a minority may open with a
        // task verb (an option may: "(C) find god").
        guard 2 * items.filter(isTask).count < items.count else { return nil }
        // Layout and header.
        let lineLayout = chain.allSatisfy { atLineStart(c, $0.start) }
        var stem = String(c[0..<first.start]).trimmingWhitespace
        let lower = stem.lowercased()
        var header = false
        if let h = headers.first(where: { lower.hasSuffix($0) }) {
            header = true
            stem = String(stem.dropLast(h.count)).trimmingWhitespace
        }
        guard stem.split(whereSeparator: { $0.isWhitespace }).count >= 2 else { return nil }
        if first.style == .dot && !lineLayout && !header { return nil }
        guard lineLayout || header || stem.hasSuffix("?") || stem.hasSuffix(":") else { return nil }
        return AnswerOptionsBlock(stem: stem, options: items, trailer: trailer)
    }

    static func atLineStart(_ c: [Character], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0, c[j] == " " || c[j] == "\t" { j -= 1 }
        return j >= 0 && c[j].isNewline
    }

    /// Trims whitespace and a trailing separator ("," ";" " or") from an option.
    static func cleanItem(_ s: String) -> String {
        var t = s.trimmingWhitespace
        for sep in [",", ";"] where t.hasSuffix(sep) { t = String(t.dropLast()).trimmingWhitespace }
        if t.lowercased().hasSuffix(" or") { t = String(t.dropLast(3)).trimmingWhitespace }
        return t
    }

    /// A short, single-line option that is not itself a question.
    static func validItem(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= maxItemChars, !s.contains(where: { $0.isNewline }), !s.hasSuffix("?") else { return false }
        return s.split(whereSeparator: { $0.isWhitespace }).count <= maxItemWords
    }

    /// Whether an option opens with a task verb ("find", "prove", ...).
    static func isTask(_ s: String) -> Bool {
        guard let w = s.split(whereSeparator: { $0.isWhitespace }).first else { return false }
        return taskWords.contains(w.lowercased().filter { $0.isLetter })
    }
}
