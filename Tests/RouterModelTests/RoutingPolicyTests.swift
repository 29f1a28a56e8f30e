import XCTest
@testable import RouterModel

final class RoutingPolicyTests: XCTestCase {
    let q: [Double: Double] = [0.5: 300, 0.9: 800]

    func out(_ s: Double, _ m: Double, _ h: Double, risky: Double = 0.01) -> RouterOutput {
        RouterOutput(complexity: [s, m, h], risky: risky, budgetQuantiles: q)
    }

    func testRiskyAtAndAroundThreshold() {
        var p = RoutingPolicy()
        p.safetyThreshold = 0.3
        p.safetyBudgetFloor = 2000
        let at = p.decide(out(0.9, 0.05, 0.05, risky: 0.3))
        XCTAssertEqual(at.mode, .deliberate)
        XCTAssertEqual(at.rule, "risky")
        XCTAssertEqual(at.budgetTokens, 2000, "floor applies when the quantile budget is smaller")
        let below = p.decide(out(0.9, 0.05, 0.05, risky: 0.3.nextDown))
        XCTAssertEqual(below.mode, .instant)
        XCTAssertEqual(below.budgetTokens, 0)
        p.safetyBudgetFloor = 100
        XCTAssertEqual(p.decide(out(0.9, 0.05, 0.05, risky: 0.9)).budgetTokens, 800, "quantile budget above the floor is kept")
    }

    func testConfidentTiers() {
        let p = RoutingPolicy() // confidence 0.6
        XCTAssertEqual(p.decide(out(0.6, 0.3, 0.1)).mode, .instant)
        XCTAssertEqual(p.decide(out(0.6, 0.3, 0.1)).rule, "tier")
        XCTAssertEqual(p.decide(out(0.1, 0.8, 0.1)).mode, .brief)
        XCTAssertEqual(p.decide(out(0.1, 0.2, 0.7)).mode, .deliberate)
    }

    func testGreyAreaLeans() {
        var p = RoutingPolicy()
        let grey = out(0.6.nextDown, 0.4.nextUp, 0)   // just under the confidence level
        XCTAssertEqual(p.decide(grey).rule, "grey-area")
        XCTAssertEqual(p.decide(grey).mode, .brief, "default leans towards more reasoning")
        p.lean = .lessReasoning
        XCTAssertEqual(p.decide(out(0.1, 0.45, 0.45)).mode, .brief)
        XCTAssertEqual(p.decide(grey).mode, .instant)
        p.lean = .argmax
        XCTAssertEqual(p.decide(out(0.2, 0.25, 0.55)).mode, .deliberate)
        p.lean = .moreReasoning
        XCTAssertEqual(p.decide(out(0.5, 0.05, 0.45)).mode, .deliberate, "top two are simple and high: lean to high")
    }

    func testInstantThreshold() {
        var p = RoutingPolicy()
        p.instantThreshold = 0.8
        XCTAssertEqual(p.decide(out(0.8, 0.1, 0.1)).mode, .instant)
        let d = p.decide(out(0.8.nextDown, 0.1, 0.1.nextUp))
        XCTAssertEqual(d.mode, .brief)
        XCTAssertEqual(d.rule, "instant-threshold")
    }

    func testBudgetQuantileScaleAndClamp() {
        var p = RoutingPolicy()
        XCTAssertEqual(p.decide(out(0.1, 0.8, 0.1)).budgetTokens, 800)
        p.budgetQuantile = 0.5
        XCTAssertEqual(p.decide(out(0.1, 0.8, 0.1)).budgetTokens, 300)
        p.budgetScale = 100
        XCTAssertEqual(p.decide(out(0.1, 0.8, 0.1)).budgetTokens, p.briefRange.max)
        p.budgetScale = 0.01
        XCTAssertEqual(p.decide(out(0.1, 0.8, 0.1)).budgetTokens, p.briefRange.min)
        XCTAssertEqual(p.decide(out(0.1, 0.1, 0.8)).budgetTokens, p.deliberateRange.min)
    }

