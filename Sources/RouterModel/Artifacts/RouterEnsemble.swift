import Foundation

/// Several trained routers whose calibrated outputs are averaged (a seed ensemble).
///
/// The members must agree on everything the outputs depend on apart from the weights: the featurizer
/// (configuration and fingerprint), the heads, the budget quantile levels and the complexity labels. Complexity
/// probabilities and P(risky) are arithmetic means of the members' calibrated outputs; budget quantiles are averaged
/// in log1p space, so one member's large budget does not dominate. An ensemble of one model returns that model's
/// outputs unchanged.
public struct RouterEnsemble: Sendable {
    /// The members, in the order given; the first one's description names the ensemble's featurizer and heads.
    public let members: [TrainedModel]

    /// An ensemble of `members`; throws `EnsembleError` naming the first member that differs from the first.
    public init(_ members: [TrainedModel]) throws {
        guard let first = members.first else { throw EnsembleError(what: "an ensemble needs at least one model") }
        let a = first.description
        for (i, m) in members.enumerated().dropFirst() {
            let b = m.description
            func differ(_ field: String, _ x: String, _ y: String) -> EnsembleError {
                EnsembleError(what: "member \(i + 1) differs from member 1 in \(field): \(y) against \(x)")
            }
            if b.featurizerFingerprint != a.featurizerFingerprint { throw differ("featurizer fingerprint", a.featurizerFingerprint, b.featurizerFingerprint) }
            if b.featurizer != a.featurizer { throw differ("featurizer configuration", a.featurizer.canonicalDescription, b.featurizer.canonicalDescription) }
            if b.model.heads != a.model.heads { throw differ("model.heads", "\(a.model.heads)", "\(b.model.heads)") }
            if b.model.budgetQuantiles != a.model.budgetQuantiles {
                throw differ("model.budgetQuantiles", "\(a.model.budgetQuantiles)", "\(b.model.budgetQuantiles)")
            }
            if b.complexityLabels != a.complexityLabels { throw differ("complexity labels", "\(a.complexityLabels)", "\(b.complexityLabels)") }
        }
        self.members = members
    }

    /// The ensemble of one model (its outputs are the model's own).
    public init(single model: TrainedModel) { members = [model] }

    /// The first member (its description names the featurizer, heads and labels all members share).
    public var primary: TrainedModel { members[0] }

    /// Averaged calibrated outputs of all members for `texts` (each member with its own segment scoring and
    /// budget length calibration, as `TrainedModel.outputs` computes them).
    public func outputs(_ texts: [String]) -> [RouterOutput] {
        if members.count == 1 { return members[0].outputs(texts) }
        return Self.average(members.map { $0.outputs(texts) })
    }

    /// The average of per-member outputs (`perMember[m][i]` = member m's output for query i): complexity and
    /// P(risky) arithmetic means, budget quantiles `expm1(mean(log1p(q)))` per quantile level.
    public static func average(_ perMember: [[RouterOutput]]) -> [RouterOutput] {
        guard let first = perMember.first else { return [] }
        let k = Double(perMember.count)
        return first.indices.map { i in
            var complexity = [0.0, 0.0, 0.0], risky = 0.0
            var logBudget: [Double: Double] = [:]
            for outs in perMember {
                let o = outs[i]
                for t in 0..<3 { complexity[t] += o.complexity[t] / k }
                risky += o.risky / k
                for (q, v) in o.budgetQuantiles { logBudget[q, default: 0] += log1p(max(0, v)) / k }
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
