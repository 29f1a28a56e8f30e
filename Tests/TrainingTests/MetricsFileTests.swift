import Foundation
import Training
import XCTest

/// metrics.jsonl records: the direct JSON formatting parses back to the same values; buffered records reach the
/// file on flush.
final class MetricsFileTests: XCTestCase {
    func testRecordsRoundTripThroughJSONSerialization() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let m = try MetricsFile(url: url, keepThroughStep: nil)
        m.write(["type": "step", "step": 7, "lr": Double(Float(0.01)), "tiny": 1e-12, "big": 3e21, "nan": Double.nan,
                 "path": "sp\"ar\\se\n", "loss": ["total": 0.25, "complexity": -1.5], "ok": true, "probs": [0.5, 0.25]])
        m.write(["type": "epoch", "epoch": 0])
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "", "buffered until flush")
        m.flush()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(o["type"] as? String, "step")
        XCTAssertEqual((o["step"] as? NSNumber)?.intValue, 7)
        XCTAssertEqual((o["lr"] as? NSNumber)?.doubleValue, Double(Float(0.01)))
        XCTAssertEqual((o["tiny"] as? NSNumber)?.doubleValue, 1e-12)
        XCTAssertEqual((o["big"] as? NSNumber)?.doubleValue, 3e21)
        XCTAssertTrue(o["nan"] is NSNull)
        XCTAssertEqual(o["path"] as? String, "sp\"ar\\se\n")
        XCTAssertEqual((o["ok"] as? NSNumber)?.boolValue, true)
        let loss = try XCTUnwrap(o["loss"] as? [String: Any])
        XCTAssertEqual((loss["complexity"] as? NSNumber)?.doubleValue, -1.5)
        XCTAssertEqual((o["probs"] as? [NSNumber])?.map(\.doubleValue), [0.5, 0.25])
        XCTAssertTrue(lines[0].hasPrefix(#"{"big":"#), "keys sorted: \(lines[0])")
    }

    func testStepRecordsHaveTheBytesOfTheirDictionary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = [
            MetricsFile.StepRecord(step: 12, epoch: 1, loss: (0.5, 0.125, 1e-9, 0.75), lr: Double(Float(0.003)), embeddingLr: 0.01,
                                   gradNorm: 2.5e21, examplesPerSecond: 123456.789, commShare: 0.031, sparseSumShare: 0,
                                   sparsePath: "sparse", workBalance: 1.0004, seconds: 0.000251),
            MetricsFile.StepRecord(step: 13, epoch: 1, loss: (.nan, 0, 0, -0.0), lr: 0, embeddingLr: .infinity, gradNorm: .nan,
                                   examplesPerSecond: 1, commShare: 1, sparseSumShare: 0.5, sparsePath: "d\"ense", workBalance: 1, seconds: 3),
        ]
        let typed = try MetricsFile(url: dir.appendingPathComponent("typed.jsonl"), keepThroughStep: nil)
        let dict = try MetricsFile(url: dir.appendingPathComponent("dict.jsonl"), keepThroughStep: nil)
        for r in records { typed.write(step: r); dict.write(r.dictionary) }
        typed.flush(); dict.flush()
        let a = try String(contentsOf: dir.appendingPathComponent("typed.jsonl"), encoding: .utf8)
        XCTAssertEqual(a, try String(contentsOf: dir.appendingPathComponent("dict.jsonl"), encoding: .utf8))
        XCTAssertEqual(a.split(separator: "\n").count, 2)
        XCTAssertTrue(a.hasPrefix(#"{"comm_share":0.031,"embedding_lr":0.01,"epoch":1,"#), a)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(a.split(separator: "\n")[1].utf8)), "non-finite values are null")
    }
}

