/// The router network's architecture and loss settings (stored in every checkpoint and bundle).
public struct ModelConfig: Codable, Sendable, Equatable {
    /// A hidden layer of the trunk: Linear -> activation -> optional LayerNorm -> dropout.
    public struct Hidden: Codable, Sendable, Equatable {
        public var size: Int
        /// "relu", "gelu" (exact erf) or "gelu_tanh".
        public var activation: String = "relu"
        public var layerNorm: Bool = true
        public init(size: Int, activation: String = "relu", layerNorm: Bool = true) {
            self.size = size; self.activation = activation; self.layerNorm = layerNorm
        }
    }

    /// Which heads the network has: any of "complexity", "safety", "budget".
    public var heads: [String] = ["complexity", "safety", "budget"]
    /// Embedding width E of the hashed n-gram bag.
    public var embeddingDim: Int = 64
    public var hidden: [Hidden] = [Hidden(size: 128)]
    /// Dropout rate after each hidden layer (training only).
    public var dropout: Double = 0.1
    /// Complexity head variant: false = 3-way softmax; true = ordinal (2 cumulative logits,
    /// P(tier > simple) and P(tier > moderate), trained with binary cross-entropy).
    public var ordinal: Bool = false
    /// Quantiles of log1p(budget_tokens) the budget head predicts (pinball loss).
    public var budgetQuantiles: [Double] = [0.5, 0.9]
    /// Loss weight of each head.
    public var headWeights: [String: Double] = ["complexity": 1, "safety": 1, "budget": 0.5]
    /// Class weights of the complexity head (simple, moderate, high); nil = uniform.
    public var complexityClassWeights: [Double]? = nil
    /// Weight of risky examples in the safety loss.
    public var riskyPositiveWeight: Double = 1
    /// Standard deviation of the embedding table's initialization (a uniform draw with this std).
    public var embeddingInitStd: Double = 0.05
    /// Budget skip connection: adds a linear term of the structural features straight to the budget quantiles,
    /// `budget = W_h h + b + W_s x_dense` (`heads.budget.skip.weight` `[K, F]`, zero-initialized), so length and
    /// step-count signals reach the budget head without passing the layer-normalized trunk. Absent key = false.
    public var budgetSkip: Bool = false
    /// Segment scoring of the safety head: when k > 0, P(risky) of a query of at least 2k tokens is the larger
    /// of the whole query's and that of its last segment (at most k tokens; `Featurizer.lastSegment`) scored as a
    /// query of its own, so a harmful request after pasted text is not outvoted by the text. Shorter queries are
    /// scored whole (their segments would be fragments).
    /// A scoring rule (the network is unchanged); calibration and threshold fitting use it too, and
    /// `augmentation.segmentCrop` trains on such segments. 0 = off.
    public var safetySegments: Int = 0
    /// With `safetySegments` k > 0: also score the FIRST segment (at most k tokens; `Featurizer.firstSegment`) when
    /// it reads as a request (`TrainedModel.readsAsRequest`), so a harmful request placed before pasted text
    /// ("Rewrite this to ...: <text>") counts too; segment crop then trains on first and last segments alike.
    /// Absent key = false (last segment only).
    public var safetyFirstSegment: Bool = false
    /// Source-adversarial training, weight λ of the reversed gradient (`SourceAdversary`; training only, 0 = off):
    /// the trunk unlearns what tells the training sources apart beyond the labels. Absent key = 0.
    public var sourceAdversary: Double = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case heads, embeddingDim, hidden, dropout, ordinal, budgetQuantiles, headWeights, complexityClassWeights
        case riskyPositiveWeight, embeddingInitStd, budgetSkip, safetySegments, safetyFirstSegment, sourceAdversary
    }

    /// Decodes strictly (every field required, as written by `encode`), except fields added later, which keep
    /// their defaults when absent so older checkpoints and bundles load: `budgetSkip`, `safetySegments`,
    /// `safetyFirstSegment`, `sourceAdversary`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        heads = try c.decode([String].self, forKey: .heads)
        embeddingDim = try c.decode(Int.self, forKey: .embeddingDim)
        hidden = try c.decode([Hidden].self, forKey: .hidden)
        dropout = try c.decode(Double.self, forKey: .dropout)
        ordinal = try c.decode(Bool.self, forKey: .ordinal)
        budgetQuantiles = try c.decode([Double].self, forKey: .budgetQuantiles)
        headWeights = try c.decode([String: Double].self, forKey: .headWeights)
        complexityClassWeights = try c.decodeIfPresent([Double].self, forKey: .complexityClassWeights)
        riskyPositiveWeight = try c.decode(Double.self, forKey: .riskyPositiveWeight)
        embeddingInitStd = try c.decode(Double.self, forKey: .embeddingInitStd)
        budgetSkip = try c.decodeIfPresent(Bool.self, forKey: .budgetSkip) ?? false
        safetySegments = try c.decodeIfPresent(Int.self, forKey: .safetySegments) ?? 0
        safetyFirstSegment = try c.decodeIfPresent(Bool.self, forKey: .safetyFirstSegment) ?? false
        sourceAdversary = try c.decodeIfPresent(Double.self, forKey: .sourceAdversary) ?? 0
    }

    /// Whether the network has head `name`.
    public func has(_ name: String) -> Bool { heads.contains(name) }

    /// Checks every field; the error names the field and the allowed values.
    public func validate() throws {
        func bad(_ f: String, _ why: String) -> ModelConfigError { ModelConfigError(field: "model.\(f)", reason: why) }
        let known: Set = ["complexity", "safety", "budget"]
        if heads.isEmpty { throw bad("heads", "must name at least one of complexity, safety, budget") }
        for h in heads where !known.contains(h) { throw bad("heads", "unknown head \"\(h)\"; allowed: complexity, safety, budget") }
        if Set(heads).count != heads.count { throw bad("heads", "lists a head twice") }
        if !(1...4096).contains(embeddingDim) { throw bad("embeddingDim", "must be in 1...4096, got \(embeddingDim)") }
        for (i, h) in hidden.enumerated() {
            if !(1...8192).contains(h.size) { throw bad("hidden[\(i)].size", "must be in 1...8192, got \(h.size)") }
            if !["relu", "gelu", "gelu_tanh"].contains(h.activation) { throw bad("hidden[\(i)].activation", "must be relu, gelu or gelu_tanh, got \"\(h.activation)\"") }
        }
        if !(0...512).contains(safetySegments) { throw bad("safetySegments", "must be 0 (off) or 1...512 tokens, got \(safetySegments)") }
        if safetyFirstSegment && safetySegments == 0 { throw bad("safetyFirstSegment", "needs model.safetySegments > 0 (the segment length), got safetySegments 0") }
        if !(0..<1).contains(dropout) { throw bad("dropout", "must be in [0, 1), got \(dropout)") }
        if budgetQuantiles.isEmpty || budgetQuantiles.contains(where: { !($0 > 0 && $0 < 1) }) { throw bad("budgetQuantiles", "must be a non-empty list of values in (0, 1)") }
        if budgetQuantiles != budgetQuantiles.sorted() || Set(budgetQuantiles).count != budgetQuantiles.count { throw bad("budgetQuantiles", "must be strictly increasing") }
        for (k, v) in headWeights {
            if !known.contains(k) { throw bad("headWeights.\(k)", "unknown head; allowed: complexity, safety, budget") }
            if !(v >= 0) { throw bad("headWeights.\(k)", "must be >= 0, got \(v)") }
        }
        if let w = complexityClassWeights, w.count != 3 || w.contains(where: { !($0 > 0) }) { throw bad("complexityClassWeights", "must be 3 positive numbers (simple, moderate, high)") }
        if !(riskyPositiveWeight > 0) { throw bad("riskyPositiveWeight", "must be > 0") }
        if !(embeddingInitStd > 0) { throw bad("embeddingInitStd", "must be > 0") }
        if !(0...100).contains(sourceAdversary) { throw bad("sourceAdversary", "must be in 0...100 (0 = off), got \(sourceAdversary)") }
        if budgetSkip && !has("budget") { throw bad("budgetSkip", "needs the budget head (heads lists no \"budget\")") }
    }
}

/// A model-config field with an invalid value.
public struct ModelConfigError: Error, CustomStringConvertible, Equatable {
    public var field: String
    public var reason: String
    public var description: String { "\(field): \(reason)" }
}
