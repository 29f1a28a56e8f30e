import ArgumentParser
import CBLAS
import Checkpointing
import Collectives
import Foundation
import Tensors
import Training

/// Trains a model from a JSON config (single process, or one rank of an mpirun job).
///
/// Exit status: 0 finished; 1 runtime error (a failing rank aborts the whole MPI job); 2 config error;
/// 75 stopped by SIGTERM/SIGINT after finishing the current step and writing a checkpoint ("requeue me").
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train from a JSON config (data-parallel under mpirun).",
        discussion: """
        Exit status: 0 finished, 1 error, 2 config error, 75 stopped by SIGTERM/SIGINT with a checkpoint written.
        Data paths in the config are relative to the config file's folder; --out/training.out to the working directory.
        """)

    @Argument(help: "The training config (JSON).")
    var config: String

    @Option(help: "Override training.epochs.")
    var epochs: Int?
    @Option(help: "Override optimizer.lr.")
    var lr: Double?
    @Option(help: "Override training.batchSize (global batch).")
    var batchSize: Int?
    @Option(help: "Override training.seed.")
    var seed: Int?
    @Option(help: "Override training.out (output folder).")
    var out: String?
    @Option(help: "Continue from a checkpoint folder, a run's output folder (its newest checkpoint), or 'auto' (the newest checkpoint in the output folder, else a fresh start).")
    var resume: String?
    @Flag(help: "Debug: verify after every epoch that all ranks hold identical parameters.")
    var verifyParameters = false
    @Option(help: ArgumentHelp("Debug: behave as if SIGTERM arrived on rank 0 during this global step.", visibility: .hidden))
    var stopAfterStep: Int?

    func run() throws {
        AllocatorPolicy.keepFreedMemory()  // a step's tensors are freed and allocated again every step
        let launcherRank = ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"]
            .lazy.compactMap { ProcessInfo.processInfo.environment[$0].flatMap(Int.init) }.first ?? 0
        // 1. Config (before MPI starts, so a bad config exits cleanly on every rank).
        var cfg: TrainingConfig
        do {
            cfg = try TrainingConfig.load(path: config, overrides: ConfigOverrides(epochs: epochs, lr: lr, batchSize: batchSize, seed: seed, out: out))
        } catch {
            if launcherRank == 0 { printError("config error: \(error)") }
            throw ExitCode(2)
        }
        if verifyParameters { cfg.training.verifyParameters = true }

        // 2. Ranks, signals, BLAS threads.
        let comm = try Collectives.world()
        StopSignal.install()
        let root = comm.rank == 0
        let log: (String) -> Void = { if root { print($0); fflush(nil) } }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = cfg.training.blasThreads > 0 ? cfg.training.blasThreads : max(1, cores / max(1, comm.localSize))
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil || cfg.training.blasThreads > 0 {
            rr_openblas_set_num_threads(Int32(threads))
        }
        log("swift-train: \(comm.size) rank(s) (\(comm.localSize) on \(comm.processorName)), \(cores) cores; OpenBLAS threads per rank: \(rr_openblas_get_num_threads())")
        log("resolved config:\n" + String(decoding: cfg.jsonData(), as: UTF8.self))

        // 3. Trainer (every rank reads data and checkpoint; ranks agree on success before any collective).
        var trainer: Trainer?
        var failure: Error?
        do {
            let resumeFolder = try resolveResume(cfg)
            if let r = resumeFolder { log("resuming from \(r.path)") }
            trainer = try Trainer(config: cfg, comm: comm, resumeFrom: resumeFolder, log: log)
            trainer!.stopAfterStep = stopAfterStep
        } catch { failure = error }
        let anyFailed = try comm.allreduce(Int32(failure == nil ? 0 : 1), op: .max)
        if anyFailed != 0 {
            if let failure { printError((comm.size > 1 ? "rank \(comm.rank): " : "") + "error: \(failure)") }
            Collectives.finalize()
            throw ExitCode(1)
        }
        try writePidFile(cfg, rank: comm.rank)

        // 4. Train. A failure on one rank aborts the job so that no rank waits forever in a collective.
        do {
            switch try trainer!.run() {
            case .finished:
                Collectives.finalize()
            case .preempted:
                Collectives.finalize()
                throw ExitCode(StopSignal.preemptedExitCode)
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            printError((comm.size > 1 ? "rank \(comm.rank): " : "") + "error: \(error)")
            if comm.size > 1 {
                printError("rank \(comm.rank): aborting the MPI job (the last complete checkpoint stays valid)")
                comm.abort(code: 1)
            }
            throw ExitCode(1)
        }
    }

    /// The checkpoint folder to resume from, or nil for a fresh start.
    func resolveResume(_ cfg: TrainingConfig) throws -> URL? {
        let store = CheckpointStore(root: URL(fileURLWithPath: cfg.training.out).appendingPathComponent("checkpoints"))
        guard let r = resume else {
            if store.latest() != nil { throw TrainingError.outputNotEmpty(path: store.root.path) }
            return nil
        }
        if r == "auto" { return store.latest() }
        let url = URL(fileURLWithPath: r)
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path) { return url }
        if let latest = CheckpointStore(root: url.appendingPathComponent("checkpoints")).latest() ?? CheckpointStore(root: url).latest() {
            return latest
        }
        if fm.fileExists(atPath: url.path), url.lastPathComponent.hasPrefix("step-") {
            return url  // incomplete checkpoint folder: loading names the missing manifest
        }
        throw TrainingError.noCheckpoint(path: r)
    }

    /// `<out>/ranks/rank-<r>.pid`: lets tests and job scripts find each rank's process.
    func writePidFile(_ cfg: TrainingConfig, rank: Int) throws {
        let dir = URL(fileURLWithPath: cfg.training.out).appendingPathComponent("ranks")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "\(getpid())\n".write(to: dir.appendingPathComponent("rank-\(rank).pid"), atomically: true, encoding: .utf8)
    }
}

/// Prints to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
