import Foundation

/// The router network's architecture, as the ONNX mapping needs it (independent of the training model types).
///
/// Network: EmbeddingBag(sum of `id_weights * table[ids]`) `[B, E]` ++ dense `[B, F]` -> hidden layers
/// (Linear -> ReLU|GELU -> optional LayerNorm) -> three linear heads: complexity `[B, 3]`, safety `[B, 1]`,
/// budget quantiles `[B, K]`. Linear weights are stored `[out, in]` (PyTorch convention). With `budgetSkip`,
/// the budget quantiles add `dense W_s^T` (W_s `[K, F]`, no bias).
public struct ONNXRouterSpec: Sendable {
    /// A hidden-layer activation.
    public enum Activation: String, Sendable, Codable {
        /// `max(x, 0)`.
        case relu
        /// Exact GELU, `0.5 x (1 + erf(x / sqrt 2))` (Layers `GELU(.exact)`).
        case gelu
        /// Tanh-approximated GELU (Layers `GELU(.tanh)`).
        case geluTanh = "gelu_tanh"
    }

    /// One hidden layer of the trunk.
    public struct HiddenLayer: Sendable, Codable, Equatable {
        /// Output width.
        public var size: Int
        /// The activation after the linear map.
        public var activation: Activation
        /// Whether a LayerNorm follows the activation.
        public var layerNorm: Bool

        /// Creates a hidden layer description.
        public init(size: Int, activation: Activation = .relu, layerNorm: Bool = false) {
            self.size = size
            self.activation = activation
            self.layerNorm = layerNorm
        }
    }

    /// An output head.
    public enum Head: String, Sendable, Codable, CaseIterable {
        /// Complexity tier: 3 logits (simple / moderate / high).
        case complexity
        /// Risky: 1 logit.
        case safety
        /// Reasoning-token budget: K quantiles in log1p(tokens) space.
        case budget
    }

    /// One named parameter of the network; `name(_:)` maps it to a weight-dictionary key.
    public enum Parameter: Hashable, Sendable {
        /// Embedding table `[rows, E]`.
        case embedding
        /// Hidden layer i weight `[out, in]`.
        case hiddenWeight(Int)
        /// Hidden layer i bias `[out]`.
        case hiddenBias(Int)
        /// LayerNorm i scale gamma `[out]`.
        case normScale(Int)
        /// LayerNorm i shift beta `[out]`.
        case normBias(Int)
        /// Head weight `[outputs, H]`.
        case headWeight(Head)
        /// Head bias `[outputs]`.
        case headBias(Head)
        /// Budget skip weight `[K, F]` from the dense features to the budget quantiles (only with `budgetSkip`).
        case budgetSkipWeight
    }

    /// Embedding table rows (hash buckets).
    public var embeddingRows: Int
    /// Embedding width E.
    public var embeddingDim: Int
    /// Dense (structural) feature count F; 0 means the graph has no `dense` input.
    public var denseFeatures: Int
    /// Hidden layers, in order.
    public var hidden: [HiddenLayer]
    /// LayerNorm variance epsilon (Layers' default is 1e-5).
    public var layerNormEpsilon: Float
    /// Number of budget quantiles K.
    public var budgetQuantiles: Int
    /// Complexity softmax temperature T (probs = softmax(logits / T)).
    public var complexityTemperature: Float
    /// Safety sigmoid temperature T (prob = sigmoid(logit / T)).
    public var safetyTemperature: Float
    /// Maps a parameter to its key in the weights dictionary (and its initializer name in the graph).
    public var name: @Sendable (Parameter) -> String
    /// Ordinal complexity head: 2 cumulative logits (P(tier > simple), P(tier > moderate)) instead of 3 logits;
    /// probs = [1 - s1, s1 - min(s1, s2), min(s1, s2)] with s = sigmoid(logits / T).
    public var complexityOrdinal: Bool = false
    /// Budget skip connection: `budget_quantiles = h W_b^T + b_b + dense W_s^T` (needs `denseFeatures > 0`).
    public var budgetSkip: Bool = false

    /// The complexity head width (simple / moderate / high).
    public static let complexityClasses = 3

    /// Creates a spec; `name` defaults to `ONNXRouterSpec.defaultName`.
    public init(embeddingRows: Int, embeddingDim: Int, denseFeatures: Int, hidden: [HiddenLayer],
                layerNormEpsilon: Float = 1e-5, budgetQuantiles: Int,
                complexityTemperature: Float = 1, safetyTemperature: Float = 1,
                name: @escaping @Sendable (Parameter) -> String = ONNXRouterSpec.defaultName) {
        self.embeddingRows = embeddingRows
        self.embeddingDim = embeddingDim
        self.denseFeatures = denseFeatures
        self.hidden = hidden
        self.layerNormEpsilon = layerNormEpsilon
        self.budgetQuantiles = budgetQuantiles
        self.complexityTemperature = complexityTemperature
        self.safetyTemperature = safetyTemperature
        self.name = name
    }

