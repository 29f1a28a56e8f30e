import Foundation
import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// Every loss: value against a float64 reference, gradient against float64 finite differences,
/// masks, weights, and the global-normalizer contract used by data-parallel training.
final class LossTests: XCTestCase {
    func testSoftmaxCrossEntropy() {
        var g = SeededGenerator(seed: 40)
        let b = 9, c = 4
        let logits = randomTensor([b, c], &g, scale: 3)
        let mask = (0..<b).map { $0 % 3 != 1 }
        let labels = (0..<b).map { mask[$0] ? g.nextInt(below: c) : -1 }
        let cw: [Float] = (0..<c).map { _ in 0.5 + g.nextUniformFloat() }
        let ew: [Float] = (0..<b).map { _ in 0.2 + g.nextUniformFloat() }
        let w = (0..<b).map { mask[$0] ? Double(ew[$0]) * Double(cw[labels[$0]]) : 0 }
        let norm = w.reduce(0, +)

        let out = softmaxCrossEntropy(logits: logits, labels: labels, mask: mask, classWeights: cw, exampleWeights: ew)
        let f: ([Double]) -> Double = { softmaxCERef($0, rows: b, classes: c, labels: labels, weights: w, normalizer: norm) }
        XCTAssertEqual(Double(out.loss), f(d(logits.scalars)), accuracy: 1e-5)
        XCTAssertEqual(Double(out.weightSum), norm, accuracy: 1e-5)
        assertGradient(out.gradient.scalars, numericGradient(d(logits.scalars), f), "softmax CE d logits")
        for i in 0..<b where !mask[i] { XCTAssertEqual(out.gradient.row(i), [Float](repeating: 0, count: c)) }

        // Unweighted, unmasked: the plain mean of -log p.
        let plainLabels = (0..<b).map { _ in g.nextInt(below: c) }
        let plain = softmaxCrossEntropy(logits: logits, labels: plainLabels)
        let ones = [Double](repeating: 1, count: b)
        XCTAssertEqual(Double(plain.loss),
                       softmaxCERef(d(logits.scalars), rows: b, classes: c, labels: plainLabels, weights: ones, normalizer: Double(b)),
                       accuracy: 1e-5)

        // All masked: zero loss, zero gradient.
        let none = softmaxCrossEntropy(logits: logits, labels: labels, mask: [Bool](repeating: false, count: b))
        XCTAssertEqual(none.loss, 0)
        XCTAssertTrue(none.gradient.scalars.allSatisfy { $0 == 0 })
    }

    /// With the global normalizer, the losses and gradients of two batch shards add up to the full batch's.
    func testGlobalNormalizerMakesShardsAddUp() {
        var g = SeededGenerator(seed: 41)
        let b = 10, c = 3, cut = 4
        let logits = randomTensor([b, c], &g)
        let labels = (0..<b).map { _ in g.nextInt(below: c) }
        let mask = (0..<b).map { $0 != 2 && $0 != 7 }
        let cw: [Float] = [1, 2, 0.5]
        let full = softmaxCrossEntropy(logits: logits, labels: labels, mask: mask, classWeights: cw)
        func shard(_ r: Range<Int>) -> Tensor { Tensor(shape: [r.count, c], scalars: Array(logits.scalars[(r.lowerBound * c)..<(r.upperBound * c)])) }
        let local = [0..<cut, cut..<b].map {
            softmaxCrossEntropy(logits: shard($0), labels: Array(labels[$0]), mask: Array(mask[$0]), classWeights: cw)
        }
        let global = local.reduce(Float(0)) { $0 + $1.weightSum }  // what the trainer all-reduces
        let parts = [0..<cut, cut..<b].map {
            softmaxCrossEntropy(logits: shard($0), labels: Array(labels[$0]), mask: Array(mask[$0]), classWeights: cw,
                                normalizer: global)
        }
        XCTAssertEqual(parts[0].loss + parts[1].loss, full.loss, accuracy: 1e-6)
        assertForward(parts[0].gradient.scalars + parts[1].gradient.scalars, d(full.gradient.scalars), "shard gradients")
    }

