import Foundation
import RouterModel
import XCTest
@testable import RouterRuntime

/// Routing-policy overrides at inference time (`swift-route --policy/--safety-threshold/--budget-scale`).
final class PolicyOverrideTests: XCTestCase {
    var base: RoutingPolicy {
        var p = RoutingPolicy()
        p.safetyThreshold = 0.03
        p.budgetScale = 1.5
        return p
    }

    func testAPartialObjectChangesOnlyItsFields() throws {
        let p = try PolicyOverride.merging(Data(#"{"safetyThreshold": 0.2, "lean": "argmax", "deliberateRange": {"min": 256, "max": 8192}}"#.utf8),
                                           from: "t.json", into: base)
        XCTAssertEqual(p.safetyThreshold, 0.2)
        XCTAssertEqual(p.lean, .argmax)
        XCTAssertEqual(p.deliberateRange, .init(min: 256, max: 8192))
        var want = base
        want.safetyThreshold = 0.2; want.lean = .argmax; want.deliberateRange = .init(min: 256, max: 8192)
        XCTAssertEqual(p, want, "every other field keeps the bundle's value")
        XCTAssertEqual(try PolicyOverride.merging(Data("{}".utf8), from: "t.json", into: base), base)
    }

    func testUnknownFieldsAndBadValuesAreRefusedByName() {
        func failure(_ json: String) -> String {
            do { _ = try PolicyOverride.merging(Data(json.utf8), from: "p.json", into: base); return "accepted" } catch { return "\(error)" }
        }
        let typo = failure(#"{"safetyTreshold": 0.2}"#)
        XCTAssertTrue(typo.contains("p.json") && typo.contains("safetyTreshold") && typo.contains(#"did you mean "safetyThreshold""#), typo)
        XCTAssertTrue(failure(#"{"safetyThreshold": 1.5}"#).contains("safetyThreshold must be in [0, 1], got 1.5"))
        XCTAssertTrue(failure(#"{"budgetScale": 0}"#).contains("budgetScale must be > 0"))
        XCTAssertTrue(failure(#"{"briefRange": {"min": 900, "max": 100}}"#).contains("briefRange"))
        XCTAssertTrue(failure(#"{"lean": "sideways"}"#).contains("p.json"))
        XCTAssertTrue(failure("[1, 2]").contains("expected a JSON object"))
        XCTAssertTrue(failure("not json").contains("expected a JSON object"))
    }

    /// A fitted threshold just above 1 (`nextUp` of a probability of 1) is the bundle's own: overriding another
    /// field must not refuse it.
    func testOnlyTheOverriddenFieldsAreRangeChecked() throws {
        var fitted = base
        fitted.instantThreshold = Double(1).nextUp
        let p = try PolicyOverride.merging(Data(#"{"budgetScale": 2}"#.utf8), from: "t", into: fitted)
        XCTAssertEqual(p.budgetScale, 2)
        XCTAssertEqual(p.instantThreshold, Double(1).nextUp)
        XCTAssertThrowsError(try PolicyOverride.merging(Data(#"{"instantThreshold": 1.5}"#.utf8), from: "t", into: fitted))
    }

    func testTheDecisionFollowsTheOverride() throws {
        let out = RouterOutput(complexity: [0.1, 0.2, 0.7], risky: 0.1, budgetQuantiles: [0.5: 400, 0.9: 1000])
        XCTAssertEqual(base.decide(out).rule, "risky", "0.1 >= the bundle's 0.03")
        let raised = try PolicyOverride.merging(Data(#"{"safetyThreshold": 0.5, "budgetScale": 3}"#.utf8), from: "t", into: base)
        let d = raised.decide(out)
        XCTAssertEqual(d.rule, "tier")
        XCTAssertEqual(d.mode, .deliberate)
        XCTAssertEqual(d.budgetTokens, 3000, "p90 1000 x scale 3")
    }
}
