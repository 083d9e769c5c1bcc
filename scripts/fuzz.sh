#!/usr/bin/env bash
# Builds the libFuzzer target of the bridge's request parser with clang-14
# (ASan + UBSan) and runs it for a bounded time (INTEREC_FUZZ_SECONDS,
# default 30). Needs clang-14 and libfuzzer-14-dev (scripts/test.sh installs
# them). A crash leaves its input in $OUT/crash-* and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${INTEREC_FUZZ_DIR:-${INTEREC_BUILD_DIR:-build}/fuzz}
SECONDS_TO_RUN=${INTEREC_FUZZ_SECONDS:-30}
mkdir -p "$OUT/corpus"
clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I. bridge/fuzz/protocol_fuzz.cc bridge/protocol.cc storage/text.cc -o "$OUT/protocol_fuzz"
# The committed seeds stay untouched; new inputs go to the build folder.
cp -n bridge/fuzz/corpus/* "$OUT/corpus/" 2>/dev/null || true
"$OUT/protocol_fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=70000 -timeout=10 \
  -rss_limit_mb=2048 -dict=bridge/fuzz/protocol.dict -artifact_prefix="$OUT/" \
  -print_final_stats=1 "$OUT/corpus" 2>&1 | tail -n 15
echo "fuzz: protocol parser ran ${SECONDS_TO_RUN}s without a failure"
