#!/usr/bin/env bash
# Judge a change to the sample generator over several draws of the sample data, not one.
#
# Redrawing the sample texts with another generator seed (same design) moves most single metrics by as much as the
# sample changes of docs/quality.md iterations 5-10 did (iteration 11: budget ρ by up to 0.055, simple -> instant by
# 0.04, the everyday probe by 0.10). This runs scripts/quality/run.sh once per generator seed in DRAWS, each with its
# own freshly generated sample (the generator as it is in the working tree) and the model seeds in SEEDS, then
# summarizes all DRAWS x SEEDS models together (mean [min-max]) as <NAME>-draws.
#
#   NAME=v18 scripts/quality/draws.sh                                  # dev split, draws 20261126 2 3, seeds 1 2 3
#   SPLIT=dev2 NAME=v18 DRAWS="20261126 4 5" SEEDS="1 2" scripts/quality/draws.sh
#
# Environment: NAME (required), DRAWS (generator seeds, default "20261126 2 3"; 20261126 is the committed sample),
# and everything run.sh takes (SPLIT, SEEDS, SET, CONFIG, BIN, ROUTE, SKIP_BUILD, OUT, ...) except SAMPLE and ENSEMBLE.
# Output: runs/quality/<split>/eval/<NAME>-g<draw>-summary.md per draw and <NAME>-draws-summary.{md,json} over all; the
# .md ends with roc_compare.py's AUC and recall at 1/2/5% held-out FPR (single models and seed ensembles).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NAME:?set NAME}"
DRAWS=${DRAWS:-20261126 2 3}
SPLIT=${SPLIT:-dev}
SEEDS=${SEEDS:-1 2 3}
OUT=${OUT:-runs/quality}
if [ "$SPLIT" = release ]; then echo "error: draws.sh measures held-out quality; SPLIT=release has none" >&2; exit 2; fi
reports=()
mkdir -p "$OUT/$SPLIT/eval"
for g in $DRAWS; do
  sample="$OUT/samples/$NAME-g$g"
  python3 scripts/generate_sample_data.py --seed "$g" --out "$sample" > /dev/null
  SPLIT=$SPLIT SEEDS=$SEEDS OUT=$OUT NAME="$NAME-g$g" SAMPLE="$sample" ENSEMBLE=0 scripts/quality/run.sh > "$OUT/$SPLIT/eval/$NAME-g$g.log" 2>&1 \
    || { echo "error: run.sh failed for draw $g (log: $OUT/$SPLIT/eval/$NAME-g$g.log)" >&2; exit 1; }
  export SKIP_BUILD=1  # build once
  for s in $SEEDS; do reports+=("$OUT/$SPLIT/eval/$NAME-g$g-s$s"); done
  echo "draw $g done: $OUT/$SPLIT/eval/$NAME-g$g-summary.md"
done
python3 scripts/quality/summarize.py --title "$NAME over sample draws $DRAWS x seeds $SEEDS ($SPLIT split)" \
  --json "$OUT/$SPLIT/eval/$NAME-draws-summary.json" "${reports[@]}" | tee "$OUT/$SPLIT/eval/$NAME-draws-summary.md"
# The safety ranking at matched held-out FPR (roc_compare.py): a fitted threshold lands at a different held-out FPR
# for every model, so recall at the fitted threshold alone can hide (or fake) a ranking change (docs/quality.md 14).
ROUTE=${ROUTE:-.build/release/swift-route}
if [ -x "$ROUTE" ]; then
  ROUTE=$ROUTE OUT=$OUT python3 scripts/quality/roc_compare.py "$SPLIT" "$NAME" | tee -a "$OUT/$SPLIT/eval/$NAME-draws-summary.md"
else
  echo "note: matched-FPR ranking skipped ($ROUTE is not built); run scripts/quality/roc_compare.py $SPLIT $NAME"
fi
