import Layers
import Tensors
import XCTest
@testable import RouterModel

final class MultiTaskLossTests: XCTestCase {
    /// Unknown labels contribute nothing: changing a masked example's outputs changes neither loss nor other gradients.
    func testMaskedExamplesAreIgnoredPerHead() {
        var cfg = ModelConfig()
        cfg.budgetQuantiles = [0.5, 0.9]
        let labels = BatchLabels(tiers: [0, nil, 2], risky: [nil, true, false], budgetTokens: [0, 300, nil])
        let norm = LossNormalizers(labels: labels, config: cfg)
        XCTAssertEqual(norm, LossNormalizers(labels: labels, config: cfg))
        XCTAssertEqual(norm.complexity, 2)
        XCTAssertEqual(norm.safety, 2)
        XCTAssertEqual(norm.budget, 4)
        func heads(_ x: Float) -> HeadValues {
            HeadValues(complexity: Tensor(rows: [[1, 0, -1], [x, -x, 2 * x], [0.5, 0.2, 0.1]]),
                       safety: Tensor(rows: [[x], [0.3], [-0.7]]),
                       budget: Tensor(rows: [[0.1, 0.2], [5, 6], [x, -x]]))
        }
        let (a, ga) = MultiTaskLoss.compute(heads(0.4), labels: labels, normalizers: norm, config: cfg)
        let (b, gb) = MultiTaskLoss.compute(heads(-3), labels: labels, normalizers: norm, config: cfg)
        XCTAssertEqual(a, b)
        XCTAssertEqual(ga.complexity!.row(1).allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(ga.safety![0, 0], 0)
        XCTAssertEqual(ga.budget!.row(2).allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(ga.complexity!.scalars, gb.complexity!.scalars)
        // Head weights scale each head's share of the total and its gradient.
        XCTAssertEqual(a.total, a.complexity + a.safety + 0.5 * a.budget, accuracy: 1e-9)
        // The complexity term is the mean CE over the two known examples.
        let ce0 = -log(exp(1.0) / (exp(1.0) + 1 + exp(-1.0)))
        let ce2 = -log(exp(0.1) / (exp(0.5) + exp(0.2) + exp(0.1)))
        XCTAssertEqual(a.complexity, (ce0 + ce2) / 2, accuracy: 1e-5)
    }

    func testNoKnownLabelsGivesZeroLossAndGradient() {
        let cfg = ModelConfig()
        let labels = BatchLabels(tiers: [nil, nil], risky: [nil, nil], budgetTokens: [nil, nil])
        let out = HeadValues(complexity: Tensor(rows: [[1, 2, 3], [1, 2, 3]]), safety: Tensor(rows: [[1], [2]]), budget: Tensor(rows: [[1, 2], [1, 2]]))
        let (l, g) = MultiTaskLoss.compute(out, labels: labels, normalizers: LossNormalizers(labels: labels, config: cfg), config: cfg)
        XCTAssertEqual(l.total, 0)
        XCTAssertTrue(g.complexity!.scalars.allSatisfy { $0 == 0 } && g.safety!.scalars.allSatisfy { $0 == 0 } && g.budget!.scalars.allSatisfy { $0 == 0 })
    }
}
