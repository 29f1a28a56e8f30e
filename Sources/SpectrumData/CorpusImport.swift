// Importing the whole corpus: run the source importers, deduplicate across sources by normalized text,
// drop records with no label, and account for every raw item in an import report.

/// Label counts of a set of records.
public struct LabelCounts: Codable, Equatable, Sendable {
    /// Records counted.
    public var total = 0
    /// Per complexity value ("simple", "moderate", "high", "null").
    public var complexity: [String: Int] = [:]
    /// Per safety value ("safe", "risky", "null").
    public var safety: [String: Int] = [:]
    /// Records with a known budget.
    public var budgetKnown = 0

    /// Creates empty counts.
    public init() {}

    /// Counts one record.
    public mutating func add(_ r: SpectrumRecord) {
        total += 1
        complexity[r.complexity?.rawValue ?? "null", default: 0] += 1
        safety[r.safety?.rawValue ?? "null", default: 0] += 1
        if r.budgetTokens != nil { budgetKnown += 1 }
    }
}

/// Per-source accounting of an import: every raw item is either kept, excluded, merged into a duplicate,
/// or dropped for having no label.
public struct SourceReport: Codable, Equatable, Sendable {
    /// Source name.
    public var source: String
    /// Raw items read.
    public var itemsRead = 0
    /// Items excluded by policy, per reason (e.g. HLE canary, empty text, null prompt).
    public var excluded: [String: Int] = [:]
    /// Records removed because another record had the same normalized text (their labels were merged in).
    public var duplicatesMerged = 0
    /// Records dropped because complexity, safety and budget were all unknown after merging.
    public var droppedNoLabel = 0
    /// Label counts of the records kept under this source.
    public var kept = LabelCounts()

    /// Creates an empty report for `source`.
    public init(source: String) { self.source = source }
}

/// The import report: per-source accounting, label conflicts met while merging duplicates, totals.
public struct ImportReport: Codable, Equatable, Sendable {
    /// Per source, in reading order.
    public var sources: [SourceReport] = []
    /// Duplicates whose complexities disagreed (the kept record's value won).
    public var complexityConflicts = 0
    /// Duplicates labeled safe by one source and risky by another (risky won).
    public var safetyConflicts = 0
    /// Duplicates whose known budgets disagreed (the kept record's value won).
    public var budgetConflicts = 0
    /// Label counts of all records kept.
    public var total = LabelCounts()

    /// The report as a Markdown table.
    public var markdown: String {
        var s = "| source | read | excluded | dup merged | no label | kept | simple | moderate | high | c=null | safe | risky | s=null | budget |\n"
        s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        func row(_ name: String, _ read: Int, _ excl: Int, _ dup: Int, _ none: Int, _ c: LabelCounts) -> String {
            let cols = [read, excl, dup, none, c.total, c.complexity["simple"] ?? 0, c.complexity["moderate"] ?? 0,
                        c.complexity["high"] ?? 0, c.complexity["null"] ?? 0, c.safety["safe"] ?? 0,
                        c.safety["risky"] ?? 0, c.safety["null"] ?? 0, c.budgetKnown]
            return "| \(name) | " + cols.map(String.init).joined(separator: " | ") + " |\n"
        }
        var (read, excl, dup, none) = (0, 0, 0, 0)
        for r in sources {
            let e = r.excluded.values.reduce(0, +)
            s += row(r.source, r.itemsRead, e, r.duplicatesMerged, r.droppedNoLabel, r.kept)
            read += r.itemsRead; excl += e; dup += r.duplicatesMerged; none += r.droppedNoLabel
        }
        s += row("**total**", read, excl, dup, none, total)
        var notes: [String] = []
        for r in sources { for (k, v) in r.excluded.sorted(by: { $0.key < $1.key }) { notes.append("\(r.source): excluded \(v) (\(k))") } }
        notes.append("label conflicts among duplicates: complexity \(complexityConflicts) (kept record's value), "
                     + "safety \(safetyConflicts) (risky kept), budget \(budgetConflicts) (kept record's value)")
        return s + "\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n"
    }
}

/// The result of an import: deduplicated records (reading order) and the report.
public struct ImportResult: Sendable {
    /// Records kept.
    public var records: [SpectrumRecord]
    /// The accounting.
    public var report: ImportReport
}

