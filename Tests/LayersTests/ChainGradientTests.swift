import Foundation
import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// The router's whole shape, end to end through the flat buffers:
/// bags -> EmbeddingBag [B,E] ++ dense [B,F] -> Linear -> GELU -> LayerNorm -> {Linear -> CE, Linear -> BCE}.
/// Every dense gradient in `store.grads` and every sparse table row is checked against float64 finite
/// differences of a float64 reference of the same network.
final class ChainGradientTests: XCTestCase {
    func testWholeNetworkGradientsThroughFlatBuffers() {
        var g = SeededGenerator(seed: 50)
        let b = 5, rows = 7, e = 3, f = 2, h = 4, c = 3
        var layout = ParameterLayout()
        var emb = EmbeddingBag(layout: &layout, name: "emb", rows: rows, dim: e, mode: .mean, initStd: 0.7)
        var cat = ConcatColumns()
        var fc = Linear(layout: &layout, name: "trunk.0", inFeatures: e + f, outFeatures: h)
        var gelu = GELU()
        var ln = LayerNorm(layout: &layout, name: "trunk.0.norm", dim: h)
        var headC = Linear(layout: &layout, name: "head.c", inFeatures: h, outFeatures: c)
        var headR = Linear(layout: &layout, name: "head.r", inFeatures: h, outFeatures: 1)
        var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 6))
        for v in store.views where v.gradient == .dense {  // randomize biases / gamma / beta too
            store.setValues(store.id(named: v.name)!, randomTensor(v.shape, &g, scale: 0.8))
        }
        let bags = BagBatch(bags: (0..<b).map { i in (0..<(1 + i % 3)).map { _ in Int32(g.nextInt(below: rows)) } },
                            weights: (0..<b).map { i in (0..<(1 + i % 3)).map { _ in 0.3 + g.nextUniformFloat() } })
        let dense = randomTensor([b, f], &g)
        let labels = [0, 2, -1, 1, 2], known = labels.map { $0 >= 0 }
        let risky = Tensor(shape: [b, 1], scalars: [1, 0, 1, 0, 0])

        // float32 forward / backward
        store.zeroGrads()
        let z = ln.forward(gelu.forward(fc.forward(cat.forward(emb.forward(bags, params: store), dense), params: store)),
                           params: store)
        let ce = softmaxCrossEntropy(logits: headC.forward(z, params: store), labels: labels.map { max($0, 0) }, mask: known)
        let bce = binaryCrossEntropyWithLogits(logits: headR.forward(z, params: store), targets: risky)
        let dz = headC.backward(ce.gradient, params: &store) + headR.backward(bce.gradient, params: &store)
        let (de, _) = cat.backward(fc.backward(gelu.backward(ln.backward(dz, params: &store)), params: &store))
        let sparse = emb.backward(de)

        // float64 reference of the same network, as a function of the whole values buffer
        func view(_ p: [Double], _ id: ParameterID) -> [Double] { Array(p[store.view(id).range]) }
        func loss(_ p: [Double]) -> Double {
            let eb = embeddingBagRef(view(p, emb.table), dim: e, batch: bags, mean: true)
            var x0: [Double] = []
            for i in 0..<b { x0 += eb[(i * e)..<((i + 1) * e)]; x0 += d(dense.row(i)) }
            let a = geluRef(linearRef(x0, view(p, fc.weight), view(p, fc.bias!), rows: b, inF: e + f, outF: h), tanhApprox: false)
            let zz = layerNormRef(a, view(p, ln.gamma), view(p, ln.beta), rows: b, dim: h)
            let lc = linearRef(zz, view(p, headC.weight), view(p, headC.bias!), rows: b, inF: h, outF: c)
            let lr = linearRef(zz, view(p, headR.weight), view(p, headR.bias!), rows: b, inF: h, outF: 1)
            let w = known.map { $0 ? 1.0 : 0.0 }
            return softmaxCERef(lc, rows: b, classes: c, labels: labels.map { max($0, 0) }, weights: w, normalizer: 4)
                + bceRef(lr, d(risky.scalars), mask: [Bool](repeating: true, count: b), posWeight: [1], cols: 1, normalizer: Double(b))
        }
        let p0 = d(store.values)
        XCTAssertEqual(Double(ce.loss + bce.loss), loss(p0), accuracy: 1e-5)
        let numeric = numericGradient(p0, loss)
        assertGradient(store.grads, Array(numeric[0..<store.denseCount]), "all dense gradients (flat buffer)")
        let t = store.view(emb.table)
        for r in 0..<rows {
            let num = Array(numeric[(t.offset + r * e)..<(t.offset + (r + 1) * e)])
            if sparse.binarySearch(Int32(r)) != nil {
                assertGradient(sparse.gradient(ofRow: Int32(r)), num, "table row \(r)")
            } else {
                XCTAssertTrue(num.allSatisfy { abs($0) < 1e-9 }, "untouched row \(r) has a numeric gradient")
            }
        }
    }
}
