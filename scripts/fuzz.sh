#!/usr/bin/env bash
# Builds the libFuzzer targets of the bridge's parsers with clang-14 (ASan +
# UBSan) and runs each for a bounded time: the protocol's request parser
# (INTEREC_FUZZ_SECONDS, default 30) and the IRC adapter's line handling
# (INTEREC_IRC_FUZZ_SECONDS, default 20). Needs clang-14 and
# libfuzzer-14-dev (scripts/test.sh installs them). A crash leaves its input
# in $OUT/crash-* and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${INTEREC_FUZZ_DIR:-${INTEREC_BUILD_DIR:-build}/fuzz}
CXX=(clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I.)

# fuzz NAME SECONDS SEED_DIR [libFuzzer flags...]: runs $OUT/NAME on a
# corpus seeded (never modified) from SEED_DIR.
fuzz() {
  local name=$1 seconds=$2 seeds=$3
  shift 3
  mkdir -p "$OUT/$name-corpus"
  cp -n "$seeds"/* "$OUT/$name-corpus/" 2>/dev/null || true
  "$OUT/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/" -print_final_stats=1 "$@" "$OUT/$name-corpus" 2>&1 | tail -n 15
  echo "fuzz: $name ran ${seconds}s without a failure"
}

mkdir -p "$OUT"
# The two targets build, then run, side by side: each is single-threaded and
# CI has two cores. `wait PID` returns the job's status, so a failure of
# either still fails the script (set -e).
"${CXX[@]}" bridge/fuzz/protocol_fuzz.cc bridge/protocol.cc storage/text.cc -o "$OUT/protocol_fuzz" &
protocol=$!
"${CXX[@]}" bridge/fuzz/irc_fuzz.cc bridge/irc/irc_bot.cc bridge/irc/irc_message.cc \
  bridge/irc/irc_text.cc storage/text.cc -o "$OUT/irc_fuzz" &
irc=$!
wait "$protocol"
wait "$irc"
fuzz protocol_fuzz "${INTEREC_FUZZ_SECONDS:-30}" bridge/fuzz/corpus -max_len=70000 \
  -dict=bridge/fuzz/protocol.dict >"$OUT/protocol_fuzz.log" &
protocol=$!
fuzz irc_fuzz "${INTEREC_IRC_FUZZ_SECONDS:-20}" bridge/fuzz/irc_corpus -max_len=4096 >"$OUT/irc_fuzz.log" &
irc=$!
status=0
wait "$protocol" || status=$?
cat "$OUT/protocol_fuzz.log"
wait "$irc" || status=$?
cat "$OUT/irc_fuzz.log"
exit "$status"
