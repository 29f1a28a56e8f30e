/// How much an LLM should think about a query.
public enum RoutingMode: String, Codable, Sendable, CaseIterable, Comparable {
    /// Answer at once: no reasoning tokens.
    case instant
    /// A short reasoning pass with a small budget.
    case brief
    /// Deliberate thinking with a large budget (hard or risky queries).
    case deliberate

    /// The mode a complexity tier maps to when nothing else overrides it (0 simple, 1 moderate, 2 high).
    public init(tier: Int) {
        switch tier {
        case ..<1: self = .instant
        case 1: self = .brief
        default: self = .deliberate
        }
    }

    var rank: Int { self == .instant ? 0 : (self == .brief ? 1 : 2) }

    public static func < (a: RoutingMode, b: RoutingMode) -> Bool { a.rank < b.rank }
}

/// The network's calibrated outputs for one query: what a policy decides from.
public struct RouterOutput: Codable, Sendable, Equatable {
    /// Probabilities of simple, moderate, high (sum to 1).
    public var complexity: [Double]
    /// Probability that the query is risky.
    public var risky: Double
    /// Predicted reasoning-token budgets at the model's quantiles, e.g. [0.5: 120, 0.9: 400].
    public var budgetQuantiles: [Double: Double]

    /// Creates an output from head probabilities and budget quantiles (in tokens).
    public init(complexity: [Double], risky: Double, budgetQuantiles: [Double: Double]) {
        precondition(complexity.count == 3, "complexity must hold 3 probabilities (simple, moderate, high)")
        self.complexity = complexity
        self.risky = risky
        self.budgetQuantiles = budgetQuantiles
    }
}

/// A routing decision: the mode, the reasoning budget, what the model saw, and the rule that decided.
public struct Decision: Codable, Sendable, Equatable {
    /// instant / brief / deliberate.
    public var mode: RoutingMode
    /// Reasoning tokens to allow (0 for instant).
    public var budgetTokens: Int
    /// The model's outputs that led to this decision.
    public var output: RouterOutput
    /// The policy rule that decided, e.g. "risky", "tier", "grey-area", "instant-threshold".
    public var rule: String
}
