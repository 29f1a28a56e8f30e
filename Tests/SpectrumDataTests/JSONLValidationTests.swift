import XCTest
import SeededRandom
@testable import SpectrumData

final class JSONLValidationTests: XCTestCase {
    let good = #"{"id":"a:1","text":"What is 2+2?","complexity":"simple","safety":"safe","safety_category":null,"budget_tokens":0,"source":"a"}"#
    let good2 = #"{"id":"a:2","text":"Plan a trip","complexity":"high","safety":null,"safety_category":null,"budget_tokens":120,"source":"a"}"#

    /// Reads `text` strictly and returns the error thrown.
    func firstError(_ text: String) -> DataError? {
        let path = tempFile(text)
        do {
            try readSpectrumJSONL(path: path) { _ in }
            return nil
        } catch let e as DataError {
            return e
        } catch {
            XCTFail("unexpected error type \(error)")
            return nil
        }
    }

    func testValidFileRoundTripsWithCRLFAndNoFinalNewline() throws {
        let path = tempFile(good + "\r\n" + good2)
        var records: [SpectrumRecord] = []
        let summary = try readSpectrumJSONL(path: path) { records.append($0) }
        XCTAssertEqual(summary.records, 2)
        XCTAssertEqual(records[0].complexity, .simple)
        XCTAssertEqual(records[1].budgetTokens, 120)
        XCTAssertNil(records[1].safety)
        // Write and read back: identical records, identical bytes on a second write.
        let out = tempFile("", name: "out.jsonl")
        try writeSpectrumJSONL(records, to: out)
        let again = try loadSpectrumJSONL(path: out)
        XCTAssertEqual(again, records)
        let line = String(decoding: records[0].jsonLine(), as: UTF8.self)
        XCTAssertEqual(line, good)
    }

    func testSeveralFilesLoadInOrderWithIdsUniqueAcrossThem() throws {
        let a = tempFile(good + "\n"), b = tempFile(good2 + "\n")
        XCTAssertEqual(try loadSpectrumJSONL(paths: [a, b]).map(\.id), ["a:1", "a:2"])
        XCTAssertEqual(try loadSpectrumJSONL(paths: [b, a]).map(\.id), ["a:2", "a:1"])
        let again = tempFile(good2 + "\n" + good + "\n")  // a:1 repeats at line 2 of the second file
        XCTAssertThrowsError(try loadSpectrumJSONL(paths: [a, again])) { error in
            let e = error as? DataError
            XCTAssertEqual(e?.kind, .duplicateId)
            XCTAssertEqual(e?.file, again)
            XCTAssertEqual(e?.line, 2)
        }
    }

