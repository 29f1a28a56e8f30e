import Featurizer
import Layers
import SeededRandom
import Tensors

/// Everything about a trained router except its weights: written as `model.json` in checkpoints and bundles.
public struct ModelDescription: Codable, Sendable, Equatable {
    public static let formatName = "reasoningrouter-model"
    public static let currentVersion = 1

    public var format: String = ModelDescription.formatName
    public var version: Int = ModelDescription.currentVersion
    public var model: ModelConfig
    public var featurizer: FeaturizerConfig
    /// `featurizer.fingerprint` at training time; loading refuses a featurizer that differs.
    public var featurizerFingerprint: String
    public var calibration: Calibration = Calibration()
    public var policy: RoutingPolicy = RoutingPolicy()
    /// Complexity labels in head order.
    public var complexityLabels: [String] = ["simple", "moderate", "high"]
    /// Validation metrics of the run (name -> value).
    public var metrics: [String: Double] = [:]
    /// SHA-256 of the training data file(s), when known.
    public var trainingDataHash: String?
    public var softwareVersion: String = RouterVersion.current

    public init(model: ModelConfig, featurizer: FeaturizerConfig) {
        self.model = model
        self.featurizer = featurizer
        self.featurizerFingerprint = featurizer.fingerprint
    }
}

/// The software version stamped into checkpoints and bundles.
public enum RouterVersion {
    public static let current = "0.1.0"
}

/// A trained router in memory: description, featurizer, network and parameters.
public struct TrainedModel: Sendable {
    public var description: ModelDescription
    public let featurizer: Featurizer
    public var network: RouterNetwork
    public var store: ParameterStore

    /// A freshly initialized model (training starts here).
    /// `initializeTable: false` leaves the embedding table (the sparse-row parameters) zero and untouched, for a
    /// caller that fills it itself (the trainer's node-shared table, drawn in parts by the ranks).
    public init(description: ModelDescription, seed: SeededGenerator, initializeTable: Bool = true) throws {
        try description.model.validate()
        self.description = description
        featurizer = try Featurizer(config: description.featurizer)
        var layout = ParameterLayout()
        network = RouterNetwork(config: description.model, buckets: description.featurizer.buckets,
                                denseWidth: featurizer.denseWidth, layout: &layout)
        store = ParameterStore(layout: layout, seed: seed, initializeSparse: initializeTable)
    }

    /// A model with given parameter values, keyed by parameter name; shapes must match the architecture.
    /// `path` names the file in errors.
    public init(description: ModelDescription, parameters: [String: (shape: [Int], values: [Float])], path: String) throws {
        guard description.format == ModelDescription.formatName else {
            throw ModelLoadError(path: path, what: "format \"\(description.format)\", expected \"\(ModelDescription.formatName)\"")
        }
        guard description.version == ModelDescription.currentVersion else {
            throw ModelLoadError(path: path, what: "model format version \(description.version); this build reads version \(ModelDescription.currentVersion)")
        }
        try self.init(description: description, seed: SeededGenerator(seed: 0), initializeTable: false)  // every value is set below
        guard featurizer.fingerprint == description.featurizerFingerprint else {
            throw ModelLoadError(path: path, what: "featurizer fingerprint differs: the model was trained with \(description.featurizerFingerprint), this build computes \(featurizer.fingerprint) for the same config (featurizer algorithm changed)")
        }
        for v in store.views {
            guard let p = parameters[v.name] else { throw ModelLoadError(path: path, what: "missing parameter \"\(v.name)\"") }
            guard p.shape == v.shape, p.values.count == v.count else {
                throw ModelLoadError(path: path, what: "parameter \"\(v.name)\" has shape \(p.shape), the architecture needs \(v.shape)")
            }
            store.setValues(store.id(named: v.name)!, Tensor(shape: v.shape, scalars: p.values))
        }
        let extra = Set(parameters.keys).subtracting(store.views.map(\.name))
        if let e = extra.sorted().first { throw ModelLoadError(path: path, what: "unexpected parameter \"\(e)\" (architecture mismatch)") }
    }

