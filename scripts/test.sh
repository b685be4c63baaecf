#!/usr/bin/env bash
# Installs what is missing, builds the release and the sanitizer trees, and runs every test in
# both. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== tests (release build)"
ctest --test-dir build --output-on-failure -j 2
echo "== tests (ASan + UBSan build)"
ctest --test-dir build-asan --output-on-failure -j 2
