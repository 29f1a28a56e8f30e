import RouterModel

/// One evaluated query: its labels (nil = unknown), source, and what the router said.
public struct EvalExample: Sendable {
    public var source: String
    /// Complexity tier label: 0 simple, 1 moderate, 2 high.
    public var tier: Int?
    /// Safety label: true risky, false safe.
    public var risky: Bool?
    /// Labeled reasoning budget in tokens.
    public var budget: Int?
    /// The router's calibrated outputs.
    public var output: RouterOutput
    /// The policy's decision.
    public var decision: Decision

    public init(source: String, tier: Int?, risky: Bool?, budget: Int?, output: RouterOutput, decision: Decision) {
        self.source = source; self.tier = tier; self.risky = risky; self.budget = budget
        self.output = output; self.decision = decision
    }
}
