import Foundation
import Tensors

/// Per-head temperatures fitted after training (1 = uncalibrated), plus the ECE they gave on validation.
public struct Calibration: Codable, Sendable, Equatable {
    public var complexityTemperature: Double = 1
    public var safetyTemperature: Double = 1
    public var complexityECEBefore: Double?
    public var complexityECEAfter: Double?
    public var safetyECEBefore: Double?
    public var safetyECEAfter: Double?
    /// Length calibration of the budget head (`BudgetLengthScaling`): every budget quantile is multiplied by
    /// `(words / budgetLengthReference)^budgetLengthExponent`; nil (older models, or not fitted) = off.
    public var budgetLengthExponent: Double?
    public var budgetLengthReference: Double?
    /// Word counts are clamped to this range before the factor (the fitted queries' 5th-95th percentile).
    public var budgetLengthMinWords: Double?
    public var budgetLengthMaxWords: Double?
    /// The fit's objective (`BudgetLengthScaling.Objective` raw value; nil: `withinSource`, fits before it was
    /// a choice), and on validation, without and with the scaling: the Spearman correlation over every
    /// budget-labeled query and the mean within-source one over the reasoning queries.
    public var budgetLengthObjective: String?
    public var budgetSpearmanBefore: Double?
    public var budgetSpearmanAfter: Double?
    public var budgetWithinSourceSpearmanBefore: Double?
    public var budgetWithinSourceSpearmanAfter: Double?
    public init() {}
}

extension RouterNetwork {
    /// Calibrated outputs of a batch: probabilities and budget quantiles in tokens (monotone in the quantile).
    ///
    /// A network without a complexity head reports [0, 1, 0] (moderate); without a safety head, risky 0;
    /// without a budget head, no quantiles (the policy then uses its mode's minimum budget).
    public func outputs(_ h: HeadValues, calibration: Calibration) -> [RouterOutput] {
        let b = h.complexity?.rows ?? h.safety?.rows ?? h.budget?.rows ?? 0
        return (0..<b).map { i in
            var probs: [Double] = [0, 1, 0]
            if let c = h.complexity {
                let t = calibration.complexityTemperature
                if config.ordinal {
                    let s1 = TemperatureScaling.sigmoid(Double(c[i, 0]), temperature: t)
                    let s2 = min(s1, TemperatureScaling.sigmoid(Double(c[i, 1]), temperature: t))
                    probs = [1 - s1, s1 - s2, s2]
                } else {
                    probs = TemperatureScaling.softmax([Double(c[i, 0]), Double(c[i, 1]), Double(c[i, 2])], temperature: t)
                }
            }
            let risky = h.safety.map { TemperatureScaling.sigmoid(Double($0[i, 0]), temperature: calibration.safetyTemperature) } ?? 0
            var quantiles: [Double: Double] = [:]
            if let q = h.budget {
                let values = (0..<q.cols).map { max(0, expm1(Double(q[i, $0]))) }.sorted()
                for (k, tau) in config.budgetQuantiles.enumerated() { quantiles[tau] = values[k] }
            }
            return RouterOutput(complexity: probs, risky: risky, budgetQuantiles: quantiles)
        }
    }
}