    /// The default naming: `trunk.embedding.weight`, `trunk.hidden.{i}.weight|bias`,
    /// `trunk.norm.{i}.gamma|beta`, `heads.{complexity|safety|budget}.weight|bias`.
    @Sendable public static func defaultName(_ p: Parameter) -> String {
        switch p {
        case .embedding: return "trunk.embedding.weight"
        case .hiddenWeight(let i): return "trunk.hidden.\(i).weight"
        case .hiddenBias(let i): return "trunk.hidden.\(i).bias"
        case .normScale(let i): return "trunk.norm.\(i).gamma"
        case .normBias(let i): return "trunk.norm.\(i).beta"
        case .headWeight(let h): return "heads.\(h.rawValue).weight"
        case .headBias(let h): return "heads.\(h.rawValue).bias"
        case .budgetSkipWeight: return "heads.budget.skip.weight"
        }
    }

    /// The width of the trunk output H (last hidden size, or E + F with no hidden layer).
    public var trunkWidth: Int { hidden.last?.size ?? embeddingDim + denseFeatures }

    /// The output width of `head`.
    public func headWidth(_ head: Head) -> Int {
        switch head {
        case .complexity: return complexityOrdinal ? 2 : Self.complexityClasses
        case .safety: return 1
        case .budget: return budgetQuantiles
        }
    }

    /// Every parameter with its expected shape, in network order.
    public func parameterShapes() -> [(Parameter, [Int])] {
        var out: [(Parameter, [Int])] = [(.embedding, [embeddingRows, embeddingDim])]
        var width = embeddingDim + denseFeatures
        for (i, layer) in hidden.enumerated() {
            out.append((.hiddenWeight(i), [layer.size, width]))
            out.append((.hiddenBias(i), [layer.size]))
            if layer.layerNorm {
                out.append((.normScale(i), [layer.size]))
                out.append((.normBias(i), [layer.size]))
            }
            width = layer.size
        }
        for head in Head.allCases {
            out.append((.headWeight(head), [headWidth(head), width]))
            out.append((.headBias(head), [headWidth(head)]))
        }
        if budgetSkip { out.append((.budgetSkipWeight, [budgetQuantiles, denseFeatures])) }
        return out
    }

    /// Checks sizes and temperatures; throws `ONNXExportError.invalidSpec` naming the bad field.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw ONNXExportError.invalidSpec(message) } }
        try check(embeddingRows > 0, "embeddingRows = \(embeddingRows) must be > 0")
        try check(embeddingDim > 0, "embeddingDim = \(embeddingDim) must be > 0")
        try check(denseFeatures >= 0, "denseFeatures = \(denseFeatures) must be >= 0")
        for (i, l) in hidden.enumerated() { try check(l.size > 0, "hidden[\(i)].size = \(l.size) must be > 0") }
        try check(budgetQuantiles > 0, "budgetQuantiles = \(budgetQuantiles) must be > 0")
        try check(!budgetSkip || denseFeatures > 0, "budgetSkip needs dense features (denseFeatures = 0)")
        try check(layerNormEpsilon > 0, "layerNormEpsilon = \(layerNormEpsilon) must be > 0")
        try check(complexityTemperature > 0 && complexityTemperature.isFinite,
                  "complexityTemperature = \(complexityTemperature) must be finite and > 0")
        try check(safetyTemperature > 0 && safetyTemperature.isFinite,
                  "safetyTemperature = \(safetyTemperature) must be finite and > 0")
        let names = parameterShapes().map { name($0.0) }
        try check(Set(names).count == names.count, "parameter names are not unique: \(names)")
    }

    /// A JSON description (architecture + resolved weight names), stored as `router_spec` model metadata
    /// and read by scripts/interop/reference_forward.py.
    public func jsonDescription() throws -> String {
        struct Described: Codable {
            var embeddingRows, embeddingDim, denseFeatures, budgetQuantiles: Int
            var hidden: [HiddenLayer]
            var layerNormEpsilon, complexityTemperature, safetyTemperature: Float
            var names: [String: String]
            var complexityOrdinal: Bool
            var budgetSkip: Bool
        }
        var names: [String: String] = [:]
        for (p, _) in parameterShapes() { names[Self.key(p)] = name(p) }
        let d = Described(embeddingRows: embeddingRows, embeddingDim: embeddingDim, denseFeatures: denseFeatures,
                          budgetQuantiles: budgetQuantiles, hidden: hidden, layerNormEpsilon: layerNormEpsilon,
                          complexityTemperature: complexityTemperature, safetyTemperature: safetyTemperature,
                          names: names, complexityOrdinal: complexityOrdinal, budgetSkip: budgetSkip)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(d), as: UTF8.self)
    }

    /// The stable key of a parameter in `jsonDescription().names` (e.g. `hidden.0.weight`, `heads.budget.bias`).
    public static func key(_ p: Parameter) -> String {
        switch p {
        case .embedding: return "embedding"
        case .hiddenWeight(let i): return "hidden.\(i).weight"
        case .hiddenBias(let i): return "hidden.\(i).bias"
        case .normScale(let i): return "norm.\(i).gamma"
        case .normBias(let i): return "norm.\(i).beta"
        case .headWeight(let h): return "heads.\(h.rawValue).weight"
        case .headBias(let h): return "heads.\(h.rawValue).bias"
        case .budgetSkipWeight: return "heads.budget.skip.weight"
        }
    }
}
