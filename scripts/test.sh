#!/usr/bin/env bash
# Installs dependencies, builds, fuzzes the bridge's parser for a bounded time,
# runs the web chat's browser test, then every test suite with ctest (last,
# so that its summary closes the output). Tests that need ../shared/data skip
# with a message where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${INTEREC_BUILD_DIR:-build}

# Test-only tools: clang + libFuzzer for the bridge's parser fuzzer, Chromium
# (and Node, when the machine has none) for the web chat's browser test.
TEST_PACKAGES=(clang-14 libfuzzer-14-dev chromium openssl)
command -v npm >/dev/null || TEST_PACKAGES+=(nodejs npm)
missing=()
for p in "${TEST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
INTEREC_FUZZ_DIR="$BUILD_DIR/fuzz" scripts/fuzz.sh
scripts/browser_test.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${INTEREC_JOBS:-$(nproc)}" "$@"
