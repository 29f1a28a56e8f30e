// BatchScript: renders a JobSpec as a bash Slurm batch script (#SBATCH header + launcher + preemption handling).
//
// What the script does, in order:
//   1. exports the MPI/BLAS environment (ranks yield when idle; one BLAS thread per allocated CPU);
//   2. starts the ranks in the background: `mpirun ... bash -c WRAPPER swift-train train ...` or
//      `srun --mpi=pmix ... swift-train train ...`, always with `--resume auto`;
//   3. on SIGTERM (Slurm's `--signal=B:TERM@N`, `scancel -b -s TERM`, preemption) asks the ranks to checkpoint:
//      under srun it signals the job's steps (`scancel --signal=TERM $SLURM_JOB_ID`: a SIGTERM to srun itself
//      would kill the step); mpirun kills its ranks 1 s after a SIGTERM, so the script sends it SIGUSR1 instead
//      (which mpirun forwards to every rank) and a per-rank wrapper turns that into SIGTERM for the trainer;
//   4. when the ranks exit with the trainer's "preempted, checkpoint written" status (or after a SIGTERM), runs
//      `scontrol requeue $SLURM_JOB_ID`: the requeued job starts again with `--resume auto` and continues.

/// Renders `JobSpec`s as Slurm batch scripts.
public enum BatchScript {
    /// The per-rank wrapper used under mpirun: runs the trainer in its own process group, turns SIGUSR1 into
    /// SIGTERM for it, survives a SIGTERM itself (the trainer gets its own), and exits with the trainer's status.
    public static let rankWrapper =
        #"trap 'kill -TERM "$child" 2>/dev/null' USR1; trap ':' TERM; set -m; "$@" & child=$!; set +m; "#
        + #"while kill -0 "$child" 2>/dev/null; do wait "$child"; done; wait "$child""#

    /// The trainer command line every rank runs (`--resume auto` always: a requeued job resumes by itself).
    public static func trainCommand(_ spec: JobSpec) -> [String] {
        ["train", spec.configPath, "--out", spec.runDirectory, "--resume", "auto"] + spec.extraArguments
    }

    /// The `#SBATCH` directive lines of `spec`, in order.
    public static func directives(_ spec: JobSpec) -> [String] {
        var d = [
            "--job-name=\(spec.jobName)",
            "--nodes=\(spec.nodes)",
            "--ntasks-per-node=\(spec.tasksPerNode)",
            "--cpus-per-task=\(spec.cpusPerTask)",
            "--time=\(spec.timeLimit)",
        ]
        if let p = spec.partition { d.append("--partition=\(p)") }
        d.append("--output=\(spec.outputPath)")
        d.append("--open-mode=append")  // a requeued job appends to the same log
        d.append(spec.requeue ? "--requeue" : "--no-requeue")
        if spec.preemptSignalSeconds > 0 { d.append("--signal=B:TERM@\(spec.preemptSignalSeconds)") }
        if let wd = spec.workingDirectory { d.append("--chdir=\(wd)") }
        if spec.overcommit { d.append("--overcommit") }
        return d.map { "#SBATCH " + $0 }
    }

