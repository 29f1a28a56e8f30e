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
}