/// Deduplicates records by normalized text, merging labels field-wise.
///
/// Merge rule for two records with the same normalized text: the one with more known labels (complexity,
/// safety, budget) is kept (id, text, source); on a tie, the one read first. Its unknown labels are filled
/// from the other; a safe/risky conflict gives `risky` (with the risky record's category); other conflicts
/// keep the kept record's value and are counted. A `simple` result always has budget 0.
public struct Deduplicator: Sendable {
    /// Records kept so far, in first-seen order of their text.
    public private(set) var records: [SpectrumRecord] = []
    private var slot: [String: Int] = [:]
    /// Removed duplicates per source.
    public private(set) var mergedPerSource: [String: Int] = [:]
    /// Conflict counts (complexity, safety, budget).
    public private(set) var conflicts = (complexity: 0, safety: 0, budget: 0)

    /// Creates an empty deduplicator.
    public init() {}

    static func labelCount(_ r: SpectrumRecord) -> Int {
        (r.complexity != nil ? 1 : 0) + (r.safety != nil ? 1 : 0) + (r.budgetTokens != nil ? 1 : 0)
    }

    /// Adds a record, merging it into an earlier one with the same normalized text.
    public mutating func add(_ r: SpectrumRecord) {
        let key = normalizedText(r.text)
        guard let i = slot[key] else {
            slot[key] = records.count
            records.append(r)
            return
        }
        let old = records[i]
        let newWins = Self.labelCount(r) > Self.labelCount(old)
        var base = newWins ? r : old
        let other = newWins ? old : r
        mergedPerSource[other.source, default: 0] += 1
        if let a = base.complexity, let b = other.complexity, a != b { conflicts.complexity += 1 }
        base.complexity = base.complexity ?? other.complexity
        if let a = base.safety, let b = other.safety, a != b { conflicts.safety += 1 }
        if base.safety != .risky && other.safety == .risky {
            base.safety = .risky
            base.safetyCategory = other.safetyCategory
        } else if base.safety == nil {
            base.safety = other.safety
        }
        if base.safetyCategory == nil && base.safety == other.safety { base.safetyCategory = other.safetyCategory }
        if let a = base.budgetTokens, let b = other.budgetTokens, a != b { conflicts.budget += 1 }
        base.budgetTokens = base.budgetTokens ?? other.budgetTokens
        if base.complexity == .simple { base.budgetTokens = 0 }
        records[i] = base
    }
}

/// Imports the corpus under `rawRoot` (the raw/ directory); `sources` restricts to named sources.
///
/// Throws a `DataError` for an unknown source name or a missing/malformed raw file.
public func importCorpus(rawRoot: String, sources: [String]? = nil) throws -> ImportResult {
    var chosen = corpusImporters
    if let sources {
        let known = Set(corpusImporters.map(\.name))
        for s in sources where !known.contains(s) {
            throw DataError(.badSource, file: rawRoot, line: nil, field: "source",
                            "unknown source \(quoted(s)) (known: \(corpusImporters.map(\.name).joined(separator: ", ")))")
        }
        chosen = corpusImporters.filter { sources.contains($0.name) }
    }
    var report = ImportReport()
    var dedupe = Deduplicator()
    for imp in chosen {
        let batch = try imp.importSource(rawRoot: rawRoot)
        var r = SourceReport(source: imp.name)
        r.itemsRead = batch.itemsRead
        r.excluded = batch.excluded
        report.sources.append(r)
        for rec in batch.records { dedupe.add(rec) }
    }
    var kept: [SpectrumRecord] = []
    kept.reserveCapacity(dedupe.records.count)
    let index = Dictionary(uniqueKeysWithValues: report.sources.enumerated().map { ($1.source, $0) })
    for rec in dedupe.records {
        let si = index[rec.source]!
        if rec.hasNoLabel { report.sources[si].droppedNoLabel += 1; continue }
        report.sources[si].kept.add(rec)
        report.total.add(rec)
        kept.append(rec)
    }
    for (s, n) in dedupe.mergedPerSource { report.sources[index[s]!].duplicatesMerged = n }
    report.complexityConflicts = dedupe.conflicts.complexity
    report.safetyConflicts = dedupe.conflicts.safety
    report.budgetConflicts = dedupe.conflicts.budget
    return ImportResult(records: kept, report: report)
}
