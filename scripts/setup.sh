#!/usr/bin/env bash
# Installs the Debian packages interec needs (when missing) and builds it
# into build/ (Release). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config
  libcaf-dev libzmq3-dev cppzmq-dev libeigen3-dev librocksdb-dev
  nlohmann-json3-dev libsqlite3-dev libcurl4-openssl-dev libgtest-dev libgmock-dev
  libcpp-httplib-dev libroaring-dev libstemmer-dev libhunspell-dev hunspell-en-us
  libhnswlib-dev libfaiss-dev wordnet-dev wordnet-base
  python3)

scripts/install_packages.sh "${PACKAGES[@]}"

BUILD_DIR=${INTEREC_BUILD_DIR:-build}
JOBS=${INTEREC_JOBS:-$(nproc)}
# INTEREC_BUILD_TESTS=OFF builds interec and the benchmarks only (test.sh
# does, when the AddressSanitizer job runs the suite instead); given every
# time, so a folder built once without tests gets them back.
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DINTEREC_BUILD_TESTS="${INTEREC_BUILD_TESTS:-ON}" \
  ${INTEREC_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
