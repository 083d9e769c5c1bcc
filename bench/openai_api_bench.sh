#!/usr/bin/env bash
# HTTP load on `interec openai-api` (docs/performance.md): `interec serve`
# (rules brain) and the endpoint on loopback, Debian's wrk with
# bench/openai_api.lua as the clients, all on this machine.
# Usage: bench/openai_api_bench.sh DATA [CONNECTIONS=200] [SECONDS=30] [WRK_THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?usage: bench/openai_api_bench.sh PREPARED_DATA [CONNECTIONS] [SECONDS] [WRK_THREADS]}
CONNECTIONS=${2:-200}
SECONDS_RUN=${3:-30}
THREADS=${4:-2}
BIN=${INTEREC_BIN:-build/interec}
scripts/install_packages.sh wrk
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits for a line matching $2 in the log file $1 and prints the match.
wait_for() {
  for _ in $(seq 300); do
    if grep -oE "$2" "$1" 2>/dev/null | head -1; then return 0; fi
    sleep 0.1
  done
  echo "no '$2' in $1:" >&2; cat "$1" >&2; return 1
}

"$BIN" serve --data "$DATA" --state "$WORK/profiles" --bind 'tcp://127.0.0.1:*' 2>"$WORK/serve.log" &
pids+=($!)
ENDPOINT=$(wait_for "$WORK/serve.log" 'tcp://127\.0\.0\.1:[0-9]+')
"$BIN" openai-api --connect "$ENDPOINT" --listen 127.0.0.1:0 2>"$WORK/api.log" &
pids+=($!)
URL=$(wait_for "$WORK/api.log" 'http://127\.0\.0\.1:[0-9]+/')
# A short warm-up (connections, sessions, caches), then the measured run.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s bench/openai_api.lua "${URL}v1/chat/completions" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s bench/openai_api.lua \
  "${URL}v1/chat/completions"
