#!/usr/bin/env bash
# Interleaved A/B of two swift-train binaries on the bench split (made by bench/train/run.sh in WORKDIR):
# 2-rank wall vs fastText (2 threads), then 1- vs 2-rank scaling. Prints rank 0's phase times.
# Usage: BEFORE=/path/swift-train AFTER=/path/swift-train [REPS=3] [PART=all|wall|scaling] bench/train/ab.sh WORKDIR
# WORKDIR must hold ours-adamw-before.json (the previous bench config: `OPT=adamw`) and ours-sgd.json (`OPT=sgd`),
# e.g. copies of the ours.json that run.sh writes with each OPT.
set -uo pipefail
W=$1; P=$(cd "$(dirname "$0")" && pwd)/fasttext_bench.py
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1 RR_PROGRESS=lines
REPS=${REPS:-3}
run() { # name binary config ranks epochs
  rm -rf "$W/ab-$1"; local t0 t1; t0=$(date +%s.%N)
  if [ "$4" = 1 ]; then timeout 300 "$2" "$W/$3" --epochs "$5" --out "$W/ab-$1" > "$W/ab-$1.log" 2>&1
  else timeout 300 mpirun -n "$4" "$2" "$W/$3" --epochs "$5" --out "$W/ab-$1" > "$W/ab-$1.log" 2>&1; fi
  t1=$(date +%s.%N)
  python3 - "$1" "$t0" "$t1" "$(python3 "$P" metrics "$W/ab-$1")" <<'PY'
import json, sys
n, w, m = sys.argv[1], float(sys.argv[3]) - float(sys.argv[2]), json.loads(sys.argv[4])
t = m.get("timing", {})
ph = " ".join(f"{k}={v:.2f}" for k, v in t.items() if k != "type" and not k.startswith("finish."))
print(f"{n:14s} wall {w:5.2f} s  steps {m['step_seconds']:5.2f} s  {m['examples_per_second']:8.0f} ex/s  comm {100*m['comm_share']:4.1f}%  acc {100*m['val_complexity_accuracy']:.2f}  [{ph}]")
PY
}
echo "# $(date -u +%H:%MZ) load before: $(uptime | sed 's/.*load average: //')"
if [ "${PART:-all}" != scaling ]; then
  for i in $(seq 1 "$REPS"); do
    run before-adamw "$BEFORE" ours-adamw-before.json 2 5
    run after-adamw "$AFTER" ours-adamw-before.json 2 5
    run after-sgd "$AFTER" ours-sgd.json 2 5
    python3 "$P" fasttext "$W" 32 2 262144 5 0.5 2 | python3 -c "import json,sys; f=json.load(sys.stdin); print(f'fastText       {f[\"seconds\"]:5.2f} s  acc {100*f[\"accuracy\"]:.2f}')"
  done
fi
if [ "${PART:-all}" != wall ]; then
  for i in $(seq 1 "$REPS"); do
    run s1-before "$BEFORE" ours-adamw-before.json 1 1; run s2-before "$BEFORE" ours-adamw-before.json 2 1
    run s1-sgd "$AFTER" ours-sgd.json 1 1; run s2-sgd "$AFTER" ours-sgd.json 2 1
  done
fi
echo "# $(date -u +%H:%MZ) load after: $(uptime | sed 's/.*load average: //')"