    /// The same model with only `heads` (a subset of its own, in its order): the other heads' weights are dropped,
    /// so an ensemble can take, say, only the safety head from this model. Throws naming a head it does not have.
    public func keepingHeads(_ heads: [String]) throws -> TrainedModel {
        let own = description.model.heads
        if let missing = heads.first(where: { !own.contains($0) }) {
            throw ModelLoadError(path: "heads", what: "the model has no \"\(missing)\" head (it has \(own))")
        }
        guard !heads.isEmpty else { throw ModelLoadError(path: "heads", what: "keep at least one head") }
        var d = description
        d.model.heads = own.filter { heads.contains($0) }
        if !d.model.has("budget") { d.model.budgetSkip = false }
        var layout = ParameterLayout()
        _ = RouterNetwork(config: d.model, buckets: d.featurizer.buckets, denseWidth: featurizer.denseWidth, layout: &layout)
        let needed = Set(layout.specs.map(\.name))
        return try TrainedModel(description: d, parameters: namedParameters().filter { needed.contains($0.key) }, path: "heads \(d.model.heads)")
    }

    /// The model as inference needs it: without the training-only source adversary (`SourceAdversary`, its
    /// `adversary.*` parameters and `model.sourceAdversary`); the model itself when it has none. Same outputs.
    public func forInference() throws -> TrainedModel {
        guard description.model.sourceAdversary > 0 else { return self }
        var d = description
        d.model.sourceAdversary = 0
        var layout = ParameterLayout()
        _ = RouterNetwork(config: d.model, buckets: d.featurizer.buckets, denseWidth: featurizer.denseWidth, layout: &layout)
        let needed = Set(layout.specs.map(\.name))
        return try TrainedModel(description: d, parameters: namedParameters().filter { needed.contains($0.key) }, path: "inference model")
    }

    /// The parameters keyed by name, row-major.
    public func namedParameters() -> [String: (shape: [Int], values: [Float])] {
        var out: [String: (shape: [Int], values: [Float])] = [:]
        for v in store.views { out[v.name] = (v.shape, store.withValues(store.id(named: v.name)!) { Array($0) }) }
        return out
    }

    /// Featurizes texts into the network's input.
    public func input(_ texts: [String]) -> NetworkInput {
        let b = featurizer.featurize(batch: texts)
        return NetworkInput(bags: BagBatch(ids: b.ids, offsets: b.offsets, weights: b.weights),
                            dense: Tensor(shape: [b.count, b.denseWidth], scalars: b.dense))
    }

    /// Calibrated outputs for texts (with `model.safetySegments`, P(risky) is the larger of the whole text's and its
    /// last segment's; with a budget length calibration, budgets scale with the text's word count).
    public func outputs(_ texts: [String]) -> [RouterOutput] {
        guard !texts.isEmpty else { return [] }
        return outputs(texts, input: input(texts))
    }

    /// `outputs(texts)` from an already featurized `x = input(texts)` (an ensemble featurizes once for all members
    /// that share a featurizer) and, with segment scoring on, the texts' segments (`safetySegments(texts)`, which an
    /// ensemble also shares; computed here when nil).
    public func outputs(_ texts: [String], input x: NetworkInput, segments: SafetySegments? = nil) -> [RouterOutput] {
        guard !texts.isEmpty else { return [] }
        let outs = network.outputs(network.apply(x, params: store), calibration: description.calibration)
        return withBudgetLength(withSegmentSafety(outs, texts: texts, segments: segments), texts: texts)
    }

    /// `outs` with every budget quantile multiplied by the length calibration's factor for its text
    /// (`Calibration.budgetLengthExponent`, `BudgetLengthScaling`); unchanged when it is off.
    public func withBudgetLength(_ outs: [RouterOutput], texts: [String]) -> [RouterOutput] {
        let c = description.calibration
        guard let beta = c.budgetLengthExponent, beta != 0, let ref = c.budgetLengthReference else { return outs }
        var result = outs
        for (i, t) in texts.enumerated() {
            let f = BudgetLengthScaling.factor(words: TextNormalizer.wordCount(t), exponent: beta, reference: ref,
                                               minWords: c.budgetLengthMinWords ?? 1, maxWords: c.budgetLengthMaxWords ?? .infinity)
            for (q, v) in result[i].budgetQuantiles { result[i].budgetQuantiles[q] = v * f }
        }
        return result
    }

