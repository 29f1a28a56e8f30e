// Phrasing variants: question <-> imperative, polite/greeting prefixes and short suffixes.
import Foundation
import SeededRandom

/// Rewrites of the wording that keep the meaning (and so the labels) of a query.
enum Phrasing {
    /// (question opening, imperative replacements); "X" in a replacement is the rest of the query.
    static let questionToImperative: [(String, [String])] = [
        ("what is ", ["tell me X", "explain X", "give me X", "i need to know X"]),
        ("what's ", ["tell me X", "explain X", "give me X"]),
        ("what are ", ["tell me X", "list X", "explain X"]),
        ("how do i ", ["tell me how to X", "explain how to X", "show me how to X", "steps to X"]),
        ("how can i ", ["tell me how to X", "explain how to X", "show me how to X"]),
        ("how do you ", ["tell me how to X", "explain how to X"]),
        ("how to ", ["tell me how to X", "explain how to X", "how do i X?"]),
        ("who is ", ["tell me who X is", "i want to know who X is"]),
        ("who was ", ["tell me who X was"]),
        ("can you ", ["X", "please X", "i need you to X"]),
        ("could you ", ["X", "please X", "i'd like you to X"]),
        ("would you ", ["X", "please X"]),
        ("please ", ["X", "can you X?", "could you X?"]),
    ]
    /// Imperative verbs that may open a query and be turned into a request question.
    static let imperativeVerbs: Set<String> = [
        "write", "plan", "list", "explain", "give", "tell", "find", "create", "make", "describe", "show", "set",
        "convert", "calculate", "compute", "solve", "prove", "design", "translate", "summarize", "book", "remind",
        "play", "help", "draft", "outline", "suggest", "recommend", "organize", "compare", "implement", "build",
        "generate", "name", "define", "determine", "schedule", "arrange", "evaluate", "optimize", "call", "send",
    ]
    static let requestOpenings = ["can you X?", "could you X?", "would you X?", "please X", "i need you to X",
                                  "will you X?", "can you please X?", "i want you to X"]

    /// Question -> imperative or imperative -> question, when the opening is recognised; else unchanged.
    static func rephrase(_ text: String, _ rng: inout SeededGenerator) -> String {
        let t = text.trimmingWhitespace
        let lower = t.lowercased()
        for (opening, outs) in questionToImperative where lower.hasPrefix(opening) {
            let rest = stripFinal(String(t.dropFirst(opening.count)))
            guard !rest.isEmpty else { return text }
            return rng.pick(outs).replacingX(with: rest)
        }
        let first = lower.prefix { $0.isLetter }
        if imperativeVerbs.contains(String(first)) {
            return rng.pick(requestOpenings).replacingX(with: lowerFirst(stripFinal(t)))
        }
        return text
    }

    static let prefixes = ["hey, ", "hi, ", "hello! ", "hey there, ", "quick question: ", "ok so ", "um, ", "yo ",
                           "please ", "so, ", "hi there. ", "good morning! ", "I need to know: ", "question: "]
    static let requestPrefixes = ["please ", "can you ", "could you ", "i need you to ", "kindly ", "hey, can you "]

    /// Adds a greeting/polite opening ("can you" / "please" only before an imperative verb).
    static func addPrefix(_ text: String, _ rng: inout SeededGenerator) -> String {
        let t = text.trimmingWhitespace
        let first = String(t.lowercased().prefix { $0.isLetter })
        if imperativeVerbs.contains(first) && rng.nextUniformDouble() < 0.5 {
            return rng.pick(requestPrefixes) + lowerFirst(t)
        }
        return rng.pick(prefixes) + t
    }

    static let suffixes = [" please", " thanks", " thx", ", thank you", " pls", " asap", " :)", " thanks in advance"]

    /// Adds a short closing word after the final punctuation.
    static func addSuffix(_ text: String, _ rng: inout SeededGenerator) -> String {
        text.trimmingWhitespace + rng.pick(suffixes)
    }

    static func stripFinal(_ s: String) -> String {
        var t = s.trimmingWhitespace
        while let c = t.last, c == "?" || c == "." || c == "!" { t.removeLast() }
        return t
    }

    static func lowerFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        // keep acronyms and "I" as written
        if s.count > 1, s.dropFirst().first?.isUppercase == true { return s }
        if s.hasPrefix("I ") { return s }
        return f.lowercased() + s.dropFirst()
    }
}

extension String {
    /// The string without leading and trailing whitespace/newlines.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let a = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let b = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[a...b])
    }

    func replacingX(with rest: String) -> String {
        guard let r = range(of: "X") else { return self }
        return replacingCharacters(in: r, with: rest)
    }
}
