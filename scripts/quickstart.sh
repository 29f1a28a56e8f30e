#!/usr/bin/env bash
# Newcomer's first command: installs what is missing, builds, trains on the embedded sample data
# (configs/default.json) and routes a few queries with the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release
BIN=$(swift build -c release --show-bin-path)
"$BIN/swift-train" --help
"$BIN/swift-route" --help
