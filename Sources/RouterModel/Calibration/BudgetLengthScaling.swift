import Foundation

/// Length calibration of the budget head: `budget × (words / reference)^β`, with β fitted on validation.
///
/// At a fixed tier, longer problems take more reasoning tokens: the statement's word count alone ranks the
/// public budget labels better than the budget head does (docs/quality.md, 3e and 4), because most training
/// budgets do not carry that slope. Fitted after training like the temperatures: β is the exponent on a grid
/// that maximizes, on the validation split, the objective:
///  - `.withinSource` (the default): the mean within-source Spearman correlation (weighted by count) over the
///    reasoning queries (budget > 0);
///  - `.overall`: the Spearman correlation between the scaled p50 and the labels over every budget-labeled
///    query, simple ones (budget 0) included: the figure the evaluation reports. A steep slope can reorder
///    queries across tiers and sources (long word problems above short competition problems), which this
///    objective sees and the other does not; it also gives up the length ranking inside a source. Measured in
///    docs/quality.md iteration 15: better on the dev split, worse on the final one.
/// `reference` is the reasoning queries' median word count, so a query of typical length keeps its budget.
/// β = 0 when no exponent beats leaving the head alone.
/// Word counts are clamped to the 5th-95th percentile of the fitted queries' (`minWords`...`maxWords`): the
/// power law is not extrapolated to a 2,000-word pasted document.
public enum BudgetLengthScaling {
    /// The exponents tried.
    public static let grid: [Double] = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5]
    /// Sources with fewer budget-labeled reasoning queries than this are not scored.
    public static let minSourceCount = 10

    /// What β maximizes on validation (see the type's summary).
    public enum Objective: String, Codable, Sendable, CaseIterable {
        /// Spearman over every budget-labeled query (simple ones at 0 included), as the evaluation reports it.
        case overall
        /// Mean within-source Spearman over the reasoning queries (budget > 0), weighted by count.
        case withinSource
    }

    /// The fitted exponent and reference, with both correlations before (β = 0) and after.
    public struct Fit: Sendable, Equatable {
        public var exponent: Double
        public var reference: Double
        public var minWords: Double
        public var maxWords: Double
        public var objective: Objective
        /// Spearman over every budget-labeled query.
        public var spearmanBefore: Double
        public var spearmanAfter: Double
        /// Mean within-source Spearman over the reasoning queries.
        public var withinSourceSpearmanBefore: Double
        public var withinSourceSpearmanAfter: Double
    }

    /// Fits β from per-query predicted p50 budgets, word counts, labels (nil = unknown) and sources; nil when
    /// no source has enough labeled reasoning queries with two distinct labels.
    public static func fit(p50: [Double], words: [Int], labels: [Int?], sources: [String], objective: Objective = .withinSource) -> Fit? {
        precondition(p50.count == words.count && words.count == labels.count && labels.count == sources.count)
        var groups: [String: [Int]] = [:]
        for i in p50.indices { if let b = labels[i], b > 0 { groups[sources[i], default: []].append(i) } }
        let scored = groups.values.filter { g in g.count >= minSourceCount && Set(g.map { labels[$0]! }).count > 1 }
        guard !scored.isEmpty else { return nil }
        let used = scored.flatMap { $0 }.map { Double(max(1, words[$0])) }.sorted()
        let reference = used[used.count / 2]
        let lo = used[Int(Double(used.count - 1) * 0.05)], hi = used[Int(Double(used.count - 1) * 0.95)]
        func scaled(_ i: Int, _ beta: Double) -> Double {
            p50[i] * factor(words: words[i], exponent: beta, reference: reference, minWords: lo, maxWords: hi)
        }
        func withinSource(_ beta: Double) -> Double {
            var sum = 0.0, n = 0.0
            for g in scored {
                guard let r = spearman(g.map { scaled($0, beta) }, g.map { Double(labels[$0]!) }) else { continue }
                sum += r * Double(g.count); n += Double(g.count)
            }
            return n > 0 ? sum / n : 0
        }
        let labeled = p50.indices.filter { labels[$0] != nil }
        func overall(_ beta: Double) -> Double {
            spearman(labeled.map { scaled($0, beta) }, labeled.map { Double(labels[$0]!) }) ?? 0
        }
        let score = objective == .overall ? overall : withinSource
        var best = (beta: 0.0, value: score(0))
        for beta in grid.dropFirst() {
            let v = score(beta)
            if v > best.value + 1e-9 { best = (beta, v) }
        }
        return Fit(exponent: best.beta, reference: reference, minWords: lo, maxWords: hi, objective: objective,
                   spearmanBefore: overall(0), spearmanAfter: overall(best.beta),
                   withinSourceSpearmanBefore: withinSource(0), withinSourceSpearmanAfter: withinSource(best.beta))
    }

    /// The multiplier `(clamp(words, minWords...maxWords) / reference)^exponent` (at least one word).
    public static func factor(words: Int, exponent: Double, reference: Double, minWords: Double = 1,
                              maxWords: Double = .infinity) -> Double {
        guard exponent != 0 else { return 1 }
        let w = min(max(Double(max(1, words)), minWords), maxWords)
        return pow(w / reference, exponent)
    }
}
