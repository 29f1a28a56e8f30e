import Layers
import SeededRandom
import Tensors

/// The featurized inputs of a batch: a bag of hashed n-gram ids per query and the structural features.
public struct NetworkInput: Sendable {
    /// Bag b holds query b's hashed ids and weights (sum mode: weights are already normalized).
    public var bags: BagBatch
    /// Structural features `[B, F]`.
    public var dense: Tensor
    public init(bags: BagBatch, dense: Tensor) { self.bags = bags; self.dense = dense }
    /// B.
    public var count: Int { bags.count }
}

/// The raw outputs of the heads (or their gradients, in backward): nil for heads the network lacks.
public struct HeadValues: Sendable {
    /// `[B, 3]` logits (softmax variant) or `[B, 2]` cumulative logits (ordinal variant).
    public var complexity: Tensor?
    /// `[B, 1]` risky logit.
    public var safety: Tensor?
    /// `[B, K]` quantiles of log1p(budget tokens).
    public var budget: Tensor?
    /// `[B, C]` source logits of the source adversary (training only, `ModelConfig.sourceAdversary`).
    public var source: Tensor?
}

/// The router network: EmbeddingBag(hashed n-grams) `[B,E]` ++ structural `[B,F]` -> hidden layers -> heads.
///
/// With `config.budgetSkip`, the budget head also reads the structural features directly:
/// `budget [B,K] = h W_h^T + b + x_dense W_s^T` (W_s `[K, F]`, no bias, zero-initialized).
///
/// Parameter names (checkpoint and export keys): `trunk.embedding.weight`, `trunk.hidden.{i}.weight|bias`,
/// `trunk.norm.{i}.gamma|beta`, `heads.{complexity|safety|budget}.weight|bias`, `heads.budget.skip.weight`, and in
/// training checkpoints with `config.sourceAdversary` > 0 `adversary.source.weight|bias` (`SourceAdversary`).
public struct RouterNetwork: Sendable {
    public let config: ModelConfig
    /// Rows of the embedding table (the featurizer's bucket count).
    public let buckets: Int
    /// F, the width of the structural features.
    public let denseWidth: Int

    var embedding: EmbeddingBag
    var concat = ConcatColumns()
    var linears: [Linear] = []
    var activations: [Activation] = []
    var norms: [LayerNorm?] = []
    var drops: [Dropout] = []
    var complexityHead: Linear?
    var safetyHead: Linear?
    var budgetHead: Linear?
    /// The budget skip connection `x_dense [B,F] -> [B,K]` (only with `config.budgetSkip`).
    var budgetSkip: Linear?
    /// The source adversary `[B, slots*H] -> [B, C]` (only with `config.sourceAdversary` > 0; `SourceAdversary`):
    /// row b holds the trunk output in the block of its label combination, zeros elsewhere (one map per combination).
    var sourceHead: Linear?
    /// Training forward's cache for the adversary: the trunk output `[B, H]` and each row's label slot.
    var trunkOut: Tensor?
    var adversarySlots: [Int] = []

