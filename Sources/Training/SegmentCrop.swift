// Segment crop and span crop: train the safety head on pieces of safe texts.
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
///
/// `augmentation.spanCrop`: a safe example of at least two words that is not cropped to a segment is replaced,
/// with this probability, by 1-4 consecutive words of it (drawn from a stream of its own, so segment crops stay as
/// they were), masked the same way: single common words ("my", "out", "the car") then have safe evidence of their
/// own instead of the harm they co-occur with in risky texts. With `augmentation.spanCropKeepsSimple` (a probability,
/// drawn after the span from the same stream), a span of a simple example keeps its tier and budget.
struct SegmentCrop: Sendable {
    let probability: Double
    /// `[N]`: the last segment of each safe training example with more than one segment; nil for the others.
    let segments: [String?]
    /// `[N]` with `first`: the first segments (nil for the others); empty without.
    let firstSegments: [String?]
    let seed: SeededGenerator
    /// Probability of a span crop (0 = off).
    let spanProbability: Double
    /// `[N]` with span crops on: whether the example is safe (only safe examples are cropped). Empty when off.
    let spanSafe: [Bool]
    /// The texts (words are split only for the examples a step crops).
    let texts: [String]
    let spanSeed: SeededGenerator
    /// Probability that a span of a simple example keeps its tier and budget (0 = always masked).
    let keepSimpleProbability: Double
    /// `[N]` with `keepSimpleProbability` > 0: whether the example's tier is simple. Empty otherwise.
    let simple: [Bool]
    /// Longest span, in words.
    static let maxSpanWords = 4

    /// The crops of `split` (nil when both probabilities are 0, or segment crop has no `maxTokens` and span crop is
    /// off); `first`: first segments are crops too.
    init?(probability: Double, maxTokens: Int, first: Bool = false, spanProbability: Double = 0, keepSimpleProbability: Double = 0,
          split: LabeledSplit, featurizer: Featurizer, seed: SeededGenerator) {
        let segmentsOn = probability > 0 && maxTokens > 0
        guard segmentsOn || spanProbability > 0 else { return nil }
        self.probability = segmentsOn ? probability : 0
        self.seed = seed.derived(0x4352_4F50)  // "CROP"
        let ends = zip(split.records, split.labels.risky).map { r, risky -> (first: String?, last: String?) in
            segmentsOn && risky == false ? featurizer.endSegments(r.text, maxTokens: maxTokens, first: first) : (nil, nil)
        }
        segments = ends.map(\.last)
        firstSegments = !first ? [] : ends.map { $0.last != nil ? $0.first : nil }
        self.spanProbability = spanProbability
        spanSeed = seed.derived(0x5350_414E)  // "SPAN"
        spanSafe = spanProbability == 0 ? [] : split.labels.risky.map { $0 == false }
        texts = spanProbability == 0 ? [] : split.records.map(\.text)
        self.keepSimpleProbability = spanProbability == 0 ? 0 : keepSimpleProbability
        simple = self.keepSimpleProbability == 0 ? [] : split.labels.tiers.map { $0 == 0 }
    }

    /// The segment or span example `index` trains on in `epoch`, or nil when it keeps its text.
    func segment(_ index: Int, epoch: Int) -> String? { crop(index, epoch: epoch)?.text }

    /// The crop of example `index` in `epoch` (nil when it keeps its text), and whether it keeps its tier and budget
    /// (a span of a simple example, with probability `keepSimpleProbability`).
    func crop(_ index: Int, epoch: Int) -> (text: String, keepsLabels: Bool)? {
        if let s = segments[index] {
            var g = seed.derived(UInt64(epoch), UInt64(index))
            if g.nextUniformDouble() < probability {
                if !firstSegments.isEmpty, let f = firstSegments[index], g.nextUniformDouble() < 0.5 { return (f, false) }
                return (s, false)
            }
        }
        guard spanProbability > 0, spanSafe[index] else { return nil }
        var g = spanSeed.derived(UInt64(epoch), UInt64(index))
        guard g.nextUniformDouble() < spanProbability else { return nil }
        let w = texts[index].split(whereSeparator: \.isWhitespace)
        guard w.count >= 2 else { return nil }
        let n = 1 + Int(g.next() % UInt64(min(Self.maxSpanWords, w.count - 1)))  // a strict part: 1...min(4, words - 1)
        let start = Int(g.next() % UInt64(w.count - n + 1))
        let keeps = keepSimpleProbability > 0 && simple[index] && g.nextUniformDouble() < keepSimpleProbability
        return (w[start..<(start + n)].joined(separator: " "), keeps)
    }

    /// `labels` of `indices` (in that order) with complexity and budget masked where `epoch` crops the example
    /// (except the spans of simple examples that keep them).
    func masked(_ labels: BatchLabels, indices: [Int], epoch: Int) -> BatchLabels {
        crops(of: indices, epoch: epoch).masked(labels, indices: indices)
    }

    /// The crops `epoch` makes among `indices` (a step's global batch), decided once for the whole step.
    func crops(of indices: [Int], epoch: Int) -> StepCrops {
        var made: [Int: (text: String, keepsLabels: Bool)] = [:]
        for i in indices { if let c = crop(i, epoch: epoch) { made[i] = c } }
        return StepCrops(byExample: made)
    }
}

/// The crops of one step's examples (`SegmentCrop.crops(of:epoch:)`), by example index: the global batch's labels,
/// every rank's texts and its local labels read the same decisions without drawing them again.
struct StepCrops {
    /// The cropped examples' texts, and whether each keeps its tier and budget.
    let byExample: [Int: (text: String, keepsLabels: Bool)]

    /// The text example `index` trains on (nil: its own).
    func text(_ index: Int) -> String? { byExample[index]?.text }

    /// `labels` of `indices` (in that order) with complexity and budget masked where the example is cropped
    /// (except the spans of simple examples that keep them).
    func masked(_ labels: BatchLabels, indices: [Int]) -> BatchLabels {
        guard !byExample.isEmpty else { return labels }
        var out = labels
        for (j, i) in indices.enumerated() {
            if let c = byExample[i], !c.keepsLabels { out.tiers[j] = nil; out.budgetTokens[j] = nil }
        }
        return out
    }
}
