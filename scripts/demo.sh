#!/usr/bin/env bash
# demo.sh - build wmisim and run the simulator on a bundled example driver,
# showing every IRP's travel down the device stack and back.
#
# The README's first command. Installs what is missing
# (scripts/install-deps.sh), builds, then runs
# `wmisim run examples/disktemp/demo.wms` with the trace on.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/demo.sh [options] [SCRIPT]

Builds wmisim and its example drivers, then runs a scenario script
(default: examples/disktemp/demo.wms) with the IRP trace.

Options:
  --build-dir DIR   build directory (default: build/demo)
  --trace FORMAT    text (default), jsonl or mermaid
  --no-deps         do not install missing Debian packages
  -h, --help        show this help
USAGE
}

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$root/build/demo"
script="$root/examples/disktemp/demo.wms"
trace=text
install_deps=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --trace)     trace=${2:?--trace needs a value}; shift 2 ;;
    --no-deps)   install_deps=0; shift ;;
    -h|--help)   usage; exit 0 ;;
    -*) echo "demo.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    *) script=$1; shift ;;
  esac
done

[ "$install_deps" -eq 1 ] && "$root/scripts/install-deps.sh" build
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWMISIM_BUILD_TESTS=OFF -DWMISIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)" >/dev/null
echo "== wmisim run ${script#"$root"/} --trace-format $trace"
exec "$build_dir/sim/wmisim" run "$script" --trace-format "$trace"
