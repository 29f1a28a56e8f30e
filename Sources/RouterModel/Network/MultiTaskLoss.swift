import Foundation
import Layers
import Tensors

/// The labels of a batch; nil = unknown, masked out of that head's loss.
public struct BatchLabels: Sendable {
    /// Complexity tier: 0 simple, 1 moderate, 2 high.
    public var tiers: [Int?]
    /// true = risky, false = safe.
    public var risky: [Bool?]
    /// Reasoning tokens needed.
    public var budgetTokens: [Int?]

    public init(tiers: [Int?], risky: [Bool?], budgetTokens: [Int?]) {
        precondition(tiers.count == risky.count && risky.count == budgetTokens.count, "label arrays must align")
        self.tiers = tiers; self.risky = risky; self.budgetTokens = budgetTokens
    }

    /// The labels of examples `indices`.
    public func subset(_ indices: [Int]) -> BatchLabels {
        // One loop over raw buffers (the trainer calls this for every step's global batch on every rank): perf
        // share in a 2-rank bench run 2.4% with three `map`s, 2.6% with one bounds-checked loop, 1.3% with this.
        let n = indices.count
        var t = [Int?](repeating: nil, count: n), r = [Bool?](repeating: nil, count: n), b = [Int?](repeating: nil, count: n)
        indices.withUnsafeBufferPointer { ix in
            tiers.withUnsafeBufferPointer { st in
                risky.withUnsafeBufferPointer { sr in
                    budgetTokens.withUnsafeBufferPointer { sb in
                        t.withUnsafeMutableBufferPointer { dt in
                            r.withUnsafeMutableBufferPointer { dr in
                                b.withUnsafeMutableBufferPointer { db in
                                    for j in 0..<n {
                                        let i = ix[j]
                                        precondition(i >= 0 && i < st.count, "label index out of range")
                                        dt[j] = st[i]; dr[j] = sr[i]; db[j] = sb[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return BatchLabels(tiers: t, risky: r, budgetTokens: b)
    }
}

/// Denominators of each head's mean loss over the GLOBAL batch, so that per-rank losses and gradients
/// add up exactly to the full-batch ones whatever the rank count.
public struct LossNormalizers: Sendable, Equatable {
    public var complexity: Float
    public var safety: Float
    public var budget: Float
    /// Examples in the global batch (the source adversary's mean).
    public var examples: Float = 0

    /// The normalizers of a (global) batch's labels under `config`.
    public init(labels: BatchLabels, config: ModelConfig) {
        let cw = config.complexityClassWeights ?? [1, 1, 1]
        complexity = config.ordinal
            ? Float(labels.tiers.compactMap { $0 }.count * 2)
            : Float(labels.tiers.compactMap { $0 }.reduce(0.0) { $0 + cw[$1] })
        safety = Float(labels.risky.compactMap { $0 }.count)
        budget = Float(labels.budgetTokens.compactMap { $0 }.count * config.budgetQuantiles.count)
        examples = Float(labels.tiers.count)
    }
}

/// Each head's loss contribution on this rank's slice (already divided by the global normalizer:
/// summing over ranks gives the global batch's mean loss per head).
public struct HeadLosses: Sendable, Equatable, Codable {
    public var complexity: Double = 0
    public var safety: Double = 0
    public var budget: Double = 0
    /// The weighted sum of the head losses (what the optimizer minimizes).
    public var total: Double = 0
    public init() {}

    /// Adds another slice's losses.
    public static func + (a: HeadLosses, b: HeadLosses) -> HeadLosses {
        var r = HeadLosses()
        r.complexity = a.complexity + b.complexity; r.safety = a.safety + b.safety
        r.budget = a.budget + b.budget; r.total = a.total + b.total
        return r
    }
}

/// The masked multi-task loss of the three heads and its gradients w.r.t. the head outputs.
public enum MultiTaskLoss {
    /// Losses and head-output gradients (already scaled by the head weights) for one slice.
    public static func compute(_ out: HeadValues, labels: BatchLabels, normalizers: LossNormalizers, config: ModelConfig) -> (HeadLosses, HeadValues) {
        var losses = HeadLosses()
        var grads = HeadValues()
        let b = labels.tiers.count
        /// One head: its loss on `x` scaled by the head weight into the gradient and the total; zero gradient
        /// when the global batch has no label for it; nil when the network lacks the head.
        func head(_ name: String, _ x: Tensor?, _ normalizer: Float, _ loss: (Tensor) -> LossOutput) -> (loss: Double, grad: Tensor)? {
            guard let x else { return nil }
            guard normalizer > 0 else { return (0, Tensor(zeros: x.shape)) }
            let w = Float(config.headWeights[name] ?? 1)
            let r = loss(x)
            var g = r.gradient
            scale(&g, by: w)
            losses.total += Double(w) * Double(r.loss)
            return (Double(r.loss), g)
        }
        let complexity = head("complexity", out.complexity, normalizers.complexity) { logits in
            let mask = labels.tiers.map { $0 != nil }
            if config.ordinal {
                var t = [Float](repeating: 0, count: b * 2)
                for (i, y) in labels.tiers.enumerated() { if let y { t[2 * i] = y > 0 ? 1 : 0; t[2 * i + 1] = y > 1 ? 1 : 0 } }
                return binaryCrossEntropyWithLogits(logits: logits, targets: Tensor(shape: [b, 2], scalars: t), mask: mask, normalizer: normalizers.complexity)
            }
            return softmaxCrossEntropy(logits: logits, labels: labels.tiers.map { $0 ?? 0 }, mask: mask,
                                       classWeights: config.complexityClassWeights?.map(Float.init), normalizer: normalizers.complexity)
        }
        let safety = head("safety", out.safety, normalizers.safety) { logits in
            let t = Tensor(shape: [b, 1], scalars: labels.risky.map { $0 == true ? 1 : 0 })
            return binaryCrossEntropyWithLogits(logits: logits, targets: t, mask: labels.risky.map { $0 != nil },
                                                positiveWeight: [Float(config.riskyPositiveWeight)], normalizer: normalizers.safety)
        }
        let budget = head("budget", out.budget, normalizers.budget) { pred in
            let targets = labels.budgetTokens.map { Float(log1p(Double(max(0, $0 ?? 0)))) }
            return pinballLoss(predictions: pred, targets: targets, quantiles: config.budgetQuantiles.map(Float.init),
                               mask: labels.budgetTokens.map { $0 != nil }, normalizer: normalizers.budget)
        }
        (losses.complexity, grads.complexity) = (complexity?.loss ?? 0, complexity?.grad)
        (losses.safety, grads.safety) = (safety?.loss ?? 0, safety?.grad)
        (losses.budget, grads.budget) = (budget?.loss ?? 0, budget?.grad)
        return (losses, grads)
    }
}
