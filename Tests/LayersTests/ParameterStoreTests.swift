import XCTest
import Tensors
import SeededRandom
@testable import Layers

/// The flat parameter / gradient buffers: layout, views, initialization.
final class ParameterStoreTests: XCTestCase {
    func makeLayout(order: Bool) -> ParameterLayout {
        var l = ParameterLayout()
        let specs: [(String, [Int], GradientKind, ParameterInit)] = [
            ("a.weight", [4, 3], .dense, .xavierUniform(fanIn: 3, fanOut: 4)),
            ("table", [20, 4], .sparseRows, .normal(std: 0.1)),
            ("a.bias", [4], .dense, .zeros),
            ("ln.gamma", [5], .dense, .constant(1)),
            ("b.weight", [2, 5], .dense, .heNormal(fanIn: 5)),
        ]
        for s in (order ? specs : specs.reversed()) { _ = l.add(s.0, shape: s.1, gradient: s.2, initializer: s.3) }
        return l
    }

    func testLayoutIsContiguousDenseFirst() {
        let store = ParameterStore(layout: makeLayout(order: true), seed: SeededGenerator(seed: 1))
        XCTAssertEqual(store.denseCount, 12 + 4 + 5 + 10)
        XCTAssertEqual(store.totalCount, store.denseCount + 80)
        XCTAssertEqual(store.grads.count, store.denseCount)
        var covered = [Int](repeating: 0, count: store.totalCount)
        for v in store.views {
            for i in v.range { covered[i] += 1 }
            XCTAssertEqual(v.gradient == .dense, v.range.upperBound <= store.denseCount, v.name)
        }
        XCTAssertTrue(covered.allSatisfy { $0 == 1 }, "views tile the buffer exactly once")
        XCTAssertEqual(store.view(named: "a.bias")?.offset, 12, "dense parameters keep registration order")
    }

    func testInitializationDependsOnlyOnSeedAndName() {
        let s1 = ParameterStore(layout: makeLayout(order: true), seed: SeededGenerator(seed: 7))
        let s2 = ParameterStore(layout: makeLayout(order: false), seed: SeededGenerator(seed: 7))
        let s3 = ParameterStore(layout: makeLayout(order: true), seed: SeededGenerator(seed: 8))
        for v in s1.views {
            let id2 = s2.id(named: v.name)!, id1 = s1.id(named: v.name)!
            XCTAssertEqual(s1.tensor(id1), s2.tensor(id2), "\(v.name) independent of registration order")
        }
        XCTAssertNotEqual(s1.values, s3.values)
        let w = s1.tensor(s1.id(named: "a.weight")!).scalars
        let bound = Float((6.0 / 7.0).squareRoot())
        XCTAssertTrue(w.allSatisfy { abs($0) <= bound } && Set(w).count == w.count, "xavier-uniform values")
        XCTAssertEqual(s1.tensor(s1.id(named: "a.bias")!).scalars, [0, 0, 0, 0])
        XCTAssertEqual(s1.tensor(s1.id(named: "ln.gamma")!).scalars, [1, 1, 1, 1, 1])
    }

    /// `initialValues(of:from:into:)` gives any part of a parameter's initial values alone (the ranks' blocks of a
    /// shared table); `initializeSparse: false` leaves the table zero; Gaussian initializers cannot be drawn in parts.
    func testInitialValuesOfAPartEqualTheFullInitialization() {
        var l = ParameterLayout()
        _ = l.add("w", shape: [4, 3], gradient: .dense, initializer: .xavierUniform(fanIn: 3, fanOut: 4))
        _ = l.add("table", shape: [20, 4], gradient: .sparseRows, initializer: .uniform(bound: 0.3))
        _ = l.add("g", shape: [5], gradient: .dense, initializer: .heNormal(fanIn: 5))
        let seed = SeededGenerator(seed: 3)
        let full = ParameterStore(layout: l, seed: seed)
        let lazy = ParameterStore(layout: l, seed: seed, initializeSparse: false)
        let table = full.id(named: "table")!
        XCTAssertTrue(lazy.tensor(table).scalars.allSatisfy { $0 == 0 }, "the table is left for the caller")
        XCTAssertEqual(lazy.tensor(full.id(named: "w")!), full.tensor(full.id(named: "w")!), "dense parameters are initialized")
        for name in ["table", "w"] {
            let id = full.id(named: name)!, want = full.tensor(id).scalars
            var got = [Float](repeating: .nan, count: want.count)
            for (lo, hi) in [(0, 5), (5, 8), (8, want.count)] {
                let ok = got.withUnsafeMutableBufferPointer { p in
                    lazy.initialValues(of: id, seed: seed, from: lo, into: UnsafeMutableBufferPointer(rebasing: p[lo..<hi]))
                }
                XCTAssertTrue(ok, name)
            }
            XCTAssertEqual(got, want, name)
        }
        var one = [Float](repeating: 0, count: 1)
        XCTAssertFalse(one.withUnsafeMutableBufferPointer { full.initialValues(of: full.id(named: "g")!, seed: seed, from: 0, into: $0) })
    }

    /// The sparse segment moves to external memory (values keeps the dense part), is read and written there
    /// through `withValues`/`withMutableValues`, and comes back with `detachSparse`.
    func testSparseSegmentAttachesToExternalMemoryAndBack() {
        var layout = ParameterLayout()
        _ = layout.add("w", shape: [3, 2], initializer: .uniform(bound: 1))
        let emb = layout.add("e", shape: [4, 2], gradient: .sparseRows, initializer: .uniform(bound: 1))
        var store = ParameterStore(layout: layout, seed: SeededGenerator(seed: 1))
        let before = store.values
        let mem = UnsafeMutablePointer<Float>.allocate(capacity: 8)
        defer { mem.deallocate() }
        store.attachSparse(ExternalFloats(base: mem, count: 8), copy: true)
        XCTAssertEqual(store.values, Array(before[0..<6]), "values keeps only the dense part")
        XCTAssertEqual(store.totalCount, 14)
        XCTAssertEqual(store.tensor(emb).scalars, Array(before[6..<14]))
        store.withMutableValues(emb) { $0[3] = 42 }
        XCTAssertEqual(mem[3], 42, "writes go to the external memory")
        store.detachSparse()
        XCTAssertNil(store.sparseMemory)
        XCTAssertEqual(store.values.count, 14)
        XCTAssertEqual(store.values[9], 42)
        XCTAssertEqual(Array(store.values[0..<9]), Array(before[0..<9]))
    }
}
