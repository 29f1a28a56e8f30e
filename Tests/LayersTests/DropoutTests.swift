import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// Dropout: seeded determinism, independence from the batch split, rate, and gradient.
final class DropoutTests: XCTestCase {
    let run = SeededGenerator(seed: 2024)
    func streams(_ range: Range<Int>, epoch: UInt64 = 0) -> [SeededGenerator] {
        range.map { run.derived(epoch, UInt64($0)) }
    }

    func testDeterministicForASeed() {
        var g = SeededGenerator(seed: 30)
        let x = randomTensor([8, 16], &g)
        var a = Dropout(rate: 0.4, key: 1), b = Dropout(rate: 0.4, key: 1)
        XCTAssertEqual(a.forward(x, streams: streams(0..<8)), b.forward(x, streams: streams(0..<8)))
        XCTAssertNotEqual(a.forward(x, streams: streams(0..<8)), a.forward(x, streams: streams(0..<8, epoch: 1)),
                          "another epoch's streams give another mask")
        var c = Dropout(rate: 0.4, key: 2)
        XCTAssertNotEqual(a.forward(x, streams: streams(0..<8)), c.forward(x, streams: streams(0..<8)),
                          "another layer key gives another mask")
    }

    func testIndependentOfBatchSplit() {
        var g = SeededGenerator(seed: 31)
        let x = randomTensor([10, 12], &g)
        var drop = Dropout(rate: 0.5, key: 7)
        let whole = drop.forward(x, streams: streams(0..<10))
        for cut in [1, 4, 9] {
            let (top, bottom) = (Tensor(shape: [cut, 12], scalars: Array(x.scalars[0..<(cut * 12)])),
                                 Tensor(shape: [10 - cut, 12], scalars: Array(x.scalars[(cut * 12)...])))
            let y1 = drop.forward(top, streams: streams(0..<cut))
            let y2 = drop.forward(bottom, streams: streams(cut..<10))
            XCTAssertEqual(y1.scalars + y2.scalars, whole.scalars, "split at \(cut)")
        }
    }

    func testRateAndScaling() {
        var g = SeededGenerator(seed: 32)
        let x = randomTensor([64, 64], &g)
        var drop = Dropout(rate: 0.3, key: 3)
        let y = drop.forward(x, streams: streams(0..<64))
        var zeros = 0
        for i in 0..<x.count {
            if y[flat: i] == 0 { zeros += 1 } else { XCTAssertEqual(y[flat: i], x[flat: i] / 0.7, accuracy: 1e-6) }
        }
        XCTAssertEqual(Double(zeros) / Double(x.count), 0.3, accuracy: 0.03, "dropped fraction")
        XCTAssertEqual(drop.apply(x), x, "inference is the identity")
        var none = Dropout(rate: 0, key: 3)
        XCTAssertEqual(none.forward(x, streams: streams(0..<64)), x)
        XCTAssertEqual(none.backward(x), x)
    }

    func testGradientWithFixedMask() {
        var g = SeededGenerator(seed: 33)
        let x = randomTensor([5, 9], &g), up = randomTensor([5, 9], &g)
        var drop = Dropout(rate: 0.35, key: 4)
        let y = drop.forward(x, streams: streams(0..<5))
        let mask = (0..<x.count).map { Double(y[flat: $0]) / Double(x[flat: $0]) }  // x is never 0
        XCTAssertTrue(mask.contains(0) && mask.contains { $0 > 1 }, "mask has both dropped and kept elements")
        let dx = drop.backward(up)
        assertGradient(dx.scalars, numericGradient(d(x.scalars)) { xs in
            project((0..<xs.count).map { xs[$0] * mask[$0] }, up.scalars)
        }, "Dropout dx")
    }
}
