#!/usr/bin/env bash
# A stand-in for `swift-train train` with the same interface, for testing job scripts without the trainer:
#   stand-in-trainer.sh train CONFIG --out DIR [--resume auto] [--steps N] [--step-seconds S]
# Every rank runs it; rank 0 (OMPI_COMM_WORLD_RANK / PMIX_RANK / SLURM_PROCID) keeps the state. Each step
# adds the step index to a running sum; checkpoints go to DIR/checkpoints/step-XXXXXXXX/manifest.json, one
# JSON line per step to DIR/metrics.jsonl, the final sum to DIR/final.json. On SIGTERM it finishes the step,
# writes a checkpoint and exits 75 (like the trainer), so an interrupted + resumed run ends with the same sum
# as an uninterrupted one. It does no training and no MPI: it only exercises the job mechanics.
set -u
[[ "${1:-}" == train ]] && shift
config="$1"; shift
out=""; resume=""; steps=40; step_seconds=0.1
while (($#)); do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --resume) resume="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --step-seconds) step_seconds="$2"; shift 2 ;;
        *) echo "stand-in-trainer: unknown argument $1" >&2; exit 64 ;;
    esac
done
[[ -f "$config" ]] || { echo "stand-in-trainer: config not found: $config" >&2; exit 66; }
rank="${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${SLURM_PROCID:-0}}}"
stop=0
trap 'stop=1' TERM
step=0; sum=0
if [[ "$resume" == auto && -d "$out/checkpoints" ]]; then
    last="$(ls -d "$out"/checkpoints/step-* 2>/dev/null | sort | tail -1)"
    if [[ -n "$last" ]]; then
        step=$((10#${last##*step-}))
        sum="$(sed -n 's/.*"sum": *\([0-9]*\).*/\1/p' "$last/manifest.json")"
        [[ $rank == 0 ]] && echo "stand-in-trainer: resumed from $last (step $step)"
    fi
fi
checkpoint() {
    [[ $rank == 0 ]] || return 0
    local d; d="$(printf '%s/checkpoints/step-%08d' "$out" "$step")"
    mkdir -p "$d.tmp" && printf '{"step": %d, "sum": %d}\n' "$step" "$sum" >"$d.tmp/manifest.json" && mv "$d.tmp" "$d"
}
mkdir -p "$out"
while ((step < steps)); do
    sleep "$step_seconds"
    sum=$((sum + step)); step=$((step + 1))
    [[ $rank == 0 ]] && printf '{"step": %d, "sum": %d}\n' "$step" "$sum" >>"$out/metrics.jsonl"
    if ((step % 10 == 0)); then checkpoint; fi
    if ((stop)); then
        checkpoint
        # Stands in for the trainer's barrier after a checkpoint: other ranks exit after rank 0 has written it.
        [[ $rank == 0 ]] || sleep 1
        [[ $rank == 0 ]] && echo "stand-in-trainer: SIGTERM: checkpoint at step $step, exiting 75"
        exit 75
    fi
done
[[ $rank == 0 ]] && printf '{"steps": %d, "sum": %d}\n' "$step" "$sum" >"$out/final.json"
exit 0
