/// Turns a model's outputs into a routing decision: mode plus reasoning-token budget.
///
/// Rules, in order (the decision records which one fired):
/// 1. `risky`: P(risky) >= `safetyThreshold` -> deliberate, budget at least `safetyBudgetFloor`.
/// 2. `tier`: the most probable tier when its probability reaches `confidenceLevel`.
/// 3. `grey-area`: no tier reaches `confidenceLevel`; of the two most probable tiers take the higher
///    (`lean = .moreReasoning`, default: an under-served hard query costs more than a few wasted tokens),
///    the lower (`.lessReasoning`) or the argmax (`.argmax`).
/// 4. `instant-threshold`: a chosen simple tier is answered instantly only if P(simple) >= `instantThreshold`;
///    otherwise the query gets a brief pass.
/// The budget is the predicted quantile `budgetQuantile` times `budgetScale`, clamped to the mode's range
/// (instant is always 0).
public struct RoutingPolicy: Codable, Sendable, Equatable {
    /// Which way to go when no tier is confident.
    public enum Lean: String, Codable, Sendable { case moreReasoning, lessReasoning, argmax }

    /// Inclusive token range a mode's budget is clamped to.
    public struct BudgetRange: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int
        public init(min: Int, max: Int) { self.min = min; self.max = max }
    }

    public var safetyThreshold: Double = 0.5
    public var safetyBudgetFloor: Int = 1024
    public var confidenceLevel: Double = 0.6
    public var lean: Lean = .moreReasoning
    public var instantThreshold: Double = 0.0
    public var budgetQuantile: Double = 0.9
    public var budgetScale: Double = 1.0
    public var briefRange = BudgetRange(min: 64, max: 2048)
    public var deliberateRange = BudgetRange(min: 512, max: 32768)
    /// Targets the thresholds were fitted for, and what the fit achieved on validation (nil when not fitted).
    public var fit: PolicyFit?

    /// The default policy (thresholds not fitted).
    public init() {}

    /// Decides the mode and budget for one query.
    public func decide(_ out: RouterOutput) -> Decision {
        let p = out.complexity
        if out.risky >= safetyThreshold {
            let raw = budget(for: .deliberate, out)
            return Decision(mode: .deliberate, budgetTokens: Swift.max(raw, safetyBudgetFloor), output: out, rule: "risky")
        }
        let order = [0, 1, 2].sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 > $1) }
        var tier = order[0]
        var rule = "tier"
        if p[tier] < confidenceLevel {
            rule = "grey-area"
            switch lean {
            case .moreReasoning: tier = Swift.max(order[0], order[1])
            case .lessReasoning: tier = Swift.min(order[0], order[1])
            case .argmax: break
            }
        }
        if tier == 0 && p[0] < instantThreshold {
            tier = 1
            rule = "instant-threshold"
        }
        let mode = RoutingMode(tier: tier)
        return Decision(mode: mode, budgetTokens: budget(for: mode, out), output: out, rule: rule)
    }

    /// The clamped budget for a mode: the configured quantile (nearest available) times the scale.
    public func budget(for mode: RoutingMode, _ out: RouterOutput) -> Int {
        if mode == .instant { return 0 }
        let range = mode == .brief ? briefRange : deliberateRange
        guard let q = out.budgetQuantiles.keys.min(by: { abs($0 - budgetQuantile) < abs($1 - budgetQuantile) }),
              let raw = out.budgetQuantiles[q], raw.isFinite else { return range.min }
        let scaled = (raw * budgetScale).rounded()
        return Int(Swift.min(Swift.max(scaled, Double(range.min)), Double(range.max)))
    }
}

/// The targets a policy's thresholds were fitted for on validation data, and the values that fit gave.
public struct PolicyFit: Codable, Sendable, Equatable {
    /// Target share of risky-labeled queries at or above the safety threshold (e.g. 0.99).
    public var targetRiskyRecall: Double
    /// Target share of moderate/high-labeled queries that are not answered instantly (e.g. 0.98).
    public var targetReasoningShare: Double
    /// Cap on the share of safe-labeled queries flagged risky; wins over the recall target when they conflict.
    public var maxSafeFalsePositiveRate: Double?
    /// Floor of the fitted safety threshold (a calibrated P(risky) below it is never flagged); nil in older fits.
    public var minSafetyThreshold: Double?
    public var fittedSafetyThreshold: Double
    public var fittedInstantThreshold: Double
    /// What the fitted thresholds achieve on the fitting data (nil when the data has no such labels).
    public var achievedRiskyRecall: Double?
    public var achievedReasoningShare: Double?
    public var achievedSimpleInstantShare: Double?
    public var achievedSafeFalsePositiveRate: Double?
    public var examples: Int
}
