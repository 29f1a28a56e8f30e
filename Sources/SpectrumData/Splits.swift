// Train/validation splits: a stable hash split (a text never lands in both) and a source-holdout split
// (validation = whole sources the model never saw, the test of generalization LABELING.md asks for).
import SeededRandom

/// A train/validation split.
public struct DataSplit: Sendable {
    /// Training records (input order preserved).
    public var train: [SpectrumRecord]
    /// Validation records (input order preserved).
    public var validation: [SpectrumRecord]
    /// Sources held out (source split only).
    public var heldOutSources: [String]
}

/// True if a text goes to validation in the hash split: a stable 64-bit hash of its normalized text,
/// mixed with `seed`, mapped to [0, 1) and compared with `fraction`. Independent of file order.
public func hashSplitIsValidation(text: String, fraction: Double, seed: UInt64 = 0) -> Bool {
    let h = SeededGenerator.mix(stableHash64(normalizedText(text)) ^ SeededGenerator.mix(seed))
    return Double(h >> 11) * (1.0 / 9_007_199_254_740_992.0) < fraction
}

/// Splits by a stable hash of the normalized text (e.g. 90/10 with `validationFraction` 0.1).
public func hashSplit(_ records: [SpectrumRecord], validationFraction: Double = 0.1, seed: UInt64 = 0) -> DataSplit {
    var s = DataSplit(train: [], validation: [], heldOutSources: [])
    for r in records {
        if hashSplitIsValidation(text: r.text, fraction: validationFraction, seed: seed) {
            s.validation.append(r)
        } else {
            s.train.append(r)
        }
    }
    return s
}

/// A label value the source split must keep on both sides: each complexity tier, safe and risky.
public enum LabelValue: String, CaseIterable, Sendable {
    case simple, moderate, high, safe, risky

    /// True if record `r` carries this label value.
    public func matches(_ r: SpectrumRecord) -> Bool {
        switch self {
        case .simple: return r.complexity == .simple
        case .moderate: return r.complexity == .moderate
        case .high: return r.complexity == .high
        case .safe: return r.safety == .safe
        case .risky: return r.safety == .risky
        }
    }
}

/// Label values present in `records`.
public func labelValues(_ records: [SpectrumRecord]) -> Set<LabelValue> {
    var out = Set<LabelValue>()
    for r in records { for v in LabelValue.allCases where v.matches(r) { out.insert(v) } }
    return out
}

/// An error of the source split (unknown source, impossible coverage).
public struct SplitError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String
}

/// Holds out the named sources: validation = their records, train = the rest.
///
/// Throws if a named source has no record. Coverage (every label value on both sides) is not enforced
/// here; check it with `labelValues` (the CLI warns).
public func sourceHoldoutSplit(_ records: [SpectrumRecord], holdout: [String]) throws -> DataSplit {
    let present = Set(records.map(\.source))
    for h in holdout where !present.contains(h) {
        throw SplitError(description: "holdout source \"\(h)\" has no record (sources: \(present.sorted().joined(separator: ", ")))")
    }
    let held = Set(holdout)
    var s = DataSplit(train: [], validation: [], heldOutSources: holdout.sorted())
    for r in records {
        if held.contains(r.source) { s.validation.append(r) } else { s.train.append(r) }
    }
    return s
}

/// Chooses held-out sources with a seeded search so that every label value (simple, moderate, high, safe,
/// risky) appears in both train and validation, then splits.
///
/// Each attempt walks a seeded permutation of the sources and holds out a source only if it brings a label
/// value the validation side still lacks, until validation covers all values present in the data; the attempt
/// is accepted if train still covers them too and validation holds at most `maxValidationFraction` of the
/// records. The result depends only on `seed` and the per-source counts (not on record order). Throws if no
/// attempt succeeds (e.g. a label value comes from one source only).
public func seededSourceHoldout(_ records: [SpectrumRecord], seed: UInt64, maxValidationFraction: Double = 0.5,
                                attempts: Int = 2000) throws -> DataSplit {
    var perSource: [String: Set<LabelValue>] = [:]
    var sizes: [String: Int] = [:]
    for r in records {
        sizes[r.source, default: 0] += 1
        var set = perSource[r.source, default: []]
        for v in LabelValue.allCases where v.matches(r) { set.insert(v) }
        perSource[r.source] = set
    }
    let sources = perSource.keys.sorted()
    let needed = perSource.values.reduce(into: Set<LabelValue>()) { $0.formUnion($1) }
    let root = SeededGenerator(seed: seed)
    for attempt in 0..<attempts {
        var rng = root.derived(UInt64(attempt))
        var held: [String] = []
        var covered = Set<LabelValue>()
        for i in rng.permutation(sources.count) {
            let s = sources[i]
            if !perSource[s]!.subtracting(covered).isEmpty {
                held.append(s)
                covered.formUnion(perSource[s]!)
            }
            if covered == needed { break }
        }
        guard covered == needed else { continue }
        let heldCount = held.reduce(0) { $0 + sizes[$1]! }
        if Double(heldCount) > maxValidationFraction * Double(records.count) { continue }
        let trainCover = sources.filter { !held.contains($0) }.reduce(into: Set<LabelValue>()) { $0.formUnion(perSource[$1]!) }
        if trainCover == needed { return try sourceHoldoutSplit(records, holdout: held) }
    }
    let missing = needed.map(\.rawValue).sorted().joined(separator: ", ")
    throw SplitError(description: "no choice of held-out sources in \(attempts) seeded attempts keeps all of \(missing) "
                     + "on both sides with at most \(maxValidationFraction) of the records in validation")
}
