#!/usr/bin/env bash
# Runs every benchmark (release builds) and prints each one's ratios against the baseline it measures in the
# same run. The machine's speed drifts, so only the ratios are meaningful; record them in docs/benchmarks.md
# with the date, the machine and this command.
#
#   bench/run.sh            all benchmarks that exist
#   bench/run.sh layers     one of: layers data featurize collectives train route
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1
which="${1:-all}"
bin="$(swift build -c release --show-bin-path)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
run() { echo; echo "## $1"; }
has() { [ "$which" = all ] || [ "$which" = "$1" ]; }
if has layers; then run layers; swift build -c release --product bench-layers >/dev/null; "$bin/bench-layers"; fi
if has data; then run "data import"; swift build -c release --product bench-data >/dev/null; "$bin/bench-data" import; fi
if has featurize; then run featurize; swift build -c release --product bench-data >/dev/null; "$bin/bench-data" featurize; fi
if has collectives; then
  run "collectives (2 ranks)"; swift build -c release --product collectives-check >/dev/null
  timeout -k 5 600 mpirun -n 2 "$bin/collectives-check" bench
fi
if has train; then run train; bench/train/run.sh; fi
if has route; then  # one core, one BLAS thread: single-query latency (onnxruntime reference when installed)
  run route; swift build -c release --product bench-route >/dev/null
  OPENBLAS_NUM_THREADS=1 taskset -c 1 "$bin/bench-route" --iters 20000
fi
