import SeededRandom
import Tensors

/// How a parameter is initialized from the run's seeded generator.
public enum ParameterInit: Sendable, Hashable {
    /// All zeros (biases, LayerNorm beta).
    case zeros
    /// All equal to a constant (LayerNorm gamma = 1).
    case constant(Float)
    /// Normal with mean 0 and the given standard deviation (embedding tables).
    case normal(std: Float)
    /// Uniform in [-bound, bound].
    case uniform(bound: Float)
    /// Glorot/Xavier uniform: bound = sqrt(6 / (fanIn + fanOut)) (Linear weights before GELU/linear heads).
    case xavierUniform(fanIn: Int, fanOut: Int)
    /// He/Kaiming normal: std = sqrt(2 / fanIn) (Linear weights before ReLU).
    case heNormal(fanIn: Int)
}

/// Whether a parameter's gradient is dense (in `ParameterStore.grads`) or sparse (a `SparseRowGradient`).
public enum GradientKind: String, Sendable, Hashable, Codable {
    /// The gradient lives at the same offset in the dense gradient buffer.
    case dense
    /// Row-sparse: no slot in the dense gradient buffer; backward returns a `SparseRowGradient`.
    case sparseRows
}

/// A handle to one parameter (its index in the layout); stable for the life of the layout.
public struct ParameterID: Sendable, Hashable, Codable {
    /// The registration index.
    public let index: Int
}

/// Where one parameter lives inside the flat buffers.
public struct ParameterView: Sendable, Hashable, Codable {
    /// The unique, dotted name (`trunk.0.weight`); also the key used by checkpoints and exports.
    public let name: String
    /// The shape, row-major (`[out, in]` for a Linear weight).
    public let shape: [Int]
    /// The offset of the first element in `ParameterStore.values`; for dense parameters also in `grads`.
    public let offset: Int
    /// Dense or row-sparse gradient.
    public let gradient: GradientKind
    /// How it is initialized.
    public let initializer: ParameterInit
    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// The half-open element range in `values` (and in `grads` when dense).
    public var range: Range<Int> { offset..<(offset + count) }
}

extension ParameterInit: Codable {}

/// Collects parameter declarations (name, shape, gradient kind, initializer) before any memory exists.
///
/// Layers register their parameters in their initializers (`Linear(layout: &layout, ...)`), then
/// `ParameterStore(layout:seed:)` allocates the two flat buffers once.
public struct ParameterLayout: Sendable {
    /// One declared parameter.
    public struct Spec: Sendable, Hashable {
        /// The unique dotted name.
        public let name: String
        /// The row-major shape.
        public let shape: [Int]
        /// Dense or row-sparse gradient.
        public let gradient: GradientKind
        /// How it is initialized.
        public let initializer: ParameterInit
    }

    /// The declarations in registration order.
    public private(set) var specs: [Spec] = []
    private var names: Set<String> = []

    /// An empty layout.
    public init() {}

    /// Declares a parameter and returns its handle. Names must be unique.
    public mutating func add(_ name: String, shape: [Int], gradient: GradientKind = .dense,
                             initializer: ParameterInit) -> ParameterID {
        precondition(!names.contains(name), "ParameterLayout.add: duplicate parameter name \"\(name)\"")
        precondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 },
                     "ParameterLayout.add: parameter \"\(name)\" has invalid shape \(shape)")
        names.insert(name)
        specs.append(Spec(name: name, shape: shape, gradient: gradient, initializer: initializer))
        return ParameterID(index: specs.count - 1)
    }
}

/// All trainable parameters in ONE flat float buffer, and all dense gradients in ANOTHER flat buffer.
///
/// Layout: dense parameters first, in registration order, then row-sparse ones (embedding tables):
///
///     values: [ dense params ............ | sparse tables ............ ]   count = totalCount
///     grads:  [ dense grads (same layout) ]                                count = denseCount
///
/// A dense parameter has the same offset in `values` and `grads`, so an optimizer can walk both
/// with one index and a trainer can all-reduce every dense gradient with ONE call on `grads`.
/// Sparse parameters have no slot in `grads`: their backward returns a `SparseRowGradient`.
///
/// Layers never own memory: they hold `ParameterID`s and read `values` / accumulate into `grads`.
/// `backward` ADDS into `grads`; call `zeroGrads()` once per step. The store is a value type:
/// pass it `inout` to backward/optimizer steps, and avoid keeping extra copies (copy-on-write).
///
/// The sparse segment can be moved out of `values` into external memory (`attachSparse`, e.g. a table
/// shared by the ranks of a node during training) and back (`detachSparse`); `values` then holds only the
/// dense parameters. Read a parameter wherever it lives with `withValues(_:_:)`. While attached, copies of
/// the store share that memory.
public struct ParameterStore: Sendable {
    /// Every parameter's location, indexed by `ParameterID.index`.
    public let views: [ParameterView]
    /// All parameter values: `[totalCount]`, dense ones first; only `[denseCount]` while the sparse segment is attached
    /// to external memory.
    public var values: [Float]
    /// All dense gradients: `[denseCount]`, same offsets as the dense part of `values`.
    public var grads: [Float]
    /// The number of dense parameter elements (= `grads.count`).
    public let denseCount: Int
    /// The total number of parameter elements (dense + sparse).
    public let totalCount: Int
    /// The external memory holding the sparse segment `[totalCount - denseCount]`, or nil when it is in `values`.
    public private(set) var sparseMemory: ExternalFloats?
    private let indexByName: [String: Int]

