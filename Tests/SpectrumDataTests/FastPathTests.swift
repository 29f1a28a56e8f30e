import XCTest
import SeededRandom
@testable import SpectrumData

/// The fast JSONL path (in-place lines, `decodeRecordFast`, `IDSet`) against the general path it must equal.
final class FastPathTests: XCTestCase {
    /// The general decoder's outcome of one line.
    func general(_ line: [UInt8]) -> Result<SpectrumRecord, DataError> {
        do throws(DataError) { return .success(try decodeRecord(line, file: "f.jsonl", line: 1)) } catch { return .failure(error) }
    }

    func fast(_ line: [UInt8]) -> SpectrumRecord? { line.withUnsafeBufferPointer { decodeRecordFast($0) } }

    /// Fast accepted => general accepted the same record. Returns whether the fast path accepted.
    @discardableResult
    func check(_ line: [UInt8], _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line l: UInt = #line) -> Bool {
        guard let f = fast(line) else { return false }
        switch general(line) {
        case let .success(g): XCTAssertEqual(f, g, message(), file: file, line: l)
        case let .failure(e): XCTFail("fast path accepted a line the general path rejects (\(e)): \(message())", file: file, line: l)
        }
        return true
    }

    func check(_ text: String, file: StaticString = #filePath, line l: UInt = #line) -> Bool {
        check(Array(text.utf8), text, file: file, line: l)
    }

