import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import RouterModel
@testable import Evaluation

final class EvaluationReportTests: XCTestCase {
    func example(_ source: String, tier: Int?, risky: Bool?, budget: Int?, probs: [Double], pRisky: Double, policy: RoutingPolicy) -> EvalExample {
        let out = RouterOutput(complexity: probs, risky: pRisky, budgetQuantiles: [0.5: Double(budget ?? 100), 0.9: Double(budget ?? 100) * 2])
        return EvalExample(source: source, tier: tier, risky: risky, budget: budget, output: out, decision: policy.decide(out))
    }

    func testMetricsOnAConstructedSet() {
        let pol = RoutingPolicy()
        let xs = [
            example("a", tier: 0, risky: false, budget: 0, probs: [0.9, 0.05, 0.05], pRisky: 0.1, policy: pol),
            example("a", tier: 1, risky: false, budget: 200, probs: [0.1, 0.8, 0.1], pRisky: 0.1, policy: pol),
            example("b", tier: 2, risky: false, budget: 2000, probs: [0.1, 0.8, 0.1], pRisky: 0.1, policy: pol), // misclassified
            example("b", tier: nil, risky: true, budget: nil, probs: [0.9, 0.05, 0.05], pRisky: 0.9, policy: pol),
            example("b", tier: nil, risky: true, budget: nil, probs: [0.9, 0.05, 0.05], pRisky: 0.2, policy: pol), // missed
        ]
        let g = GroupMetrics(xs, policy: pol)
        XCTAssertEqual(g.complexity?.confusion, [[1, 0, 0], [0, 1, 0], [0, 1, 0]])
        XCTAssertEqual(g.complexity!.macroF1, (1 + 2.0 / 3 + 0) / 3, accuracy: 1e-12)
        XCTAssertEqual(g.riskyRecall, 0.5)
        XCTAssertEqual(g.safeFalsePositiveRate, 0)
        XCTAssertEqual(g.simpleInstantShare, 1)
        XCTAssertEqual(g.moderateHighReasoningShare, 1)
        XCTAssertEqual(g.highDeliberateShare, 0)
        XCTAssertEqual(g.riskyDeliberateShare, 0.5)
        XCTAssertEqual(g.budgetSpearman!, 1, accuracy: 1e-12)
        XCTAssertEqual(g.modeCounts, ["instant": 2, "brief": 2, "deliberate": 1])
        XCTAssertEqual(g.tokensAlwaysDeliberate, 5 * pol.deliberateRange.max)
    }

    func testSpearmanWithTies() {
        XCTAssertEqual(spearman([1, 2, 3, 4], [10, 20, 30, 40])!, 1, accuracy: 1e-12)
        XCTAssertEqual(spearman([1, 2, 3, 4], [4, 3, 2, 1])!, -1, accuracy: 1e-12)
        XCTAssertEqual(spearman([1, 1, 2, 3], [1, 1, 2, 3])!, 1, accuracy: 1e-12)
        XCTAssertNil(spearman([1, 1, 1], [1, 2, 3]))
    }

    func testReportOnTinyDatasetHasEverySectionAndPlot() throws {
        let pol = RoutingPolicy()
        let xs = (0..<30).map { i in
            example(i % 2 == 0 ? "s1" : "s2", tier: i % 3, risky: i % 5 == 0, budget: [0, 150, 1500][i % 3],
                    probs: i % 3 == 0 ? [0.8, 0.1, 0.1] : (i % 3 == 1 ? [0.1, 0.7, 0.2] : [0.1, 0.3, 0.6]),
                    pRisky: i % 5 == 0 ? 0.8 : 0.1, policy: pol)
        }
        let report = EvaluationReport(examples: xs, policy: pol, context: ["data": "tiny"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try report.write(to: dir, examples: xs)
        XCTAssertEqual(Set(files), ["report.json", "report.md", "confusion.svg", "reliability-complexity.svg", "reliability-safety.svg", "budget.svg"])
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        for section in ["## Overall", "## Routing", "## Complexity confusion matrix", "## Per source", "## Policy", "## Plots", "| s1 |", "| s2 |", "budget coverage"] {
            XCTAssertTrue(md.contains(section), "report.md lacks \(section)")
        }
        for svg in files where svg.hasSuffix(".svg") {
            let text = try String(contentsOf: dir.appendingPathComponent(svg), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("<svg") && text.hasSuffix("</svg>"), svg)
            XCTAssertNoThrow(try XMLDocument(xmlString: text), "\(svg) is well-formed XML")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as! [String: Any]
        XCTAssertNotNil(json["perSource"])
        XCTAssertNotNil((json["overall"] as! [String: Any])["budgetCoverage"])
    }
}

import Featurizer
import SeededRandom

final class EvaluateTests: XCTestCase {
    func testRunRoutesEveryQueryInOrderAcrossBatches() throws {
        var m = ModelConfig()
        m.embeddingDim = 4
        m.hidden = [.init(size: 8)]
        let model = try TrainedModel(description: ModelDescription(model: m, featurizer: FeaturizerConfig(buckets: 512)), seed: SeededGenerator(seed: 1))
        let qs = (0..<7).map { Evaluate.Query(text: "query number \($0)", source: $0 < 3 ? "a" : "b", tier: $0 % 3, risky: nil, budget: nil) }
        let xs = Evaluate.run(model, queries: qs, batchSize: 3)
        XCTAssertEqual(xs.count, 7)
        XCTAssertEqual(xs.map(\.source), qs.map(\.source))
        // BLAS blocking differs with the batch shape, so outputs agree to float precision, not bit for bit.
        for (x, ref) in zip(xs.map(\.output), model.outputs(qs.map(\.text))) {
            for k in 0..<3 { XCTAssertEqual(x.complexity[k], ref.complexity[k], accuracy: 1e-6) }
            XCTAssertEqual(x.risky, ref.risky, accuracy: 1e-6)
        }
    }
}
