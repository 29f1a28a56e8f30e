import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// EmbeddingBag forward against a float64 reference, and its sparse gradient checked row by row.
final class EmbeddingBagTests: XCTestCase {
    /// Random bags over `rows` ids: lengths 0...6, bag 2 empty, bag 0 repeats an id.
    func randomBatch(_ g: inout SeededGenerator, bags: Int, rows: Int, weighted: Bool, signed: Bool) -> BagBatch {
        var ids: [[Int32]] = [], ws: [[Float]] = []
        for b in 0..<bags {
            var bag = (0..<(b == 2 ? 0 : 1 + g.nextInt(below: 6))).map { _ in Int32(g.nextInt(below: rows)) }
            if b == 0 { bag += [bag[0], bag[0]] }
            ids.append(bag)
            ws.append(bag.map { _ in signed ? randomSigned(&g, lo: 0.2, hi: 2) : 0.2 + 1.8 * g.nextUniformFloat() })
        }
        return BagBatch(bags: ids, weights: weighted ? ws : nil)
    }

    func testForwardAndSparseGradientRowByRow() {
        var g = SeededGenerator(seed: 20)
        for mode in [EmbeddingBag.Mode.sum, .mean] {
            for weighted in [false, true] {
                let rows = 11, dim = 4, bags = 6
                var layout = ParameterLayout()
                _ = Linear(layout: &layout, name: "before", inFeatures: 2, outFeatures: 2)
                var emb = EmbeddingBag(layout: &layout, name: "emb", rows: rows, dim: dim, mode: mode, initStd: 0.5)
                _ = LayerNorm(layout: &layout, name: "after", dim: 3)
                let store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 3))
                let batch = randomBatch(&g, bags: bags, rows: rows, weighted: weighted, signed: mode == .sum)
                let up = randomTensor([bags, dim], &g)
                let table = d(store.tensor(emb.table).scalars)
                let what = "\(mode) weighted=\(weighted)"

                let y = emb.forward(batch, params: store)
                XCTAssertEqual(y.shape, [bags, dim])
                assertForward(y.scalars, embeddingBagRef(table, dim: dim, batch: batch, mean: mode == .mean), "forward \(what)")
                XCTAssertEqual(y.row(2), [Float](repeating: 0, count: dim), "empty bag gives a zero row")
                XCTAssertEqual(emb.apply(batch, params: store), y)

                let sparse = emb.backward(up)
                XCTAssertEqual(sparse.parameter, emb.table)
                XCTAssertEqual(sparse.rows, Array(Set(batch.ids)).sorted(), "touched rows, ascending, distinct")
                let numeric = numericGradient(table) {
                    project(embeddingBagRef($0, dim: dim, batch: batch, mean: mode == .mean), up.scalars)
                }
                for r in 0..<rows {
                    let numRow = Array(numeric[(r * dim)..<((r + 1) * dim)])
                    if batch.ids.contains(Int32(r)) {
                        assertGradient(sparse.gradient(ofRow: Int32(r)), numRow, "\(what) row \(r)")
                    } else {
                        XCTAssertNil(sparse.binarySearch(Int32(r)), "\(what): untouched row \(r) listed")
                        XCTAssertTrue(numRow.allSatisfy { abs($0) < 1e-9 }, "\(what): row \(r) should have no gradient")
                    }
                }
            }
        }
    }

    func testTableIsOutsideTheDenseGradientBuffer() {
        var layout = ParameterLayout()
        let emb = EmbeddingBag(layout: &layout, name: "emb", rows: 100, dim: 8, mode: .mean)
        let lin = Linear(layout: &layout, name: "fc", inFeatures: 8, outFeatures: 4)
        let store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 4))
        XCTAssertEqual(store.denseCount, 8 * 4 + 4)
        XCTAssertEqual(store.grads.count, store.denseCount)
        XCTAssertEqual(store.values.count, store.denseCount + 800)
        XCTAssertEqual(store.view(emb.table).offset, store.denseCount, "sparse tables come after the dense block")
        XCTAssertEqual(store.view(emb.table).gradient, .sparseRows)
        XCTAssertEqual(store.view(lin.weight).offset, 0)
    }

    /// Gradients of two half-batches merged with `SparseRowGradient.sum` equal the full-batch gradient.
    func testSplitBatchGradientsSumToFullBatch() {
        var g = SeededGenerator(seed: 21)
        let rows = 9, dim = 3, bags = 8
        var layout = ParameterLayout()
        var emb = EmbeddingBag(layout: &layout, name: "emb", rows: rows, dim: dim, mode: .mean)
        let store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 5))
        let full = randomBatch(&g, bags: bags, rows: rows, weighted: true, signed: false)
        let up = randomTensor([bags, dim], &g)
        _ = emb.forward(full, params: store)
        let whole = emb.backward(up)
        var parts: [SparseRowGradient] = []
        for (lo, hi) in [(0, 3), (3, bags)] {
            let a = Int(full.offsets[lo]), z = Int(full.offsets[hi])
            let part = BagBatch(ids: Array(full.ids[a..<z]), offsets: full.offsets[lo...hi].map { $0 - Int32(a) },
                                weights: Array(full.weights![a..<z]))
            _ = emb.forward(part, params: store)
            parts.append(emb.backward(Tensor(shape: [hi - lo, dim], scalars: Array(up.scalars[(lo * dim)..<(hi * dim)]))))
        }
        let merged = SparseRowGradient.sum(parts)
        XCTAssertEqual(merged.rows, whole.rows)
        assertForward(merged.values, d(whole.values), "merged sparse gradient")
    }
}
