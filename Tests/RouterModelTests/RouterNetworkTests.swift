import Layers
import SeededRandom
import Tensors
import XCTest
@testable import RouterModel

final class RouterNetworkTests: XCTestCase {
    struct Fixture {
        var net: RouterNetwork
        var store: ParameterStore
        var input: NetworkInput
        var labels: BatchLabels
    }

    func fixture(ordinal: Bool = false, activation: String = "relu", dropout: Double = 0, b: Int = 6, budgetSkip: Bool = false,
                 adversary: Double = 0) -> Fixture {
        var cfg = ModelConfig()
        cfg.embeddingDim = 5
        cfg.hidden = [.init(size: 7, activation: activation, layerNorm: true), .init(size: 4, activation: activation, layerNorm: false)]
        cfg.dropout = dropout
        cfg.ordinal = ordinal
        cfg.complexityClassWeights = [1, 2, 3]
        cfg.riskyPositiveWeight = 2
        cfg.budgetSkip = budgetSkip
        cfg.sourceAdversary = adversary
        var layout = ParameterLayout()
        let net = RouterNetwork(config: cfg, buckets: 11, denseWidth: 3, layout: &layout)
        var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 5))
        var g = SeededGenerator(seed: 9)
        if let v = store.views.first(where: { $0.name == "heads.budget.skip.weight" }) {  // zero at init: make it matter
            for i in v.range { store.values[i] = g.nextUniformFloat() - 0.5 }
        }
        let bags = (0..<b).map { _ in (0..<(1 + g.nextInt(below: 4))).map { _ in Int32(g.nextInt(below: 11)) } }
        let weights = bags.map { $0.map { _ in 0.5 + g.nextUniformFloat() } }
        let dense = Tensor(shape: [b, 3], scalars: (0..<(b * 3)).map { _ in g.nextUniformFloat() })
        let labels = BatchLabels(tiers: (0..<b).map { i in i % 4 == 3 ? nil : i % 3 },
                                 risky: (0..<b).map { i in i % 5 == 4 ? nil : i % 2 == 0 },
                                 budgetTokens: (0..<b).map { i in i % 3 == 1 ? nil : [0, 120, 900][i % 3] })
        return Fixture(net: net, store: store, input: NetworkInput(bags: BagBatch(bags: bags, weights: weights), dense: dense), labels: labels)
    }

    func loss(_ f: Fixture, _ store: ParameterStore) -> Double {
        var net = f.net
        let out = net.forward(f.input, params: store, streams: (0..<f.input.count).map { SeededGenerator(seed: UInt64($0)) })
        return MultiTaskLoss.compute(out, labels: f.labels, normalizers: LossNormalizers(labels: f.labels, config: f.net.config), config: f.net.config).0.total
    }

    func gradients(_ f: Fixture) -> (dense: [Float], sparse: SparseRowGradient) {
        var net = f.net
        var store = f.store
        store.zeroGrads()
        let out = net.forward(f.input, params: store, streams: (0..<f.input.count).map { SeededGenerator(seed: UInt64($0)) })
        let (_, d) = MultiTaskLoss.compute(out, labels: f.labels, normalizers: LossNormalizers(labels: f.labels, config: f.net.config), config: f.net.config)
        let sparse = net.backward(d, params: &store)
        return (store.grads, sparse)
    }

    /// Whole-network gradient against central differences (the per-layer checks in LayersTests are float64;
    /// this one checks the composition, heads and masks, so it uses a float32 tolerance).
    func checkFiniteDifferences(_ f: Fixture) {
        let (dense, sparse) = gradients(f)
        let eps: Float = 1e-3
        var checked = 0
        for i in stride(from: 0, to: f.store.totalCount, by: 3) {
            var plus = f.store, minus = f.store
            plus.values[i] += eps; minus.values[i] -= eps
            let fd = (loss(f, plus) - loss(f, minus)) / Double(2 * eps)
            let analytic: Double
            if i < f.store.denseCount { analytic = Double(dense[i]) } else {
                let v = f.store.views.first { $0.range.contains(i) }!
                let row = Int32((i - v.offset) / v.shape[1]), col = (i - v.offset) % v.shape[1]
                analytic = sparse.binarySearch(row).map { Double(sparse.row(at: $0)[sparse.row(at: $0).startIndex + col]) } ?? 0
            }
            XCTAssertEqual(analytic, fd, accuracy: 2e-3 + 2e-2 * abs(fd), "parameter element \(i) (\(f.store.views.first { $0.range.contains(i) }!.name))")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 50)
    }

    /// Source names of the fixture's examples (the adversary's targets): three sources, two of them sharing labels.
    func sources(_ f: Fixture) -> [String] { (0..<f.input.count).map { ["alpha", "beta", "sample:gamma"][$0 % 3] } }

    /// The heads' total loss and the adversary's loss (`SourceAdversary`), one forward.
    func losses(_ f: Fixture, _ store: ParameterStore) -> (heads: Double, adversary: Double) {
        var net = f.net
        let out = net.forward(f.input, params: store, streams: (0..<f.input.count).map { SeededGenerator(seed: UInt64($0)) })
        let norm = LossNormalizers(labels: f.labels, config: f.net.config)
        let heads = MultiTaskLoss.compute(out, labels: f.labels, normalizers: norm, config: f.net.config).0.total
        let slots = (0..<f.input.count).map { SourceAdversary.slot(tier: f.labels.tiers[$0], risky: f.labels.risky[$0]) }
        let logits = net.adversaryForward(slots: slots, params: store)
        return (heads, Double(SourceAdversary.loss(logits: logits, sources: sources(f), normalizer: norm.examples).loss))
    }

    /// Gradient reversal: the adversary's parameters descend on its loss L_a, every other parameter on
    /// L - λ L_a (the heads' loss minus the scaled adversary loss), checked against central differences.
    func testSourceAdversaryGradientsAreReversedForTheTrunk() {
        let lambda = 0.7
        let f = fixture(adversary: lambda)
        var net = f.net, store = f.store
        store.zeroGrads()
        let out = net.forward(f.input, params: store, streams: (0..<f.input.count).map { SeededGenerator(seed: UInt64($0)) })
        let norm = LossNormalizers(labels: f.labels, config: f.net.config)
        var (_, d) = MultiTaskLoss.compute(out, labels: f.labels, normalizers: norm, config: f.net.config)
        let slots = (0..<f.input.count).map { SourceAdversary.slot(tier: f.labels.tiers[$0], risky: f.labels.risky[$0]) }
        d.source = SourceAdversary.loss(logits: net.adversaryForward(slots: slots, params: store), sources: sources(f), normalizer: norm.examples).gradient
        let sparse = net.backward(d, params: &store)
        let eps: Float = 1e-3
        var checked = (adversary: 0, trunk: 0)
        for i in stride(from: 0, to: f.store.totalCount, by: 7) {
            var plus = f.store, minus = f.store
            plus.values[i] += eps; minus.values[i] -= eps
            let (hp, ap) = losses(f, plus), (hm, am) = losses(f, minus)
            let name = f.store.views.first { $0.range.contains(i) }!.name
            let isAdversary = name.hasPrefix("adversary.")
            let fd = isAdversary ? (ap - am) / Double(2 * eps) : ((hp - lambda * ap) - (hm - lambda * am)) / Double(2 * eps)
            let analytic: Double
            if i < f.store.denseCount { analytic = Double(store.grads[i]) } else {
                let v = f.store.views.first { $0.range.contains(i) }!
                let row = Int32((i - v.offset) / v.shape[1]), col = (i - v.offset) % v.shape[1]
                analytic = sparse.binarySearch(row).map { Double(sparse.row(at: $0)[sparse.row(at: $0).startIndex + col]) } ?? 0
            }
            XCTAssertEqual(analytic, fd, accuracy: 2e-3 + 2e-2 * abs(fd), "parameter element \(i) (\(name))")
            if isAdversary { checked.adversary += 1 } else { checked.trunk += 1 }
        }
        XCTAssertGreaterThan(checked.adversary, 100)
        XCTAssertGreaterThan(checked.trunk, 20)
        // The adversary's slot blocks: an example only reaches the map of its own label combination.
        XCTAssertEqual(Set(slots).count, Set(zip(f.labels.tiers, f.labels.risky).map { "\($0.0 ?? -1)/\($0.1.map { $0 ? 1 : 0 } ?? -1)" }).count)
    }

    func testSourceAdversarySlotsAndClassesAreStable() {
        XCTAssertEqual(SourceAdversary.slot(tier: 0, risky: false), 0)
        XCTAssertEqual(SourceAdversary.slot(tier: 2, risky: true), 7)
        XCTAssertEqual(SourceAdversary.slot(tier: nil, risky: nil), 11)
        XCTAssertEqual(Set((0...3).flatMap { t in [true, false, nil].map { SourceAdversary.slot(tier: t == 3 ? nil : t, risky: $0) } }).count, 12)
        // FNV-1a 64 of the name, reduced: the class of a source never depends on the data it came with.
        XCTAssertEqual(SourceAdversary.sourceClass(""), Int(UInt64(0xCBF2_9CE4_8422_2325) % 256))
        XCTAssertNotEqual(SourceAdversary.sourceClass("gsm8k"), SourceAdversary.sourceClass("nq_open"))
        XCTAssertTrue((0..<SourceAdversary.classes).contains(SourceAdversary.sourceClass("sample:recall_list")))
    }

    func testGradientsSoftmaxReLU() { checkFiniteDifferences(fixture()) }
    func testGradientsOrdinalGELU() { checkFiniteDifferences(fixture(ordinal: true, activation: "gelu")) }
    func testGradientsWithBudgetSkip() { checkFiniteDifferences(fixture(budgetSkip: true)) }

    /// The data-parallel contract: gradients of slices, each normalized by the global batch, sum to the full batch's.
    func testSliceGradientsSumToFullBatch() {
        let f = fixture(dropout: 0.3, b: 8, budgetSkip: true)
        let full = gradients(f)
        var sum = [Float](repeating: 0, count: full.dense.count)
        var parts: [SparseRowGradient] = []
        let norm = LossNormalizers(labels: f.labels, config: f.net.config)
        for slice in [0..<3, 3..<8] {
            var net = f.net, store = f.store
            store.zeroGrads()
            let idx = Array(slice)
            let bags = BagBatch(bags: idx.map { b in Array(f.input.bags.ids[Int(f.input.bags.offsets[b])..<Int(f.input.bags.offsets[b + 1])]) },
                                weights: idx.map { b in Array(f.input.bags.weights![Int(f.input.bags.offsets[b])..<Int(f.input.bags.offsets[b + 1])]) })
            let dense = Tensor(shape: [idx.count, 3], scalars: idx.flatMap { Array(f.input.dense.row($0)) })
            let out = net.forward(NetworkInput(bags: bags, dense: dense), params: store, streams: idx.map { SeededGenerator(seed: UInt64($0)) })
            let (_, d) = MultiTaskLoss.compute(out, labels: f.labels.subset(idx), normalizers: norm, config: f.net.config)
            parts.append(net.backward(d, params: &store))
            for i in sum.indices { sum[i] += store.grads[i] }
        }
        for i in sum.indices { XCTAssertEqual(sum[i], full.dense[i], accuracy: 1e-5) }
        let merged = SparseRowGradient.sum(parts)
        XCTAssertEqual(merged.rows, full.sparse.rows)
        for k in merged.values.indices { XCTAssertEqual(merged.values[k], full.sparse.values[k], accuracy: 1e-5) }
    }

    func testOutputsAreCalibratedProbabilitiesAndMonotoneQuantiles() {
        let f = fixture(ordinal: true)
        let h = f.net.apply(f.input, params: f.store)
        var cal = Calibration()
        cal.complexityTemperature = 2
        for o in f.net.outputs(h, calibration: cal) {
            XCTAssertEqual(o.complexity.reduce(0, +), 1, accuracy: 1e-9)
            XCTAssertTrue(o.complexity.allSatisfy { $0 >= 0 })
            XCTAssertTrue((0...1).contains(o.risky))
            XCTAssertLessThanOrEqual(o.budgetQuantiles[0.5]!, o.budgetQuantiles[0.9]!)
        }
    }

    func testConfigValidationNamesTheField() {
        var c = ModelConfig()
        c.heads = ["complexity", "speed"]
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual("\($0)", "model.heads: unknown head \"speed\"; allowed: complexity, safety, budget") }
        c = ModelConfig(); c.dropout = 1.5
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".hasPrefix("model.dropout")) }
        c = ModelConfig(); c.sourceAdversary = -0.5
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual("\($0)", "model.sourceAdversary: must be in 0...100 (0 = off), got -0.5") }
        c = ModelConfig(); c.budgetQuantiles = [0.9, 0.5]
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("strictly increasing")) }
        XCTAssertNoThrow(try ModelConfig().validate())
    }
}