    func testErrorMessageFormat() {
        let bad = good.replacingOccurrences(of: #""complexity":"simple""#, with: #""complexity":"hard""#)
        let e = firstError(good + "\n" + good2 + "\n" + bad.replacingOccurrences(of: "a:1", with: "a:3") + "\n")
        XCTAssertEqual(e?.kind, .unknownLabel)
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.field, "complexity")
        XCTAssertTrue(e!.description.hasSuffix(#"data.jsonl:3: field "complexity": expected "simple", "moderate", "high" or null, got "hard""#),
                      e!.description)
    }

    func testEachKindOfBadInputHasItsOwnErrorAndLine() {
        func replacing(_ a: String, _ b: String) -> String { good.replacingOccurrences(of: a, with: b) }
        let cases: [(String, DataErrorKind, String?)] = [
            (#"{"id":"x","text":"#, .malformedJSON, nil),
            ("[1,2]", .notAnObject, nil),
            ("   ", .emptyLine, nil),
            (replacing(#""safety":"safe""#, #""safety":"maybe""#), .unknownLabel, "safety"),
            (replacing(#""text":"What is 2+2?""#, #""text":"  ""#), .emptyText, "text"),
            (replacing(#""budget_tokens":0"#, #""budget_tokens":-5"#), .invalidBudget, "budget_tokens"),
            (replacing(#""budget_tokens":0"#, #""budget_tokens":2.5"#), .invalidBudget, "budget_tokens"),
            (replacing(#""budget_tokens":0"#, #""budget_tokens":"12""#), .wrongType, "budget_tokens"),
            (replacing(#""complexity":"simple""#, #""complexity":1"#), .wrongType, "complexity"),
            (replacing(#""text":"What is 2+2?""#, #""text":["a"]"#), .wrongType, "text"),
            (replacing(#""source":"a""#, #""src":"a""#), .unknownField, "src"),
            (replacing(#","source":"a""#, ""), .missingField, "source"),
            (replacing(#""id":"a:1","#, ""), .missingField, "id"),
            (replacing(#""source":"a""#, #""source":"a","source":"b""#), .duplicateField, "source"),
            (good, .duplicateId, "id"),
        ]
        for (i, (line, kind, field)) in cases.enumerated() {
            let lineNo = 2 + i % 3  // the bad line lands at lines 2, 3 or 4
            var lines = [good]
            for k in 0..<(lineNo - 2) { lines.append(good2.replacingOccurrences(of: "a:2", with: "b:\(k)")) }
            lines.append(line)
            let e = firstError(lines.joined(separator: "\n") + "\n")
            XCTAssertEqual(e?.kind, kind, "case \(i): \(line) -> \(String(describing: e))")
            XCTAssertEqual(e?.line, lineNo, "case \(i)")
            XCTAssertEqual(e?.field, field, "case \(i)")
        }
    }

    func testInvalidUTF8AndLongLines() throws {
        var bytes = Array((good + "\n").utf8)
        var bad = Array(good2.utf8)
        bad[30] = 0xFF
        bytes += bad + [0x0A]
        let path = tempFile(bytes)
        XCTAssertThrowsError(try readSpectrumJSONL(path: path) { _ in }) { e in
            XCTAssertEqual((e as? DataError)?.kind, .invalidUTF8)
            XCTAssertEqual((e as? DataError)?.line, 2)
        }
        let long = good2.replacingOccurrences(of: "Plan a trip", with: String(repeating: "x", count: 5000))
        let path2 = tempFile(good + "\n" + long + "\n" + good2.replacingOccurrences(of: "a:2", with: "a:9") + "\n")
        XCTAssertThrowsError(try readSpectrumJSONL(path: path2, maxLineBytes: 1000) { _ in }) { e in
            XCTAssertEqual((e as? DataError)?.kind, .lineTooLong)
            XCTAssertEqual((e as? DataError)?.line, 2)
        }
        // Skip mode: the long line is skipped, the reader resynchronizes on the next line.
        var ids: [String] = []
        let s = try readSpectrumJSONL(path: path2, onInvalid: .skip, maxLineBytes: 1000) { ids.append($0.id) }
        XCTAssertEqual(ids, ["a:1", "a:9"])
        XCTAssertEqual(s.skipped, [.lineTooLong: 1])
    }

    func testSkipInvalidCountsPerReason() throws {
        let text = [good, "not json", good, good2, #"{"id":"z","text":"q","source":"s","complexity":"hard"}"#, "{}"]
            .joined(separator: "\n")
        var n = 0
        let s = try readSpectrumJSONL(path: tempFile(text), onInvalid: .skip) { _ in n += 1 }
        XCTAssertEqual(n, 2)
        XCTAssertEqual(s.records, 2)
        XCTAssertEqual(s.skipped, [.malformedJSON: 1, .duplicateId: 1, .unknownLabel: 1, .missingField: 1])
        XCTAssertEqual(s.skippedTotal, 4)
        XCTAssertEqual(s.examples[.duplicateId]?.first?.line, 3)
        XCTAssertTrue(s.text.contains("duplicate id: 1"), s.text)
        // An error thrown by the caller's closure is the caller's: it propagates even in skip mode.
        let mine = DataError(.io, file: "caller", line: nil, "stop")
        XCTAssertThrowsError(try readSpectrumJSONL(path: tempFile(text), onInvalid: .skip) { _ in throw mine }) { e in
            XCTAssertEqual(e as? DataError, mine)
        }
    }

    /// Seeded random corruption (truncation, byte flips, wrong types, splices) never crashes the reader,
    /// and every line is either accepted or counted as skipped.
    func testRandomCorruptionNeverCrashes() throws {
        var rng = SeededGenerator(seed: 2024)
        let base = [good, good2, #"{"id":"c:1","text":"ünïcödé \"quoted\" \\ tab\t","complexity":"moderate","safety":"risky","safety_category":"x","budget_tokens":17,"source":"c"}"#]
        var lines: [[UInt8]] = []
        for i in 0..<3000 {
            var b = Array(base[i % base.count].replacingOccurrences(of: #""id":""#, with: #""id":"\#(i)-"#).utf8)
            switch rng.nextInt(below: 6) {
            case 0: b = Array(b.prefix(rng.nextInt(below: b.count + 1)))                       // truncation
            case 1: for _ in 0..<(1 + rng.nextInt(below: 4)) { b[rng.nextInt(below: b.count)] = UInt8(truncatingIfNeeded: rng.next()) }  // byte flips
            case 2: b = Array(String(decoding: b, as: UTF8.self).replacingOccurrences(of: "\"safe\"", with: "[true,{\"a\":null}]").utf8)  // wrong type
            case 3: b = Array(String(decoding: b, as: UTF8.self).replacingOccurrences(of: "120", with: "1e400").utf8)
            case 4: b = b + b.prefix(rng.nextInt(below: b.count))                                // splice
            default: break
            }
            b.removeAll { $0 == 0x0A }
            lines.append(b)
        }
        var deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        deep += Array(repeating: UInt8(ascii: "]"), count: 100_000)
        lines.append(deep)
        let path = tempFile(Array(lines.joined(separator: [0x0A])))
        let s = try readSpectrumJSONL(path: path, onInvalid: .skip) { r in
            XCTAssertFalse(r.text.isEmpty)
        }
        XCTAssertEqual(s.records + s.skippedTotal, lines.count)
        XCTAssertGreaterThan(s.records, 500)
        XCTAssertGreaterThan(s.skippedTotal, 1000)
    }

    func testComplexityOrderAndIndex() {
        XCTAssertLessThan(Complexity.simple, .moderate)
        XCTAssertLessThan(Complexity.moderate, .high)
        XCTAssertEqual(Complexity.allCases.map(\.index), [0, 1, 2])
        XCTAssertEqual(Complexity(index: 2), .high)
        XCTAssertNil(Complexity(index: 3))
        XCTAssertEqual(Safety.risky.index, 1)
    }

    func testCodableMatchesJSONLFormat() throws {
        let r = SpectrumRecord(id: "s:1", text: "hi", complexity: .moderate, safety: nil, safetyCategory: nil,
                               budgetTokens: 40, source: "s")
        let data = try JSONEncoder().encode(r)
        let back = try JSONDecoder().decode(SpectrumRecord.self, from: data)
        XCTAssertEqual(back, r)
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        XCTAssertEqual(Set(obj.keys), ["id", "text", "complexity", "safety", "safety_category", "budget_tokens", "source"])
        XCTAssertEqual(try decodeRecord(r.jsonLine(), file: "f", line: 1), r)
    }
}
