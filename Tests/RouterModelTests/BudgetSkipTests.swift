import Foundation
import Layers
import SeededRandom
import Tensors
import XCTest
@testable import RouterModel

/// The optional budget skip connection (`model.budgetSkip`): `budget = h W_h^T + b + x_dense W_s^T`.
final class BudgetSkipTests: XCTestCase {
    static let skipName = "heads.budget.skip.weight"

    func config(skip: Bool, heads: [String] = ["complexity", "safety", "budget"]) -> ModelConfig {
        var c = ModelConfig()
        c.heads = heads
        c.embeddingDim = 4
        c.hidden = [.init(size: 6, activation: "relu", layerNorm: true)]
        c.dropout = 0
        c.budgetQuantiles = [0.25, 0.5, 0.9]
        c.budgetSkip = skip
        return c
    }

    func input(b: Int, f: Int, buckets: Int, seed: UInt64) -> NetworkInput {
        var g = SeededGenerator(seed: seed)
        let bags = (0..<b).map { _ in (0..<(1 + g.nextInt(below: 4))).map { _ in Int32(g.nextInt(below: buckets)) } }
        let weights = bags.map { $0.map { _ in 0.5 + g.nextUniformFloat() } }
        let dense = Tensor(shape: [b, f], scalars: (0..<(b * f)).map { _ in 0.1 + g.nextUniformFloat() })
        return NetworkInput(bags: BagBatch(bags: bags, weights: weights), dense: dense)
    }

    func view(_ s: ParameterStore, _ name: String) -> ParameterView { s.views.first { $0.name == name }! }

    /// Sets every value of `name` to a random non-zero number (the skip weight starts at zero).
    func randomize(_ s: inout ParameterStore, _ name: String, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for i in view(s, name).range { s.values[i] = (g.nextUniformFloat() < 0.5 ? -1 : 1) * (0.2 + g.nextUniformFloat()) }
    }

    // MARK: float64 reference of the budget output

    /// budget `[B, K]` in float64 from the parameter values `p` (same layout as `store.values`).
    func budgetRef(_ p: [Double], store: ParameterStore, net: RouterNetwork, x: NetworkInput) -> [Double] {
        func w(_ n: String) -> ArraySlice<Double> { p[view(store, n).range] }
        let e = net.config.embeddingDim, f = net.denseWidth, k = net.config.budgetQuantiles.count
        let hSize = net.config.hidden[0].size
        let table = w("trunk.embedding.weight"), w1 = w("trunk.hidden.0.weight"), b1 = w("trunk.hidden.0.bias")
        let gamma = w("trunk.norm.0.gamma"), beta = w("trunk.norm.0.beta")
        let wb = w("heads.budget.weight"), bb = w("heads.budget.bias")
        let ws: ArraySlice<Double>? = net.config.budgetSkip ? w(Self.skipName) : nil
        var out: [Double] = []
        for r in 0..<x.count {
            var v = [Double](repeating: 0, count: e)                                   // embedding bag (sum) [E]
            for j in Int(x.bags.offsets[r])..<Int(x.bags.offsets[r + 1]) {
                let id = Int(x.bags.ids[j]), s = Double(x.bags.weights![j])
                for c in 0..<e { v[c] += s * table[table.startIndex + id * e + c] }
            }
            let dense = x.dense.row(r).map(Double.init)
            v += dense                                                                  // [E + F]
            var h = (0..<hSize).map { o in                                              // Linear + ReLU [H]
                max(0, b1[b1.startIndex + o] + v.indices.reduce(0.0) { $0 + w1[w1.startIndex + o * v.count + $1] * v[$1] })
            }
            let mean = h.reduce(0, +) / Double(hSize)                                   // LayerNorm
            let variance = h.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(hSize)
            h = h.indices.map { gamma[gamma.startIndex + $0] * (h[$0] - mean) / (variance + 1e-5).squareRoot() + beta[beta.startIndex + $0] }
            for q in 0..<k {                                                            // budget [K]
                var y = bb[bb.startIndex + q]
                for j in 0..<hSize { y += wb[wb.startIndex + q * hSize + j] * h[j] }
                if let ws { for j in 0..<f { y += ws[ws.startIndex + q * f + j] * dense[j] } }
                out.append(y)
            }
        }
        return out
    }

