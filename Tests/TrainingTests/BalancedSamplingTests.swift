import SeededRandom
import XCTest
@testable import Training

final class BalancedSamplingTests: XCTestCase {
    func testBalancedDrawEvensOutClassesAndIsDeterministic() {
        // 900 simple, 90 moderate, 10 high: uniform order keeps 1% high; balanced draws about a third each.
        let tiers: [Int?] = Array(repeating: 0, count: 900) + Array(repeating: 1, count: 90) + Array(repeating: 2, count: 10)
        let plan = BatchPlan(count: tiers.count, batchSize: 32, seed: SeededGenerator(seed: 4))
        let w = BatchPlan.balancedWeights(tiers: tiers)
        let draw = plan.weightedDraw(epoch: 0, weights: w)
        XCTAssertEqual(draw.count, tiers.count)
        var seen = [0, 0, 0]
        for i in draw { seen[tiers[i]!] += 1 }
        for c in seen { XCTAssertEqual(Double(c), 1000.0 / 3, accuracy: 60, "\(seen)") }
        XCTAssertEqual(draw, plan.weightedDraw(epoch: 0, weights: w), "same seed and epoch, same draw")
        XCTAssertNotEqual(draw, plan.weightedDraw(epoch: 1, weights: w), "each epoch draws anew")
        XCTAssertEqual(BatchPlan.balancedWeights(tiers: [0, nil, nil, 2]), [1, 0.5, 0.5, 1], "unlabeled examples form their own group")
    }

    func testSamplingModeInConfig() throws {
        let (ws, config) = try Harness.workspace("balanced", epochs: 1, extra: #", "sampling": "balanced""#)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try Harness.train(config, [])
        XCTAssertEqual(r.status, 0, r.err)
        let (ws2, bad) = try Harness.workspace("balanced-bad", epochs: 1, extra: #", "sampling": "stratified""#)
        defer { try? FileManager.default.removeItem(at: ws2) }
        let e = try Harness.train(bad, [])
        XCTAssertEqual(e.status, 2)
        XCTAssertTrue((e.err + e.out).contains("sampling"), e.err + e.out)
    }
}
