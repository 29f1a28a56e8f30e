import ArgumentParser
import Foundation
import RouterModel
import RouterRuntime
import Tensors

/// `swift-route`: routes queries with a trained bundle (one query, JSONL, or the HTTP server).
@main
struct SwiftRoute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift-route",
        abstract: "Route queries with a trained ReasoningRouter bundle.",
        discussion: """
        swift-route --bundle <dir> "query text"        a human-readable decision
        swift-route --bundle <dir> --jsonl [FILE]      JSONL in (text, optional id), one decision per line out
        swift-route serve --bundle <dir> --port N      HTTP server (POST /v1/route, /healthz, /metrics)
        """,
        subcommands: [RouteCommand.self, ServeCommand.self],
        defaultSubcommand: RouteCommand.self
    )
}

extension CheckpointSelection: ExpressibleByArgument {}

/// Options shared by every subcommand: where the model is.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Bundle folder (or a checkpoint folder, or a training run's output directory).")
    var bundle: String

    @Option(name: .long, help: "For a run directory: which checkpoint, best or last.")
    var which: CheckpointSelection = .best

    @Option(name: .long, help: "A JSON object with routing-policy fields to use instead of the bundle's (any subset, e.g. {\"safetyThreshold\": 0.2, \"budgetScale\": 3}; unknown fields are errors).")
    var policy: String?

    @Option(name: .long, help: "Override the policy's safety threshold: P(risky) at or above it routes to deliberate.")
    var safetyThreshold: Double?

    @Option(name: .long, help: "Override the policy's budget scale (the deployment factor applied to the predicted reasoning tokens).")
    var budgetScale: Double?

    /// Loads the router under the bundle's policy with the overrides applied, turning errors into a clean exit
    /// with the message. A reload (`serve`, SIGHUP) applies them again to the new bundle's policy.
    func load() throws -> QueryRouter {
        // Small GEMMs: one OpenBLAS thread unless the user chose otherwise (measured 1.5x lower latency).
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { setBLASThreads(1) }
        var router: QueryRouter
        do { router = try QueryRouter(contentsOf: URL(fileURLWithPath: bundle), which: which) } catch {
            throw CLIError(message: "cannot load \(bundle): \(error)")
        }
        router.policy = try overriddenPolicy(router.policy)
        return router
    }

    /// `base` with `--policy`, then `--safety-threshold` and `--budget-scale`, applied (range-checked).
    func overriddenPolicy(_ base: RoutingPolicy) throws -> RoutingPolicy {
        var p = base
        do {
            if let policy {
                guard let data = FileManager.default.contents(atPath: policy) else { throw CLIError(message: "--policy: cannot read \(policy)") }
                p = try PolicyOverride.merging(data, from: "--policy \(policy)", into: p)
            }
            if let safetyThreshold { p.safetyThreshold = safetyThreshold }
            if let budgetScale { p.budgetScale = budgetScale }
            try PolicyOverride.validate(p, fields: Set([safetyThreshold.map { _ in "safetyThreshold" }, budgetScale.map { _ in "budgetScale" }].compactMap { $0 }),
                                        source: "--safety-threshold/--budget-scale")
        } catch let e as PolicyOverride.Failure {
            throw CLIError(message: e.description)
        }
        return p
    }
}

/// `swift-route --bundle <dir> "query"` and `swift-route --bundle <dir> --jsonl [FILE]`.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "route", abstract: "Route one query or a JSONL stream.")

    @OptionGroup var model: ModelOptions

    @Flag(name: .long, help: "Read JSONL records ({\"text\": ..., \"id\": ...}) from FILE or stdin; write one JSON object per line.")
    var jsonl = false

    @Option(name: .long, help: "JSONL mode: queries routed per forward pass.")
    var batchSize = 64

    @Argument(help: "The query text (or, with --jsonl, the input FILE; stdin when absent).")
    var input: String?

    func run() throws {
        let router = try model.load()
        if jsonl {
            try runJSONL(router)
            return
        }
        guard let text = input, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("give a query text, or --jsonl to read JSONL records")
        }
        print(Self.describe(router.route(text)))
    }

    func runJSONL(_ router: QueryRouter) throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be > 0") }
        let lines: AnySequence<String>
        if let path = input {
            guard let h = FileHandle(forReadingAtPath: path) else { throw CLIError(message: "cannot open \(path)") }
            lines = AnySequence(LineReader(handle: h))
        } else {
            lines = AnySequence(LineReader(handle: .standardInput))
        }
        var out = BufferedStdout()
        let summary = JSONLRouting.run(router: router, lines: lines, batchSize: batchSize) { out.write($0) }
        out.flush()
        if summary.errors > 0 {
            FileHandle.standardError.write(Data("swift-route: \(summary.errors) of \(summary.lines) lines had errors (see the error objects)\n".utf8))
        }
    }

    /// A human-readable decision.
    static func describe(_ d: Decision) -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let c = d.output.complexity
        let q = d.output.budgetQuantiles.sorted { $0.key < $1.key }
            .map { "p\(Int(($0.key * 100).rounded())) \(Int($0.value.rounded()))" }.joined(separator: ", ")
        return """
        mode:        \(d.mode.rawValue) (rule: \(d.rule))
        budget:      \(d.budgetTokens) reasoning tokens
        complexity:  simple \(f(c[0]))  moderate \(f(c[1]))  high \(f(c[2]))
        risky:       \(f(d.output.risky))
        quantiles:   \(q.isEmpty ? "(no budget head)" : q) tokens
        """
    }
}

/// A run-time failure reported as "Error: <message>" (exit 1, no usage text).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Reads lines (without the newline) from a file handle in 64 KiB chunks; a trailing "\r" is dropped.
struct LineReader: Sequence, IteratorProtocol {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    var eof = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = nl
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = nl + 1
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { eof = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}

/// Buffers output lines and writes them to stdout in large chunks.
struct BufferedStdout {
    var buffer = Data()
    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }
    mutating func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
