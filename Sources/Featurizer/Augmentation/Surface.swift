// Surface augmentations: final punctuation, casing and whitespace.
import Foundation
import SeededRandom

/// Changes of the surface form that never change meaning.
enum Surface {
    /// Drops, adds or swaps the final `?`/`!`/`.` (sometimes drops all commas instead).
    static func punctuate(_ text: String, _ rng: inout SeededGenerator) -> String {
        if rng.nextUniformDouble() < 0.15 { return text.replacingOccurrences(of: ",", with: "") }
        let stem = Phrasing.stripFinal(text)
        let endings = ["", "", "?", "!", ".", "??", "?!", "...", " ?"]
        let end = rng.pick(endings)
        return stem.isEmpty ? text : stem + end
    }

    /// Lower, upper, title, sentence, first-letter-lower or random casing.
    static func recase(_ text: String, _ rng: inout SeededGenerator) -> String {
        let u = rng.nextUniformDouble()
        switch u {
        case ..<0.40: return text.lowercased()
        case ..<0.52: return text.uppercased()
        case ..<0.64: return titleCase(text)
        case ..<0.80:  // sentence case: capitalize the first letter
            guard let f = text.first else { return text }
            return f.uppercased() + text.dropFirst()
        case ..<0.95: return Phrasing.lowerFirst(text)
        default:  // random: each letter flipped with probability 1/2
            var out = ""
            for c in text {
                out += rng.nextUniformDouble() < 0.5 ? c.uppercased() : c.lowercased()
            }
            return out
        }
    }

    static func titleCase(_ text: String) -> String {
        var out = ""
        var startOfWord = true
        for c in text {
            out += startOfWord ? c.uppercased() : String(c)
            startOfWord = c.isWhitespace
        }
        return out
    }

    /// Doubles a space, adds a leading/trailing space or newline, or collapses whitespace runs.
    static func respace(_ text: String, _ rng: inout SeededGenerator) -> String {
        switch rng.nextInt(below: 4) {
        case 0:
            let spaces = text.indices.filter { text[$0] == " " }
            guard !spaces.isEmpty else { return text + " " }
            var t = text
            t.insert(" ", at: rng.pick(spaces))
            return t
        case 1: return " " + text
        case 2: return text + rng.pick([" ", "  ", "\n"])
        default: return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }

    /// Removes each word with probability `rate` (texts under 4 words unchanged; at least 3 words stay).
    /// Words are split on single spaces, so line breaks inside a word token survive.
    static func dropWords(_ text: String, _ rng: inout SeededGenerator, rate: Double = 0.15) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 4 else { return text }
        var kept: [Substring] = []
        for (i, w) in words.enumerated() {
            let left = words.count - i  // words not yet decided, including this one
            if kept.count + left <= 3 || rng.nextUniformDouble() >= rate { kept.append(w) }
        }
        return kept.joined(separator: " ")
    }
}
