import XCTest
@testable import Optimizers

final class SparseSGDTests: XCTestCase {
    /// Touched rows move by exactly -lr * g (times the decay shrink); untouched rows stay.
    func testUpdatesOnlyTouchedRowsAsPlainSGD() throws {
        let rows = 5, dim = 16  // 16: the SIMD path
        var rng = TestLCG(s: 7)
        let table0 = rng.array(rows * dim)
        var o = try SparseSGD(rows: rows, dim: dim, weightDecay: 0.1)
        var t = table0
        let g = rng.array(2 * dim)
        let lr: Float = 0.5
        try o.update(table: &t, rowIndices: [1, 3], rowGrads: g, lr: lr)
        let shrink: Float = 1 - lr * 0.1
        for r in 0..<rows {
            for j in 0..<dim {
                let k = r == 1 ? 0 : r == 3 ? 1 : -1
                let want = k < 0 ? table0[r * dim + j] : table0[r * dim + j] * shrink - lr * g[k * dim + j]
                XCTAssertEqual(t[r * dim + j], want, "row \(r) col \(j)")
            }
        }
        XCTAssertEqual(o.step, 1)
    }

    /// The SIMD path (dim % 8 == 0) and the scalar path give the same values; duplicates are summed.
    func testDuplicatesAreSummedAndScalarPathAgrees() throws {
        for dim in [3, 8] {
            var rng = TestLCG(s: 11)
            let table0 = rng.array(4 * dim)
            let g = rng.array(3 * dim)
            var o = try SparseSGD(rows: 4, dim: dim, weightDecay: 0.2)
            var t = table0
            try o.update(table: &t, rowIndices: [2, 0, 2], rowGrads: g, lr: 0.25)
            let shrink: Float = 1 - 0.25 * 0.2
            for j in 0..<dim {
                XCTAssertEqual(t[2 * dim + j], table0[2 * dim + j] * shrink - 0.25 * (g[j] + g[2 * dim + j]), accuracy: 1e-6)
                XCTAssertEqual(t[j], table0[j] * shrink - 0.25 * g[dim + j], accuracy: 1e-6)
                XCTAssertEqual(t[dim + j], table0[dim + j])
            }
        }
    }

    func testRejectsBadInputAndRoundTripsThroughCodable() throws {
        var o = try SparseSGD(rows: 3, dim: 2)
        var t = [Float](repeating: 0, count: 6)
        XCTAssertThrowsError(try o.update(table: &t, rowIndices: [3], rowGrads: [1, 1], lr: 0.1)) {
            XCTAssertEqual($0 as? OptimizerError, .indexOutOfRange(field: "rowIndices", index: 3, bound: 3))
        }
        XCTAssertThrowsError(try o.update(table: &t, rowIndices: [0], rowGrads: [1], lr: 0.1)) {
            XCTAssertEqual($0 as? OptimizerError, .sizeMismatch(field: "rowGrads", expected: 2, got: 1))
        }
        XCTAssertThrowsError(try SparseSGD(rows: 3, dim: 2, weightDecay: -1))
        try o.update(table: &t, rowIndices: [0], rowGrads: [1, 2], lr: 0.1)
        let back = try JSONDecoder().decode(SparseSGD.self, from: JSONEncoder().encode(o))
        XCTAssertEqual(back, o)
        XCTAssertEqual(back.step, 1)
    }
}