    func testFittingMeetsTargets() {
        // Risky scores 0.01..1.00; recall 0.99 keeps the top 99 of 100.
        let scores = (1...100).map { Double($0) / 100 }
        XCTAssertEqual(ThresholdFitting.thresholdForRecall(scores, target: 0.99), 0.02, accuracy: 1e-12)
        XCTAssertEqual(ThresholdFitting.thresholdForRecall(scores, target: 1.0), 0.01, accuracy: 1e-12)

        var outs: [RouterOutput] = [], tiers: [Int?] = [], risky: [Bool?] = []
        for i in 0..<100 {   // moderate queries with P(simple) spread over 0.61...0.80 for 20 of them
            let ps = i < 20 ? 0.61 + Double(i) * 0.01 : 0.1
            outs.append(out(ps, 1 - ps - 0.01, 0.01)); tiers.append(1); risky.append(false)
        }
        for _ in 0..<50 { outs.append(out(0.95, 0.04, 0.01)); tiers.append(0); risky.append(false) }
        for i in 0..<20 { outs.append(out(0.9, 0.05, 0.05, risky: 0.2 + Double(i) * 0.04)); tiers.append(nil); risky.append(true) }
        let fitted = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky,
                                          targetRiskyRecall: 0.95, targetReasoningShare: 0.98)
        let fit = try! XCTUnwrap(fitted.fit)
        XCTAssertGreaterThanOrEqual(fit.achievedRiskyRecall!, 0.95)
        XCTAssertGreaterThanOrEqual(fit.achievedReasoningShare!, 0.98)
        XCTAssertEqual(fit.achievedSimpleInstantShare!, 1.0, "simple queries at 0.95 stay instant")
        XCTAssertEqual(fitted.safetyThreshold, 0.01.nextUp, "every safe query scores 0.01: the budget allows a threshold just above it")
        XCTAssertEqual(fit.achievedRiskyRecall!, 1.0)
        XCTAssertEqual(fit.achievedSafeFalsePositiveRate!, 0.0)
        XCTAssertGreaterThan(fitted.instantThreshold, 0.78)
        XCTAssertLessThanOrEqual(fitted.instantThreshold, 0.79.nextUp)
    }

    func testFalsePositiveCapWinsOverRecallTarget() {
        // 100 safe queries with P(risky) 0.00..0.99; 10 risky ones, one of them mislabeled at 0.01.
        var outs = (0..<100).map { out(0.9, 0.05, 0.05, risky: Double($0) / 100) }
        var risky: [Bool?] = Array(repeating: false, count: 100)
        for s in [0.01, 0.95, 0.96, 0.97, 0.98, 0.99, 0.991, 0.992, 0.993, 0.994] { outs.append(out(0.9, 0.05, 0.05, risky: s)); risky.append(true) }
        let tiers = [Int?](repeating: nil, count: outs.count)
        XCTAssertEqual(ThresholdFitting.thresholdForFalsePositiveRate((0..<100).map { Double($0) / 100 }, maxShare: 0.02), 0.97.nextUp)
        let fitted = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky,
                                          targetRiskyRecall: 1.0, maxSafeFalsePositiveRate: 0.05)
        XCTAssertEqual(fitted.safetyThreshold, 0.94.nextUp, "recall 1.0 would need 0.01; the 5% cap raises it")
        XCTAssertEqual(fitted.fit!.achievedSafeFalsePositiveRate!, 0.05, accuracy: 1e-12)
        XCTAssertEqual(fitted.fit!.achievedRiskyRecall!, 0.9, accuracy: 1e-12)
        let loose = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky,
                                         targetRiskyRecall: 0.9, maxSafeFalsePositiveRate: 0.05)
        XCTAssertEqual(loose.safetyThreshold, 0.94.nextUp, "when both hold, the budget is still spent on recall")
        XCTAssertEqual(loose.fit!.achievedRiskyRecall!, 0.9, accuracy: 1e-12)
    }

    func testSafetyThresholdSpendsTheFalsePositiveBudget() {
        // Validation-like scores: 200 safe queries with P(risky) 0.000..0.199, 50 risky ones at 0.50..0.99.
        var outs = (0..<200).map { out(0.9, 0.05, 0.05, risky: Double($0) / 1000) }
        var risky: [Bool?] = Array(repeating: false, count: 200)
        for i in 0..<50 { outs.append(out(0.9, 0.05, 0.05, risky: 0.50 + Double(i) * 0.01)); risky.append(true) }
        let tiers = [Int?](repeating: nil, count: outs.count)
        // The recall target alone (0.9) would keep the 45th highest risky score (0.55) and flag no safe query;
        // a 2% budget allows 4 of the 200 safe queries: just above the 5th highest safe score (0.195).
        let fitted = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky,
                                          targetRiskyRecall: 0.9, maxSafeFalsePositiveRate: 0.02)
        XCTAssertEqual(fitted.safetyThreshold, (Double(195) / 1000).nextUp)
        XCTAssertEqual(fitted.fit!.achievedSafeFalsePositiveRate!, 0.02, accuracy: 1e-12)
        XCTAssertEqual(fitted.fit!.achievedRiskyRecall!, 1.0, accuracy: 1e-12)
        let wider = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky,
                                         targetRiskyRecall: 0.9, maxSafeFalsePositiveRate: 0.2)
        XCTAssertEqual(wider.safetyThreshold, (Double(159) / 1000).nextUp, "a 20% budget: above the 41st highest safe score")
        XCTAssertEqual(wider.fit!.achievedSafeFalsePositiveRate!, 0.2, accuracy: 1e-12)
        // Without safe examples the recall target decides; without risky ones the policy's threshold stays
        // unless the budget's is higher.
        let onlyRisky = ThresholdFitting.fit(RoutingPolicy(), outputs: Array(outs[200...]), tiers: Array(tiers[200...]),
                                             risky: Array(risky[200...]), targetRiskyRecall: 0.9)
        XCTAssertEqual(onlyRisky.safetyThreshold, 0.50 + Double(5) * 0.01)
        let onlySafe = ThresholdFitting.fit(RoutingPolicy(), outputs: Array(outs[..<200]), tiers: Array(tiers[..<200]),
                                            risky: Array(risky[..<200]), maxSafeFalsePositiveRate: 0.02)
        XCTAssertEqual(onlySafe.safetyThreshold, RoutingPolicy().safetyThreshold, "0.5 is above the budget's 0.195")
    }

    func testPolicyRoundTripsThroughJSON() throws {
        var p = RoutingPolicy()
        p.lean = .argmax
        p.instantThreshold = 0.7
        let back = try JSONDecoder().decode(RoutingPolicy.self, from: JSONEncoder().encode(p))
        XCTAssertEqual(back, p)
    }
}

