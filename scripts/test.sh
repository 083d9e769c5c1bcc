#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test suite with ctest.
# Tests that need ../shared/data skip with a message where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${INTEREC_BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${INTEREC_JOBS:-$(nproc)}" "$@"
