#!/usr/bin/env bash
# Installs dependencies, builds, fuzzes the bridge's parser for a bounded time,
# runs the Node suites (web chat in Chromium, the OpenAI endpoint through
# the openai client), then every test suite with ctest, then the sanitizer
# jobs named in INTEREC_SANITIZERS (scripts/sanitize.sh). Tests that need
# ../shared/data skip with a message where it is absent. Each stage prints
# how long it took, so that CI's log shows where its time goes.
set -euo pipefail
cd "$(dirname "$0")/.."

# stage NAME COMMAND...: runs COMMAND, then prints its wall time.
stage() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "test.sh: $name took $((SECONDS - start)) s" >&2
}

stage "set-up and build" scripts/setup.sh
BUILD_DIR=${INTEREC_BUILD_DIR:-build}

# Test-only tools: clang + libFuzzer for the bridge's parser fuzzers, Chromium
# (and Node, when the machine has none) for the web chat's browser test, an
# IRC server for the IRC bot's test, an emoji font for the page's buttons.
TEST_PACKAGES=(clang-14 libfuzzer-14-dev chromium fonts-noto-color-emoji openssl ngircd)
command -v npm >/dev/null || TEST_PACKAGES+=(nodejs npm)
stage "test packages" scripts/install_packages.sh "${TEST_PACKAGES[@]}"
INTEREC_FUZZ_DIR="$BUILD_DIR/fuzz" stage fuzzing scripts/fuzz.sh
stage "node suites" scripts/node_tests.sh
stage ctest ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${INTEREC_JOBS:-$(nproc)}" "$@"
# Sanitizer jobs (scripts/sanitize.sh), after the Release tests: the ones
# named in INTEREC_SANITIZERS ("asan tsan"). Off by default until a run of
# both is measured green within CI's budget on two cores (docs/trust.md).
for job in ${INTEREC_SANITIZERS:-}; do
  stage "sanitizer job $job" scripts/sanitize.sh "$job"
done
echo "test.sh: everything took $SECONDS s" >&2