    /// The full batch script for `spec` (validated first).
    public static func render(_ spec: JobSpec) throws -> String {
        try spec.validate()
        let q = ShellQuote.quote
        var s = [
            "#!/bin/bash",
            "# \(spec.jobName): ReasoningRouter training, \(spec.nodes) node(s) x \(spec.tasksPerNode) rank(s).",
            "# Rendered by ClusterJobs.BatchScript (swift-train submit). Submit with: sbatch <this file>. See docs/cluster.md.",
        ]
        s += directives(spec)
        s += [
            "set -u",
            "",
            "# What the ranks run. RR_* variables set at submission override these (sbatch exports the environment).",
            "RR_SWIFT_TRAIN=${RR_SWIFT_TRAIN:-\(q(spec.program))}",
            "RR_TRAIN_CONFIG=${RR_TRAIN_CONFIG:-\(q(spec.configPath))}",
            "RR_RUN_DIR=${RR_RUN_DIR:-\(q(spec.runDirectory))}",
            "RR_LAUNCHER=${RR_LAUNCHER:-\(spec.launcher.rawValue)}",
            "PREEMPTED_EXIT=\(spec.preemptedExitCode)  # swift-train: stopped by SIGTERM after writing a checkpoint",
            "REQUEUE=\(spec.requeue ? 1 : 0)",
            "",
            "# Ranks yield the CPU while waiting (oversubscribed nodes); one BLAS thread per allocated CPU.",
        ]
        for v in JobSpec.defaultEnvironment {
            s.append("export \(v.name)=\(q(v.value))")
        }
        s.append("export OPENBLAS_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}")
        for v in spec.environment {
            s.append("export \(v.name)=\(q(v.value))")
        }
        let trainArgs = ShellQuote.join(trainCommand(spec).dropFirst(4).map { $0 })  // --resume auto + extras
        let mpirunOptions = (["--bind-to", "none"] + spec.mpirunOptions).map(q).joined(separator: " ")
        s += [
            "",
            #"log() { echo "[job ${SLURM_JOB_ID:-local} $(date -u +%H:%M:%S)] $*"; }"#,
            #"log "start (restart ${SLURM_RESTART_COUNT:-0}): ${SLURM_NNODES:-1} node(s) [${SLURM_JOB_NODELIST:-$(hostname)}], ${SLURM_NTASKS:-?} rank(s), launcher $RR_LAUNCHER, run dir $RR_RUN_DIR""#,
            #"mkdir -p "$RR_RUN_DIR" || exit 1"#,
            #"train=("$RR_SWIFT_TRAIN" train "$RR_TRAIN_CONFIG" --out "$RR_RUN_DIR" \#(trainArgs))"#,
            "",
            "# Under mpirun each rank runs inside this wrapper: mpirun forwards SIGUSR1 (not SIGTERM) to the ranks,",
            "# and the wrapper turns it into the SIGTERM on which the trainer checkpoints.",
            "RANK_WRAPPER=\(q(rankWrapper))",
            #"case "$RR_LAUNCHER" in"#,
            "  mpirun) launch=(mpirun \(mpirunOptions) bash -c \"$RANK_WRAPPER\" rank \"${train[@]}\") ;;",
            #"  srun) launch=(srun --mpi=pmix --kill-on-bad-exit=1 --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" "${train[@]}") ;;"#,
            #"  *) log "unknown RR_LAUNCHER '$RR_LAUNCHER' (use mpirun or srun)"; exit 2 ;;"#,
            "esac",
            "",
            "terminated=0",
            "on_term() {",
            "  terminated=1",
            #"  if [[ $RR_LAUNCHER == srun && -n ${SLURM_JOB_ID:-} ]]; then"#,
            #"    log "SIGTERM: asking the ranks to checkpoint and stop (SIGTERM to the job steps)""#,
            #"    scancel --signal=TERM "$SLURM_JOB_ID""#,
            "  else",
            #"    log "SIGTERM: asking the ranks to checkpoint and stop (SIGUSR1 to mpirun, SIGTERM to each rank)""#,
            #"    kill -USR1 "$child" 2>/dev/null"#,
            "  fi",
            "}",
            "trap on_term TERM",
            #"log "running: ${launch[*]}""#,
            #""${launch[@]}" &"#,
            "child=$!",
            #"while kill -0 "$child" 2>/dev/null; do wait "$child"; done"#,
            #"wait "$child"; status=$?"#,
            #"log "ranks exited with status $status""#,
            "",
            #"if [[ $status -eq $PREEMPTED_EXIT || $terminated -eq 1 ]]; then"#,
            #"  [[ $status -eq $PREEMPTED_EXIT ]] || log "WARNING: the ranks did not confirm a checkpoint; the next start resumes from the newest one in $RR_RUN_DIR/checkpoints""#,
            #"  if [[ $REQUEUE -eq 1 && -n ${SLURM_JOB_ID:-} ]]; then"#,
            #"    log "preempted: requeueing job $SLURM_JOB_ID (it resumes from $RR_RUN_DIR/checkpoints with --resume auto)""#,
            #"    scontrol requeue "$SLURM_JOB_ID" && exit 0"#,
            #"    log "ERROR: scontrol requeue failed; resubmit $0 to resume""#,
            "  fi",
            "  exit $PREEMPTED_EXIT",
            "fi",
            #"[[ $status -eq 0 ]] || log "ERROR: training failed (status $status); resubmitting resumes from the last checkpoint""#,
            "exit $status",
        ]
        return s.joined(separator: "\n") + "\n"
    }
}