    /// Allocates the buffers for `layout` and initializes every parameter from `seed`.
    ///
    /// Each parameter draws from `seed.derived(stableHash64(name))`, so its initial values depend only
    /// on the seed and its name, not on registration order or on the other parameters.
    /// `initializeSparse: false` leaves the sparse-row parameters (the embedding table) zero and untouched, for a
    /// caller that fills them itself (`initialValues(of:seed:from:into:)`, or loaded values).
    public init(layout: ParameterLayout, seed: SeededGenerator, initializeSparse: Bool = true) {
        var views = [ParameterView?](repeating: nil, count: layout.specs.count)
        var offset = 0
        func place(_ kind: GradientKind) {
            for (i, s) in layout.specs.enumerated() where s.gradient == kind {
                views[i] = ParameterView(name: s.name, shape: s.shape, offset: offset, gradient: kind,
                                         initializer: s.initializer)
                offset += s.shape.reduce(1, *)
            }
        }
        place(.dense)
        let denseCount = offset
        place(.sparseRows)
        self.denseCount = denseCount
        self.totalCount = offset
        self.views = views.map { $0! }
        self.values = [Float](repeating: 0, count: offset)
        self.grads = [Float](repeating: 0, count: denseCount)
        var idx: [String: Int] = [:]
        for (i, v) in self.views.enumerated() { idx[v.name] = i }
        self.indexByName = idx
        for v in self.views where initializeSparse || v.gradient != .sparseRows { initialize(v, seed: seed) }
    }

    /// Writes elements `start ..< start + out.count` of parameter `id`'s initial values from `seed` (the values
    /// `init(layout:seed:)` gives it) into `out`; false when its initializer draws sequentially (Gaussians) and a
    /// part cannot be drawn alone.
    public func initialValues(of id: ParameterID, seed: SeededGenerator, from start: Int, into out: UnsafeMutableBufferPointer<Float>) -> Bool {
        let v = views[id.index]
        precondition(start >= 0 && start + out.count <= v.count, "ParameterStore.initialValues: elements out of range")
        let g = seed.derived(stableHash64(v.name))
        switch v.initializer {
        case .zeros: if let p = out.baseAddress { p.update(repeating: 0, count: out.count) }
        case .constant(let c): if let p = out.baseAddress { p.update(repeating: c, count: out.count) }
        case .uniform(let b): g.uniformFloats(from: start, into: out, bound: b)
        case .xavierUniform(let fi, let fo): g.uniformFloats(from: start, into: out, bound: Self.xavierBound(fi, fo))
        case .normal, .heNormal: return false
        }
        return true
    }

    /// The bound b of Xavier/Glorot uniform initialization, U(-b, b) with b = sqrt(6 / (fanIn + fanOut)).
    static func xavierBound(_ fanIn: Int, _ fanOut: Int) -> Float { Float((6.0 / Double(fanIn + fanOut)).squareRoot()) }

    /// The view of a parameter by handle.
    public func view(_ id: ParameterID) -> ParameterView { views[id.index] }

    /// The view of a parameter by name, or nil if there is none.
    public func view(named name: String) -> ParameterView? { indexByName[name].map { views[$0] } }

    /// The handle of a parameter by name, or nil if there is none.
    public func id(named name: String) -> ParameterID? { indexByName[name].map { ParameterID(index: $0) } }

    /// A copy of one parameter's values as a tensor of its shape.
    public func tensor(_ id: ParameterID) -> Tensor {
        Tensor(shape: views[id.index].shape, scalars: withValues(id) { Array($0) })
    }

