import XCTest
@testable import Training

/// The merge of sparse gradient parts (`SharedTable.mergeRows`): the two-part fast path against the general one.
final class MergeRowsTests: XCTestCase {
    /// Packs parts `[(rows ascending, values [count, d])]` as the allgather-v layout `[rows_q bits | values_q]`.
    func packed(_ parts: [([Int32], [Float])]) -> [Float] {
        parts.flatMap { rows, values in rows.map { Float(bitPattern: UInt32(bitPattern: $0)) } + values }
    }

    func testTwoPartsMergeBitIdenticallyToTheGeneralPath() {
        var g = SystemRandomNumberGenerator()
        let d = 4
        for trial in 0..<50 {
            func part() -> ([Int32], [Float]) {
                let rows = Array(Set((0..<Int.random(in: 0...30, using: &g)).map { _ in Int32.random(in: 0..<60, using: &g) })).sorted()
                let values = (0..<(rows.count * d)).map { _ -> Float in
                    Bool.random(using: &g) ? -0.0 : Float.random(in: -1...1, using: &g) * Float(1 << Int.random(in: 0...20, using: &g))
                }
                return (rows, values)
            }
            let a = part(), b = part()
            let lo = Int.random(in: 0..<30, using: &g), hi = Int.random(in: lo...60, using: &g)
            let two = packed([a, b]), three = packed([a, b, ([], [])])
            let fast = two.withUnsafeBufferPointer { p in
                SharedTable.mergeRows(SharedTable.SparsePart.packed(p.baseAddress!, counts: [a.0.count, b.0.count], dim: d), lo: lo, hi: hi, dim: d)
            }
            let general = three.withUnsafeBufferPointer { p in
                SharedTable.mergeRows(SharedTable.SparsePart.packed(p.baseAddress!, counts: [a.0.count, b.0.count, 0], dim: d), lo: lo, hi: hi, dim: d)
            }
            XCTAssertEqual(fast.rows, general.rows, "trial \(trial)")
            XCTAssertEqual(fast.values.map(\.bitPattern), general.values.map(\.bitPattern), "trial \(trial): same bits, -0 included")
            XCTAssertEqual(fast.rows, Array(Set(a.0 + b.0)).sorted().filter { Int($0) >= lo && Int($0) < hi }, "trial \(trial): the union in [lo, hi)")
        }
    }
}
