/// The wire form of a decision, shared by the JSONL CLI and the HTTP server.
///
/// `{"id", "mode", "budget_tokens", "complexity": {"simple", "moderate", "high"}, "risky",
///   "budget_quantiles": {"p50": ..., "p90": ...}, "rule"}`
public struct DecisionRecord: Codable, Sendable, Equatable {
    /// Complexity probabilities by tier name.
    public struct Complexity: Codable, Sendable, Equatable {
        public var simple: Double
        public var moderate: Double
        public var high: Double
    }

    public var id: String?
    public var mode: RoutingMode
    public var budgetTokens: Int
    public var complexity: Complexity
    public var risky: Double
    /// Budget quantiles in tokens, keyed "p50", "p90", ...
    public var budgetQuantiles: [String: Double]
    public var rule: String

    enum CodingKeys: String, CodingKey {
        case id, mode, complexity, risky, rule
        case budgetTokens = "budget_tokens"
        case budgetQuantiles = "budget_quantiles"
    }

    /// The wire record of a decision, with an optional caller-supplied id.
    public init(_ d: Decision, id: String? = nil) {
        self.id = id
        mode = d.mode
        budgetTokens = d.budgetTokens
        let c = d.output.complexity
        complexity = Complexity(simple: c[0], moderate: c[1], high: c[2])
        risky = d.output.risky
        var q: [String: Double] = [:]
        for (k, v) in d.output.budgetQuantiles { q["p\(Int((k * 100).rounded()))"] = v.rounded() }
        budgetQuantiles = q
        rule = d.rule
    }
}
