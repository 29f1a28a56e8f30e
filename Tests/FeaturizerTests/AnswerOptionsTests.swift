import XCTest
import SeededRandom
@testable import Featurizer

/// Detection and rewriting of answer-options blocks (`augmentation.answerOptions`).
final class AnswerOptionsTests: XCTestCase {
    let csqa = "If I have a pet bird, what does it likely live in?\nAnswer Choices: (A) forest (B) bathroom (C) windowsill (D) countryside (E) cage"

    func testDetectsCommonFormats() {
        let cases: [(String, String, [String], String)] = [
            (csqa, "If I have a pet bird, what does it likely live in?",
             ["forest", "bathroom", "windowsill", "countryside", "cage"], ""),
            ("Which planet is largest?\nOptions: A) Mars B) Jupiter C) Venus", "Which planet is largest?",
             ["Mars", "Jupiter", "Venus"], ""),
            ("what does a penguin need to live? (a) food and water (b) money (c) a passport", "what does a penguin need to live?",
             ["food and water", "money", "a passport"], ""),
            ("Gastrulation is the process of\nA. mesoderm formation.\nB. ectoderm formation.\nAnswer:",
             "Gastrulation is the process of", ["mesoderm formation.", "ectoderm formation."], "Answer:"),
            ("What is 2 + 2?\nChoices:\n(A) 3\n(B) 4\n(C) 5", "What is 2 + 2?", ["3", "4", "5"], ""),
            ("What is the capital of Switzerland?\nOptions: A. Ottawa, B. Bern, C. Hanoi, D. Seoul",
             "What is the capital of Switzerland?", ["Ottawa", "Bern", "Hanoi", "Seoul"], ""),
            ("The graph of f has x-intercepts (-6,0) and (6,0). Which of the following must be true: (A) f(-6)=0 (B) f(6)=-6 (C) f(0)=-6",
             "The graph of f has x-intercepts (-6,0) and (6,0). Which of the following must be true:",
             ["f(-6)=0", "f(6)=-6", "f(0)=-6"], ""),
            ("Which Of These Is A Mammal? (a) Penguin (b) Bat (c) find god (d) Shark?", "Which Of These Is A Mammal?",
             ["Penguin", "Bat", "find god", "Shark"], ""),
            ("Is the sky blue\na) yes\nb) no\nAnswer with the letter only.", "Is the sky blue", ["yes", "no"],
             "Answer with the letter only."),
        ]
        for (text, stem, options, trailer) in cases {
            let b = AnswerOptions.detect(text)
            XCTAssertEqual(b, AnswerOptionsBlock(stem: stem, options: options, trailer: trailer), text)
        }
    }

    func testRejectsMathListsAndProse() {
        let negatives = [
            "Simplify f(a) + f(b) - f(c) when a = 1.",
            "If (a)(b) = 12 and (a) + (b) = 7, find a and b.",
            "A ball is thrown upward at 20 m/s.\n(a) Find the maximum height.\n(b) Find the time in the air.",
            "Prove that (a) every bounded sequence has a convergent subsequence and (b) the limit is unique.",
            "Plan my week:\n1. gym\n2. work\n3. groceries",
            "Compare a) Python and b) Rust for web servers",
            "I like plan A. It is better than plan B. What do you think?",
            "Write a function that takes a list and returns:\n- the sum\n- the mean",
            "Which is bigger? (a) Is 2^10 larger? (b) Is 10^3 larger?",
            "Write a story with:\na) Describe a dragon.\nb) Introduce a knight.\nc) a castle",
            "Let (A) = 3 and compute (A) times 4.",
            "What is the capital of France?",
            "(A) forest (B) bathroom",
        ]
        for t in negatives { XCTAssertNil(AnswerOptions.detect(t), t) }
    }

