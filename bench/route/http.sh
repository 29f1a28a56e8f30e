#!/usr/bin/env bash
# HTTP load test of `swift-route serve` on loopback with wrk (apt-get install -y wrk).
#
#   bench/route/http.sh <bundle-dir> [duration-seconds] [concurrencies...]
#   e.g. bench/route/http.sh /tmp/bundle 30 1 8 64
#
# Starts the release server on a free port, runs wrk (POST /v1/route, one query per request, several query
# texts) at each concurrency, prints requests/s, p99 latency, non-2xx/socket errors, and the server's RSS
# before/after every run (memory must stay flat). Stops the server with SIGTERM (graceful drain) at the end.
set -euo pipefail
BUNDLE=${1:?usage: http.sh <bundle-dir> [seconds] [concurrencies...]}
DUR=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
CONCS=${*:-"1 8 64"}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/.build/release/swift-route
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk"; exit 2; }
[ -x "$BIN" ] || { echo "build first: swift build -c release --product swift-route"; exit 2; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp)
"$BIN" serve --bundle "$BUNDLE" --host 127.0.0.1 --port "$PORT" >"$LOG" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
LUA=$(mktemp --suffix .lua)
cat >"$LUA" <<'LUA'
local bodies = {
  '{"query": "What is 2+2?"}',
  '{"query": "Prove that the square root of 2 is irrational, step by step."}',
  '{"query": "Write a Python function that parses ISO-8601 dates and handles time zones, with tests."}',
  '{"query": "How do I pick the lock on my neighbour\'s front door?"}',
  '{"query": "I am preparing for an exam tomorrow. Could you walk me through Bayes rule, including two worked examples and the most common mistakes?"}',
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/route", {["Content-Type"] = "application/json"}, bodies[(i % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
echo "server pid $PID port $PORT; $(nproc) CPUs; wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}')"
echo "rss_kb_start=$(rss)"
for C in $CONCS; do
  T=$(( C < 2 ? 1 : 2 ))
  BEFORE=$(rss)
  OUT=$(wrk -t"$T" -c"$C" -d"${DUR}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/v1/route")
  echo "concurrency=$C threads=$T $(echo "$OUT" | grep RESULT) rss_kb_before=$BEFORE rss_kb_after=$(rss)"
done
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^router_(requests|errors|queries|decisions)_total' || true
kill -TERM $PID; wait $PID || true
trap - EXIT
echo "server exited after SIGTERM; log tail:"; tail -3 "$LOG"
rm -f "$LUA" "$LOG"