    /// Forward matches the float64 reference, and backward (from an upstream gradient G on the budget output)
    /// matches float64 central finite differences of sum(G * budget) for EVERY parameter element: the skip weight,
    /// the budget head, the trunk (whose gradient must not change because of the skip) and the embedding rows.
    func testBudgetPathGradientsAgainstFloat64FiniteDifferences() {
        for skip in [true, false] {
            var layout = ParameterLayout()
            var net = RouterNetwork(config: config(skip: skip, heads: ["budget"]), buckets: 9, denseWidth: 5, layout: &layout)
            var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 3))
            if skip { randomize(&store, Self.skipName, seed: 4) }
            let x = input(b: 5, f: 5, buckets: 9, seed: 6)
            var g = SeededGenerator(seed: 8)
            let up = Tensor(shape: [5, 3], scalars: (0..<15).map { _ in 2 * g.nextUniformFloat() - 1 })

            let p0 = store.values.map(Double.init)
            let ref = budgetRef(p0, store: store, net: net, x: x)
            let y = net.forward(x, params: store, streams: (0..<5).map { SeededGenerator(seed: UInt64($0)) }).budget!
            XCTAssertEqual(y.shape, [5, 3])
            for i in ref.indices { XCTAssertEqual(Double(y.scalars[i]), ref[i], accuracy: 1e-5 * (1 + abs(ref[i])), "forward \(i)") }
            XCTAssertEqual(net.apply(x, params: store).budget!, y, "apply and forward agree")

