import XCTest
@testable import Optimizers

final class GradientClippingTests: XCTestCase {
    func testClipsDenseAndSparseToGlobalNorm() throws {
        // Hand-derived: norm = sqrt(3^2 + 4^2 + 12^2) = 13, coef = 6.5 / (13 + 1e-6).
        var dense: [Float] = [3, 4]
        var sparse: [Float] = [12]
        let norm = try GradientClipping.clipGlobalNorm(dense: &dense, sparse: &sparse, maxNorm: 6.5)
        XCTAssertEqual(norm, 13, accuracy: 1e-12)
        let coef = 6.5 / (13 + 1e-6)
        XCTAssertEqual(Double(dense[0]), 3 * coef, accuracy: 1e-6)
        XCTAssertEqual(Double(dense[1]), 4 * coef, accuracy: 1e-6)
        XCTAssertEqual(Double(sparse[0]), 12 * coef, accuracy: 1e-6)
        let after = dense.withUnsafeBufferPointer { d in
            sparse.withUnsafeBufferPointer { s in GradientClipping.globalNorm(dense: d, sparse: [s]) }
        }
        XCTAssertEqual(after, 6.5, accuracy: 1e-5)
    }

    func testNoClipBelowThresholdAndNonFiniteLeftAlone() throws {
        var g: [Float] = [0.3, 0.4]
        XCTAssertEqual(try GradientClipping.clipGlobalNorm(dense: &g, maxNorm: 1), 0.5, accuracy: 1e-7)
        XCTAssertEqual(g, [0.3, 0.4])
        var bad: [Float] = [1, .nan]
        XCTAssertTrue(try GradientClipping.clipGlobalNorm(dense: &bad, maxNorm: 1).isNaN)
        XCTAssertEqual(bad[0], 1)
        XCTAssertThrowsError(try GradientClipping.clipGlobalNorm(dense: &g, maxNorm: 0))
    }

    /// The 4-lane sum of squares equals a plain float64 loop (up to summation order) for every tail length.
    func testSumOfSquaresMatchesAPlainLoop() {
        var rng = TestLCG(s: 5)
        for n in [0, 1, 3, 4, 5, 8, 33, 1001] {
            let x = rng.array(n)
            let want = x.reduce(0.0) { $0 + Double($1) * Double($1) }
            let got = x.withUnsafeBufferPointer { GradientClipping.sumOfSquares($0) }
            XCTAssertEqual(got, want, accuracy: 1e-12 * max(1, want), "n = \(n)")
        }
    }
}
