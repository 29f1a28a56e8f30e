// Segment crop: train the safety head on the segments that segment scoring will ask it about.
import Featurizer
import RouterModel
import SeededRandom

/// `augmentation.segmentCrop`: a safe example is replaced, with this probability per (epoch, example), by its
/// last segment (`Featurizer.lastSegment`, at most `model.safetySegments` tokens), labeled safe with its
/// complexity and budget masked (a fragment has neither). With `model.safetyFirstSegment`, the crop is the first
/// or the last segment, one or the other with equal odds (drawn from the same per-(epoch, example) stream).
///
/// Segment scoring (`model.safetySegments`) scores the last segment of a long query as a query of its own;
/// without this, fragments of safe texts (an answer-options line, a sign-off) are inputs the model never saw
/// and score risky at random. Decisions depend on (run seed, epoch, example) only, so every rank
/// count and a resumed run make the same ones.
struct SegmentCrop: Sendable {
    let probability: Double
    /// `[N]`: the last segment of each safe training example with more than one segment; nil for the others.
    let segments: [String?]
    /// `[N]` with `first`: the first segments (nil for the others); empty without.
    let firstSegments: [String?]
    let seed: SeededGenerator

    /// The crop of `split` (nil when `probability` is 0); `first`: first segments are crops too.
    init?(probability: Double, maxTokens: Int, first: Bool = false, split: LabeledSplit, featurizer: Featurizer, seed: SeededGenerator) {
        guard probability > 0, maxTokens > 0 else { return nil }
        self.probability = probability
        self.seed = seed.derived(0x4352_4F50)  // "CROP"
        let ends = zip(split.records, split.labels.risky).map { r, risky -> (first: String?, last: String?) in
            risky == false ? featurizer.endSegments(r.text, maxTokens: maxTokens, first: first) : (nil, nil)
        }
        segments = ends.map(\.last)
        firstSegments = !first ? [] : ends.map { $0.last != nil ? $0.first : nil }
    }

    /// The segment example `index` trains on in `epoch`, or nil when it keeps its text.
    func segment(_ index: Int, epoch: Int) -> String? {
        guard let s = segments[index] else { return nil }
        var g = seed.derived(UInt64(epoch), UInt64(index))
        guard g.nextUniformDouble() < probability else { return nil }
        if !firstSegments.isEmpty, let f = firstSegments[index], g.nextUniformDouble() < 0.5 { return f }
        return s
    }

    /// `labels` of `indices` (in that order) with complexity and budget masked where `epoch` crops the example.
    func masked(_ labels: BatchLabels, indices: [Int], epoch: Int) -> BatchLabels {
        var out = labels
        for (j, i) in indices.enumerated() where segment(i, epoch: epoch) != nil { out.tiers[j] = nil; out.budgetTokens[j] = nil }
        return out
    }
}
