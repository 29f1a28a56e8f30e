import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// Analytic gradients of every layer against float64 central finite differences.
final class LayerGradientTests: XCTestCase {
    func testGradientCheckerRejectsWrongGradients() {
        // The checker itself must be able to fail: a scaled or sign-flipped gradient is rejected.
        let numeric: [Double] = [0.5, -1.25, 2.0, 0.01]
        XCTAssertTrue(gradientsAgree(numeric.map { Float($0) }, numeric).0)
        XCTAssertFalse(gradientsAgree(numeric.map { Float($0 * 1.01) }, numeric).0)
        XCTAssertFalse(gradientsAgree(numeric.map { Float(-$0) }, numeric).0)
    }

    func testLinear() {
        var g = SeededGenerator(seed: 10)
        for trial in 0..<6 {
            let b = 1 + g.nextInt(below: 6), inF = 1 + g.nextInt(below: 8), outF = 1 + g.nextInt(below: 7)
            var layout = ParameterLayout()
            let other = layout.add("other", shape: [3], initializer: .normal(std: 1))  // non-zero offsets
            var lin = Linear(layout: &layout, name: "fc", inFeatures: inF, outFeatures: outF, bias: trial % 3 != 2)
            var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 99))
            if let bias = lin.bias { store.setValues(bias, randomTensor([outF], &g)) }
            let x = randomTensor([b, inF], &g), up = randomTensor([b, outF], &g)
            let xd = d(x.scalars), w = d(store.tensor(lin.weight).scalars)
            let bias = lin.bias.map { d(store.tensor($0).scalars) }

            let y = lin.forward(x, params: store)
            XCTAssertEqual(y.shape, [b, outF])
            assertForward(y.scalars, linearRef(xd, w, bias, rows: b, inF: inF, outF: outF), "Linear forward")
            XCTAssertEqual(lin.apply(x, params: store), y)
            store.zeroGrads()
            let dx = lin.backward(up, params: &store)

