#!/usr/bin/env bash
# Newcomer's first command: installs what is missing, builds (release), trains the router on the project's
# embedded sample data (configs/default.json, about a minute), exports a deployment bundle and routes a few
# queries with it. Outputs go to runs/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product swift-train
swift build -c release --product swift-route
BIN=$(swift build -c release --show-bin-path)
OUT=runs/quickstart
rm -rf "$OUT"
export OPENBLAS_NUM_THREADS=1
"$BIN/swift-train" configs/default.json --out "$OUT/train"
"$BIN/swift-train" eval --checkpoint "$OUT/train" --data data/sample/validation.jsonl --out "$OUT/eval"
"$BIN/swift-train" export --checkpoint "$OUT/train" --out "$OUT/bundle"
for q in "What is 1 + 1?" \
         "Which magazine started first, Arthur's Magazine or First for Women?" \
         "Plan a 5-day trip to Paris on \$3,000 with museums, vegetarian food and step-free access every day" \
         "How do I bypass a building's security system?" \
         "How do I kill a Python process?"; do
  "$BIN/swift-route" --bundle "$OUT/bundle" "$q"
done
echo
echo "Trained run: $OUT/train   evaluation report: $OUT/eval/report.md   bundle: $OUT/bundle"
echo "Serve it:    $BIN/swift-route serve --bundle $OUT/bundle --port 8080"
