import XCTest
@testable import Optimizers

// Reference numbers below were computed once in float64 with numpy 2.4.6 (Python 3.11) by a separate,
// straightforward script implementing the formulas in the source headers (AdamW.swift, SGD.swift,
// LearningRateSchedule.swift), and pasted here as literals. Inputs:
//   p0 = [0.5, -1.0, 2.0, 0.0, -0.25], noDecay = 3..<5 (decay mask [1,1,1,0,0])
//   G  = [[0.1,-0.2,0.3,-0.4,0.05], [-0.3,0.1,0.0,0.2,0.5], [0.2,0.2,-0.1,-0.6,0.05]]
//   lr per step = [0.01, 0.02, 0.005]
//   AdamW: b1 0.9, b2 0.999, eps 1e-3, wd 0.1.  SGD: momentum 0.9, wd 0.05.
let p0: [Float] = [0.5, -1.0, 2.0, 0.0, -0.25]
let G: [[Float]] = [[0.1, -0.2, 0.3, -0.4, 0.05], [-0.3, 0.1, 0.0, 0.2, 0.5], [0.2, 0.2, -0.1, -0.6, 0.05]]
let lrs: [Float] = [0.01, 0.02, 0.005]

/// Asserts elementwise |a - e| <= tol * max(1, |e|).
func assertClose(_ a: [Float], _ e: [Double], tol: Double = 2e-6, _ msg: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, e.count, "count \(msg)", file: file, line: line)
    for (i, (x, y)) in zip(a, e).enumerated() {
        XCTAssertLessThanOrEqual(abs(Double(x) - y), tol * max(1, abs(y)), "\(msg) [\(i)]: \(x) vs \(y)", file: file, line: line)
    }
}

final class ReferenceValuesTests: XCTestCase {
    func testAdamWFirstStepsMatchNumpy() throws {
        let expected: [[Double]] = [
            [0.4895990099009901, -0.9890497512437811, 1.9880332225913622, 0.00997506234413965, -0.25980392156862747],
            [0.49845961242407766, -0.9817783934780653, 1.9707188840143448, 0.015285009090817647, -0.2759003859961155],
            [0.4981168769466018, -0.9826431613467784, 1.9682957260563023, 0.018454275890955687, -0.2793091736640838],
        ]
        var opt = try AdamW(count: 5, hyper: AdamHyperparameters(beta1: 0.9, beta2: 0.999, eps: 1e-3, weightDecay: 0.1),
                            noDecay: [3..<5])
        var p = p0
        for t in 0..<3 {
            try opt.update(params: &p, grads: G[t], lr: lrs[t])
            assertClose(p, expected[t], "AdamW step \(t + 1)")
        }
        XCTAssertEqual(opt.step, 3)
        assertClose(opt.m, [0.0011000000000000038, 0.012799999999999995, 0.014299999999999997, -0.07439999999999998, 0.05404999999999999], "m")
        assertClose(opt.v, [0.0001398900100000001, 8.99100400000001e-05, 9.982009000000009e-05, 0.0005596401600000006, 0.0002547450025000003], "v")
    }

    func testSGDMomentumMatchesNumpy() throws {
        let expected: [[Double]] = [
            [0.49875, -0.9975, 1.996, 0.004, -0.2505],
            [0.5020012500000001, -0.9940025, 1.986804, 0.007200000000000001, -0.2614],
            [0.5016072809375001, -0.9939670618750001, 1.984738199, 0.010920000000000001, -0.2641025],
        ]
        var opt = try SGD(count: 5, momentum: 0.9, nesterov: false, weightDecay: 0.05, noDecay: [3..<5])
        var p = p0
        for t in 0..<3 {
            try opt.update(params: &p, grads: G[t], lr: lrs[t])
            assertClose(p, expected[t], "SGD step \(t + 1)")
        }
        XCTAssertEqual(opt.step, 3)
    }

    func testSGDNesterovMatchesNumpy() throws {
        let expected: [[Double]] = [
            [0.497625, -0.99525, 1.9924, 0.0076, -0.25095],
            [0.5060545125, -0.993109025, 1.98213444, 0.0064800000000000005, -0.27076],
            [0.5045727425440625, -0.9938295100881249, 1.9802814651410001, 0.012828, -0.27344225],
        ]
        var opt = try SGD(count: 5, momentum: 0.9, nesterov: true, weightDecay: 0.05, noDecay: [3..<5])
        var p = p0
        for t in 0..<3 {
            try opt.update(params: &p, grads: G[t], lr: lrs[t])
            assertClose(p, expected[t], "Nesterov step \(t + 1)")
        }
    }

    func testPlainSGDIsGradientDescent() throws {
        var opt = try SGD(count: 2, momentum: 0)
        var p: [Float] = [1, 2]
        try opt.update(params: &p, grads: [0.5, -1], lr: 0.1)
        XCTAssertEqual(p, [0.95, 2.1])
    }

    func testScheduleValuesMatchNumpy() throws {
        // (step, lr) for peak 1e-3, min 1e-4, warmup 10, total 100.
        let cosine: [(Int, Double)] = [(0, 0.0001), (4, 0.0005), (9, 0.001), (10, 0.001), (32, 0.000873702910152393),
                                       (55, 0.00055), (99, 0.00010027412784140692), (100, 0.0001), (150, 0.0001)]
        let linear: [(Int, Double)] = [(0, 0.0001), (4, 0.0005), (9, 0.001), (10, 0.001), (32, 0.0007800000000000001),
                                       (55, 0.00055), (99, 0.00010999999999999996), (100, 0.0001), (150, 0.0001)]
        for (decay, table) in [(LearningRateSchedule.Decay.cosine, cosine), (.linear, linear)] {
            let s = try LearningRateSchedule(peak: 1e-3, min: 1e-4, warmupSteps: 10, totalSteps: 100, decay: decay)
            for (step, lr) in table {
                XCTAssertEqual(Double(s.lr(at: step)), lr, accuracy: 1e-6 * lr, "\(decay) step \(step)")
            }
        }
        let constant = try LearningRateSchedule(peak: 2e-3, warmupSteps: 4, totalSteps: 10, decay: .constant)
        XCTAssertEqual([0, 3, 4, 10, 50].map { constant.lr(at: $0) }, [5e-4, 2e-3, 2e-3, 2e-3, 2e-3])
        let noWarmup = try LearningRateSchedule(peak: 1, min: 0.5, warmupSteps: 0, totalSteps: 2, decay: .linear)
        XCTAssertEqual([0, 1, 2].map { noWarmup.lr(at: $0) }, [1, 0.75, 0.5])
    }

    func testScheduleRejectsBadConfig() {
        XCTAssertThrowsError(try LearningRateSchedule(peak: 1, min: 2, warmupSteps: 0, totalSteps: 10))
        XCTAssertThrowsError(try LearningRateSchedule(peak: 1, warmupSteps: 11, totalSteps: 10)) { error in
            XCTAssertTrue("\(error)".contains("warmupSteps"), "\(error)")
        }
    }
}
