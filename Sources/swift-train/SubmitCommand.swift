import ArgumentParser
import ClusterJobs
import Foundation
import Training

/// Submits a training run as a Slurm job (`sbatch`), or prints its batch script with `--dry-run`.
///
/// The script is written to `<out>/job.sbatch`; the job runs `swift-train train <config> --out <out> --resume auto`
/// on every rank, checkpoints and requeues itself on SIGTERM, and resumes by itself. See docs/cluster.md.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit training as a Slurm job (writes <out>/job.sbatch, runs sbatch; --dry-run prints it).")

    @Argument(help: "The training config (JSON).")
    var config: String

    @Option(help: "Nodes (--nodes).")
    var nodes: Int = 1

    @Option(name: .customLong("ntasks-per-node"), help: "Ranks per node.")
    var tasksPerNode: Int = 1

    @Option(name: .customLong("cpus-per-task"), help: "CPUs per rank (also the BLAS thread count).")
    var cpusPerTask: Int = 1

    @Option(help: "Time limit in a Slurm format (MM, HH:MM:SS, D-HH:MM).")
    var time: String = "01:00:00"

    @Option(help: "Partition (default: the cluster's default partition).")
    var partition: String?

    @Option(name: .customLong("job-name"), help: "Job name (default: rr-<config name>).")
    var jobName: String?

    @Option(help: "Run folder: checkpoints, metrics.jsonl, logs/, job.sbatch (default: runs/<config name>).")
    var out: String?

    @Option(help: "How ranks start: mpirun or srun (srun --mpi=pmix).")
    var launcher: String = "mpirun"

    @Option(name: .customLong("signal-seconds"), help: "Slurm sends SIGTERM this many seconds before the time limit (0: never).")
    var signalSeconds: Int = 120

    @Flag(name: .customLong("no-requeue"), help: "Do not requeue the job after a preemption.")
    var noRequeue = false

    @Flag(help: "Allow more ranks than CPUs on a node (small or test clusters).")
    var overcommit = false

    @Option(name: .customLong("env"), help: "Export NAME=VALUE in the job (repeatable).")
    var env: [String] = []

    @Option(help: "The swift-train executable the ranks run (default: this one).")
    var program: String?

    @Option(help: "The sbatch to run (path or name on PATH).")
    var sbatch: String = "sbatch"

    @Flag(name: .customLong("dry-run"), help: "Print the batch script; write and submit nothing.")
    var dryRun = false

    @Argument(parsing: .postTerminator, help: "Extra trainer arguments (after --).")
    var trainerArguments: [String] = []

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String {
            URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.path
        }
        guard let launch = Launcher(rawValue: launcher) else {
            throw ValidationError("--launcher must be mpirun or srun, got '\(launcher)'")
        }
        let configPath = absolute(config)
        guard FileManager.default.fileExists(atPath: configPath) else {
            throw ValidationError("config file not found: \(configPath)")
        }
        let name = URL(fileURLWithPath: configPath).deletingPathExtension().lastPathComponent
        var environment: [EnvironmentVariable] = []
        for pair in env {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ValidationError("--env expects NAME=VALUE, got '\(pair)'")
            }
            environment.append(EnvironmentVariable(String(pair[..<eq]), String(pair[pair.index(after: eq)...])))
        }
        let spec = JobSpec(
            jobName: jobName ?? "rr-\(name)",
            nodes: nodes, tasksPerNode: tasksPerNode, cpusPerTask: cpusPerTask,
            timeLimit: time, partition: partition,
            program: program.map(absoluteIfRelativePath(absolute)) ?? Self.currentExecutable(),
            configPath: configPath,
            runDirectory: absolute(out ?? "runs/\(name)"),
            workingDirectory: cwd,
            launcher: launch, requeue: !noRequeue,
            preemptSignalSeconds: signalSeconds, preemptedExitCode: StopSignal.preemptedExitCode,
            overcommit: overcommit,
            extraArguments: trainerArguments, environment: environment)
        if dryRun {
            print(try BatchScript.render(spec), terminator: "")
            return
        }
        let id = try Submitter(sbatch: sbatch).submit(spec)  // ClusterJobsError prints as a one-line message
        print(id)
        let log = spec.outputPath.replacingOccurrences(of: "%j", with: id)
        FileHandle.standardError.write(Data("submitted job \(id): script \(Submitter.scriptPath(spec)), log \(log)\n".utf8))
    }

    /// Makes a path with a "/" absolute; leaves bare names (looked up on the job's PATH) alone.
    private func absoluteIfRelativePath(_ absolute: @escaping (String) -> String) -> (String) -> String {
        { $0.contains("/") ? absolute($0) : $0 }
    }

    /// The absolute path of the running swift-train (the job runs the same binary).
    static func currentExecutable() -> String {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return exe }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
