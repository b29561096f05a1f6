#!/usr/bin/env bash
# bench.sh - build wmisim Release and run its benchmark (docs/performance.md).
#
# The README's benchmark command. Everything it does not know is passed to
# wmisim-bench: --quick, --check-targets, --json FILE, --only SECTION.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/bench.sh [options] [wmisim-bench options]

Builds wmisim-bench Release (-O2 or more, the static library) and runs it:
a table of figures, the targets as ratios within the run, a JSON summary.

Options:
  --compiler CC       C compiler to use (default: cc)
  --build-dir DIR     build directory (default: build/bench)
  --jobs N            parallel build jobs (default: number of CPUs)
  -h, --help          show this help

wmisim-bench options (see its --help):
  --quick             a short run with rough figures
  --check-targets     exit 1 if a target is missed
  --json FILE         also write the JSON summary to FILE
  --only SECTION      requests, scale, events, drain or threads

Exit status: wmisim-bench's (0; 1 when --check-targets finds a target
missed; 2 when the run is not valid), or the build's failure.
USAGE
}

root=$(cd "$(dirname "$0")/.." && pwd)
compiler=cc
build_dir=
jobs=$(nproc 2>/dev/null || echo 2)
bench_args=()

while [ $# -gt 0 ]; do
  case "$1" in
    --compiler)  compiler=${2:?--compiler needs a value}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --jobs)      jobs=${2:?--jobs needs a value}; shift 2 ;;
    -h|--help)   usage; exit 0 ;;
    *)           bench_args+=("$1"); shift ;;
  esac
done
build_dir=${build_dir:-$root/build/bench}

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

cmake -S "$root" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=Release \
  -DWMISIM_BUILD_BENCH=ON \
  -DWMISIM_BUILD_STATIC=ON \
  -DWMISIM_BUILD_TESTS=OFF \
  -DWMISIM_BUILD_EXAMPLES=OFF \
  -DWMISIM_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build_dir" --parallel "$jobs" --target wmisim-bench >/dev/null

# The machine, for the record (docs/performance.md asks for it with figures).
echo "host: $(uname -srm 2>/dev/null || echo unknown)"
if command -v lscpu >/dev/null 2>&1; then
  lscpu | sed -n 's/^Model name: *//p' | head -1 | sed 's/^/cpu: /'
fi
exec "$build_dir/bench/wmisim-bench" "${bench_args[@]+"${bench_args[@]}"}"
