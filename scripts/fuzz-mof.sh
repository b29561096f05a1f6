#!/bin/sh
# fuzz-mof.sh [seconds] - build the MOF parser's libFuzzer target with clang
# in its own build directory and run it for a bounded time (default 60 s)
# over a seed corpus made of tests/mof/corpus. Exits non-zero when the
# fuzzer finds a crash, a leak or undefined behaviour; the reproducer is
# left in the build directory (crash-*, leak-*).
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz-mof), CC (default clang).
set -eu

seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz-mof}"
cc="${CC:-clang}"

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "fuzz-mof.sh: $cc not found; libFuzzer needs clang" >&2
  exit 2
fi

# The library is instrumented for coverage (fuzzer-no-link); the target
# itself links libFuzzer's main.
cmake -S "$root" -B "$build" \
  -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" \
  -DWMISIM_SANITIZE=address,undefined \
  -DWMISIM_BUILD_FUZZERS=ON \
  -DWMISIM_BUILD_SHARED=OFF \
  -DWMISIM_BUILD_EXAMPLES=OFF \
  -DWMISIM_BUILD_BENCH=OFF \
  -DWMISIM_INSTALL=OFF >/dev/null
cmake --build "$build" --target fuzz_mof_parser -j2

# Work on a copy of the seeds so new inputs never land in the source tree.
corpus="$build/fuzz-mof-corpus"
mkdir -p "$corpus"
cp "$root"/tests/mof/corpus/valid/*.mof "$root"/tests/mof/corpus/invalid/*.mof "$corpus"/

cd "$build"
exec ./tests/mof/fuzz_mof_parser -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