    func record(_ fields: String) -> String { #"{"id":"a:1","text":"#+fields+#","source":"a"}"# }

    func testTrickyLinesAgreeWithTheGeneralPath() {
        // Lines the fast path must take (and decode exactly).
        let accepted = [
            #"{"id":"a:1","text":"What is 2+2?","complexity":"simple","safety":"safe","safety_category":null,"budget_tokens":0,"source":"a"}"#,
            #"  { "source" : "a" ,"# + "\t" + #""budget_tokens" : 120 , "text":"x", "id":"b" , "complexity":"high","safety":"risky" }  "#,
            "{\"id\":\"a\",\r\"text\":\"x\",\n\"source\":\"s\"}",
            #"{"id":"a","text":"ünïcödé 日本語 😀","source":"s","safety_category":"violence"}"#,
            record(#""q \"quoted\" \\ back \/ slash \b\f\n\r\t end""#),
            record(#""\n\n x""#),
            record(#""caf\u00e9 \ud83d\ude00 \u0041""#),
            record(#""lone \ud83d high""#), record(#""lone \ude00 low""#), record(#""\ud83d\u0041 pair broken""#),
            record(#""\u00a0x""#), record("\"tab\tin raw\"".replacingOccurrences(of: "\t", with: "\u{7F}")),
            #"{"id":"a","text":"x","source":"s","budget_tokens":123456789012345678}"#,
            #"{"id":"a","text":"x","source":"s","complexity":null,"safety":null,"budget_tokens":null}"#,
            #"{"id":"a","text":"x","source":"s","budget_tokens":7 }"#,
            record("\"" + String(repeating: "long text with \\\"escapes\\\" ", count: 40_000) + "\""),
        ]
        for (i, l) in accepted.enumerated() { XCTAssertTrue(check(l), "case \(i) should take the fast path: \(l.prefix(200))") }
        // Lines the fast path must leave to the general path (errors, or rare forms it does not decode).
        let declined = [
            "", "   ", "\t\r", "[1,2]", "{}", "null", #"{"id":"x","text":"#, "{\"id\":\"a\"}",
            record(#""x","src":"s""#), record(#""x","source":"b""#), record(#""x","complexity":"hard""#),
            record(#""x","complexity":"Simple""#), record(#""x","complexity":"simpl\u0065""#), record(#""x","complexity":1"#),
            record(#""x","safety":true"#), record(#""x","safety_category":3"#), record(#""x","budget_tokens":-0"#),
            record(#""x","budget_tokens":-5"#), record(#""x","budget_tokens":00"#), record(#""x","budget_tokens":2.0"#),
            record(#""x","budget_tokens":1e3"#), record(#""x","budget_tokens":"12""#), record(#""x","budget_tokens":1234567890123456789"#),
            record(#""x","budget_tokens":99999999999999999999"#), record(#""x","budget_tokens":{"a":[1]}"#),
            record(#"["x"]"#), record(#""   ""#), record(#""\n\t ""#), record(#""\u00a0\u3000""#), record("\"\u{3000}\""),
            record(#""bad \x escape""#), record(#""bad \u12G4 hex""#), record(#""trunc \u12""#), record(#""x"#),
            record("\"ctl \u{01} raw\""), record(#""x"} trailing"#), record(#""x",}"#),
            #"{"\u0069d":"a","text":"x","source":"s"}"#, #"{"id":"","text":"x","source":"s"}"#,
            #"{"id":"a","text":"x","source":""}"#, #"{"id":"a","text":"x","source":"s","id":"b"}"#,
        ]
        for (i, l) in declined.enumerated() { XCTAssertFalse(check(l), "case \(i) should be left to the general path: \(l)") }
        // Invalid UTF-8 anywhere: never accepted by the fast path.
        let base = Array(record(#""héllo wörld""#).utf8)
        for bad: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE6, 0x97], [0xF5, 0x80, 0x80, 0x80], [0x80]] {
            for at in [9, 22, 25, base.count - 4] {  // in the id, the text, near the end
                var b = base
                b.insert(contentsOf: bad, at: at)
                XCTAssertFalse(check(b, "invalid UTF-8 \(bad) at \(at)"))
                if case .success = general(b) { XCTFail("general path accepted invalid UTF-8 \(bad) at \(at)") }
            }
        }
    }

    /// Seeded random lines built from fragments (valid and invalid): the fast path never disagrees.
    func testRandomLinesAgreeWithTheGeneralPath() {
        var rng = SeededGenerator(seed: 7)
        let keys = ["\"id\"", "\"text\"", "\"source\"", "\"complexity\"", "\"safety\"", "\"safety_category\"", "\"budget_tokens\"", "\"xx\"", "\"i\\u0064\""]
        let values = ["\"a\"", "\"\"", "\" \"", "\"\\n\"", "\"simple\"", "\"moderate\"", "\"high\"", "\"safe\"", "\"risky\"", "null", "0", "7",
                      "-1", "1.5", "1e2", "true", "[]", "{}", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"é日\"", "\"\\\"q\\\"\"", "\"x\\ty\"",
                      "\"\\/\"", "\"\\q\"", "\"\u{7F}\"", "012", "123456789012345678", "\"\\u0000\""]
        let spaces = ["", "", "", " ", "\t", "\r", "\n "]
        var accepted = 0, valid = 0
        for i in 0..<20_000 {
            var s = "{"
            let n = 1 + rng.nextInt(below: 8)
            for k in 0..<n {
                if k > 0 { s += spaces[rng.nextInt(below: spaces.count)] + "," }
                s += spaces[rng.nextInt(below: spaces.count)]
                // mostly the three required keys first, so that many lines are valid
                let key = k < 3 && rng.nextInt(below: 4) > 0 ? keys[k] : keys[rng.nextInt(below: keys.count)]
                let value = k < 3 && rng.nextInt(below: 3) > 0 ? "\"v\(i)-\(k)\"" : values[rng.nextInt(below: values.count)]
                s += key + spaces[rng.nextInt(below: spaces.count)] + ":" + spaces[rng.nextInt(below: spaces.count)] + value
            }
            s += spaces[rng.nextInt(below: spaces.count)] + "}" + spaces[rng.nextInt(below: spaces.count)]
            var b = Array(s.utf8)
            if rng.nextInt(below: 10) == 0 { b[rng.nextInt(below: b.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            if check(b, s) { accepted += 1 }
            if case .success = general(b) { valid += 1 }
        }
        // The fast path is exercised, and declines few valid lines (escaped keys, "-0", 19-digit budgets).
        XCTAssertGreaterThan(accepted, 500)
        XCTAssertGreaterThan(Double(accepted), 0.8 * Double(valid), "fast \(accepted) of \(valid) valid lines")
    }

    /// `forEachLine` yields exactly `next()`'s lines (numbers, bytes, too-long lengths), across buffer refills,
    /// growth for long lines and skipping of too-long ones.
    func testForEachLineMatchesNext() throws {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<60 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.nextInt(below: 40) {
                let len = rng.nextInt(below: 3) == 0 ? rng.nextInt(below: 200) : rng.nextInt(below: 30)
                for _ in 0..<len { bytes.append([UInt8(ascii: "a"), 0x0D, 0x20, 0xC3][rng.nextInt(below: 4)]) }
                bytes += rng.nextInt(below: 2) == 0 ? [0x0A] : [0x0D, 0x0A]
            }
            if rng.nextInt(below: 2) == 0 { bytes += Array("tail".utf8) + (rng.nextInt(below: 2) == 0 ? [0x0D] : []) }
            let path = tempFile(bytes)
            let maxLine = [10, 40, 1000][trial % 3]
            var expected: [String] = []
            let a = try LineReader(path: path, maxLineBytes: maxLine, chunkSize: 16)
            while let item = try a.next() {
                switch item {
                case let .line(n, b): expected.append("\(n):\(b)")
                case let .tooLong(n, length): expected.append("\(n):long \(length)")
                }
            }
            for chunk in [16, 17, 64, 1 << 20] {
                var got: [String] = []
                try LineReader(path: path, maxLineBytes: maxLine, chunkSize: chunk).forEachLine { n, b, length in
                    got.append(b.map { "\(n):\(Array($0))" } ?? "\(n):long \(length)")
                }
                XCTAssertEqual(got, expected, "trial \(trial), chunk \(chunk)")
                var inMemory: [String] = []
                try LineReader(bytes: bytes, name: "mem", maxLineBytes: maxLine).forEachLine { n, b, length in
                    inMemory.append(b.map { "\(n):\(Array($0))" } ?? "\(n):long \(length)")
                }
                XCTAssertEqual(inMemory, expected, "trial \(trial), in memory")
            }
        }
    }

    /// Duplicate ids keep `Set<String>` semantics: ASCII byte equality, and Unicode canonical equivalence once a
    /// non-ASCII id appears (U+212A KELVIN SIGN equals "K"; precomposed equals decomposed).
    func testDuplicateIdsKeepStringEquality() {
        func read(_ ids: [String]) -> DataError? {
            let text = ids.enumerated().map { #"{"id":"\#($0.1)","text":"t\#($0.0)","source":"s"}"# }.joined(separator: "\n")
            do { try readSpectrumJSONL(path: tempFile(text)) { _ in }; return nil } catch { return error as? DataError }
        }
        XCTAssertNil(read((0..<5000).map { "id:\($0)" }))
        XCTAssertEqual(read((0..<5000).map { "id:\($0)" } + ["id:4321"])?.line, 5001)
        // The line of the first duplicate under Set<String> (what the reader used before the fast path).
        func reference(_ ids: [String]) -> Int? {
            var seen = Set<String>()
            return ids.firstIndex { !seen.insert($0).inserted }.map { $0 + 1 }
        }
        for ids in [["K", "x", "\u{212A}"], ["\u{212A}", "x", "K"], ["a", "caf\u{E9}", "cafe\u{301}"], ["a", "cafe\u{301}", "x", "caf\u{E9}"],
                    ["a", "caf\u{E9}", "cafe", "b"], [";", "\u{37E}"], ["A\u{30A}", "\u{212B}", "\u{C5}"]] {
            XCTAssertEqual(read(ids)?.line, reference(ids), "\(ids.map { Array($0.unicodeScalars) })")
        }
        XCTAssertEqual(reference(["a", "caf\u{E9}", "cafe\u{301}"]), 3)  // canonical equivalence is what is kept
        var set = IDSet()
        for i in 0..<3000 { XCTAssertTrue(set.insert("x\(i)")) }
        XCTAssertTrue(set.insert("é"))  // switches to the general set, keeping the earlier ids
        XCTAssertFalse(set.insert("x2999"))
        XCTAssertFalse(set.insert("e\u{301}"))
    }
}
