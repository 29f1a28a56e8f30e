// JobSpec: everything a Slurm batch script for a training run needs (resources, paths, launcher, environment).

/// How the job starts its ranks inside the allocation.
public enum Launcher: String, Sendable, CaseIterable, Codable {
    /// OpenMPI's `mpirun`: takes the task count and hosts from the Slurm allocation.
    case mpirun
    /// Slurm's `srun --mpi=pmix`: one task per rank, PMIx wire-up (the only MPI plugin Debian's OpenMPI supports).
    case srun
}

/// One environment variable exported by the batch script.
public struct EnvironmentVariable: Sendable, Equatable {
    /// Variable name (`[A-Za-z_][A-Za-z0-9_]*`).
    public var name: String
    /// Value, written single-quoted (no expansion).
    public var value: String

    /// Creates `name=value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The description of one training job: Slurm resources, paths and the trainer command.
///
/// The rendered job always runs `<program> train <config> --out <runDirectory> --resume auto`, so a requeued job
/// continues from the newest checkpoint in `<runDirectory>/checkpoints/` by itself.
public struct JobSpec: Sendable, Equatable {
    /// `--job-name`.
    public var jobName: String
    /// `--nodes`.
    public var nodes: Int
    /// `--ntasks-per-node` (ranks per node); total ranks = nodes * tasksPerNode.
    public var tasksPerNode: Int
    /// `--cpus-per-task`.
    public var cpusPerTask: Int
    /// `--time`, in a Slurm time format ("MM", "HH:MM:SS", "D-HH:MM", ...).
    public var timeLimit: String
    /// `--partition`; nil leaves the cluster's default partition.
    public var partition: String?
    /// The `swift-train` executable the ranks run (absolute path, or a name found on the job's PATH).
    public var program: String
    /// The training config (JSON) passed to `swift-train train`.
    public var configPath: String
    /// The run's output folder (`--out`): checkpoints, metrics.jsonl, logs/ and job.sbatch live here.
    public var runDirectory: String
    /// The working directory of the job (`--chdir`); nil keeps sbatch's default (the submission folder).
    public var workingDirectory: String?
    /// `--output` path pattern (`%j` = job id); defaults to `<runDirectory>/logs/slurm-%j.out`.
    public var outputPath: String
    /// Ranks' launcher.
    public var launcher: Launcher
    /// Mark the job requeue-able (`--requeue`) and requeue it after a checkpointed preemption.
    public var requeue: Bool
    /// Seconds before the time limit at which Slurm sends SIGTERM to the batch shell (`--signal=B:TERM@N`); 0 = none.
    public var preemptSignalSeconds: Int
    /// The trainer's exit status meaning "stopped by SIGTERM after writing a checkpoint" (must match Training).
    public var preemptedExitCode: Int32
    /// Let more ranks than CPUs run on a node (`--overcommit`): for small test clusters.
    public var overcommit: Bool
    /// Extra trainer arguments, appended after `--resume auto`.
    public var extraArguments: [String]
    /// Extra exported variables, after the defaults (see `JobSpec.defaultEnvironment`).
    public var environment: [EnvironmentVariable]
    /// Extra `mpirun` options (launcher `.mpirun` only), e.g. `["--mca", "btl", "tcp,self"]`.
    public var mpirunOptions: [String]

    /// The trainer's documented "preempted: checkpoint written" exit status (EX_TEMPFAIL).
    public static let defaultPreemptedExitCode: Int32 = 75

    /// Variables every job exports: ranks yield when idle (the nodes may be oversubscribed; busy-polling ranks
    /// measured 1.55x slower) and stdout is not buffered by the launcher.
    public static let defaultEnvironment: [EnvironmentVariable] = [
        EnvironmentVariable("OMPI_MCA_mpi_yield_when_idle", "1"),
    ]