    func testBinaryCrossEntropyWithLogits() {
        var g = SeededGenerator(seed: 42)
        let b = 7, k = 3
        let logits = randomTensor([b, k], &g, scale: 4)
        var targets = Tensor(shape: [b, k], scalars: (0..<(b * k)).map { _ in g.nextUniformFloat() })
        targets[0, 0] = 0; targets[1, 1] = 1; targets[2, 2] = 1
        let pw: [Float] = (0..<k).map { _ in 0.5 + 2 * g.nextUniformFloat() }
        for perElement in [false, true] {
            let mask: [Bool] = perElement ? (0..<(b * k)).map { $0 % 4 != 3 } : (0..<b).map { $0 != 4 }
            let em = perElement ? mask : (0..<(b * k)).map { mask[$0 / k] }
            let n = Double(em.filter { $0 }.count)
            let out = binaryCrossEntropyWithLogits(logits: logits, targets: targets, mask: mask, positiveWeight: pw)
            let f: ([Double]) -> Double = { bceRef($0, d(targets.scalars), mask: em, posWeight: d(pw), cols: k, normalizer: n) }
            XCTAssertEqual(Double(out.loss), f(d(logits.scalars)), accuracy: 1e-5)
            XCTAssertEqual(Double(out.weightSum), n)
            assertGradient(out.gradient.scalars, numericGradient(d(logits.scalars), f), "BCE perElement=\(perElement)")
        }
        // Extreme logits stay finite.
        let big = Tensor(shape: [1, 2], scalars: [80, -80])
        let out = binaryCrossEntropyWithLogits(logits: big, targets: Tensor(shape: [1, 2], scalars: [0, 1]))
        XCTAssertEqual(out.loss, 80, accuracy: 1e-3)
        XCTAssertTrue(out.gradient.scalars.allSatisfy { $0.isFinite })
    }

    func testPinballLoss() {
        var g = SeededGenerator(seed: 43)
        let b = 8, quantiles: [Float] = [0.1, 0.5, 0.9]
        let q = quantiles.count
        let targets = (0..<b).map { _ in randomSigned(&g, lo: 0, hi: 3) }
        var preds = randomTensor([b, q], &g, scale: 3)
        for i in 0..<b { for j in 0..<q where abs(targets[i] - preds[i, j]) < 0.05 { preds[i, j] += 0.2 } }  // away from the kink
        let mask = (0..<b).map { $0 != 5 }
        let out = pinballLoss(predictions: preds, targets: targets, quantiles: quantiles, mask: mask)
        let n = Double(mask.filter { $0 }.count * q)
        let f: ([Double]) -> Double = { p in
            var s = 0.0
            for i in 0..<b where mask[i] { for j in 0..<q {
                let tau = Double(quantiles[j]), u = Double(targets[i]) - p[i * q + j]
                s += max(tau * u, (tau - 1) * u)
            } }
            return s / n
        }
        XCTAssertEqual(Double(out.loss), f(d(preds.scalars)), accuracy: 1e-5)
        assertGradient(out.gradient.scalars, numericGradient(d(preds.scalars), f), "pinball")
        XCTAssertEqual(out.gradient.row(5), [0, 0, 0])
    }

    func testHuberLoss() {
        var g = SeededGenerator(seed: 44)
        let b = 6, k = 2, delta: Float = 0.5
        let targets = randomTensor([b, k], &g)
        var preds = randomTensor([b, k], &g)
        for i in 0..<(b * k) where abs(abs(preds[flat: i] - targets[flat: i]) - delta) < 0.02 { preds[flat: i] += 0.1 }
        let mask = (0..<b).map { $0 != 0 }
        let out = huberLoss(predictions: preds, targets: targets, delta: delta, mask: mask)
        let n = Double((b - 1) * k)
        let f: ([Double]) -> Double = { p in
            var s = 0.0
            for i in k..<(b * k) {
                let u = p[i] - Double(targets[flat: i]), dl = Double(delta)
                s += abs(u) <= dl ? 0.5 * u * u : dl * (abs(u) - 0.5 * dl)
            }
            return s / n
        }
        XCTAssertEqual(Double(out.loss), f(d(preds.scalars)), accuracy: 1e-5)
        assertGradient(out.gradient.scalars, numericGradient(d(preds.scalars), f), "huber")
        // Both branches were exercised.
        let absU = (k..<(b * k)).map { abs(preds[flat: $0] - targets[flat: $0]) }
        XCTAssertTrue(absU.contains { $0 < delta } && absU.contains { $0 > delta })
    }
}
