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

    /// The smallest threshold t such that at most `maxShare` of `scores` are >= t (safe queries flagged risky).
    ///
    /// With scores sorted descending and k = floor(maxShare * n), that is just above the (k+1)-th score.
    public static func thresholdForFalsePositiveRate(_ safeScores: [Double], maxShare: Double) -> Double {
        precondition(maxShare >= 0 && maxShare < 1, "max false-positive share must be in [0, 1)")
        guard !safeScores.isEmpty else { return 0 }
        let sorted = safeScores.sorted(by: >)
        let k = Int((maxShare * Double(sorted.count)).rounded(.down))
        return k < sorted.count ? sorted[k].nextUp : 0
    }

    /// Fits the safety and instant thresholds of `policy` on labeled validation outputs.
    ///
    /// - Safety: the most sensitive threshold that keeps the share of safe queries flagged risky at or under
    ///   `maxSafeFalsePositiveRate` (the false-positive budget is spent on recall: risky queries of sources the
    ///   model never saw score far lower than validation ones, docs/quality.md). When that threshold misses
    ///   `targetRiskyRecall`, the targets conflict and the budget still wins (a recall target near 1 is otherwise
    ///   set by a few mislabeled examples and flags many safe queries); `fit` records the recall achieved.
    ///   Without safe examples: the largest threshold reaching `targetRiskyRecall`; without risky ones: the
    ///   policy's threshold, raised to the budget's if that is higher.
    /// - Floor: the safety threshold is never below `minSafetyThreshold`. On a nearly separable validation
    ///   split the budget rule can put it at 1e-40 (any query with a trace of risk flagged); a calibrated
    ///   P(risky) under the floor is not worth deliberate thinking.
    /// - Instant: the smallest P(simple) threshold such that at most `1 - targetReasoningShare` of the
    ///   moderate/high-labeled queries would still be answered instantly by the policy.
    /// Tiers are 0/1/2 or nil (unknown); safety is true for risky, false for safe, nil unknown.
    public static func fit(
        _ policy: RoutingPolicy,
        outputs: [RouterOutput], tiers: [Int?], risky: [Bool?],
        targetRiskyRecall: Double = 0.99, targetReasoningShare: Double = 0.98,
        maxSafeFalsePositiveRate: Double = 0.02, minSafetyThreshold: Double = 0
    ) -> RoutingPolicy {
        precondition(outputs.count == tiers.count && outputs.count == risky.count, "outputs and labels must align")
        var fitted = policy
        let riskyScores = zip(outputs, risky).compactMap { $1 == true ? $0.risky : nil }
        let safeScores = zip(outputs, risky).compactMap { $1 == false ? $0.risky : nil }
        let budget = safeScores.isEmpty ? nil : thresholdForFalsePositiveRate(safeScores, maxShare: maxSafeFalsePositiveRate)
        switch (riskyScores.isEmpty, budget) {
        case (false, let b?): fitted.safetyThreshold = b
        case (false, nil): fitted.safetyThreshold = thresholdForRecall(riskyScores, target: targetRiskyRecall)
        case (true, let b?): fitted.safetyThreshold = max(fitted.safetyThreshold, b)
        case (true, nil): break
        }
        fitted.safetyThreshold = max(fitted.safetyThreshold, minSafetyThreshold)
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
                                 targetRiskyRecall: targetRiskyRecall, targetReasoningShare: targetReasoningShare,
                                 maxSafeFalsePositiveRate: maxSafeFalsePositiveRate)
        if minSafetyThreshold > 0 { fitted.fit?.minSafetyThreshold = minSafetyThreshold }
        return fitted
    }

    static func evaluateFit(_ p: RoutingPolicy, outputs: [RouterOutput], tiers: [Int?], risky: [Bool?],
                            targetRiskyRecall: Double, targetReasoningShare: Double, maxSafeFalsePositiveRate: Double) -> PolicyFit {
        var rHit = 0, rAll = 0, reason = 0, nonSimple = 0, simpleInstant = 0, simple = 0, sAll = 0, sHit = 0
        for i in outputs.indices {
            let d = p.decide(outputs[i])
            if risky[i] == true { rAll += 1; if outputs[i].risky >= p.safetyThreshold { rHit += 1 } }
            if risky[i] == false { sAll += 1; if outputs[i].risky >= p.safetyThreshold { sHit += 1 } }
            if let t = tiers[i] {
                if t == 0 { simple += 1; if d.mode == .instant { simpleInstant += 1 } }
                else { nonSimple += 1; if d.mode != .instant { reason += 1 } }
            }
        }
        func share(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }
        return PolicyFit(targetRiskyRecall: targetRiskyRecall, targetReasoningShare: targetReasoningShare,
                         maxSafeFalsePositiveRate: maxSafeFalsePositiveRate,
                         fittedSafetyThreshold: p.safetyThreshold, fittedInstantThreshold: p.instantThreshold,
                         achievedRiskyRecall: share(rHit, rAll), achievedReasoningShare: share(reason, nonSimple),
                         achievedSimpleInstantShare: share(simpleInstant, simple),
                         achievedSafeFalsePositiveRate: share(sHit, sAll), examples: outputs.count)
    }
}
