// Assembling the structural vector from byte-level counts and lexicon matches over the tokens.
import Foundation

extension Featurizer {
    static let youKey = Lexicon.tokenKeys("you")[0]
    static let orKey = Lexicon.tokenKeys("or")[0]
    /// Single letters counted as math variables (a, i, s, t, d, m, e, g, o, u are words or contraction/abbreviation parts).
    static let variableLetters: [Bool] = (0..<128).map { "bcfhjklnpqrvwxyz".utf8.contains(UInt8($0)) }

    /// Appends the `[F]` structural features of one normalized text.
    func structural(_ p: UnsafeBufferPointer<UInt8>, _ counts: InputCounts, _ s: inout Scratch, _ dense: inout [Float]) {
        typealias C = LexCategory
        let lex = Lexicon.shared
        let t = s.tokens
        let nt = t.count
        let orKey = Featurizer.orKey, youKey = Featurizer.youKey, variableLetters = Featurizer.variableLetters
        let bc = StructuralFeatures.scan(p)
        for c in 0..<s.cats.count { s.cats[c] = 0 }
        s.masks.removeAll(keepingCapacity: true)
        var wordScalars = 0, words = 0, numbers = 0, variables = 0, hasOr = false
        // Lexicon matches: the unigram at each position, extended to phrases of up to 6 tokens.
        for i in 0..<nt {
            if t[i].kind == .number { numbers += 1 }
            if t[i].kind == .word {
                words += 1
                let a = Int(t[i].start), b = Int(t[i].end)
                if t[i].ascii {
                    wordScalars += b - a
                    if b - a == 1 && variableLetters[Int(p[a])] { variables += 1 }
                } else {
                    for j in a..<b where p[j] & 0xC0 != 0x80 { wordScalars += 1 }
                }
            }
            let k = Lexicon.tokenKey(s.uni[i])
            if k == orKey { hasOr = true }
            var m = lex.mask(k)
            if m & C.phraseStart.bit != 0 {
                var pk = k
                var j = i + 1
                while j < nt && j < i + 6 {
                    pk = Lexicon.extend(pk, Lexicon.tokenKey(s.uni[j]))
                    let pm = lex.mask(pk)
                    m |= pm
                    if pm & C.phraseStart.bit == 0 { break }
                    j += 1
                }
            }
            m &= ~C.phraseStart.bit
            s.masks.append(m)
            var bits = m
            while bits != 0 {
                s.cats[bits.trailingZeroBitCount] += 1
                bits &= bits &- 1
            }
        }
        // The lead token: the first one after up to 4 greeting/filler tokens ("hey, please tell me ...").
        var lead = 0
        while lead < min(nt, 4) && s.masks[lead] & (C.filler.bit | C.greeting.bit) != 0 { lead += 1 }
        let leadMask: UInt64 = lead < nt ? s.masks[lead] : 0
        let questionForm = bc.qmarks > 0 || leadMask & (C.wh.bit | C.aux.bit) != 0
        var imperative = leadMask & C.imperative.bit != 0
        if !imperative && leadMask & C.aux.bit != 0 && lead + 2 < nt
            && Lexicon.tokenKey(s.uni[lead + 1]) == youKey && s.masks[lead + 2] & C.imperative.bit != 0 {
            imperative = true  // "can you write ...", "could you plan ..."
        }
        let greeting = nt > 0 && s.masks[0] & C.greeting.bit != 0
        var howTo = false
        for i in 0..<min(nt, lead + 1) where s.masks[i] & C.howTo.bit != 0 { howTo = true }
        let cats = s.cats
        func cat(_ c: C) -> Int { cats[c.rawValue] }
        // A harm word asked for as a task (an imperative, "how to", an intent cue or a polite ask), not asked about.
        let harmWords = cat(.harmWeapon) + cat(.harmDrug) + cat(.harmCyber) + cat(.harmFraud) + cat(.harmViolence)
            + cat(.harmSelf) + cat(.harmHate) + cat(.harmSurveil) + cat(.harmPersuade)
        let harmRequest = harmWords > 0 && (imperative || howTo || cat(.harmIntent) > 0 || cat(.polite) > 0)
        let alternatives = hasOr && questionForm && (cat(.comparative) > 0 || cat(.wh) > 0)
        let parallelSteps = Featurizer.parallelSteps(p, t, s.uni, &s.sentenceEnds)
        let table = StructuralFeatures.log1pTable
        func lg(_ x: Int, _ cap: Float) -> Float {  // = StructuralFeatures.lg, with the table hoisted
            if x <= 0 { return 0 }
            let num = x < table.count ? table[x] : log1p(Double(x))
            // log1p(cap) from the table for the (integral) caps below 256: the same Double, without libm
            let c = Int(cap)  // caps are whole numbers in 1...4000
            let den = c < table.count && Float(c) == cap ? table[c] : log1p(Double(cap))
            return min(1, Float(num / den))
        }
        let F = StructuralFeatures.count
        let row = dense.count
        dense.append(contentsOf: repeatElement(0, count: F))
        dense.withUnsafeMutableBufferPointer { d in
            let f = d.baseAddress! + row
            var fi = 0
            func put(_ v: Float) { f[fi] = v; fi += 1 }
            put(lg(counts.scalars, 4000))                                   // log_chars
            put(lg(counts.words, 700))                                      // log_words
            put(words == 0 ? 0 : min(1, Float(wordScalars) / Float(words) / 10))  // avg_word_len
            put(lg(bc.sentences, 40))                                       // sentences
            put(lg(bc.qmarks, 10))                                          // question_marks
            put(questionForm ? 1 : 0)                                       // question_form
            put(imperative ? 1 : 0)                                         // imperative_form
            put(greeting ? 1 : 0)                                           // greeting
            put(lg(cat(.polite), 4))                                        // polite
            put(howTo ? 1 : 0)                                              // how_to
            put(lg(numbers, 40))                                            // numbers
            put(bc.nonSpace == 0 ? 0 : min(1, 3 * Float(bc.digits) / Float(bc.nonSpace)))  // digit_frac
            put(lg(bc.mathOps, 30))                                         // math_operators
            put(lg(cat(.mathWord), 15))                                     // math_words
            put(lg(variables, 20))                                          // variables
            put(bc.latex > 0 ? 1 : 0)                                       // latex
            put(min(1, Float(bc.code + cat(.codeWord)) / 5))                // code
            put(lg(cat(.programming), 6))                                   // programming
            put(lg(cat(.constraint), 12))                                   // constraints
            put(lg(cat(.conjunction), 30))                                  // conjunctions
            put(lg(cat(.multiStep), 10))                                    // multi_step
            put(lg(cat(.comparative), 6))                                   // comparatives
            put(alternatives ? 1 : 0)                                       // alternatives
            put(lg(cat(.planning), 10))                                     // planning
            put(lg(cat(.time), 15))                                         // time_expressions
            put(lg(cat(.moneyUnit) + bc.money, 10))                         // money_units
            put(lg(bc.listItems, 15))                                       // list_items
            put(lg(bc.commas, 40))                                          // commas
            put(lg(bc.newlines, 60))                                        // newlines
            put(lg(bc.parens, 20))                                          // parentheses
            put(lg(cat(.reasoning), 6))                                     // reasoning_verbs
            put(lg(cat(.proof), 6))                                         // proof
            put(lg(cat(.design), 12))                                       // design
            put(lg(cat(.optimize), 6))                                      // optimization
            put(lg(cat(.rolePlay), 8))                                      // role_play
            put(lg(cat(.hypothetical), 6))                                  // hypothetical
            put(lg(cat(.negation), 10))                                     // negations
            put(lg(cat(.quantity), 8))                                      // quantities
            put(lg(cat(.wh), 8))                                            // wh_words
            put(lg(cat(.harmWeapon), 4))                                    // harm_weapons
            put(lg(cat(.harmDrug), 4))                                      // harm_drugs
            put(lg(cat(.harmCyber), 4))                                     // harm_cyber
            put(lg(cat(.harmFraud), 4))                                     // harm_fraud
            put(lg(cat(.harmViolence), 4))                                  // harm_violence
            put(lg(cat(.harmSelf), 3))                                      // harm_self
            put(lg(cat(.harmHate), 4))                                      // harm_hate
            put(lg(cat(.harmSurveil), 3))                                   // harm_surveillance
            put(lg(cat(.harmPersuade), 4))                                  // harm_persuasion
            put(lg(cat(.harmIntent), 4))                                    // harm_intent
            put(lg(cat(.benignContext), 4))                                 // benign_context
            put(harmRequest ? 1 : 0)                                        // harm_request
            put(lg(parallelSteps, 8))                                       // parallel_steps
            precondition(fi == F, "structural feature count")
        }
    }