    /// Declares the network's parameters into `layout`.
    public init(config: ModelConfig, buckets: Int, denseWidth: Int, layout: inout ParameterLayout) {
        self.config = config
        self.buckets = buckets
        self.denseWidth = denseWidth
        embedding = EmbeddingBag(layout: &layout, name: "trunk.embedding", rows: buckets, dim: config.embeddingDim,
                                 mode: .sum, initStd: Float(config.embeddingInitStd))
        var width = config.embeddingDim + denseWidth
        for (i, h) in config.hidden.enumerated() {
            let relu = h.activation == "relu"
            linears.append(Linear(layout: &layout, name: "trunk.hidden.\(i)", inFeatures: width, outFeatures: h.size,
                                  weightInit: relu ? .heNormal(fanIn: width) : .xavierUniform(fanIn: width, fanOut: h.size)))
            activations.append(Activation(h.activation))
            norms.append(h.layerNorm ? LayerNorm(layout: &layout, name: "trunk.norm.\(i)", dim: h.size) : nil)
            drops.append(Dropout(rate: Float(config.dropout), key: UInt64(0xD0 + i)))
            width = h.size
        }
        if config.has("complexity") {
            complexityHead = Linear(layout: &layout, name: "heads.complexity", inFeatures: width, outFeatures: config.ordinal ? 2 : 3,
                                    weightInit: .xavierUniform(fanIn: width, fanOut: 3))
        }
        if config.has("safety") {
            safetyHead = Linear(layout: &layout, name: "heads.safety", inFeatures: width, outFeatures: 1,
                                weightInit: .xavierUniform(fanIn: width, fanOut: 1))
        }
        if config.has("budget") {
            budgetHead = Linear(layout: &layout, name: "heads.budget", inFeatures: width, outFeatures: config.budgetQuantiles.count,
                                weightInit: .xavierUniform(fanIn: width, fanOut: config.budgetQuantiles.count))
            if config.budgetSkip {
                // Zero init: the network starts as exactly the skip-less one (same function, same other
                // parameters, which draw from per-name streams), and the skip grows only as far as the loss
                // asks. A linear term has no symmetry to break: dW_s = dy^T x_dense is non-zero from step 1.
                precondition(denseWidth > 0, "RouterNetwork: model.budgetSkip needs structural features (F = 0)")
                budgetSkip = Linear(layout: &layout, name: "heads.budget.skip", inFeatures: denseWidth,
                                    outFeatures: config.budgetQuantiles.count, bias: false, weightInit: .zeros)
            }
        }
        if config.sourceAdversary > 0 {
            sourceHead = Linear(layout: &layout, name: "adversary.source", inFeatures: width * SourceAdversary.slots,
                                outFeatures: SourceAdversary.classes,
                                weightInit: .xavierUniform(fanIn: width, fanOut: SourceAdversary.classes))
        }
    }

    /// Inference forward (no caching, no dropout).
    public func apply(_ x: NetworkInput, params: ParameterStore) -> HeadValues {
        var h = concat.apply(embedding.apply(x.bags, params: params), x.dense)          // [B, E+F]
        for i in linears.indices {
            h = activations[i].apply(linears[i].apply(h, params: params))                 // [B, H_i]
            if let n = norms[i] { h = n.apply(h, params: params) }
        }
        var budget = budgetHead?.apply(h, params: params)                                 // [B, K]
        if let s = budgetSkip, let b = budget { budget = b + s.apply(x.dense, params: params) }
        return HeadValues(complexity: complexityHead?.apply(h, params: params),
                          safety: safetyHead?.apply(h, params: params), budget: budget)
    }

    /// Training forward: caches for backward; `streams[b]` is example b's dropout stream.
    public mutating func forward(_ x: NetworkInput, params: ParameterStore, streams: [SeededGenerator]) -> HeadValues {
        var h = concat.forward(embedding.forward(x.bags, params: params), x.dense)       // [B, E+F]
        for i in linears.indices {
            h = activations[i].forward(linears[i].forward(h, params: params))             // [B, H_i]
            if norms[i] != nil { h = norms[i]!.forward(h, params: params) }
            if config.dropout > 0 { h = drops[i].forward(h, streams: streams) }
        }
        var budget = budgetHead?.forward(h, params: params)                               // [B, K]
        if budgetSkip != nil, let b = budget { budget = b + budgetSkip!.forward(x.dense, params: params) }
        if sourceHead != nil { trunkOut = h }
        return HeadValues(complexity: complexityHead?.forward(h, params: params),
                          safety: safetyHead?.forward(h, params: params), budget: budget)
    }

