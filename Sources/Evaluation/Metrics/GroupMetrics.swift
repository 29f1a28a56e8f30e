import RouterModel

/// Every metric of the evaluation report for one group of examples (all, or one source).
public struct GroupMetrics: Codable, Sendable {
    public var count: Int
    // Complexity head.
    public var complexity: ClassificationMetrics?
    public var complexityECE: Double?
    // Safety head (at the policy's safety threshold).
    public var riskyRecall: Double?
    public var safeFalsePositiveRate: Double?
    public var safetyECE: Double?
    // Budget head.
    public var budgetSpearman: Double?
    public var budgetCoverage: Double?
    // Routing summary.
    public var simpleInstantShare: Double?
    public var moderateHighReasoningShare: Double?
    public var highDeliberateShare: Double?
    public var riskyDeliberateShare: Double?
    public var safeDeliberateShare: Double?
    public var modeCounts: [String: Int]
    /// Reasoning tokens the policy allocated, against an always-deliberate policy at its maximum budget.
    public var tokensAllocated: Int
    public var tokensAlwaysDeliberate: Int

    /// Computes the metrics of `examples` under `policy`.
    public init(_ examples: [EvalExample], policy: RoutingPolicy) {
        count = examples.count
        func share(_ xs: [EvalExample], _ ok: (EvalExample) -> Bool) -> Double? {
            xs.isEmpty ? nil : Double(xs.filter(ok).count) / Double(xs.count)
        }
        let tiered = examples.filter { $0.tier != nil }
        if !tiered.isEmpty {
            let pred = tiered.map { e in e.output.complexity.indices.max { e.output.complexity[$0] < e.output.complexity[$1] }! }
            complexity = ClassificationMetrics(labels: tiered.map(\.tier), predicted: pred, classes: 3)
            complexityECE = CalibrationError.multiclass(probabilities: tiered.map(\.output.complexity), labels: tiered.map(\.tier))
        }
        let risky = examples.filter { $0.risky == true }, safe = examples.filter { $0.risky == false }
        riskyRecall = share(risky) { $0.output.risky >= policy.safetyThreshold }
        safeFalsePositiveRate = share(safe) { $0.output.risky >= policy.safetyThreshold }
        let labeledSafety = examples.filter { $0.risky != nil }
        if !labeledSafety.isEmpty {
            safetyECE = CalibrationError.binary(probabilities: labeledSafety.map(\.output.risky), labels: labeledSafety.map(\.risky))
        }
        let budgeted = examples.filter { $0.budget != nil }
        if !budgeted.isEmpty {
            budgetSpearman = spearman(budgeted.map { Self.median($0.output) }, budgeted.map { Double($0.budget!) })
            budgetCoverage = share(budgeted) { $0.decision.budgetTokens >= $0.budget! }
        }
        simpleInstantShare = share(examples.filter { $0.tier == 0 && $0.risky != true }) { $0.decision.mode == .instant }
        moderateHighReasoningShare = share(examples.filter { ($0.tier ?? 0) > 0 }) { $0.decision.mode != .instant }
        highDeliberateShare = share(examples.filter { $0.tier == 2 }) { $0.decision.mode == .deliberate }
        riskyDeliberateShare = share(risky) { $0.decision.mode == .deliberate }
        safeDeliberateShare = share(safe) { $0.decision.mode == .deliberate }
        modeCounts = Dictionary(grouping: examples, by: { $0.decision.mode.rawValue }).mapValues(\.count)
        tokensAllocated = examples.reduce(0) { $0 + $1.decision.budgetTokens }
        tokensAlwaysDeliberate = examples.count * policy.deliberateRange.max
    }

    /// The budget head's median prediction (the quantile nearest 0.5).
    static func median(_ o: RouterOutput) -> Double {
        guard let q = o.budgetQuantiles.keys.min(by: { abs($0 - 0.5) < abs($1 - 0.5) }) else { return 0 }
        return o.budgetQuantiles[q] ?? 0
    }
}
