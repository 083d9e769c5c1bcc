#!/usr/bin/env bash
# The Node test suites, each against real interec processes on loopback:
#   tests/browser/     the web chat in headless Chromium (playwright-core,
#                      Debian's /usr/bin/chromium)
#   tests/openai_api/  `interec openai-api` through the official openai client
# Packages are pinned in each folder's package-lock.json. Uses a prepared
# ML-100K ($INTEREC_DATA), prepared here from ../shared/data/ml-100k when
# missing; the suites skip with a message when that source is absent too.
# Usage: scripts/node_tests.sh [SUITE...] (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${INTEREC_BUILD_DIR:-build}
export INTEREC_BIN=${INTEREC_BIN:-$BUILD_DIR/interec}
export INTEREC_DATA=${INTEREC_DATA:-$BUILD_DIR/test-work/prepared/ml-100k}
export INTEREC_WORK=${INTEREC_WORK:-$BUILD_DIR/test-work}
mkdir -p "$INTEREC_WORK"
if [ ! -f "$INTEREC_DATA/manifest.json" ] && [ -d ../shared/data/ml-100k ]; then
  "$INTEREC_BIN" prepare --quiet --source ../shared/data/ml-100k --out "$INTEREC_WORK/node-ml-100k" >/dev/null
  export INTEREC_DATA="$INTEREC_WORK/node-ml-100k"
fi
suites=("$@")
((${#suites[@]})) || suites=(browser openai_api)
for suite in "${suites[@]}"; do
  start=$SECONDS
  npm ci --prefix "tests/$suite" --no-audit --no-fund --loglevel=error >/dev/null
  # Bounded: a hung browser or server must not hold CI.
  timeout 300 node --test --test-reporter=spec "tests/$suite/"
  echo "node tests $suite: $((SECONDS - start)) s"
done
