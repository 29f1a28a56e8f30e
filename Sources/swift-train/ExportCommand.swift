import ArgumentParser
import Export
import Foundation
import RouterRuntime
import SpectrumData

extension CheckpointSelection: ExpressibleByArgument {}

/// `swift-train export`: writes a deployment bundle from a training run's best (or last) checkpoint.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a checkpoint as a deployment bundle (safetensors weights, ONNX network, manifest with SHA-256).",
        discussion: """
        --checkpoint takes a run's output directory (its best checkpoint, or the last with --which last), a \
        checkpoints folder, or one checkpoint folder (step-XXXXXXXX). The optimizer state is not exported.

        Repeat --checkpoint to export an ensemble: the same config trained with several seeds, or a router and a \
        budget model trained apart (configs/router.json + configs/budget.json; list the router first, with \
        --no-onnx). The bundle holds every member and routes with each head averaged over the members that have \
        it. Its policy is the first member's, with the thresholds refitted on the ensemble's outputs for \
        --validation, the labeled validation split the members were trained with, for the targets that member's \
        fit recorded.
        """)

    @Option(name: .long, help: "Run output directory, checkpoints folder or checkpoint folder (repeat for an ensemble; PATH:safety or PATH:complexity,budget keeps only those heads of that member).")
    var checkpoint: [String]

    /// `PATH[:head,head]` split into the path and the heads to keep (nil = all); a suffix that is not a list of head
    /// names is part of the path.
    static func member(_ arg: String) -> (path: String, heads: [String]?) {
        guard let colon = arg.lastIndex(of: ":") else { return (arg, nil) }
        let list = arg[arg.index(after: colon)...].split(separator: ",").map(String.init)
        guard !list.isEmpty, list.allSatisfy({ ["complexity", "safety", "budget"].contains($0) }) else { return (arg, nil) }
        return (String(arg[..<colon]), list)
    }

    @Option(name: .long, help: "Labeled validation JSONL for an ensemble's threshold fit (required with several --checkpoint).")
    var validation: String?

    @Option(name: .long, help: "Bundle folder to write.")
    var out: String

    @Option(name: .long, help: "best or last (for a run directory).")
    var which: CheckpointSelection = .best

    @Flag(name: .long, help: "Do not write model.onnx.")
    var noOnnx = false

    @Flag(name: .long, help: "Replace an existing bundle folder.")
    var force = false

    func validate() throws {
        if checkpoint.isEmpty { throw ValidationError("--checkpoint is required") }
        if checkpoint.count > 1 && validation == nil {
            throw ValidationError("an ensemble (\(checkpoint.count) --checkpoint) needs --validation <jsonl> to fit its policy thresholds on")
        }
        if checkpoint.count == 1 && validation != nil { throw ValidationError("--validation is only used with several --checkpoint (an ensemble)") }
        if checkpoint.count == 1 && Self.member(checkpoint[0]).heads != nil {
            throw ValidationError("PATH:heads selects heads of an ensemble member; export one model without it")
        }
    }

    func run() throws {
        let manifest: BundleManifest
        do {
            if checkpoint.count == 1 {
                manifest = try BundleExporter.export(from: URL(fileURLWithPath: checkpoint[0]), to: URL(fileURLWithPath: out),
                                                     which: which, onnx: !noOnnx, overwrite: force)
            } else {
                let queries = try loadSpectrumJSONL(path: validation!).map {
                    BundleExporter.LabeledQuery(text: $0.text, tier: $0.complexity?.index, risky: $0.safety.map { $0 == .risky })
                }
                let members = checkpoint.map(Self.member)
                manifest = try BundleExporter.exportEnsemble(from: members.map { URL(fileURLWithPath: $0.path) }, heads: members.map(\.heads),
                                                             to: URL(fileURLWithPath: out), validation: queries, which: which,
                                                             onnx: !noOnnx, overwrite: force)
                let fit = manifest.policy.fit
                print("ensemble of \(checkpoint.count): safety threshold \(String(format: "%.4f", manifest.policy.safetyThreshold)), instant threshold \(String(format: "%.4f", manifest.policy.instantThreshold)) fitted on \(fit?.examples ?? queries.count) validation queries from \(validation!)")
            }
        } catch {
            throw ExportFailure(message: "export failed: \(error)")
        }
        let src = manifest.source.map { "\($0.checkpoint) (step \($0.step), \($0.selection))" } ?? checkpoint[0]
        print("exported \(src) -> \(out)")
        for (name, e) in manifest.files.sorted(by: { $0.key < $1.key }) {
            print("  \(name)  \(e.bytes) bytes  sha256 \(e.sha256)")
        }
    }
}

/// An export failure reported as "Error: <message>" (exit 1, no usage text).
struct ExportFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
