import Foundation
import SeededRandom
import XCTest
@testable import RouterModel

/// The budget head's length calibration: the fitted exponent, its reference, and the budgets it scales.
final class BudgetLengthScalingTests: XCTestCase {
    /// Two sources whose labels grow with the word count while the predictions ignore it: β > 0 must win.
    func testFitPicksAPositiveExponentWhenLengthRanksTheLabels() throws {
        var g = SeededGenerator(seed: 4)
        var p50: [Double] = [], words: [Int] = [], labels: [Int?] = [], sources: [String] = []
        for s in ["a", "b"] {
            for _ in 0..<40 {
                let w = 10 + g.nextInt(below: 90)
                p50.append(500 + Double(g.nextInt(below: 50)))     // ~constant: no within-source ranking
                words.append(w)
                labels.append(w * 8 + g.nextInt(below: 40))          // grows with length
                sources.append(s)
            }
        }
        // Simple queries (budget 0) and unlabeled ones are not part of the fit.
        p50 += [0, 0, 300]; words += [500, 3, 40]; labels += [0, 0, nil]; sources += ["a", "b", "a"]
        let fit = try XCTUnwrap(BudgetLengthScaling.fit(p50: p50, words: words, labels: labels, sources: sources))
        XCTAssertGreaterThan(fit.exponent, 0)
        XCTAssertGreaterThan(fit.withinSourceSpearmanAfter, fit.withinSourceSpearmanBefore + 0.5)
        let used = zip(words, labels).compactMap { w, l in (l ?? 0) > 0 ? Double(w) : nil }.sorted()
        XCTAssertEqual(fit.reference, used[used.count / 2], "the median length of the fitted queries")
        XCTAssertEqual(fit.minWords, used[Int(Double(used.count - 1) * 0.05)])
        XCTAssertEqual(fit.maxWords, used[Int(Double(used.count - 1) * 0.95)])
    }

    /// Predictions that already rank the labels, and length that does not: β stays 0.
    func testFitKeepsZeroWhenLengthDoesNotHelp() throws {
        var g = SeededGenerator(seed: 5)
        var p50: [Double] = [], words: [Int] = [], labels: [Int?] = [], sources: [String] = []
        for _ in 0..<50 {
            let b = 100 + g.nextInt(below: 900)
            p50.append(Double(b)); labels.append(b); words.append(5 + g.nextInt(below: 200)); sources.append("s")
        }
        let fit = try XCTUnwrap(BudgetLengthScaling.fit(p50: p50, words: words, labels: labels, sources: sources))
        XCTAssertEqual(fit.exponent, 0)
        XCTAssertEqual(fit.withinSourceSpearmanAfter, fit.withinSourceSpearmanBefore)
        XCTAssertNil(BudgetLengthScaling.fit(p50: [1, 2], words: [3, 4], labels: [5, 6], sources: ["x", "x"]), "too few to fit")
    }

    /// Two sources whose labels grow with length inside each, but the long texts' source needs far fewer tokens:
    /// a steep exponent ranks within each source and lifts the long source's queries above the short source's.
    /// The within-source objective takes it; the overall one (what the evaluation reports) takes a smaller one
    /// and ends with a higher overall Spearman.
    func testOverallObjectiveDoesNotTradeTheRankingAcrossSourcesForTheRankingWithinThem() throws {
        var g = SeededGenerator(seed: 6)
        var p50: [Double] = [], words: [Int] = [], labels: [Int?] = [], sources: [String] = []
        for _ in 0..<60 {  // short competition problems: thousands of tokens
            let w = 15 + g.nextInt(below: 20)
            p50.append(3000 + Double(g.nextInt(below: 400))); words.append(w); labels.append(2000 + w * 40 + g.nextInt(below: 300)); sources.append("comp")
        }
        for _ in 0..<60 {  // long word problems: hundreds of tokens
            let w = 60 + g.nextInt(below: 60)
            p50.append(300 + Double(g.nextInt(below: 40))); words.append(w); labels.append(100 + w * 3 + g.nextInt(below: 30)); sources.append("word")
        }
        for _ in 0..<60 { p50.append(Double(g.nextInt(below: 5))); words.append(5 + g.nextInt(below: 40)); labels.append(0); sources.append("simple") }
        let within = try XCTUnwrap(BudgetLengthScaling.fit(p50: p50, words: words, labels: labels, sources: sources))
        let overall = try XCTUnwrap(BudgetLengthScaling.fit(p50: p50, words: words, labels: labels, sources: sources, objective: .overall))
        XCTAssertEqual(within.objective, .withinSource, "the default")
        XCTAssertEqual(overall.objective, .overall)
        XCTAssertEqual(within.exponent, BudgetLengthScaling.grid.last!, "within sources, the steepest slope ranks best")
        XCTAssertLessThan(overall.exponent, within.exponent)
        XCTAssertGreaterThan(overall.spearmanAfter, within.spearmanAfter + 0.01)
        XCTAssertGreaterThan(within.withinSourceSpearmanAfter, overall.withinSourceSpearmanAfter)
        XCTAssertGreaterThanOrEqual(overall.spearmanAfter, overall.spearmanBefore)
    }

    func testFactorAndOlderCalibrationsDecode() throws {
        XCTAssertEqual(BudgetLengthScaling.factor(words: 50, exponent: 0.5, reference: 25), 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(BudgetLengthScaling.factor(words: 0, exponent: 1, reference: 4), 0.25, accuracy: 1e-12, "at least one word")
        XCTAssertEqual(BudgetLengthScaling.factor(words: 999, exponent: 0, reference: 4), 1)
        XCTAssertEqual(BudgetLengthScaling.factor(words: 2000, exponent: 1, reference: 25, minWords: 10, maxWords: 100), 4, accuracy: 1e-12,
                       "no extrapolation past the fitted lengths")
        XCTAssertEqual(BudgetLengthScaling.factor(words: 2, exponent: 1, reference: 25, minWords: 10, maxWords: 100), 0.4, accuracy: 1e-12)
        let old = try JSONDecoder().decode(Calibration.self, from: Data(#"{"complexityTemperature": 1.2, "safetyTemperature": 0.9}"#.utf8))
        XCTAssertNil(old.budgetLengthExponent, "model.json files without the fields keep budgets unscaled")
    }
}