    /// The segments segment scoring reads in a batch of texts, featurized: the same for every model it
    /// `sharesSegments(with:)`.
    public struct SafetySegments: Sendable {
        /// Per segment: the index of its text, and whether it is a first segment.
        public internal(set) var owner: [Int] = [], isFirst: [Bool] = []
        /// The segments' network inputs, in chunks of at most 1,024 (bounds the batch's memory).
        public internal(set) var inputs: [NetworkInput] = []
    }

    /// Whether segment scoring is on (`safetySegments` > 0 and a safety head).
    public var scoresSegments: Bool { description.model.safetySegments > 0 && description.model.has("safety") }

    /// Whether `other` featurizes any text as this model does: the same featurizer fingerprint and configuration.
    public func sharesFeaturizer(with other: TrainedModel) -> Bool {
        description.featurizerFingerprint == other.description.featurizerFingerprint
            && description.featurizer == other.description.featurizer
    }

    /// Whether `other` extracts and featurizes the same segments of any text: both score segments, with the same
    /// featurizer, segment length and first-segment setting.
    public func sharesSegments(with other: TrainedModel) -> Bool {
        scoresSegments && other.scoresSegments && sharesFeaturizer(with: other)
            && description.model.safetySegments == other.description.model.safetySegments
            && description.model.safetyFirstSegment == other.description.model.safetyFirstSegment
    }

    /// The last (and with `safetyFirstSegment` first) segments of the texts long enough for segment scoring,
    /// featurized; nil when segment scoring is off.
    public func safetySegments(_ texts: [String]) -> SafetySegments? {
        let k = description.model.safetySegments
        guard scoresSegments else { return nil }
        var s = SafetySegments(), segs: [String] = []
        for (i, t) in texts.enumerated() {
            let ends = featurizer.endSegments(t, maxTokens: k, minTextTokens: 2 * k, first: description.model.safetyFirstSegment)
            for (seg, first) in [(ends.last, false), (ends.first, true)] {
                if let seg { s.owner.append(i); segs.append(seg); s.isFirst.append(first) }
            }
        }
        var start = 0
        while start < segs.count {
            let end = min(segs.count, start + 1024)
            s.inputs.append(input(Array(segs[start..<end])))
            start = end
        }
        return s
    }

    /// `outs` (calibrated outputs of `texts`) with P(risky) raised to the P(risky) of each text's last segment
    /// scored on its own (`ModelConfig.safetySegments` = k tokens at most; only texts of at least 2k tokens,
    /// whose last segment is a request rather than a fragment), and of its first segment too with
    /// `safetyFirstSegment`; unchanged when that is off. `segments`: `safetySegments(texts)` when already computed.
    public func withSegmentSafety(_ outs: [RouterOutput], texts: [String], segments: SafetySegments? = nil) -> [RouterOutput] {
        guard let s = segments ?? safetySegments(texts) else { return outs }
        var result = outs
        var start = 0
        for x in s.inputs {
            let scored = network.outputs(network.apply(x, params: store), calibration: description.calibration)
            for (j, o) in scored.enumerated() where o.risky > result[s.owner[start + j]].risky {
                if s.isFirst[start + j] && !Self.readsAsRequest(x.dense, row: j) { continue }
                result[s.owner[start + j]].risky = o.risky
            }
            start += scored.count
        }
        return result
    }

    /// Structural columns of a question or an instruction (`question_form`, `imperative_form`).
    public static let requestColumns = ["question_form", "imperative_form"].map { StructuralFeatures.names.firstIndex(of: $0)! }

    /// Whether row `row` of the structural features `[B, F]` reads as a request: a question or an imperative.
    /// A first segment counts only then: a declarative first line ("You are an expert at scheduling meetings.", a
    /// title, a greeting) is context, and scored alone it can read like a jailbreak opener (docs/quality.md,
    /// iteration 6).
    public static func readsAsRequest(_ dense: Tensor, row: Int) -> Bool {
        requestColumns.contains { dense[row, $0] > 0 }
    }

    /// Routing decisions for texts under the stored policy (or `policy` when given).
    public func route(_ texts: [String], policy: RoutingPolicy? = nil) -> [Decision] {
        let p = policy ?? description.policy
        return outputs(texts).map { p.decide($0) }
    }
}

/// A model file that cannot be loaded: names the file and what differs.
public struct ModelLoadError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var what: String
    public var description: String { "\(path): \(what)" }
}
