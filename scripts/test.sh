#!/usr/bin/env bash
# Installs dependencies, builds, fuzzes the bridge's parser for a bounded time,
# runs the Node suites (web chat in Chromium, the OpenAI endpoint through
# the openai client), then every test suite with ctest, then the sanitizer
# jobs named in INTEREC_SANITIZERS (below; both under CI). Tests that need
# ../shared/data skip with a message where it is absent. Each stage prints
# how long it took, so that CI's log shows where its time goes.
set -euo pipefail
cd "$(dirname "$0")/.."

# stage NAME COMMAND...: runs COMMAND, then prints its wall time; returns
# COMMAND's status (also where errexit is off, as in `stage ... || x`).
stage() {
  local name=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "test.sh: $name took $((SECONDS - start)) s" >&2
  return $rc
}

# The sanitizer jobs (scripts/sanitize.sh) named in INTEREC_SANITIZERS:
# none by default, "asan tsan" under CI (CI=true). When the asan job runs, it
# runs the whole suite, so the Release build is limited to interec and the
# benchmarks and the suite is not run a second time uninstrumented: on two
# cores the Release suite, both sanitizer builds and both instrumented runs
# do not fit CI's 45 minutes (docs/performance.md, "CI with the sanitizer
# jobs"). INTEREC_SANITIZERS="" turns them off under CI too.
if [[ "${CI:-}" == "true" ]]; then
  SANITIZERS=${INTEREC_SANITIZERS-asan tsan}
else
  SANITIZERS=${INTEREC_SANITIZERS:-}
fi
RELEASE_TESTS=ON
[[ " $SANITIZERS " == *" asan "* ]] && RELEASE_TESTS=OFF

INTEREC_BUILD_TESTS=$RELEASE_TESTS stage "set-up and build" scripts/setup.sh
BUILD_DIR=${INTEREC_BUILD_DIR:-build}

# Test-only tools: clang + libFuzzer for the bridge's parser fuzzers, Chromium
# (and Node, when the machine has none) for the web chat's browser test, an
# IRC server for the IRC bot's test, an emoji font for the page's buttons.
TEST_PACKAGES=(clang-14 libfuzzer-14-dev chromium fonts-noto-color-emoji openssl ngircd)
command -v npm >/dev/null || TEST_PACKAGES+=(nodejs npm)
stage "test packages" scripts/install_packages.sh "${TEST_PACKAGES[@]}"
INTEREC_FUZZ_DIR="$BUILD_DIR/fuzz" stage fuzzing scripts/fuzz.sh
stage "node suites" scripts/node_tests.sh
if [[ "$RELEASE_TESTS" == ON ]]; then
  stage ctest ctest --test-dir "$BUILD_DIR" --output-on-failure -j"${INTEREC_JOBS:-$(nproc)}" "$@"
fi
# Arguments (ctest's) go to each sanitizer job's ctest as well. A failed job
# does not stop the next: CI's log then shows both.
status=0
for job in $SANITIZERS; do
  stage "sanitizer job $job" scripts/sanitize.sh "$job" "$@" || status=1
done
echo "test.sh: everything took $SECONDS s" >&2
exit $status
