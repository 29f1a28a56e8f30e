// Function words: English pronouns, articles and demonstratives, words that carry reference, not topic. Words
// that carry structure stay features: conjunctions, prepositions, quantifiers, auxiliaries and negation ("and",
// "before", "each", "if", "not" mark steps, order and constraints for the complexity head; a first list with them
// cost the dev splits 2 points of moderate/high -> reasoning). With `FeaturizerConfig.functionWordUnigrams` off,
// such a word emits no unigram and no character n-grams of its own; it still appears in the word n-grams ("my ex",
// "how to") and in the structural features.
// Why: a bag model trained on harmful requests full of "my", "me", "that", "any" learns those single words as harm
// cues, and short everyday commands are then decided by them (docs/quality.md, iteration 13).

/// The function-word list, as unigram hash states (`FeatureTag.word` + the token's normalized bytes).
enum FunctionWords {
    /// The words, lowercase as normalization leaves them.
    static let words: [String] = [
        // personal pronouns and possessives
        "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "he", "him", "his", "himself", "she", "her",
        "hers", "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves", "they", "them", "their", "theirs",
        "themselves",
        // articles, demonstratives and "any" / "some"
        "a", "an", "the", "this", "that", "these", "those", "some", "any",
        // the pieces of contractions (the tokenizer splits at the apostrophe: "i'm" -> "i", "m")
        "s", "m", "d", "ll", "ve", "re",
    ]

    /// `FeatureTag.word` unigram hash states of `words`.
    static let hashes: Set<UInt64> = Set(words.map { w in
        var h = StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue)
        for c in w.utf8 { h = StableHash.step(h, c) }
        return h
    })

    /// Whether the unigram hash state `h` is a function word's.
    @inline(__always) static func contains(_ h: UInt64) -> Bool { hashes.contains(h) }
}
