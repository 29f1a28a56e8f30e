import XCTest
import SeededRandom
@testable import RouterModel

final class CalibrationTests: XCTestCase {
    /// Labels drawn from softmax(z); the model reports 3*z (overconfident). Fitting T must recover ~3 and lower ECE.
    func testTemperatureScalingFixesOverconfidence() {
        var g = SeededGenerator(seed: 7)
        var logits: [[Double]] = [], labels: [Int?] = []
        for _ in 0..<4000 {
            let z = (0..<3).map { _ in g.nextGaussian() }
            let p = TemperatureScaling.softmax(z)
            let u = g.nextUniformDouble()
            let y = u < p[0] ? 0 : (u < p[0] + p[1] ? 1 : 2)
            logits.append(z.map { $0 * 3 }); labels.append(y)
        }
        labels[0] = nil // unknown labels are skipped
        let t = TemperatureScaling.fit(logits: logits, labels: labels)
        XCTAssertEqual(t, 3, accuracy: 0.3)
        let before = CalibrationError.multiclass(probabilities: logits.map { TemperatureScaling.softmax($0) }, labels: labels)
        let after = CalibrationError.multiclass(probabilities: logits.map { TemperatureScaling.softmax($0, temperature: t) }, labels: labels)
        XCTAssertLessThan(after, before / 2, "ECE before \(before), after \(after)")
    }

    func testBinaryTemperature() {
        var g = SeededGenerator(seed: 8)
        var logits: [Double] = [], labels: [Bool?] = []
        for _ in 0..<4000 {
            let z = g.nextGaussian() * 2
            labels.append(g.nextUniformDouble() < TemperatureScaling.sigmoid(z))
            logits.append(z * 0.4) // underconfident
        }
        let t = TemperatureScaling.fitBinary(logits: logits, labels: labels)
        XCTAssertEqual(t, 0.4, accuracy: 0.06)
        let before = CalibrationError.binary(probabilities: logits.map { TemperatureScaling.sigmoid($0) }, labels: labels)
        let after = CalibrationError.binary(probabilities: logits.map { TemperatureScaling.sigmoid($0, temperature: t) }, labels: labels)
        XCTAssertLessThan(after, before)
    }

    /// A head that separates its validation examples perfectly: the likelihood rises as T falls, so the fit ends at
    /// the lower end of the search range and says so (the trainer warns and lists the head in summary.json); the
    /// fits above are inside the range.
    func testSeparableValidationEndsAtTheLowerBound() {
        var g = SeededGenerator(seed: 9)
        var logits: [Double] = [], labels: [Bool?] = []
        for _ in 0..<500 {
            let risky = g.nextUniformDouble() < 0.3
            logits.append((risky ? 1 : -1) * (0.5 + g.nextUniformDouble()))  // every risky logit > 0, every safe < 0
            labels.append(risky)
        }
        let t = TemperatureScaling.fitBinary(logits: logits, labels: labels)
        XCTAssertEqual(t, TemperatureScaling.range.lowerBound, accuracy: 1e-3)
        XCTAssertTrue(TemperatureScaling.isAtBound(t))
        XCTAssertTrue(TemperatureScaling.isAtBound(TemperatureScaling.range.upperBound))
        for inside in [0.4, 1.0, 3.0, 0.06, 18.0] { XCTAssertFalse(TemperatureScaling.isAtBound(inside), "\(inside)") }
        // One mislabeled example gives the likelihood an interior optimum again.
        labels[0] = !(labels[0]!)
        XCTAssertFalse(TemperatureScaling.isAtBound(TemperatureScaling.fitBinary(logits: logits, labels: labels)))
    }

    func testECEOfPerfectAndWorstCases() {
        XCTAssertEqual(CalibrationError.expected(confidences: [1, 1], correct: [true, true]), 0, accuracy: 1e-12)
        XCTAssertEqual(CalibrationError.expected(confidences: [0.99, 0.99], correct: [false, false]), 0.99, accuracy: 1e-12)
    }
}