            store.zeroGrads()
            let sparse = net.backward(HeadValues(budget: up), params: &store)
            func objective(_ p: [Double]) -> Double {
                zip(budgetRef(p, store: store, net: net, x: x), up.scalars).reduce(0) { $0 + $1.0 * Double($1.1) }
            }
            var p = p0
            let h = 1e-6
            var checked: Set<String> = []
            for i in p.indices {
                let v = p[i]
                p[i] = v + h; let fp = objective(p)
                p[i] = v - h; let fm = objective(p)
                p[i] = v
                let numeric = (fp - fm) / (2 * h)
                let pv = store.views.first { $0.range.contains(i) }!
                let analytic: Double
                if i < store.denseCount { analytic = Double(store.grads[i]) } else {
                    let row = Int32((i - pv.offset) / pv.shape[1]), col = (i - pv.offset) % pv.shape[1]
                    analytic = Double(sparse.gradient(ofRow: row)[col])
                }
                XCTAssertEqual(analytic, numeric, accuracy: 1e-4 + 1e-3 * abs(numeric), "\(pv.name) element \(i - pv.offset) (skip \(skip))")
                if numeric != 0 { checked.insert(pv.name) }
            }
            XCTAssertEqual(checked.contains(Self.skipName), skip, "skip weight gradient checked (non-zero) iff present")
            XCTAssertTrue(checked.isSuperset(of: ["heads.budget.weight", "trunk.hidden.0.weight", "trunk.embedding.weight"]))
        }
    }

    /// dW_s is exactly G^T x_dense (an independent closed form of the skip weight's gradient).
    func testSkipWeightGradientIsUpstreamTransposeTimesDense() {
        var layout = ParameterLayout()
        var net = RouterNetwork(config: config(skip: true), buckets: 9, denseWidth: 4, layout: &layout)
        var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 1))
        let x = input(b: 3, f: 4, buckets: 9, seed: 2)
        let up = Tensor(shape: [3, 3], scalars: [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5])
        _ = net.forward(x, params: store, streams: (0..<3).map { SeededGenerator(seed: UInt64($0)) })
        store.zeroGrads()
        _ = net.backward(HeadValues(budget: up), params: &store)
        let gw = Array(store.grads[view(store, Self.skipName).range])
        for q in 0..<3 {
            for j in 0..<4 {
                let expected = (0..<3).reduce(0.0) { $0 + Double(up.scalars[$1 * 3 + q]) * Double(x.dense.scalars[$1 * 4 + j]) }
                XCTAssertEqual(Double(gw[q * 4 + j]), expected, accuracy: 1e-5)
            }
        }
    }

    /// Off: no skip parameter and the historical names. On: one extra `[K, F]` parameter, zero at init, so the
    /// network computes exactly what the skip-less one computes; a non-zero skip adds `x_dense W_s^T` to the
    /// budget only.
    func testZeroInitKeepsTheSkiplessFunctionAndOnlyBudgetChanges() {
        var lOff = ParameterLayout(), lOn = ParameterLayout()
        let off = RouterNetwork(config: config(skip: false), buckets: 9, denseWidth: 4, layout: &lOff)
        let on = RouterNetwork(config: config(skip: true), buckets: 9, denseWidth: 4, layout: &lOn)
        let sOff = ParameterStore(layout: lOff, seed: SeededGenerator(seed: 7))
        var sOn = ParameterStore(layout: lOn, seed: SeededGenerator(seed: 7))
        XCTAssertFalse(sOff.views.contains { $0.name == Self.skipName })
        XCTAssertEqual(view(sOn, Self.skipName).shape, [3, 4])
        XCTAssertEqual(Set(sOn.views.map(\.name)).subtracting(sOff.views.map(\.name)), [Self.skipName])
        XCTAssertTrue(sOn.values[view(sOn, Self.skipName).range].allSatisfy { $0 == 0 })
        for v in sOff.views { XCTAssertEqual(Array(sOff.values[v.range]), Array(sOn.values[view(sOn, v.name).range]), v.name) }

        let x = input(b: 4, f: 4, buckets: 9, seed: 3)
        let a = off.apply(x, params: sOff), b = on.apply(x, params: sOn)
        XCTAssertEqual(a.budget, b.budget)
        XCTAssertEqual(a.complexity, b.complexity)

        randomize(&sOn, Self.skipName, seed: 5)
        let c = on.apply(x, params: sOn)
        XCTAssertEqual(c.complexity, a.complexity)
        XCTAssertEqual(c.safety, a.safety)
        let ws = Array(sOn.values[view(sOn, Self.skipName).range])
        var moved = 0.0
        for r in 0..<4 {
            for q in 0..<3 {
                let skipTerm = (0..<4).reduce(0.0) { $0 + Double(ws[q * 4 + $1]) * Double(x.dense.scalars[r * 4 + $1]) }
                XCTAssertEqual(Double(c.budget!.scalars[r * 3 + q]), Double(a.budget!.scalars[r * 3 + q]) + skipTerm, accuracy: 1e-5)
                moved += abs(skipTerm)
            }
        }
        XCTAssertGreaterThan(moved, 0.1)
    }

    /// Old model.json files (no `budgetSkip` key) decode with false; other keys stay required; true round-trips.
    func testDecodingDefaultsBudgetSkipButStaysStrict() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelConfig())) as! [String: Any]
        XCTAssertEqual(json["budgetSkip"] as? Bool, false, "encoded configs always carry the key")
        json["budgetSkip"] = nil
        let old = try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(old, ModelConfig())
        json["dropout"] = nil
        XCTAssertThrowsError(try JSONDecoder().decode(ModelConfig.self, from: JSONSerialization.data(withJSONObject: json))) {
            XCTAssertTrue("\($0)".contains("dropout"), "\($0)")
        }
        var c = ModelConfig()
        c.budgetSkip = true
        c.complexityClassWeights = [1, 1, 2]
        XCTAssertEqual(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(c)), c)
    }

    func testValidationNeedsTheBudgetHead() {
        var c = ModelConfig()
        c.heads = ["complexity", "safety"]
        c.budgetSkip = true
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".hasPrefix("model.budgetSkip:"), "\($0)") }
        c.heads = ["budget"]
        XCTAssertNoThrow(try c.validate())
    }
}
