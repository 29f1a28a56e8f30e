import XCTest
import SeededRandom
@testable import SpectrumData

final class SplitAndDedupeTests: XCTestCase {
    func record(_ id: String, _ text: String, _ c: Complexity?, _ s: Safety?, budget: Int? = nil,
                cat: String? = nil, source: String = "src") -> SpectrumRecord {
        SpectrumRecord(id: id, text: text, complexity: c, safety: s, safetyCategory: cat, budgetTokens: budget, source: source)
    }

    func testHashSplitIsOrderIndependentAndKeepsEqualTextsTogether() {
        var records: [SpectrumRecord] = []
        for i in 0..<5000 { records.append(record("a:\(i)", "Query number \(i) about things", .simple, .safe)) }
        // Same normalized text, different casing/whitespace: must land on the same side.
        for i in 0..<200 { records.append(record("b:\(i)", "  QUERY number  \(i) about\nthings ", nil, .risky)) }
        let a = hashSplit(records, validationFraction: 0.1)
        var rng = SeededGenerator(seed: 7)
        let shuffled = rng.permutation(records.count).map { records[$0] }
        let b = hashSplit(shuffled, validationFraction: 0.1)
        XCTAssertEqual(Set(a.validation.map(\.id)), Set(b.validation.map(\.id)))
        XCTAssertEqual(Set(a.train.map(\.id)), Set(b.train.map(\.id)))
        let valTexts = Set(a.validation.map { normalizedText($0.text) })
        for r in a.train { XCTAssertFalse(valTexts.contains(normalizedText(r.text)), r.id) }
        // About 10% in validation (binomial sd ~ 21 for n = 5200).
        XCTAssertEqual(Double(a.validation.count), 520, accuracy: 110)
        // A different seed gives a different split of the same size.
        let c = hashSplit(records, validationFraction: 0.1, seed: 1)
        XCTAssertNotEqual(Set(a.validation.map(\.id)), Set(c.validation.map(\.id)))
        XCTAssertEqual(Double(c.validation.count), 520, accuracy: 110)
    }

    func testDedupeMergesFieldWiseAndRiskyWins() {
        var d = Deduplicator()
        d.add(record("x:1", "How do I kill a Python process?", nil, .safe, source: "x"))
        d.add(record("y:1", "how do i  kill a python process?", .simple, nil, source: "y"))
        d.add(record("a:1", "Make a bomb", nil, .safe, source: "a"))
        d.add(record("b:1", "MAKE A BOMB", nil, .risky, cat: "weapons", source: "b"))
        d.add(record("m:1", "Solve x", .moderate, .safe, budget: 40, source: "m"))
        d.add(record("n:1", "solve x", .high, .safe, budget: 90, source: "n"))
        d.add(record("p:1", "hello", nil, .safe, source: "p"))
        d.add(record("q:1", "Hello", .simple, .safe, budget: 0, source: "q"))  // more labels: q's record is kept
        XCTAssertEqual(d.records.count, 4)
        let kill = d.records[0]
        XCTAssertEqual(kill.id, "x:1")  // tie in label count: first read kept
        XCTAssertEqual(kill.complexity, .simple)
        XCTAssertEqual(kill.safety, .safe)
        XCTAssertEqual(kill.budgetTokens, 0)  // simple => 0
        let bomb = d.records[1]
        XCTAssertEqual(bomb.safety, .risky)
        XCTAssertEqual(bomb.safetyCategory, "weapons")
        let solve = d.records[2]
        XCTAssertEqual(solve.complexity, .moderate)
        XCTAssertEqual(solve.budgetTokens, 40)
        XCTAssertEqual(d.records[3].id, "q:1")
        XCTAssertEqual(d.conflicts.safety, 1)
        XCTAssertEqual(d.conflicts.complexity, 1)
        XCTAssertEqual(d.conflicts.budget, 1)
        XCTAssertEqual(d.mergedPerSource, ["y": 1, "b": 1, "n": 1, "p": 1])
    }

    func corpusLike() -> [SpectrumRecord] {
        var out: [SpectrumRecord] = []
        let spec: [(String, Complexity?, Safety?)] = [
            ("s1", .simple, .safe), ("s2", .simple, .safe), ("m1", .moderate, .safe), ("m2", .moderate, .safe),
            ("h1", .high, .safe), ("h2", .high, .safe), ("r1", nil, .risky), ("r2", nil, .risky), ("r3", nil, .risky),
            ("mix", .simple, .safe), ("n1", nil, .safe),
        ]
        for (src, c, s) in spec { for i in 0..<20 { out.append(record("\(src):\(i)", "\(src) text \(i)", c, s, source: src)) } }
        out.append(record("mix:high", "a hard one", .high, .safe, source: "mix"))
        return out
    }

    func testSeededSourceHoldoutCoversEveryLabelOnBothSides() throws {
        let records = corpusLike()
        for seed in UInt64(0)..<30 {
            let s = try seededSourceHoldout(records, seed: seed)
            XCTAssertEqual(labelValues(s.train), Set(LabelValue.allCases), "seed \(seed)")
            XCTAssertEqual(labelValues(s.validation), Set(LabelValue.allCases), "seed \(seed)")
            let held = Set(s.heldOutSources)
            XCTAssertTrue(s.validation.allSatisfy { held.contains($0.source) })
            XCTAssertTrue(s.train.allSatisfy { !held.contains($0.source) })
            XCTAssertEqual(s.train.count + s.validation.count, records.count)
        }
        // Deterministic for a seed, independent of record order; different seeds explore different choices.
        var rng = SeededGenerator(seed: 3)
        let shuffled = rng.permutation(records.count).map { records[$0] }
        XCTAssertEqual(try seededSourceHoldout(records, seed: 5).heldOutSources,
                       try seededSourceHoldout(shuffled, seed: 5).heldOutSources)
        let choices = Set(try (UInt64(0)..<30).map { try seededSourceHoldout(records, seed: $0).heldOutSources })
        XCTAssertGreaterThan(choices.count, 3)
    }

    func testSourceHoldoutNamedAndImpossible() throws {
        let records = corpusLike()
        let s = try sourceHoldoutSplit(records, holdout: ["r1", "s1"])
        XCTAssertEqual(s.validation.count, 40)
        XCTAssertThrowsError(try sourceHoldoutSplit(records, holdout: ["nope"]))
        // "high" from a single source only: impossible to have it on both sides.
        let single = records.filter { $0.complexity != .high } + [record("only:1", "x", .high, .safe, source: "only")]
        XCTAssertThrowsError(try seededSourceHoldout(single, seed: 0, attempts: 50))
    }
}