    /// The source adversary's logits `[B, C]` for the last training forward, row b read through the linear map
    /// of label combination `slots[b]` (0..<`SourceAdversary.slots`). Call after `forward`.
    public mutating func adversaryForward(slots: [Int], params: ParameterStore) -> Tensor {
        guard sourceHead != nil, let h = trunkOut else { preconditionFailure("RouterNetwork.adversaryForward: no adversary or no forward") }
        let b = h.rows, w = h.cols, k = SourceAdversary.slots
        precondition(slots.count == b && slots.allSatisfy { (0..<k).contains($0) }, "RouterNetwork.adversaryForward: bad slots")
        adversarySlots = slots
        var x = Tensor(zeros: [b, k * w])                                                  // [B, slots*H]
        x.withUnsafeMutableBufferPointer { xs in
            h.withUnsafeBufferPointer { hs in
                for r in 0..<b { for j in 0..<w { xs[r * k * w + slots[r] * w + j] = hs[r * w + j] } }
            }
        }
        return sourceHead!.forward(x, params: params)                                      // [B, C]
    }

    /// Backward from the heads' output gradients: ADDS dense gradients into `params.grads` and returns the
    /// embedding table's sparse row gradient.
    public mutating func backward(_ d: HeadValues, params: inout ParameterStore) -> SparseRowGradient {
        var dh: Tensor?
        func add(_ t: Tensor) { dh = dh.map { $0 + t } ?? t }
        if let g = d.complexity, complexityHead != nil { add(complexityHead!.backward(g, params: &params)) }
        if let g = d.safety, safetyHead != nil { add(safetyHead!.backward(g, params: &params)) }
        if let g = d.budget, budgetHead != nil {
            add(budgetHead!.backward(g, params: &params))
            if budgetSkip != nil { _ = budgetSkip!.backward(g, params: &params) }     // dW_s += g^T x_dense; no dx_dense
        }
        if let g = d.source, sourceHead != nil {
            // The adversary descends on its loss; the trunk gets the gradient reversed and scaled by λ.
            let dx = sourceHead!.backward(g, params: &params)                                // [B, slots*H]
            let b = g.rows, w = dx.cols / SourceAdversary.slots, k = SourceAdversary.slots
            let lambda = Float(config.sourceAdversary)
            var reversed = Tensor(zeros: [b, w])                                             // [B, H]
            reversed.withUnsafeMutableBufferPointer { out in
                dx.withUnsafeBufferPointer { xs in
                    for r in 0..<b { for j in 0..<w { out[r * w + j] = -lambda * xs[r * k * w + adversarySlots[r] * w + j] } }
                }
            }
            add(reversed)
        }
        guard var g = dh else { preconditionFailure("RouterNetwork.backward: no head gradient given") }
        for i in linears.indices.reversed() {
            if config.dropout > 0 { g = drops[i].backward(g) }
            if norms[i] != nil { g = norms[i]!.backward(g, params: &params) }
            g = linears[i].backward(activations[i].backward(g), params: &params)
        }
        let (de, _) = concat.backward(g)                                                  // [B, E], [B, F]
        return embedding.backward(de)
    }
}

/// A hidden layer's activation: ReLU or GELU (exact or tanh).
enum Activation: Sendable {
    case relu(ReLU)
    case gelu(GELU)

    init(_ name: String) {
        switch name {
        case "gelu": self = .gelu(GELU(approximation: .exact))
        case "gelu_tanh": self = .gelu(GELU(approximation: .tanh))
        default: self = .relu(ReLU())
        }
    }

    func apply(_ x: Tensor) -> Tensor {
        switch self { case .relu(let r): r.apply(x); case .gelu(let g): g.apply(x) }
    }

    mutating func forward(_ x: Tensor) -> Tensor {
        switch self {
        case .relu(var r): let y = r.forward(x); self = .relu(r); return y
        case .gelu(var g): let y = g.forward(x); self = .gelu(g); return y
        }
    }

    mutating func backward(_ dy: Tensor) -> Tensor {
        switch self {
        case .relu(var r): let y = r.backward(dy); self = .relu(r); return y
        case .gelu(var g): let y = g.backward(dy); self = .gelu(g); return y
        }
    }
}
