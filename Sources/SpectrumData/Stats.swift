// Dataset statistics: counts per source and label, budget and length quantiles, and surface traits per
// label, so that format shortcuts (a label that is always lowercase, or always LaTeX) are visible.

/// Quantiles (min, p10, p50, p90, max) of a list of integers; nil when empty.
public struct Quantiles: Sendable, Equatable {
    /// Number of values.
    public let count: Int
    /// min, p10, p25, p50, p75, p90, max.
    public let values: [Int]

    /// The probes reported, in order.
    public static let probes: [Double] = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]

    /// Nearest-rank quantiles of `xs`, or nil if empty.
    public init?(_ xs: [Int]) {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        count = s.count
        values = Self.probes.map { p in s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))] }
    }
}

/// Accumulated surface traits of a group of records.
public struct TraitShares: Sendable {
    /// Records in the group.
    public var count = 0
    var lowercase = 0, question = 0, latex = 0, code = 0
    var lengths: [Int] = []

    mutating func add(_ text: String, _ t: TextTraits) {
        count += 1
        if t.allLowercase { lowercase += 1 }
        if t.endsWithQuestionMark { question += 1 }
        if t.containsLaTeX { latex += 1 }
        if t.containsCode { code += 1 }
        lengths.append(text.count)
    }

    func pct(_ n: Int) -> String { count == 0 ? "-" : String(Int((100 * Double(n) / Double(count)).rounded())) + "%" }
    /// Share of all-lowercase texts (0...1).
    public var lowercaseShare: Double { count == 0 ? 0 : Double(lowercase) / Double(count) }
    /// Share of texts ending in "?".
    public var questionShare: Double { count == 0 ? 0 : Double(question) / Double(count) }
    /// Share of texts with LaTeX.
    public var latexShare: Double { count == 0 ? 0 : Double(latex) / Double(count) }
    /// Share of texts with code.
    public var codeShare: Double { count == 0 ? 0 : Double(code) / Double(count) }
}

/// Statistics of a spectrum dataset.
public struct DatasetStats: Sendable {
    /// Label counts per source.
    public var perSource: [String: LabelCounts] = [:]
    /// Label counts overall.
    public var total = LabelCounts()
    /// Budgets per complexity value ("simple", ..., "null"), for known budgets.
    public var budgets: [String: [Int]] = [:]
    /// Traits per label group ("complexity=simple", "safety=risky", ...).
    public var traits: [String: TraitShares] = [:]

    /// Creates empty statistics.
    public init() {}

    /// The label groups in display order.
    public static let groups = ["complexity=simple", "complexity=moderate", "complexity=high", "complexity=null",
                                "safety=safe", "safety=risky", "safety=null", "all"]

    /// Adds one record.
    public mutating func add(_ r: SpectrumRecord) {
        perSource[r.source, default: LabelCounts()].add(r)
        total.add(r)
        let c = r.complexity?.rawValue ?? "null"
        if let b = r.budgetTokens { budgets[c, default: []].append(b) }
        let t = TextTraits(r.text)
        for g in ["complexity=" + c, "safety=" + (r.safety?.rawValue ?? "null"), "all"] {
            traits[g, default: TraitShares()].add(r.text, t)
        }
    }

    /// The statistics as Markdown tables.
    public var markdown: String {
        var s = "## Records per source and label\n\n"
        s += "| source | records | simple | moderate | high | c=null | safe | risky | s=null | budget known |\n"
        s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        func row(_ name: String, _ c: LabelCounts) -> String {
            let cols = [c.total, c.complexity["simple"] ?? 0, c.complexity["moderate"] ?? 0, c.complexity["high"] ?? 0,
                        c.complexity["null"] ?? 0, c.safety["safe"] ?? 0, c.safety["risky"] ?? 0, c.safety["null"] ?? 0,
                        c.budgetKnown]
            return "| \(name) | " + cols.map(String.init).joined(separator: " | ") + " |\n"
        }
        for name in perSource.keys.sorted() { s += row(name, perSource[name]!) }
        s += row("**total**", total)

        let probes = Quantiles.probes.map { $0 == 0 ? "min" : $0 == 1 ? "max" : "p\(Int($0 * 100))" }
        s += "\n## Budget tokens (known budgets) per complexity\n\n| complexity | n | " + probes.joined(separator: " | ") + " |\n"
        s += "|---|---:|" + String(repeating: "---:|", count: probes.count) + "\n"
        for c in ["simple", "moderate", "high", "null"] {
            guard let q = Quantiles(budgets[c] ?? []) else { continue }
            s += "| \(c) | \(q.count) | " + q.values.map(String.init).joined(separator: " | ") + " |\n"
        }
        s += "\n## Text length (characters) per label\n\n| group | n | " + probes.joined(separator: " | ") + " |\n"
        s += "|---|---:|" + String(repeating: "---:|", count: probes.count) + "\n"
        for g in Self.groups {
            guard let t = traits[g], let q = Quantiles(t.lengths) else { continue }
            s += "| \(g) | \(q.count) | " + q.values.map(String.init).joined(separator: " | ") + " |\n"
        }
        s += "\n## Surface traits per label (format shortcuts a model could learn)\n\n"
        s += "| group | n | all lowercase | ends with ? | LaTeX | code |\n|---|---:|---:|---:|---:|---:|\n"
        for g in Self.groups {
            guard let t = traits[g] else { continue }
            s += "| \(g) | \(t.count) | \(t.pct(t.lowercase)) | \(t.pct(t.question)) | \(t.pct(t.latex)) | \(t.pct(t.code)) |\n"
        }
        return s
    }
}