    /// Calls `body` with one parameter's values `[count]`, wherever they live (`values` or external memory).
    @inline(__always)
    public func withValues<R>(_ id: ParameterID, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let v = views[id.index]
        if v.offset >= denseCount, let ext = sparseMemory {
            return try body(UnsafeBufferPointer(start: ext.base + (v.offset - denseCount), count: v.count))
        }
        return try values.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[v.range])) }
    }

    /// Calls `body` with one parameter's values `[count]` for writing, wherever they live.
    @inline(__always)
    public mutating func withMutableValues<R>(_ id: ParameterID, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        let v = views[id.index]
        if v.offset >= denseCount, let ext = sparseMemory {
            return try body(UnsafeMutableBufferPointer(start: ext.base + (v.offset - denseCount), count: v.count))
        }
        return try values.withUnsafeMutableBufferPointer { try body(UnsafeMutableBufferPointer(rebasing: $0[v.range])) }
    }

    /// Moves the sparse segment into `memory` (`[totalCount - denseCount]` floats); `values` keeps the dense part.
    ///
    /// `copy: false` leaves `memory` as it is (e.g. another rank of the node already filled a shared table).
    public mutating func attachSparse(_ memory: ExternalFloats, copy: Bool) {
        precondition(sparseMemory == nil, "ParameterStore.attachSparse: the sparse segment is already attached")
        precondition(memory.count == totalCount - denseCount,
                     "ParameterStore.attachSparse: memory has \(memory.count) floats, the sparse segment \(totalCount - denseCount)")
        if copy { values.withUnsafeBufferPointer { memory.base.update(from: $0.baseAddress! + denseCount, count: memory.count) } }
        values.removeSubrange(denseCount...)
        sparseMemory = memory
    }

    /// Copies the sparse segment back from external memory into `values` (the store owns all its values again).
    public mutating func detachSparse() {
        guard let ext = sparseMemory else { return }
        values.append(contentsOf: UnsafeBufferPointer(start: ext.base, count: ext.count))
        sparseMemory = nil
    }

    /// A copy of one dense parameter's gradient as a tensor of its shape.
    public func gradient(_ id: ParameterID) -> Tensor {
        let v = views[id.index]
        precondition(v.gradient == .dense, "ParameterStore.gradient: \"\(v.name)\" has a sparse gradient")
        return Tensor(shape: v.shape, scalars: Array(grads[v.range]))
    }

    /// Overwrites one parameter's values (shape must match).
    public mutating func setValues(_ id: ParameterID, _ t: Tensor) {
        let v = views[id.index]
        precondition(t.shape == v.shape, "ParameterStore.setValues: \"\(v.name)\" has shape \(v.shape), got \(t.shape)")
        withMutableValues(id) { p in t.scalars.withUnsafeBufferPointer { p.baseAddress!.update(from: $0.baseAddress!, count: p.count) } }
    }

    /// Sets every dense gradient to zero (call once per step, before backward).
    public mutating func zeroGrads() {
        grads.withUnsafeMutableBufferPointer { g in
            if let base = g.baseAddress { base.update(repeating: 0, count: g.count) }
        }
    }

    /// Re-initializes one parameter from `seed.derived(stableHash64(name))`.
    public mutating func initialize(_ v: ParameterView, seed: SeededGenerator) {
        var g = seed.derived(stableHash64(v.name))
        let n = v.count
        withMutableValues(ParameterID(index: indexByName[v.name]!)) { buf in
            let p = buf.baseAddress!
            switch v.initializer {
            case .zeros: p.update(repeating: 0, count: n)
            case .constant(let c): p.update(repeating: c, count: n)
            case .normal(let std): for i in 0..<n { p[i] = Float(g.nextGaussian()) * std }
            case .uniform(let b): g.fillUniformFloats(UnsafeMutableBufferPointer(start: p, count: n), bound: b)
            case .xavierUniform(let fi, let fo):
                g.fillUniformFloats(UnsafeMutableBufferPointer(start: p, count: n), bound: Self.xavierBound(fi, fo))
            case .heNormal(let fi):
                let std = Float((2.0 / Double(fi)).squareRoot())
                for i in 0..<n { p[i] = Float(g.nextGaussian()) * std }
            }
        }
    }
}

/// A borrowed float buffer outside a `ParameterStore` (e.g. a node-shared window); its owner keeps it alive and
/// frees it after the store has detached from it.
public final class ExternalFloats: @unchecked Sendable {
    /// The first float.
    public let base: UnsafeMutablePointer<Float>
    /// The number of floats.
    public let count: Int

    /// Wraps `count` floats at `base` (not owned).
    public init(base: UnsafeMutablePointer<Float>, count: Int) {
        self.base = base
        self.count = count
    }
}
