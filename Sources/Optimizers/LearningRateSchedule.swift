// Learning-rate schedule: linear warmup, then cosine or linear decay to a minimum (llm.c / nanoGPT style).
//
// `step` is the 0-based index of the update about to be applied, W = warmupSteps, T = totalSteps:
//   step <  W        : lr = peak * (step + 1) / W                       (so lr(W - 1) = peak)
//   W <= step <= T   : r = (step - W) / (T - W)
//                      cosine: lr = min + (peak - min) * 0.5 * (1 + cos(pi * r))
//                      linear: lr = peak - (peak - min) * r
//                      constant: lr = peak
//   step >  T        : lr = min  (constant: peak)
// So lr(W) = peak and lr(T) = min. When T == W there is no decay phase: lr(T) = min.

import Foundation

/// A warmup + decay learning-rate schedule, evaluated at a 0-based step.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    /// The shape of the post-warmup phase.
    public enum Decay: String, Codable, Sendable {
        /// Half-cosine from peak to min.
        case cosine
        /// Straight line from peak to min.
        case linear
        /// Stay at peak (min is ignored).
        case constant
    }

    /// The learning rate reached at the end of warmup.
    public var peak: Float
    /// The learning rate at and after `totalSteps`.
    public var min: Float
    /// Number of warmup steps (0 = start at peak).
    public var warmupSteps: Int
    /// The step at which decay reaches `min`.
    public var totalSteps: Int
    /// The decay shape.
    public var decay: Decay

    /// Creates a schedule, validating 0 <= min <= peak and 0 <= warmupSteps <= totalSteps.
    public init(peak: Float, min: Float = 0, warmupSteps: Int, totalSteps: Int, decay: Decay = .cosine) throws {
        try checkHyper("peak", peak, peak >= 0 && peak.isFinite, "must be finite and >= 0")
        try checkHyper("min", min, min >= 0 && min <= peak, "must be in [0, peak]")
        if warmupSteps < 0 || warmupSteps > totalSteps {
            throw OptimizerError.invalidHyperparameter(field: "warmupSteps", value: Double(warmupSteps),
                                                       reason: "must be in [0, totalSteps = \(totalSteps)]")
        }
        self.peak = peak
        self.min = min
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.decay = decay
    }

    /// The learning rate for the update with 0-based index `step`.
    public func lr(at step: Int) -> Float {
        let peak = Double(peak), lo = Double(min)
        if step < warmupSteps { return Float(peak * Double(step + 1) / Double(warmupSteps)) }
        if decay == .constant { return Float(peak) }
        if step >= totalSteps { return Float(lo) }
        let r = Double(step - warmupSteps) / Double(totalSteps - warmupSteps)
        switch decay {
        case .cosine: return Float(lo + (peak - lo) * 0.5 * (1 + cos(Double.pi * r)))
        case .linear: return Float(peak - (peak - lo) * r)
        case .constant: return Float(peak)
        }
    }
}
