import Foundation
import XCTest
import SeededRandom
@testable import Tensors

/// A random tensor with entries uniform in ±[0.1, 1) (never zero).
func randomTensor(_ shape: [Int], _ g: inout SeededGenerator) -> Tensor {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<n).map { _ in
        let v = 0.1 + 0.9 * g.nextUniformFloat()
        return g.nextUniformFloat() < 0.5 ? -v : v
    })
}

/// Asserts two float arrays agree elementwise within `tol * (1 + |expected|)`.
func assertClose(_ a: [Float], _ b: [Double], tol: Double = 1e-5, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "\(what): count", file: file, line: line)
    for i in 0..<min(a.count, b.count) where abs(Double(a[i]) - b[i]) > tol * (1 + abs(b[i])) {
        XCTFail("\(what): element \(i) is \(a[i]), expected \(b[i])", file: file, line: line)
        return
    }
}

final class TensorOpsTests: XCTestCase {
    func testShapesAndAccessors() {
        var t = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.rows, 2)
        XCTAssertEqual(t.cols, 3)
        XCTAssertEqual(t[1, 2], 6)
        t[0, 1] = 9
        XCTAssertEqual(t.row(0), [1, 9, 3])
        XCTAssertEqual(t.reshaped([3, 2])[1, 0], 3)
        XCTAssertEqual(transpose(t).scalars, [1, 4, 9, 5, 3, 6])
    }

    /// All four transpose combinations of matmul against a naive triple loop, with alpha.
    func testMatmulAgainstNaive() {
        var g = SeededGenerator(seed: 1)
        for trial in 0..<12 {
            let m = 1 + g.nextInt(below: 9), n = 1 + g.nextInt(below: 9), k = 1 + g.nextInt(below: 9)
            let ta = trial % 2 == 1, tb = (trial / 2) % 2 == 1
            let a = randomTensor(ta ? [k, m] : [m, k], &g)
            let b = randomTensor(tb ? [n, k] : [k, n], &g)
            let c = matmul(a, b, transposeA: ta, transposeB: tb, alpha: 0.5)
            XCTAssertEqual(c.shape, [m, n])
            var ref = [Double](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for p in 0..<k {
                let av = ta ? a[p, i] : a[i, p], bv = tb ? b[j, p] : b[p, j]
                ref[i * n + j] += 0.5 * Double(av) * Double(bv)
            } } }
            assertClose(c.scalars, ref, "matmul ta=\(ta) tb=\(tb)")
            // Accumulating form: C = 2 * op(A) op(B) + 1 * C0.
            var acc = randomTensor([m, n], &g)
            let c0 = acc
            matmul(a, b, transposeA: ta, transposeB: tb, alpha: 2, beta: 1, into: &acc)
            assertClose(acc.scalars, (0..<(m * n)).map { Double(c0.scalars[$0]) + 4 * ref[$0] }, "matmul into beta=1")
        }
    }

    func testMatvecAxpyDot() {
        var g = SeededGenerator(seed: 2)
        let a = randomTensor([5, 7], &g)
        let x7 = randomTensor([7], &g).scalars, x5 = randomTensor([5], &g).scalars
        assertClose(matvec(a, x7), (0..<5).map { i in (0..<7).reduce(0.0) { $0 + Double(a[i, $1]) * Double(x7[$1]) } }, "matvec")
        assertClose(matvec(a, x5, transpose: true),
                    (0..<7).map { j in (0..<5).reduce(0.0) { $0 + Double(a[$1, j]) * Double(x5[$1]) } }, "matvec^T")
        var y = x7
        axpy(-1.5, x7, &y)
        assertClose(y, x7.map { Double($0) * -0.5 }, "axpy")
        XCTAssertEqual(Double(dot(x7, x7)), x7.reduce(0.0) { $0 + Double($1) * Double($1) }, accuracy: 1e-5)
        var t = a
        axpy(2, a, &t)
        assertClose(t.scalars, a.scalars.map { 3 * Double($0) }, "axpy tensor")
        XCTAssertEqual(Double(dot(a, a)), a.scalars.reduce(0.0) { $0 + Double($1 * $1) }, accuracy: 1e-4)
    }

    func testElementwiseBroadcastAndSums() {
        var g = SeededGenerator(seed: 3)
        let a = randomTensor([4, 6], &g), b = randomTensor([4, 6], &g)
        let row = randomTensor([6], &g).scalars
        assertClose((a + b).scalars, (0..<24).map { Double(a.scalars[$0]) + Double(b.scalars[$0]) }, "+")
        assertClose((a - b).scalars, (0..<24).map { Double(a.scalars[$0]) - Double(b.scalars[$0]) }, "-")
        assertClose((a * b).scalars, (0..<24).map { Double(a.scalars[$0]) * Double(b.scalars[$0]) }, "*")
        assertClose((3 * a).scalars, a.scalars.map { 3 * Double($0) }, "scalar *")
        var c = a; c += b; XCTAssertEqual(c, a + b)
        c = a; c -= b; XCTAssertEqual(c, a - b)
        c = a; c *= b; XCTAssertEqual(c, a * b)
        c = a; scale(&c, by: -2); XCTAssertEqual(c, -2 * a)
        c = a; addRowBroadcast(&c, row)
        assertClose(c.scalars, (0..<24).map { Double(a.scalars[$0]) + Double(row[$0 % 6]) }, "addRowBroadcast")
        c = a; mulRowBroadcast(&c, row)
        assertClose(c.scalars, (0..<24).map { Double(a.scalars[$0]) * Double(row[$0 % 6]) }, "mulRowBroadcast")
        assertClose(sum(a, axis: 0), (0..<6).map { j in (0..<4).reduce(0.0) { $0 + Double(a[$1, j]) } }, "sum axis 0")
        assertClose(sum(a, axis: 1), (0..<4).map { i in (0..<6).reduce(0.0) { $0 + Double(a[i, $1]) } }, "sum axis 1")
        XCTAssertEqual(sum(a), a.scalars.reduce(0.0) { $0 + Double($1) }, accuracy: 1e-9)
        XCTAssertEqual(maxAbsDifference(a, a), 0)
    }

    /// Softmax / log-softmax against float64 naive loops, including large logits (overflow safety).
    func testSoftmaxRows() {
        var g = SeededGenerator(seed: 4)
        var x = randomTensor([5, 7], &g)
        x[0, 3] = 95; x[1, 0] = -80; x[2, 6] = 120
        let s = softmaxRows(x), ls = logSoftmaxRows(x)
        var refS = [Double](), refL = [Double]()
        for i in 0..<5 {
            let r = (0..<7).map { Double(x[i, $0]) }
            let mx = r.max()!, lse = mx + Foundation.log(r.reduce(0) { $0 + Foundation.exp($1 - mx) })
            refL += r.map { $0 - lse }
            refS += r.map { Foundation.exp($0 - lse) }
        }
        assertClose(s.scalars, refS, "softmaxRows")
        assertClose(ls.scalars, refL, "logSoftmaxRows")
        for i in 0..<5 { XCTAssertEqual(Double(sum(s, axis: 1)[i]), 1, accuracy: 1e-5) }
    }

    func testConcatSplitRoundTrip() {
        var g = SeededGenerator(seed: 5)
        let a = randomTensor([3, 4], &g), b = randomTensor([3, 2], &g)
        let c = concatColumns(a, b)
        XCTAssertEqual(c.shape, [3, 6])
        XCTAssertEqual(c.row(1), a.row(1) + b.row(1))
        let (a2, b2) = splitColumns(c, at: 4)
        XCTAssertEqual(a2, a)
        XCTAssertEqual(b2, b)
        let (e, f) = splitColumns(c, at: 0)
        XCTAssertEqual(e.shape, [3, 0])
        XCTAssertEqual(f, c)
    }
}
