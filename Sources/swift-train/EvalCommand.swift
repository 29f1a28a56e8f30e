import ArgumentParser
import Checkpointing
import Evaluation
import Foundation
import RouterModel
import RouterRuntime
import SpectrumData

/// Evaluates a checkpoint on labeled data and writes report.md, report.json and SVG plots.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a checkpoint on labeled JSONL: report.md, report.json and plots, overall and per source.")

    @Option(help: "A checkpoint folder, a checkpoints folder, a run's output folder, or a deployment bundle (an ensemble too).")
    var checkpoint: String

    @Option(help: "Labeled spectrum JSONL to evaluate on.")
    var data: String

    @Option(help: "Folder for report.md, report.json and the plots.")
    var out: String

    @Option(help: "Which checkpoint of a run: best or last.")
    var which: String = "best"

    @Option(help: "A JSON file with a RoutingPolicy to use instead of the checkpoint's.")
    var policy: String?

    func run() throws {
        guard let w = CheckpointSelection(rawValue: which) else { throw ValidationError("--which must be best or last, got \(which)") }
        // A bundle (possibly an ensemble) routes with its combined outputs and its manifest's policy.
        let router = try QueryRouter(contentsOf: URL(fileURLWithPath: checkpoint), which: w)
        let folder = router.location?.url ?? URL(fileURLWithPath: checkpoint)
        let model = router.model
        var pol = router.policy
        if let policy {
            guard let d = FileManager.default.contents(atPath: policy) else { throw ValidationError("--policy: cannot read \(policy)") }
            do { pol = try JSONDecoder().decode(RoutingPolicy.self, from: d) } catch { throw ValidationError("--policy \(policy): \(error)") }
        }
        let queries = try loadSpectrumJSONL(path: data).map {
            Evaluate.Query(text: $0.text, source: $0.source, tier: $0.complexity?.index, risky: $0.safety.map { $0 == .risky }, budget: $0.budgetTokens)
        }
        let start = Date()
        let examples = Evaluate.run(router.ensemble, queries: queries, policy: pol)
        let cal = model.description.calibration
        // An ensemble's members each have their own calibration; the report lists the first member's.
        let of = router.ensemble.members.count > 1 ? " (member 1 of \(router.ensemble.members.count))" : ""
        var context = ["checkpoint": folder.path, "model": router.summary, "data": data, "queries": "\(queries.count)",
                       "complexity temperature" + of: String(format: "%.3f", cal.complexityTemperature),
                       "safety temperature" + of: String(format: "%.3f", cal.safetyTemperature),
                       "routing time": String(format: "%.2f s", Date().timeIntervalSince(start))]
        if let b = cal.complexityECEBefore, let a = cal.complexityECEAfter { context["complexity ECE on validation (before → after calibration)" + of] = String(format: "%.4f → %.4f", b, a) }
        if let b = cal.safetyECEBefore, let a = cal.safetyECEAfter { context["safety ECE on validation (before → after calibration)" + of] = String(format: "%.4f → %.4f", b, a) }
        let report = EvaluationReport(examples: examples, policy: pol, context: context)
        let written = try report.write(to: URL(fileURLWithPath: out, isDirectory: true), examples: examples)
        let g = report.overall
        func p(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "-" }
        print("evaluated \(queries.count) queries from \(data) with \(folder.path)")
        print("complexity macro-F1 \(p(g.complexity?.macroF1))  risky recall \(p(g.riskyRecall))  safe FPR \(p(g.safeFalsePositiveRate))  budget Spearman \(p(g.budgetSpearman))")
        print("simple->instant \(p(g.simpleInstantShare))  moderate/high->reasoning \(p(g.moderateHighReasoningShare))  risky->deliberate \(p(g.riskyDeliberateShare))")
        print("wrote \(written.map { out + "/" + $0 }.joined(separator: ", "))")
    }
}