    func testRewriteDropsOrReformatsAndKeepsTheQuestion() throws {
        let aug = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0,
                                                           whitespace: 0, answerOptions: 1))
        let stem = "If I have a pet bird, what does it likely live in?"
        var outs = Set<String>()
        for i in 0..<200 {
            let out = aug.augment(csqa, seed: SeededGenerator(seed: 9), epoch: 0, example: UInt64(i))
            XCTAssertTrue(out.hasPrefix(stem), out)
            if out.hasSuffix(" Is it forest, bathroom, windowsill, countryside or cage?") {  // the unlettered format
            } else if out != stem {  // a rewrite: every option still there, in order, in a detectable format
                XCTAssertEqual(AnswerOptions.detect(out)?.options, ["forest", "bathroom", "windowsill", "countryside", "cage"], out)
            }
            outs.insert(out)
        }
        XCTAssertTrue(outs.contains(stem), "some examples drop the block")
        XCTAssertGreaterThanOrEqual(outs.count, AnswerOptions.formats.count, "every format is used")
        // The trailer survives a rewrite and goes with a drop.
        var g = SeededGenerator(seed: 3)
        let mmlu = "Gastrulation is the process of\nA. mesoderm formation.\nB. ectoderm formation.\nAnswer:"
        for _ in 0..<30 {
            let out = AnswerOptions.rewrite(mmlu, drop: 0.3, &g)
            XCTAssertTrue(out == "Gastrulation is the process of" || out.hasSuffix("\nAnswer:"), out)
        }
    }

    /// The byte-level prefilter never hides a block: on every sample text, every format of `formats`, and
    /// markers after non-ASCII whitespace or before combining marks, detection with and without it agrees.
    func testPrefilterNeverChangesTheResult() throws {
        var texts: [String] = []
        let dir = SampleDataTests.sampleDir
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".jsonl") {
            for line in try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8).split(separator: "\n") {
                let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                texts.append(try XCTUnwrap(obj?["text"] as? String))
            }
        }
        XCTAssertGreaterThan(texts.count, 1000)
        let options = ["red", "green", "a blue one", "none of these"]
        for f in AnswerOptions.formats { texts.append("Which colour is the sky at noon?" + f(options)) }
        texts += ["Which one?\u{3000}A) yes\u{3000}B) no", "Which one?\u{00A0}(a) yes\u{00A0}(b) no",
                  "Which one? A\u{0301}) yes B) no", "Pick one:\r\nA. yes\r\nB. no", "café: (A) x (B) y", "A) x B) y",
                  "Simplify f(a) + f(b).", "U.S.A. and B. Obama", "Plan A. Plan B.", "x(a) y(b)"]
        var detected = 0
        for t in texts {
            let fast = AnswerOptions.detect(t), full = AnswerOptions.detect(t, prefilter: false)
            XCTAssertEqual(fast, full, t)
            if full != nil { detected += 1 }
        }
        XCTAssertGreaterThanOrEqual(detected, AnswerOptions.formats.count - 1)  // the unlettered format has no markers
        // And it does skip ordinary text.
        XCTAssertFalse(AnswerOptions.mayHoldBlock("What is the capital of France, and why is it there?"))
        XCTAssertFalse(AnswerOptions.mayHoldBlock("Plan A. Then a. Then more."))
        XCTAssertTrue(AnswerOptions.mayHoldBlock(csqa))
    }

    func testDeterministicPerExample() throws {
        let aug = try Augmenter(config: AugmentationConfig(answerOptions: 0.5))
        for i in 0..<20 {
            let a = aug.augment(csqa, seed: SeededGenerator(seed: 4), epoch: 2, example: UInt64(i))
            let b = aug.augment(csqa, seed: SeededGenerator(seed: 4), epoch: 2, example: UInt64(i))
            XCTAssertEqual(a, b)
        }
    }

    func testDefaultOffLeavesTextsAndStreamsUntouched() throws {
        XCTAssertEqual(AugmentationConfig().answerOptions, 0)
        XCTAssertEqual(try JSONDecoder().decode(AugmentationConfig.self, from: Data("{}".utf8)).answerOptions, 0)
        var g = SeededGenerator(seed: 5)
        XCTAssertEqual(try Augmenter(config: .none).augment(csqa, using: &g), csqa)
        // The option rewrite has its own child stream: the other augmentations draw the same numbers at any p,
        // so a text without a block and the generator state after it are unchanged by it (a rewritten block may
        // change how many numbers the later, text-dependent augmentations draw).
        try assertOwnStream({ $0.answerOptions = 1 }, text: "What is the capital of France and why is it there?")
        // Text without a block is unchanged even at p = 1.
        let on = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0,
                                                          whitespace: 0, answerOptions: 1))
        XCTAssertEqual(on.augment("Simplify f(a) + f(b).", using: &g), "Simplify f(a) + f(b).")
        // answerOptionsDrop 0 only reformats, 1 only drops.
        for (drop, expectDrop) in [(0.0, false), (1.0, true)] {
            let aug = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0,
                                                               whitespace: 0, answerOptions: 1, answerOptionsDrop: drop))
            for i in 0..<30 {
                let out = aug.augment(csqa, seed: SeededGenerator(seed: 2), epoch: 0, example: UInt64(i))
                XCTAssertEqual(out == "If I have a pet bird, what does it likely live in?", expectDrop, out)
            }
        }
        XCTAssertThrowsError(try Augmenter(config: AugmentationConfig(answerOptionsDrop: -0.1))) { e in
            XCTAssertTrue("\(e)".contains("augmentation.answerOptionsDrop"))
        }
        XCTAssertThrowsError(try Augmenter(config: AugmentationConfig(answerOptions: 2))) { e in
            XCTAssertTrue("\(e)".contains("augmentation.answerOptions"))
        }
    }

    /// `answerOptionsAdd`: a question without options gets 3-5 invented ones in a detectable format (or the unlettered
    /// one); numbers for a question with digits, words otherwise; other texts are left alone; its own stream.
    func testAddAppendsOptionsToQuestionsOnly() throws {
        let aug = try Augmenter(config: AugmentationConfig(phrasing: 0, prefix: 0, suffix: 0, punctuation: 0, casing: 0,
                                                           whitespace: 0, answerOptionsAdd: 1))
        let question = "Where would you keep a spare key?", sum = "What is 12 divided by 3?"
        var formatsSeen = Set<String>()
        for i in 0..<300 {
            let out = aug.augment(question, seed: SeededGenerator(seed: 11), epoch: 0, example: UInt64(i))
            if out.hasPrefix("Where would you keep a spare key, is it ") {  // the unlettered format closes the question
                XCTAssertTrue(out.hasSuffix("?"), out)
                formatsSeen.insert("unlettered")
                continue
            }
            let block = try XCTUnwrap(AnswerOptions.detect(out), out)
            XCTAssertEqual(block.stem, "Where would you keep a spare key?", out)
            XCTAssertTrue((3...5).contains(block.options.count), out)
            XCTAssertEqual(Set(block.options).count, block.options.count, "distinct options: \(out)")
            XCTAssertTrue(block.options.allSatisfy { AnswerOptions.addWords.contains($0) }, out)
            formatsSeen.insert(String(out.dropFirst(question.count).prefix(4)))
        }
        XCTAssertGreaterThanOrEqual(formatsSeen.count, 6, "many formats: \(formatsSeen)")
        for i in 0..<50 {
            let out = aug.augment(sum, seed: SeededGenerator(seed: 12), epoch: 0, example: UInt64(i))
            let options = AnswerOptions.detect(out)?.options ?? []
            XCTAssertTrue(options.isEmpty || options.allSatisfy { Int($0) != nil }, "numeric options: \(out)")
            XCTAssertTrue(out.hasPrefix("What is 12 divided by 3"), out)
        }
        // Not a question, too long, or already with options: unchanged.
        let long = "Why " + Array(repeating: "word", count: 70).joined(separator: " ") + "?"
        for t in ["Set an alarm for 7am.", long, csqa] {
            XCTAssertEqual(aug.augment(t, seed: SeededGenerator(seed: 1), epoch: 0, example: 0), t)
        }
        // Off by default; its own child stream: the other augmentations draw the same numbers with it on.
        XCTAssertEqual(AugmentationConfig().answerOptionsAdd, 0)
        XCTAssertThrowsError(try Augmenter(config: AugmentationConfig(answerOptionsAdd: 1.5)))
        try assertOwnStream({ $0.answerOptionsAdd = 1 }, text: "Set an alarm for seven tomorrow morning please")
    }

    /// An augmentation with its own child stream: with it turned on, the other augmentations draw the same numbers,
    /// so a text it leaves alone comes out the same and the generator state after it is the same.
    func assertOwnStream(_ turnOn: (inout AugmentationConfig) -> Void, text t: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let others = AugmentationConfig(phrasing: 0.5, prefix: 0.5, suffix: 0.5, punctuation: 0.5, casing: 0.5,
                                        whitespace: 0.5, wordDropout: 0.5)
        var with = others
        turnOn(&with)
        for i in 0..<50 {
            let a = try Augmenter(config: others).augment(t, seed: SeededGenerator(seed: 8), epoch: 1, example: UInt64(i))
            let b = try Augmenter(config: with).augment(t, seed: SeededGenerator(seed: 8), epoch: 1, example: UInt64(i))
            XCTAssertEqual(a, b, file: file, line: line)
            var g1 = SeededGenerator(seed: UInt64(i)), g2 = g1
            _ = try Augmenter(config: others).augment(t, using: &g1)
            _ = try Augmenter(config: with).augment(t, using: &g2)
            XCTAssertEqual(g1.next(), g2.next(), file: file, line: line)
        }
    }
}
