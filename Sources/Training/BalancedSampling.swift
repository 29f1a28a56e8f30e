import SeededRandom

/// How an epoch's examples are ordered: a seeded permutation of all examples, or a class-balanced draw.
public enum SamplingMode: String, Codable, Sendable, CaseIterable {
    /// Every example once per epoch, in a seeded order.
    case uniform
    /// As many draws per epoch as there are examples, with replacement, each complexity class (simple, moderate,
    /// high, and unlabeled as its own group) equally likely: the rare "high" tier is seen as often as the others.
    case balanced
}

extension BatchPlan {
    /// Per-example weights that make each complexity class (nil = its own group) equally likely in total.
    public static func balancedWeights(tiers: [Int?]) -> [Double] {
        var counts: [Int: Int] = [:]
        for t in tiers { counts[t ?? -1, default: 0] += 1 }
        return tiers.map { 1 / Double(counts[$0 ?? -1]!) }
    }

    /// `count` indices drawn with replacement in proportion to `weights`, from the epoch's seeded stream.
    ///
    /// Depends only on the run seed, the epoch and the weights, so every rank (and a resumed run) draws the same.
    public func weightedDraw(epoch: Int, weights: [Double]) -> [Int] {
        precondition(weights.count == count, "one weight per example")
        var cumulative = [Double](repeating: 0, count: count)
        var total = 0.0
        for i in 0..<count { total += weights[i]; cumulative[i] = total }
        var g = seed.derived(0x4241_4C41, UInt64(epoch))  // "BALA"
        return (0..<count).map { _ in
            let u = g.nextUniformDouble() * total
            var lo = 0, hi = count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }
}