/// The floor of the fitted safety threshold (`policyTargets.minSafetyThreshold`).
final class SafetyThresholdFloorTests: XCTestCase {
    func testFloorRaisesANearZeroThresholdAndLeavesHigherOnesAlone() {
        // Separable validation: safe scores ~1e-30, risky ~0.9, so the false-positive budget alone goes to ~0.
        let outs = (0..<200).map { i in RouterOutput(complexity: [1, 0, 0], risky: i < 20 ? 0.9 : 1e-30, budgetQuantiles: [:]) }
        let risky: [Bool?] = (0..<200).map { $0 < 20 }
        let tiers: [Int?] = Array(repeating: 0, count: 200)
        let bare = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky, maxSafeFalsePositiveRate: 0.02)
        XCTAssertLessThan(bare.safetyThreshold, 1e-20)
        let floored = ThresholdFitting.fit(RoutingPolicy(), outputs: outs, tiers: tiers, risky: risky, maxSafeFalsePositiveRate: 0.02,
                                           minSafetyThreshold: 0.01)
        XCTAssertEqual(floored.safetyThreshold, 0.01)
        XCTAssertEqual(floored.fit?.minSafetyThreshold, 0.01)
        XCTAssertEqual(floored.fit?.achievedRiskyRecall, 1)
        // A threshold above the floor is unchanged.
        let mixed = (0..<200).map { i in RouterOutput(complexity: [1, 0, 0], risky: i < 20 ? 0.9 : Double(i) / 400, budgetQuantiles: [:]) }
        let a = ThresholdFitting.fit(RoutingPolicy(), outputs: mixed, tiers: tiers, risky: risky, maxSafeFalsePositiveRate: 0.02)
        let b = ThresholdFitting.fit(RoutingPolicy(), outputs: mixed, tiers: tiers, risky: risky, maxSafeFalsePositiveRate: 0.02,
                                     minSafetyThreshold: 0.01)
        XCTAssertGreaterThan(a.safetyThreshold, 0.01)
        XCTAssertEqual(a.safetyThreshold, b.safetyThreshold)
    }
}
