/// Fits a policy's thresholds on validation outputs for stated targets.
public enum ThresholdFitting {
    /// The largest threshold t such that the share of `scores` >= t is at least `target`.
    ///
    /// With scores sorted descending, that is the k-th score, k = ceil(target * n). Empty input gives 0.5.
    public static func thresholdForRecall(_ scores: [Double], target: Double) -> Double {
        precondition(target > 0 && target <= 1, "target recall must be in (0, 1]")
        guard !scores.isEmpty else { return 0.5 }
        let sorted = scores.sorted(by: >)
        let k = Swift.max(1, Int((target * Double(sorted.count)).rounded(.up)))
        return sorted[Swift.min(k, sorted.count) - 1]
    }

    /// Fits the safety and instant thresholds of `policy` on labeled validation outputs.
    ///
    /// - Safety: the largest threshold whose risky recall reaches `targetRiskyRecall`.
    /// - Instant: the smallest P(simple) threshold such that at most `1 - targetReasoningShare` of the
    ///   moderate/high-labeled queries would still be answered instantly by the policy.
    /// Tiers are 0/1/2 or nil (unknown); safety is true for risky, false for safe, nil unknown.
    public static func fit(
        _ policy: RoutingPolicy,
        outputs: [RouterOutput], tiers: [Int?], risky: [Bool?],
        targetRiskyRecall: Double = 0.99, targetReasoningShare: Double = 0.98
    ) -> RoutingPolicy {
        precondition(outputs.count == tiers.count && outputs.count == risky.count, "outputs and labels must align")
        var fitted = policy
        let riskyScores = zip(outputs, risky).compactMap { $1 == true ? $0.risky : nil }
        if !riskyScores.isEmpty {
            fitted.safetyThreshold = thresholdForRecall(riskyScores, target: targetRiskyRecall)
        }
        // Candidate instant thresholds: the P(simple) of the non-simple, non-risky examples (plus 0).
        var probe = fitted
        probe.instantThreshold = 0
        let nonSimple = outputs.indices.filter { (tiers[$0] ?? 0) > 0 }
        let allowed = Int(((1 - targetReasoningShare) * Double(nonSimple.count)).rounded(.down))
        let instantScores = nonSimple.compactMap { i -> Double? in
            probe.decide(outputs[i]).mode == .instant ? outputs[i].complexity[0] : nil
        }.sorted(by: >)
        // Exceed the (allowed+1)-th highest P(simple) among those that would go instant.
        if instantScores.count > allowed {
            fitted.instantThreshold = instantScores[allowed].nextUp
        }
        fitted.fit = evaluateFit(fitted, outputs: outputs, tiers: tiers, risky: risky,
                                 targetRiskyRecall: targetRiskyRecall, targetReasoningShare: targetReasoningShare)
        return fitted
    }

    static func evaluateFit(_ p: RoutingPolicy, outputs: [RouterOutput], tiers: [Int?], risky: [Bool?],
                            targetRiskyRecall: Double, targetReasoningShare: Double) -> PolicyFit {
        var rHit = 0, rAll = 0, reason = 0, nonSimple = 0, simpleInstant = 0, simple = 0
        for i in outputs.indices {
            let d = p.decide(outputs[i])
            if risky[i] == true { rAll += 1; if outputs[i].risky >= p.safetyThreshold { rHit += 1 } }
            if let t = tiers[i] {
                if t == 0 { simple += 1; if d.mode == .instant { simpleInstant += 1 } }
                else { nonSimple += 1; if d.mode != .instant { reason += 1 } }
            }
        }
        func share(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }
        return PolicyFit(targetRiskyRecall: targetRiskyRecall, targetReasoningShare: targetReasoningShare,
                         fittedSafetyThreshold: p.safetyThreshold, fittedInstantThreshold: p.instantThreshold,
                         achievedRiskyRecall: share(rHit, rAll), achievedReasoningShare: share(reason, nonSimple),
                         achievedSimpleInstantShare: share(simpleInstant, simple), examples: outputs.count)
    }
}
