import XCTest
@testable import SpectrumData

final class CSVAndTextTests: XCTestCase {
    func rows(_ text: String) throws -> [CSVRow] {
        let r = try CSVReader(path: tempFile(text, name: "t.csv"))
        var out: [CSVRow] = []
        while let row = try r.next() { out.append(row) }
        return out
    }

    func testQuotedMultilineFieldsAndEmbeddedQuotes() throws {
        let csv = "prompt,a,b\r\n"
            + "\"A \"\"dished face\"\" profile\nA. one, two\r\nAnswer:\",True,\"\"\n"
            + "plain,,x\n"
            + "\n"
            + "\"\"\"\",\"a,b\",\"\"\"x\"\"\"\n"
            + "last,1,2"
        let r = try rows(csv)
        XCTAssertEqual(r.count, 5)
        XCTAssertEqual(r[0].fields, ["prompt", "a", "b"])
        XCTAssertEqual(r[1].fields, ["A \"dished face\" profile\nA. one, two\nAnswer:", "True", ""])
        XCTAssertEqual(r[1].line, 2)
        XCTAssertEqual(r[2].fields, ["plain", "", "x"])
        XCTAssertEqual(r[2].line, 5)
        XCTAssertEqual(r[3].fields, ["\"", "a,b", "\"x\""])
        XCTAssertEqual(r[3].line, 7)
        XCTAssertEqual(r[4].fields, ["last", "1", "2"])
    }

    func testCSVErrorsNameTheLine() {
        func err(_ s: String) -> DataError? {
            do { _ = try rows(s); return nil } catch { return error as? DataError }
        }
        XCTAssertEqual(err("a,b\n\"open,x\nmore\n")?.line, 2)  // unterminated: reported where the record starts
        XCTAssertEqual(err("a,b\n\"open,x\nmore\n")?.kind, .malformedCSV)
        XCTAssertEqual(err("a,b\nx,\"q\"z\n")?.line, 2)
        XCTAssertEqual(err("a,b\nc,d\nx,y\"z\n")?.line, 3)
        XCTAssertNil(err("a,b\n"))
        // A table checks field counts against the header.
        let path = tempFile("h1,h2\n1,2\n1,2,3\n", name: "t.csv")
        let t = try! CSVTable(path: path)
        XCTAssertEqual(try t.column("h2"), 1)
        XCTAssertThrowsError(try t.column("nope"))
        XCTAssertNotNil(try t.next())
        XCTAssertThrowsError(try t.next()) { e in XCTAssertEqual((e as? DataError)?.line, 3) }
    }

    func testLineReaderAcrossChunkBoundaries() throws {
        let lines = (0..<200).map { i in String(repeating: "ab", count: i % 13) + "\(i)" }
        let path = tempFile(lines.joined(separator: "\r\n") + "\n")
        let r = try LineReader(path: path, maxLineBytes: 1000, chunkSize: 7)
        var got: [String] = []
        while case let .line(n, b)? = try r.next() {
            XCTAssertEqual(n, got.count + 1)
            got.append(String(decoding: b, as: UTF8.self))
        }
        XCTAssertEqual(got, lines)
    }

    func testNormalizationAndBudgetProxy() {
        XCTAssertEqual(normalizedText("  What IS\tthe\n\n capital?  "), "what is the capital?")
        XCTAssertEqual(normalizedText("A\u{00A0}B"), "a b")
        XCTAssertEqual(budgetProxy(words: 0), 16)
        XCTAssertEqual(budgetProxy(words: 12), 16)   // 15.6 -> 16
        XCTAssertEqual(budgetProxy(words: 13), 17)   // 16.9 -> 17
        XCTAssertEqual(budgetProxy(words: 100), 130)
        XCTAssertEqual(budgetProxy(solution: "one two  three\nfour"), 16)
        let answer = "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 18"
        XCTAssertEqual(cleanGSM8KAnswer(answer), "Janet sells 16 - 3 - 4 = 9 duck eggs a day.\nShe makes 9 * 2 = $18 every day.")
        XCTAssertEqual(wordCount(cleanGSM8KAnswer(answer)), 22)
        XCTAssertEqual(gsm8kBudget(answer), 29)  // round(1.3 * 22) = 28.6 -> 29
    }

    func testPythonListParser() {
        XCTAssertEqual(parsePythonStringList(#"['A)5(√3 + 1)', "B)it's", 'C)a\'b']"#), ["A)5(√3 + 1)", "B)it's", "C)a'b"])
        XCTAssertEqual(parsePythonStringList("[]"), [])
        XCTAssertNil(parsePythonStringList("['unterminated"))
        XCTAssertNil(parsePythonStringList("plain text"))
    }

    func testTextTraits() {
        let lower = TextTraits("what is the capital of france?")
        XCTAssertTrue(lower.allLowercase)
        XCTAssertTrue(lower.endsWithQuestionMark)
        XCTAssertFalse(lower.containsLaTeX)
        XCTAssertFalse(lower.containsCode)
        XCTAssertTrue(TextTraits("Find $x$ such that $x^2 = 4$.").containsLaTeX)
        XCTAssertTrue(TextTraits(#"Compute \frac{1}{2}"#).containsLaTeX)
        XCTAssertFalse(TextTraits("It costs $5 and $10 in total.").containsLaTeX)
        XCTAssertTrue(TextTraits("def f(x):\n    return x + 1\n").containsCode)
        XCTAssertTrue(TextTraits("int main() {\n  return 0;\n}").containsCode)
        XCTAssertFalse(TextTraits("Please return the book to the library.").containsCode)
        XCTAssertFalse(TextTraits("Schedules:\nAnn is busy 9:00 to 9:30, 11:00 to 12:00; \nBob is busy 10:00 to 11:00; \n").containsCode)
        XCTAssertFalse(TextTraits("Set an alarm for 7").allLowercase)
        XCTAssertFalse(TextTraits("123").allLowercase)
    }
}
