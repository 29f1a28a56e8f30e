import ArgumentParser
import Export
import Foundation
import RouterRuntime

extension CheckpointSelection: ExpressibleByArgument {}

/// `swift-train export`: writes a deployment bundle from a training run's best (or last) checkpoint.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a checkpoint as a deployment bundle (safetensors weights, ONNX network, manifest with SHA-256).",
        discussion: """
        --checkpoint takes a run's output directory (its best checkpoint, or the last with --which last), a \
        checkpoints folder, or one checkpoint folder (step-XXXXXXXX). The optimizer state is not exported.
        """)

    @Option(name: .long, help: "Run output directory, checkpoints folder or checkpoint folder.")
    var checkpoint: String

    @Option(name: .long, help: "Bundle folder to write.")
    var out: String

    @Option(name: .long, help: "best or last (for a run directory).")
    var which: CheckpointSelection = .best

    @Flag(name: .long, help: "Do not write model.onnx.")
    var noOnnx = false

    @Flag(name: .long, help: "Replace an existing bundle folder.")
    var force = false

    func run() throws {
        let manifest: BundleManifest
        do {
            manifest = try BundleExporter.export(from: URL(fileURLWithPath: checkpoint), to: URL(fileURLWithPath: out),
                                                 which: which, onnx: !noOnnx, overwrite: force)
        } catch {
            throw ExportFailure(message: "export failed: \(error)")
        }
        let src = manifest.source.map { "\($0.checkpoint) (step \($0.step), \($0.selection))" } ?? checkpoint
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
