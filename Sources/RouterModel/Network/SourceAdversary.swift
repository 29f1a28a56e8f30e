import Featurizer
import Foundation
import Layers
import Tensors

/// Source-adversarial training (`ModelConfig.sourceAdversary` = λ > 0): a classifier of each training example's
/// source reads the trunk output and learns to tell sources apart, while the trunk receives its gradient reversed
/// and scaled by λ (a gradient-reversal layer), so the trunk unlearns what identifies a source's surface form.
///
/// The classifier is conditioned on the example's labels: one linear map per label combination (complexity
/// simple / moderate / high / unknown × safety safe / risky / unknown), so it only rewards the trunk for
/// forgetting what tells sources apart *beyond* the labels (a source's tier is the label itself and stays).
/// Sources are hashed into `classes` classes (stable FNV-1a of the source name), so the network's shape does not
/// depend on the data. Training only: exported bundles drop it (`TrainedModel.forInference`).
public enum SourceAdversary {
    /// Source classes (sources are hashed into them).
    public static let classes = 256
    /// Label combinations, one linear map each.
    public static let slots = 12

    /// The label combination of an example: `tier` 0...2 or nil, `risky` or nil -> 0..<`slots`.
    public static func slot(tier: Int?, risky: Bool?) -> Int {
        (tier ?? 3) * 3 + (risky.map { $0 ? 1 : 0 } ?? 2)
    }

    /// The class of a source name: FNV-1a 64 of its UTF-8 bytes modulo `classes`.
    public static func sourceClass(_ source: String) -> Int {
        Int(StableHash.fnv1a64(source.utf8) % UInt64(classes))
    }

    /// The adversary's mean cross-entropy over the global batch (`normalizer` = its example count) and the
    /// gradient w.r.t. its logits `[B, classes]`.
    public static func loss(logits: Tensor, sources: [String], normalizer: Float) -> LossOutput {
        softmaxCrossEntropy(logits: logits, labels: sources.map(sourceClass), normalizer: normalizer)
    }
}
