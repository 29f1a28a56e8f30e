import Foundation
import RouterModel
import XCTest
@testable import RouterRuntime

final class ConcurrencyAndJSONLTests: XCTestCase {
    /// Many threads routing through one shared router get exactly the serial answers (bit for bit).
    ///
    /// Serial answers are taken per call shape: a single query and the whole batch run different BLAS paths
    /// (gemv vs gemm), whose float32 sums may differ in the last bits.
    func testConcurrentRoutingMatchesSerial() throws {
        let router = QueryRouter(model: try makeModel(seed: 3))
        let expected = router.route(sampleQueries)
        let expectedSingle = sampleQueries.map { router.route($0) }
        XCTAssertEqual(sampleQueries.map { router.route($0) }, expectedSingle, "serial routing must be deterministic")
        let threads = 8, rounds = 25
        let mismatches = UnsafeSendableCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for r in 0..<rounds {
                let i = (t * 7 + r) % sampleQueries.count
                if r % 2 == 0 {
                    if router.route(sampleQueries[i]) != expectedSingle[i] { mismatches.increment() }
                } else if router.route(sampleQueries) != expected { mismatches.increment() }
            }
        }
        XCTAssertEqual(mismatches.value, 0)
    }

    func testJSONLBadLinesInTheMiddleGetErrorsAndTheRunGoesOn() throws {
        let router = QueryRouter(model: try makeModel(seed: 4))
        let lines = [
            #"{"id": "a", "text": "What is 2+2?"}"#,
            #"{"text": "no id here, prove Fermat's little theorem"}"#,
            #"{"id": 7, "text": ""}"#,
            "not json at all",
            #"{"id": "b"}"#,
            #"[1, 2]"#,
            "",
            #"{"id": 42, "text": 5}"#,
            #"{"id": "c", "text": "Write a haiku about routers."}"#,
            #"{"id": {"x": 1}, "text": "bad id"}"#,
        ]
        for batch in [1, 3, 64] {
            var out: [String] = []
            let s = JSONLRouting.run(router: router, lines: lines, batchSize: batch) { out.append($0) }
            XCTAssertEqual(s, .init(lines: 10, routed: 3, errors: 7), "batch \(batch)")
            XCTAssertEqual(out.count, lines.count)
            let objs = out.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            let want = router.route(["What is 2+2?", "no id here, prove Fermat's little theorem", "Write a haiku about routers."])
            for (k, (row, d)) in zip([0, 1, 8], want).enumerated() {
                let o = objs[row]
                XCTAssertEqual(o["mode"] as? String, d.mode.rawValue, "line \(row + 1)")
                XCTAssertEqual(o["budget_tokens"] as? Int, d.budgetTokens)
                // Batches group lines differently than `want` (float32 sums may differ in the last bits).
                XCTAssertEqual((o["complexity"] as? [String: Double])?["high"] ?? -1, d.output.complexity[2], accuracy: 1e-6)
                XCTAssertEqual(o["risky"] as? Double ?? -1, d.output.risky, accuracy: 1e-6)
                XCTAssertNotNil(o["budget_quantiles"] as? [String: Double])
                XCTAssertNil(o["error"], "\(k)")
            }
            XCTAssertEqual(objs[0]["id"] as? String, "a")
            XCTAssertTrue(objs[1]["id"] is NSNull)
            XCTAssertEqual(objs[8]["id"] as? String, "c")
            for (row, needle) in [(2, "empty"), (3, "invalid JSON"), (4, "missing field \"text\""), (5, "expected a JSON object"),
                                  (6, "empty line"), (7, "expected a string"), (9, "\"id\"")] {
                XCTAssertEqual(objs[row]["line"] as? Int, row + 1)
                XCTAssertTrue((objs[row]["error"] as? String ?? "").contains(needle), "line \(row + 1): \(objs[row])")
            }
            XCTAssertEqual(objs[2]["id"] as? Int, 7, "the id of a bad line is echoed")
            XCTAssertEqual(objs[7]["id"] as? Int, 42)
        }
    }
}

/// A lock-protected counter for concurrent tests.
final class UnsafeSendableCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
