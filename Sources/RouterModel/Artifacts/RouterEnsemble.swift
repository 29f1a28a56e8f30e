import Foundation

/// Several trained routers whose calibrated outputs are combined head by head: a seed ensemble, or a router
/// (complexity + safety) and a budget model trained apart.
///
/// Each head's output is the average over the members that have that head: complexity probabilities and P(risky)
/// arithmetic means, budget quantiles averaged in log1p space (so one member's large budget does not dominate). A head
/// no member has reports what a single network without it reports ([0, 1, 0], risky 0, no quantiles). Members
/// featurize queries on their own, so their featurizers and architectures may differ; members with a complexity head
/// must agree on the complexity labels and members with a budget head on the quantile levels. An ensemble of one
/// model returns that model's outputs unchanged.
public struct RouterEnsemble: Sendable {
    /// The members, in the order given; the first one's description is the ensemble's (policy, labels).
    public let members: [TrainedModel]
    /// For each member, the first member with the same featurizer (fingerprint and configuration): they share
    /// one featurization of a batch.
    let featurizerOwner: [Int]
    /// For each member that scores segments, the first member that `sharesSegments(with:)` it (they share one
    /// extraction and featurization of the segments); nil for members without segment scoring.
    public let segmentOwner: [Int?]

    /// An ensemble of `members`; throws `EnsembleError` naming the first member whose labels or quantile levels
    /// differ from an earlier member with the same head.
    public init(_ members: [TrainedModel]) throws {
        guard !members.isEmpty else { throw EnsembleError(what: "an ensemble needs at least one model") }
        var labels: (Int, [String])?, quantiles: (Int, [Double])?
        for (i, m) in members.enumerated() {
            let d = m.description
            func differ(_ field: String, _ j: Int, _ x: String, _ y: String) -> EnsembleError {
                EnsembleError(what: "member \(i + 1) differs from member \(j + 1) in \(field): \(y) against \(x)")
            }
            if d.model.has("complexity") {
                if let (j, l) = labels, l != d.complexityLabels { throw differ("complexity labels", j, "\(l)", "\(d.complexityLabels)") }
                labels = labels ?? (i, d.complexityLabels)
            }
            if d.model.has("budget") {
                if let (j, q) = quantiles, q != d.model.budgetQuantiles { throw differ("model.budgetQuantiles", j, "\(q)", "\(d.model.budgetQuantiles)") }
                quantiles = quantiles ?? (i, d.model.budgetQuantiles)
            }
        }
        self.members = members
        featurizerOwner = members.indices.map { i in members.firstIndex { $0.sharesFeaturizer(with: members[i]) }! }
        segmentOwner = members.indices.map { i in members.firstIndex { $0.sharesSegments(with: members[i]) } }
    }

    /// The ensemble of one model (its outputs are the model's own).
    public init(single model: TrainedModel) { members = [model]; featurizerOwner = [0]; segmentOwner = [model.scoresSegments ? 0 : nil] }

    /// The first member (its policy and fit targets are the ensemble's starting point; list the router first).
    public var primary: TrainedModel { members[0] }

    /// Combined calibrated outputs of all members for `texts` (each member with its own segment scoring and
    /// budget length calibration, as `TrainedModel.outputs` computes them). Members with the same featurizer
    /// (fingerprint and configuration) share one featurization of the batch, and members with the same featurizer
    /// and segment settings one extraction and featurization of the segments.
    public func outputs(_ texts: [String]) -> [RouterOutput] {
        if members.count == 1 { return members[0].outputs(texts) }
        guard !texts.isEmpty else { return [] }
        var inputs = [NetworkInput?](repeating: nil, count: members.count)
        var segments = [TrainedModel.SafetySegments?](repeating: nil, count: members.count)
        return Self.combine(members.indices.map { i in
            let owner = featurizerOwner[i]
            let x = inputs[owner] ?? members[owner].input(texts)
            inputs[owner] = x
            var s: TrainedModel.SafetySegments?
            if let so = segmentOwner[i] {
                s = segments[so] ?? members[so].safetySegments(texts)
                segments[so] = s
            }
            return (members[i].description.model.heads, members[i].outputs(texts, input: x, segments: s))
        })
    }

    /// Per-head averages: each head over the members whose `heads` list it (complexity and P(risky) arithmetic
    /// means, budget quantiles `expm1(mean(log1p(q)))` per quantile level); a head no member has gets the
    /// single-network placeholder ([0, 1, 0], risky 0, no quantiles).
    public static func combine(_ perMember: [(heads: [String], outputs: [RouterOutput])]) -> [RouterOutput] {
        guard let first = perMember.first else { return [] }
        let withComplexity = perMember.filter { $0.heads.contains("complexity") }.map(\.outputs)
        let withSafety = perMember.filter { $0.heads.contains("safety") }.map(\.outputs)
        let withBudget = perMember.filter { $0.heads.contains("budget") }.map(\.outputs)
        return first.outputs.indices.map { i in
            var complexity = [0.0, 1.0, 0.0], risky = 0.0
            if !withComplexity.isEmpty {
                complexity = [0, 0, 0]
                for outs in withComplexity { for t in 0..<3 { complexity[t] += outs[i].complexity[t] / Double(withComplexity.count) } }
            }
            for outs in withSafety { risky += outs[i].risky / Double(withSafety.count) }
            var logBudget: [Double: Double] = [:]
            for outs in withBudget {
                for (q, v) in outs[i].budgetQuantiles { logBudget[q, default: 0] += log1p(max(0, v)) / Double(withBudget.count) }
            }
            return RouterOutput(complexity: complexity, risky: risky, budgetQuantiles: logBudget.mapValues { expm1($0) })
        }
    }
}

/// Why models cannot form an ensemble.
public struct EnsembleError: Error, CustomStringConvertible, Equatable {
    public var what: String
    public init(what: String) { self.what = what }
    public var description: String { "ensemble: \(what)" }
}
