import Foundation
import RouterModel

/// The evaluation report: metrics overall and per source, written as report.md, report.json and SVG plots.
public struct EvaluationReport: Codable, Sendable {
    public var overall: GroupMetrics
    public var perSource: [String: GroupMetrics]
    public var policy: RoutingPolicy
    /// Free-form facts about the run (checkpoint, data file, calibration temperatures, ECE before calibration).
    public var context: [String: String]

    /// Computes the report of `examples` under `policy`.
    public init(examples: [EvalExample], policy: RoutingPolicy, context: [String: String] = [:]) {
        overall = GroupMetrics(examples, policy: policy)
        perSource = Dictionary(grouping: examples, by: \.source).mapValues { GroupMetrics($0, policy: policy) }
        self.policy = policy
        self.context = context
    }

    /// Writes report.json, report.md and the plots into `folder`; returns the written file names.
    @discardableResult
    public func write(to folder: URL, examples: [EvalExample]) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [String: String] = [:]
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        files["report.json"] = String(decoding: try enc.encode(self), as: UTF8.self)
        let tiered = examples.filter { $0.tier != nil }
        if let c = overall.complexity {
            files["confusion.svg"] = ReportPlots.confusion(c, title: "Complexity confusion matrix (all sources)")
            let conf = tiered.map { $0.output.complexity.max()! }
            let ok = tiered.map { e in e.output.complexity.indices.max { e.output.complexity[$0] < e.output.complexity[$1] }! == e.tier! }
            files["reliability-complexity.svg"] = ReportPlots.reliability(CalibrationError.bins(confidences: conf, correct: ok), title: "Complexity head", ece: overall.complexityECE ?? 0)
        }
        let safety = examples.filter { $0.risky != nil }
        if !safety.isEmpty {
            let conf = safety.map { max($0.output.risky, 1 - $0.output.risky) }
            let ok = safety.map { ($0.output.risky >= 0.5) == $0.risky! }
            files["reliability-safety.svg"] = ReportPlots.reliability(CalibrationError.bins(confidences: conf, correct: ok), title: "Safety head", ece: overall.safetyECE ?? 0)
        }
        let budget = examples.filter { $0.budget != nil }
        if !budget.isEmpty {
            files["budget.svg"] = ReportPlots.budgetScatter(budget.map { (GroupMetrics.median($0.output), Double($0.budget!)) })
        }
        files["report.md"] = markdown(plots: files.keys.filter { $0.hasSuffix(".svg") }.sorted())
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return files.keys.sorted()
    }

    func markdown(plots: [String]) -> String {
        func p(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        var md = ["# Evaluation report", ""]
        for (k, v) in context.sorted(by: { $0.key < $1.key }) { md.append("- \(k): \(v)") }
        md += ["", "## Overall (\(overall.count) queries)", ""]
        md += summaryTable([("all", overall)])
        md += ["", "## Routing", "",
               "| metric | value |", "|---|---|",
               "| simple queries answered instantly | \(p(overall.simpleInstantShare)) |",
               "| moderate/high queries given reasoning | \(p(overall.moderateHighReasoningShare)) |",
               "| high queries given deliberate | \(p(overall.highDeliberateShare)) |",
               "| risky recall (P(risky) ≥ threshold) | \(p(overall.riskyRecall)) |",
               "| risky queries sent to deliberate | \(p(overall.riskyDeliberateShare)) |",
               "| safe queries sent to deliberate | \(p(overall.safeDeliberateShare)) |",
               "| safe queries flagged risky (FPR) | \(p(overall.safeFalsePositiveRate)) |",
               "| budget coverage (allocated ≥ labeled need) | \(p(overall.budgetCoverage)) |",
               "| reasoning tokens allocated | \(overall.tokensAllocated) |",
               "| always-deliberate at max budget | \(overall.tokensAlwaysDeliberate) |",
               "| allocated / always-deliberate | \(p(overall.tokensAlwaysDeliberate == 0 ? nil : Double(overall.tokensAllocated) / Double(overall.tokensAlwaysDeliberate))) |",
               "| decisions by mode | \(overall.modeCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) |"]
        if let c = overall.complexity {
            md += ["", "## Complexity confusion matrix (rows: label, columns: prediction)", "",
                   "| | simple | moderate | high |", "|---|---|---|---|"]
            for (i, row) in c.confusion.enumerated() { md.append("| \(ReportPlots.tiers[i]) | \(row.map(String.init).joined(separator: " | ")) |") }
        }
        md += ["", "## Per source", ""]
        md += summaryTable(perSource.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        md += ["", "## Policy", "", "```json", policyJSON(), "```", "", "## Plots", ""]
        md += plots.map { "![\($0)](\($0))" }
        return md.joined(separator: "\n") + "\n"
    }

    func summaryTable(_ rows: [(String, GroupMetrics)]) -> [String] {
        func p(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        var out = ["| group | n | macro-F1 | acc | ECE cx | risky recall | safe FPR | ECE safety | budget ρ | coverage | simple→instant | mod/high→reasoning | high→deliberate | risky→deliberate | safe→deliberate |",
                   "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for (name, g) in rows {
            out.append("| \(name) | \(g.count) | \(p(g.complexity?.macroF1)) | \(p(g.complexity?.accuracy)) | \(p(g.complexityECE)) | \(p(g.riskyRecall)) | \(p(g.safeFalsePositiveRate)) | \(p(g.safetyECE)) | \(p(g.budgetSpearman)) | \(p(g.budgetCoverage)) | \(p(g.simpleInstantShare)) | \(p(g.moderateHighReasoningShare)) | \(p(g.highDeliberateShare)) | \(p(g.riskyDeliberateShare)) | \(p(g.safeDeliberateShare)) |")
        }
        return out
    }

    func policyJSON() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? enc.encode(policy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
