#!/usr/bin/env bash
# Builds collectives-check and runs it as a plain process and under mpirun -n 2 / -n 3 (oversubscribed).
# Usage: scripts/test-mpi.sh [debug|release]   (bench: add BENCH=1 to also print the allreduce benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-debug}"
swift build -c "$config" --product collectives-check
bin="$(swift build -c "$config" --show-bin-path)/collectives-check"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
timeout -k 5 60 "$bin" check
if ! command -v mpirun >/dev/null; then echo "mpirun not found: skipping multi-rank checks"; exit 0; fi
timeout -k 5 60 mpirun -n 2 "$bin" check
timeout -k 5 60 mpirun -n 3 --oversubscribe "$bin" check
if [[ "${BENCH:-0}" == 1 ]]; then timeout -k 5 600 mpirun -n 2 "$bin" bench; fi
