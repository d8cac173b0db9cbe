#!/usr/bin/env bash
# Builds the libFuzzer target with AddressSanitizer and runs it on Fuzz/corpus.
#   Fuzz/run.sh                  # 30 minutes
#   Fuzz/run.sh -max_total_time=60 -runs=100000   # any libFuzzer flags
# Findings land in Fuzz/artifacts/ (crash-*, leak-*, timeout-*); new inputs in Fuzz/corpus-new/.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-fuzz}

# -sanitize=fuzzer instruments every Swift module for coverage; C targets (Yams' libyaml)
# get the same through clang. libcmark is Debian's shared library, so it is not instrumented
# (ASan still catches bad accesses to its heap blocks through the intercepted malloc).
swift build --scratch-path "$SCRATCH" -c debug --product showcase-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSHOWCASE_FUZZ \
  -Xcc -fsanitize=fuzzer-no-link,address

mkdir -p Fuzz/artifacts Fuzz/corpus-new
# One worker thread keeps runs deterministic, so a crash reproduces.
export SHOWCASE_JOBS=1
# Leaks are findings too, except one in the toolchain's Foundation (see lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}
exec "$SCRATCH/debug/showcase-fuzz" Fuzz/corpus-new Fuzz/corpus \
  -artifact_prefix=Fuzz/artifacts/ -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
  -max_total_time=1800 -print_final_stats=1 "$@"
