#!/usr/bin/env bash
# The web chat end to end in headless Chromium (tests/browser/): starts
# `interec serve` and `interec web` on loopback and drives the page with
# playwright-core (pinned in tests/browser/package-lock.json) using Debian's
# /usr/bin/chromium. Uses a prepared ML-100K ($INTEREC_DATA), prepared here
# from ../shared/data/ml-100k when missing; skips with a message when that
# source folder is absent too.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${INTEREC_BUILD_DIR:-build}
export INTEREC_BIN=${INTEREC_BIN:-$BUILD_DIR/interec}
export INTEREC_DATA=${INTEREC_DATA:-$BUILD_DIR/test-work/prepared/ml-100k}
export INTEREC_WORK=${INTEREC_WORK:-$BUILD_DIR/test-work}
mkdir -p "$INTEREC_WORK"
if [ ! -f "$INTEREC_DATA/manifest.json" ] && [ -d ../shared/data/ml-100k ]; then
  "$INTEREC_BIN" prepare --quiet --source ../shared/data/ml-100k --out "$INTEREC_WORK/browser-ml-100k" >/dev/null
  export INTEREC_DATA="$INTEREC_WORK/browser-ml-100k"
fi
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
# Bounded: a hung browser must not hold CI.
timeout 300 node --test --test-reporter=spec tests/browser/