    /// Creates a spec; paths are used as given (pass absolute paths for submission).
    public init(
        jobName: String = "swift-train",
        nodes: Int = 1,
        tasksPerNode: Int = 1,
        cpusPerTask: Int = 1,
        timeLimit: String = "01:00:00",
        partition: String? = nil,
        program: String = "swift-train",
        configPath: String,
        runDirectory: String,
        workingDirectory: String? = nil,
        outputPath: String? = nil,
        launcher: Launcher = .mpirun,
        requeue: Bool = true,
        preemptSignalSeconds: Int = 120,
        preemptedExitCode: Int32 = JobSpec.defaultPreemptedExitCode,
        overcommit: Bool = false,
        extraArguments: [String] = [],
        environment: [EnvironmentVariable] = [],
        mpirunOptions: [String] = []
    ) {
        self.jobName = jobName
        self.nodes = nodes
        self.tasksPerNode = tasksPerNode
        self.cpusPerTask = cpusPerTask
        self.timeLimit = timeLimit
        self.partition = partition
        self.program = program
        self.configPath = configPath
        self.runDirectory = runDirectory
        self.workingDirectory = workingDirectory
        self.outputPath = outputPath ?? JobSpec.logPath(runDirectory: runDirectory)
        self.launcher = launcher
        self.requeue = requeue
        self.preemptSignalSeconds = preemptSignalSeconds
        self.preemptedExitCode = preemptedExitCode
        self.overcommit = overcommit
        self.extraArguments = extraArguments
        self.environment = environment
        self.mpirunOptions = mpirunOptions
    }

    /// Total ranks: `nodes * tasksPerNode`.
    public var totalTasks: Int { nodes * tasksPerNode }

    /// The default `--output` pattern: `<runDirectory>/logs/slurm-%j.out`.
    public static func logPath(runDirectory: String) -> String {
        (runDirectory.hasSuffix("/") ? runDirectory : runDirectory + "/") + "logs/slurm-%j.out"
    }

    /// Checks every field; throws `ClusterJobsError.invalidSpec` naming the first bad field.
    public func validate() throws {
        func bad(_ field: String, _ why: String) -> ClusterJobsError { .invalidSpec(field: field, reason: why) }
        if nodes < 1 { throw bad("nodes", "must be >= 1, got \(nodes)") }
        if tasksPerNode < 1 { throw bad("ntasks-per-node", "must be >= 1, got \(tasksPerNode)") }
        if cpusPerTask < 1 { throw bad("cpus-per-task", "must be >= 1, got \(cpusPerTask)") }
        if jobName.isEmpty || jobName.contains(where: { $0.isWhitespace || $0 == "#" }) {
            throw bad("job-name", "must be non-empty without spaces or '#', got \"\(jobName)\"")
        }
        guard let limit = SlurmTime.seconds(timeLimit) else {
            throw bad("time", "\"\(timeLimit)\" is not a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS)")
        }
        if let p = partition, p.isEmpty || p.contains(where: { $0.isWhitespace || $0 == "#" }) {
            throw bad("partition", "must be non-empty without spaces, got \"\(p)\"")
        }
        if preemptSignalSeconds < 0 || preemptSignalSeconds > 65535 {
            throw bad("signal", "pre-termination signal seconds must be in 0...65535, got \(preemptSignalSeconds)")
        }
        if preemptSignalSeconds > 0 && limit > 0 && preemptSignalSeconds >= limit {
            throw bad("signal", "SIGTERM \(preemptSignalSeconds)s before the end is not shorter than the time limit \(timeLimit)")
        }
        if !(1...255).contains(preemptedExitCode) {
            throw bad("preempted-exit-code", "must be in 1...255, got \(preemptedExitCode)")
        }
        for (field, value) in [("program", program), ("config", configPath), ("out", runDirectory), ("output", outputPath)] {
            if value.isEmpty { throw bad(field, "must not be empty") }
            if value.contains("\n") { throw bad(field, "must not contain a newline") }
        }
        if outputPath.contains(where: { $0.isWhitespace }) { throw bad("output", "#SBATCH paths cannot contain spaces: \"\(outputPath)\"") }
        if let wd = workingDirectory, wd.isEmpty || wd.contains(where: { $0.isWhitespace }) {
            throw bad("chdir", "#SBATCH paths cannot contain spaces: \"\(wd)\"")
        }
        for v in Self.defaultEnvironment + environment where !ShellQuote.isVariableName(v.name) {
            throw bad("environment", "\"\(v.name)\" is not a shell variable name")
        }
    }
}
