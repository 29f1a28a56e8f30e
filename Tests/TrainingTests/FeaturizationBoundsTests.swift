import SpectrumData
import XCTest
@testable import Training

/// How ranks cut a split for shared featurization (`LabeledSplit.featurizationBounds`).
final class FeaturizationBoundsTests: XCTestCase {
    func records(_ lengths: [Int]) -> [SpectrumRecord] {
        lengths.enumerated().map { SpectrumRecord(id: "r:\($0.offset)", text: String(repeating: "a", count: $0.element), source: "r") }
    }

    /// Short texts first and long ones last (a corpus ordered by source): the cuts follow the bytes, not the count.
    func testCutsBalanceTextBytesNotRecordCounts() {
        let rs = records(Array(repeating: 36, count: 900) + Array(repeating: 1_936, count: 100))  // cost 100 vs 2000
        let b = LabeledSplit.featurizationBounds(rs, parts: 2, maxChars: 4000)
        XCTAssertEqual(b.count, 3)
        XCTAssertEqual(b.first, 0)
        XCTAssertEqual(b.last, 1000)
        // Total cost 90,000 + 200,000: half is 145,000 = the 900 short ones and 28 long ones (145,000 - 90,000 = 55,000 = 27.5 x 2000).
        XCTAssertEqual(b[1], 928, "the first rank takes every short text and 28 long ones, not 500 short ones")
    }

    func testBoundsAreAscendingAndCoverEveryRecordForAnyRankCount() {
        var g = SystemRandomNumberGenerator()
        let rs = records((0..<137).map { _ in Int.random(in: 0...9_000, using: &g) })
        for parts in [1, 2, 3, 4, 8, 200] {
            let b = LabeledSplit.featurizationBounds(rs, parts: parts, maxChars: 4000)
            XCTAssertEqual(b.count, parts + 1, "\(parts) parts")
            XCTAssertEqual(b.first, 0)
            XCTAssertEqual(b.last, rs.count)
            XCTAssertEqual(b, b.sorted(), "\(parts) parts: ascending")
        }
        XCTAssertEqual(LabeledSplit.featurizationBounds([], parts: 4, maxChars: 4000), [0, 0, 0, 0, 0])
    }

    /// Text past 4 x maxChars is not read, so it does not count: two huge texts do not take a rank each.
    func testLengthsAreCappedAtWhatTheFeaturizerReads() {
        let rs = records(Array(repeating: 136, count: 98) + [1_000_000, 1_000_000])  // cost 200 each; capped 400 + 64
        let b = LabeledSplit.featurizationBounds(rs, parts: 2, maxChars: 100)
        XCTAssertEqual(b[1], 52, "half of 98 x 200 + 2 x 464 = 10,264 is reached after 52 short texts")
    }
}