            assertGradient(store.gradient(lin.weight).scalars, numericGradient(w) {
                project(linearRef(xd, $0, bias, rows: b, inF: inF, outF: outF), up.scalars)
            }, "Linear dW (trial \(trial))")
            if let bid = lin.bias {
                assertGradient(store.gradient(bid).scalars, numericGradient(bias!) {
                    project(linearRef(xd, w, $0, rows: b, inF: inF, outF: outF), up.scalars)
                }, "Linear db (trial \(trial))")
            }
            assertGradient(dx.scalars, numericGradient(xd) {
                project(linearRef($0, w, bias, rows: b, inF: inF, outF: outF), up.scalars)
            }, "Linear dx (trial \(trial))")
            XCTAssertEqual(store.gradient(other).scalars, [0, 0, 0], "Linear must not touch other parameters' gradients")
        }
    }

    func testLinearBackwardAccumulates() {
        var g = SeededGenerator(seed: 11)
        var layout = ParameterLayout()
        var lin = Linear(layout: &layout, name: "fc", inFeatures: 5, outFeatures: 3)
        var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 1))
        let x = randomTensor([4, 5], &g), up = randomTensor([4, 3], &g)
        _ = lin.forward(x, params: store)
        _ = lin.backward(up, params: &store)
        let once = store.grads
        _ = lin.forward(x, params: store)
        _ = lin.backward(up, params: &store)
        assertForward(store.grads, once.map { 2 * Double($0) }, "backward adds into grads")
        store.zeroGrads()
        XCTAssertTrue(store.grads.allSatisfy { $0 == 0 })
    }

    func testLayerNorm() {
        var g = SeededGenerator(seed: 12)
        for trial in 0..<5 {
            let b = 1 + g.nextInt(below: 5), dim = 2 + g.nextInt(below: 7)
            var layout = ParameterLayout()
            var ln = LayerNorm(layout: &layout, name: "ln", dim: dim)
            var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 2))
            XCTAssertEqual(store.tensor(ln.gamma).scalars, [Float](repeating: 1, count: dim))
            store.setValues(ln.gamma, randomTensor([dim], &g))
            store.setValues(ln.beta, randomTensor([dim], &g))
            let x = randomTensor([b, dim], &g, scale: 2), up = randomTensor([b, dim], &g)
            let xd = d(x.scalars), ga = d(store.tensor(ln.gamma).scalars), be = d(store.tensor(ln.beta).scalars)
            let y = ln.forward(x, params: store)
            assertForward(y.scalars, layerNormRef(xd, ga, be, rows: b, dim: dim), tol: 1e-4, "LayerNorm forward")
            store.zeroGrads()
            let dx = ln.backward(up, params: &store)
            assertGradient(dx.scalars, numericGradient(xd) { project(layerNormRef($0, ga, be, rows: b, dim: dim), up.scalars) },
                           "LayerNorm dx (trial \(trial))")
            assertGradient(store.gradient(ln.gamma).scalars,
                           numericGradient(ga) { project(layerNormRef(xd, $0, be, rows: b, dim: dim), up.scalars) },
                           "LayerNorm dgamma (trial \(trial))")
            assertGradient(store.gradient(ln.beta).scalars,
                           numericGradient(be) { project(layerNormRef(xd, ga, $0, rows: b, dim: dim), up.scalars) },
                           "LayerNorm dbeta (trial \(trial))")
        }
    }

    func testReLU() {
        var g = SeededGenerator(seed: 13)
        let x = randomTensor([4, 6], &g, scale: 2), up = randomTensor([4, 6], &g)
        var relu = ReLU()
        let y = relu.forward(x)
        assertForward(y.scalars, d(x.scalars).map { max($0, 0) }, "ReLU forward")
        let dx = relu.backward(up)
        assertGradient(dx.scalars, numericGradient(d(x.scalars)) { project($0.map { max($0, 0) }, up.scalars) }, "ReLU dx")
    }

    func testGELUExactAndTanh() {
        var g = SeededGenerator(seed: 14)
        for approx in [GELU.Approximation.exact, .tanh] {
            let x = randomTensor([5, 7], &g, scale: 3), up = randomTensor([5, 7], &g)
            var gelu = GELU(approximation: approx)
            let y = gelu.forward(x)
            assertForward(y.scalars, geluRef(d(x.scalars), tanhApprox: approx == .tanh), "GELU \(approx) forward")
            let dx = gelu.backward(up)
            assertGradient(dx.scalars, numericGradient(d(x.scalars)) {
                project(geluRef($0, tanhApprox: approx == .tanh), up.scalars)
            }, "GELU \(approx) dx")
        }
        // The two forms differ (by < 1e-3 near the origin), so the choice is observable.
        let x = Tensor(shape: [1, 1], scalars: [1.5])
        XCTAssertNotEqual(GELU(approximation: .exact).apply(x), GELU(approximation: .tanh).apply(x))
    }

    func testConcatColumns() {
        var g = SeededGenerator(seed: 15)
        let a = randomTensor([3, 4], &g), f = randomTensor([3, 2], &g), up = randomTensor([3, 6], &g)
        var cat = ConcatColumns()
        let y = cat.forward(a, f)
        XCTAssertEqual(y.shape, [3, 6])
        let (da, df) = cat.backward(up)
        func concatRef(_ a: [Double], _ f: [Double]) -> [Double] {
            var out: [Double] = []
            for i in 0..<3 {
                out.append(contentsOf: a[(i * 4)..<(i * 4 + 4)])
                out.append(contentsOf: f[(i * 2)..<(i * 2 + 2)])
            }
            return out
        }
        assertForward(y.scalars, concatRef(d(a.scalars), d(f.scalars)), "concat forward")
        assertGradient(da.scalars, numericGradient(d(a.scalars)) { project(concatRef($0, d(f.scalars)), up.scalars) }, "concat da")
        assertGradient(df.scalars, numericGradient(d(f.scalars)) { project(concatRef(d(a.scalars), $0), up.scalars) }, "concat dF")
    }
}
