import XCTest
@testable import Optimizers

/// A tiny deterministic generator for test data (uniform in [-1, 1)).
struct TestLCG {
    var s: UInt64
    mutating func next() -> Float {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(s >> 40) / Float(1 << 23) - 1
    }
    mutating func array(_ n: Int) -> [Float] { (0..<n).map { _ in next() } }
}

final class SparseAdamWTests: XCTestCase {
    let hyper = AdamHyperparameters(beta1: 0.9, beta2: 0.99, eps: 1e-6, weightDecay: 0.05)

    func testEqualsDenseWhenEveryRowTouchedEveryStep() throws {
        let rows = 6, dim = 4
        var rng = TestLCG(s: 42)
        let table0 = rng.array(rows * dim)
        var dense = try AdamW(count: rows * dim, hyper: hyper)
        var sparse = try SparseAdamW(rows: rows, dim: dim, hyper: hyper)
        var a = table0, b = table0
        for step in 0..<5 {
            let g = rng.array(rows * dim)
            let lr: Float = 0.01 * Float(step + 1)
            try dense.update(params: &a, grads: g, lr: lr)
            // Touch every row, in a shuffled order, with the gradient rows permuted accordingly.
            let order = [3, 0, 5, 1, 4, 2]
            let rowGrads = order.flatMap { Array(g[($0 * dim)..<($0 * dim + dim)]) }
            try sparse.update(table: &b, rowIndices: order, rowGrads: rowGrads, lr: lr)
            XCTAssertEqual(a, b, "step \(step): lazy AdamW must equal dense AdamW bit for bit")
        }
        XCTAssertEqual(sparse.m, dense.m)
        XCTAssertEqual(sparse.v, dense.v)
        XCTAssertEqual(sparse.rowStep, [Int32](repeating: 5, count: rows))
        XCTAssertEqual(sparse.step, 5)
    }

    func testUntouchedRowsDoNotMoveAndRowsUsePerRowStep() throws {
        let rows = 3, dim = 2
        var sparse = try SparseAdamW(rows: rows, dim: dim, hyper: hyper)
        var table: [Float] = [1, 2, 3, 4, 5, 6]
        // Four steps touching only row 0.
        for _ in 0..<4 { try sparse.update(table: &table, rowIndices: [0], rowGrads: [0.5, -0.5], lr: 0.1) }
        XCTAssertEqual(Array(table[2...]), [3, 4, 5, 6], "untouched rows: no decay, no momentum drift")
        XCTAssertEqual(Array(sparse.m[2...]), [0, 0, 0, 0])
        XCTAssertEqual(sparse.rowStep, [4, 0, 0])
        // First touch of row 2 at global step 5 behaves like a fresh dense AdamW first step on that row.
        try sparse.update(table: &table, rowIndices: [2], rowGrads: [0.25, -2], lr: 0.1)
        var fresh = try AdamW(count: 2, hyper: hyper)
        var row: [Float] = [5, 6]
        try fresh.update(params: &row, grads: [0.25, -2], lr: 0.1)
        XCTAssertEqual(Array(table[4...]), row)
        // Hand check of that first step: p*(1 - lr*wd) - lr * g/(|g| + eps) since mhat = g, vhat = g^2.
        XCTAssertEqual(Double(table[4]), 5 * (1 - 0.1 * 0.05) - 0.1 * 0.25 / (0.25 + 1e-6), accuracy: 1e-5)
        XCTAssertEqual(sparse.rowStep, [4, 0, 1])
        XCTAssertEqual(sparse.step, 5)
    }

    func testDuplicateRowsAreSummed() throws {
        var a = try SparseAdamW(rows: 4, dim: 2, hyper: hyper)
        var b = a, c = a
        var ta: [Float] = [1, 1, 2, 2, 3, 3, 4, 4], tb = ta, tc = ta
        try a.update(table: &ta, rowIndices: [1, 3, 1], rowGrads: [0.1, 0.2, 1, 1, 0.3, -0.5], lr: 0.01)
        try b.update(table: &tb, rowIndices: [1, 3], rowGrads: [0.4, -0.3, 1, 1], lr: 0.01)
        try c.update(table: &tc, rowIndices: [Int32(3), 1], rowGrads: [1, 1, 0.4, -0.3], lr: 0.01)
        XCTAssertEqual(ta, tb)
        XCTAssertEqual(tc, tb, "Int32 ids and row order do not matter")
        XCTAssertNotEqual(ta, [1, 1, 2, 2, 3, 3, 4, 4])
        XCTAssertEqual(a.rowStep, [0, 1, 0, 1])
    }

    func testRejectsBadInput() throws {
        var s = try SparseAdamW(rows: 2, dim: 2)
        var t: [Float] = [0, 0, 0, 0]
        XCTAssertThrowsError(try s.update(table: &t, rowIndices: [2], rowGrads: [1, 1], lr: 0.1)) {
            XCTAssertEqual($0 as? OptimizerError, .indexOutOfRange(field: "rowIndices", index: 2, bound: 2))
        }
        XCTAssertThrowsError(try s.update(table: &t, rowIndices: [0], rowGrads: [1], lr: 0.1)) {
            XCTAssertEqual($0 as? OptimizerError, .sizeMismatch(field: "rowGrads", expected: 2, got: 1))
        }
        XCTAssertEqual(s.step, 0, "a rejected update must not advance the step")
    }

    func testStateRoundTripsThroughCodable() throws {
        var s = try SparseAdamW(rows: 3, dim: 2, hyper: hyper)
        var t: [Float] = [1, 2, 3, 4, 5, 6]
        try s.update(table: &t, rowIndices: [1], rowGrads: [0.5, 0.5], lr: 0.1)
        let restored = try JSONDecoder().decode(SparseAdamW.self, from: JSONEncoder().encode(s))
        XCTAssertEqual(restored, s)
        var d = try AdamW(count: 4, noDecay: [2..<4])
        var p: [Float] = [1, 2, 3, 4]
        try d.update(params: &p, grads: [1, 1, 1, 1], lr: 0.1)
        XCTAssertEqual(try JSONDecoder().decode(AdamW.self, from: JSONEncoder().encode(d)), d)
        var sgd = try SGD(count: 4, nesterov: true)
        try sgd.update(params: &p, grads: [1, 1, 1, 1], lr: 0.1)
        XCTAssertEqual(try JSONDecoder().decode(SGD.self, from: JSONEncoder().encode(sgd)), sgd)
        // A tampered checkpoint (wrong moment size) is rejected with the field named.
        XCTAssertThrowsError(try AdamW(hyper: AdamHyperparameters(), step: 1, m: [0, 0], v: [0])) {
            XCTAssertTrue("\($0)".contains("`v`"), "\($0)")
        }
    }
}
