#!/usr/bin/env bash
# The quality pipeline: import the public corpus, hold out whole sources, train on the rest (+ sample data),
# evaluate on the held-out sources and on the sample validation set. Reproducible (fixed seeds, stable hashes).
#
#   scripts/quality/run.sh                 # configs/public.json (all three heads)
#   HEADS=split scripts/quality/run.sh     # configs/router.json + configs/budget.json (two models)
#   RAW=/path/to/raw OUT=runs/quality scripts/quality/run.sh
#
# Held-out sources (chosen up front, one per tier and per safety label, see docs/quality.md):
#   nq_open (simple: real user search questions), gsm8k (moderate: grade-school multi-step math, reference
#   solutions give budgets), natural_plan (high: calendar scheduling, the only public planning source),
#   harmbench (risky: curated harmful behaviors in many categories). nq_open, gsm8k and natural_plan are the
#   held-out SAFE sources of the false-positive rate.
set -euo pipefail
cd "$(dirname "$0")/../.."
RAW=${RAW:-../shared/data/raw}
OUT=${OUT:-runs/quality}
HEADS=${HEADS:-all}
HOLDOUT=nq_open,gsm8k,natural_plan,harmbench
BIN=.build/release/swift-train

if [ ! -d "$RAW" ]; then echo "error: public corpus not found at $RAW (set RAW=...)" >&2; exit 2; fi
mkdir -p "$OUT/data" "$OUT/eval"
start=$(date +%s)
log() { echo "[quality $(( $(date +%s) - start ))s] $*"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then log "build (release)"; swift build -c release --product swift-train 2>&1 | tail -1; fi

if [ ! -s "$OUT/corpus.jsonl" ]; then
  log "import $RAW -> $OUT/corpus.jsonl"
  $BIN data import --raw "$RAW" --out "$OUT/corpus.jsonl" --report "$OUT/corpus.report.md"
fi

log "source holdout: $HOLDOUT"
$BIN data split "$OUT/corpus.jsonl" --by source --holdout "$HOLDOUT" \
  --train-out "$OUT/data/public.train.jsonl" --val-out "$OUT/heldout.jsonl"

log "train/calibration files"
python3 scripts/quality/prepare.py --public-train "$OUT/data/public.train.jsonl" --sample data/sample --out "$OUT/data" ${PREPARE_ARGS:-}

train() {  # $1 = config, $2 = run folder
  rm -rf "$2"
  log "train $1 -> $2"
  timeout 1500 $BIN train "$1" --out "$2"
}
evaluate() {  # $1 = run folder, $2 = name
  # Safety threshold refit with a false-positive budget on the calibration split (see fit_policy.py);
  # POLICY=trainer evaluates the trainer's recall-fitted policy instead.
  local pol=()
  if [ "${POLICY:-fpr}" = fpr ] && [ -f "$1/predictions.jsonl" ]; then
    python3 scripts/quality/fit_policy.py "$1" "$OUT/data/calibration.jsonl" "$1/policy.json"
    pol=(--policy "$1/policy.json")
  fi
  log "eval $1 on held-out sources -> $OUT/eval/$2-heldout"
  $BIN eval --checkpoint "$1" --data "$OUT/heldout.jsonl" --out "$OUT/eval/$2-heldout" "${pol[@]}"
  log "eval $1 on sample validation -> $OUT/eval/$2-sample"
  $BIN eval --checkpoint "$1" --data data/sample/validation.jsonl --out "$OUT/eval/$2-sample" "${pol[@]}"
  python3 scripts/quality/summarize.py "$OUT/eval/$2-heldout" "$OUT/eval/$2-sample" | tee "$OUT/eval/$2-summary.md"
}

if [ -n "${CONFIG:-}" ]; then  # ablations: CONFIG=file NAME=name (its training.out is overridden)
  train "$CONFIG" "$OUT/$NAME"; evaluate "$OUT/$NAME" "$NAME"
elif [ "$HEADS" = split ]; then
  train configs/router.json "$OUT/router"; evaluate "$OUT/router" router
  train configs/budget.json "$OUT/budget"; evaluate "$OUT/budget" budget
else
  train configs/public.json "$OUT/public"; evaluate "$OUT/public" public
fi
log "done; reports under $OUT/eval"