    /// Sentences whose last two tokens end another sentence too: a run of parallel steps, as in a state-tracking
    /// puzzle ("Ana flips the coin. Bo does not flip the coin."), a swap sequence or a chain of "X says Y tells the
    /// truth." A sentence ends at ".", "!" or "?" followed by a space, a line break, a closing quote or parenthesis,
    /// or the end of the text, and at any line break. Sentences of one token and sentences with a number are skipped
    /// (a schedule's "busy from 9:00 to 9:30." or a word problem's quantities end alike without being steps to
    /// follow); at most 64 counted sentences are compared (the count saturates at 8 anyway).
    static func parallelSteps(_ p: UnsafeBufferPointer<UInt8>, _ t: [Token], _ uni: [UInt64], _ ends: inout [UInt64]) -> Int {
        ends.removeAll(keepingCapacity: true)
        let nt = t.count, n = p.count
        var first = 0  // first token of the current sentence
        var hasNumber = false
        for i in 0..<nt {
            if t[i].kind == .number { hasNumber = true }
            let gapEnd = i + 1 < nt ? Int(t[i + 1].start) : n
            var j = Int(t[i].end), boundary = i + 1 == nt
            while j < gapEnd && !boundary {
                let b = p[j]
                if b == 0x0A { boundary = true }
                else if b == 0x2E || b == 0x21 || b == 0x3F {
                    let next = j + 1 < n ? p[j + 1] : 0x20  // the end of the text counts as a space
                    if next == 0x20 || next == 0x0A || next == 0x22 || next == 0x27 || next == 0x29 { boundary = true }
                }
                j += 1
            }
            guard boundary else { continue }
            if i > first && !hasNumber { ends.append(Lexicon.extend(Lexicon.tokenKey(uni[i - 1]), Lexicon.tokenKey(uni[i]))) }
            first = i + 1
            hasNumber = false
            if ends.count == 64 { break }
        }
        var repeated = 0
        for a in 0..<ends.count {
            for b in 0..<ends.count where b != a && ends[b] == ends[a] { repeated += 1; break }
        }
        return repeated
    }
}
