#!/usr/bin/env bash
# test.sh - build wmisim and pass its whole test suite.
#
# The README's test command and the first stages of .ci/run. Installs what is
# missing (scripts/install-deps.sh), configures with -Werror, builds, runs ctest.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/test.sh [options]

Builds wmisim with -Wall -Wextra -Werror and runs the whole ctest suite.

Options:
  --compiler CC       C compiler to use (default: gcc)
  --sanitize LIST     build with sanitizers, e.g. address,undefined or thread
  --build-dir DIR     build directory (default: build/<compiler>[-<sanitizers>])
  --build-type TYPE   CMake build type (default: Debug; RelWithDebInfo for thread)
  --jobs N            parallel build and test jobs (default: number of CPUs)
  --no-deps           do not install missing Debian packages
  -h, --help          show this help

Exit status: 0 when every test passes, non-zero otherwise.
USAGE
}

root=$(cd "$(dirname "$0")/.." && pwd)
compiler=gcc
sanitize=
build_dir=
build_type=
jobs=$(nproc 2>/dev/null || echo 2)
install_deps=1

while [ $# -gt 0 ]; do
  case "$1" in
    --compiler)   compiler=${2:?--compiler needs a value}; shift 2 ;;
    --sanitize)   sanitize=${2:?--sanitize needs a value}; shift 2 ;;
    --build-dir)  build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --build-type) build_type=${2:?--build-type needs a value}; shift 2 ;;
    --jobs)       jobs=${2:?--jobs needs a value}; shift 2 ;;
    --no-deps)    install_deps=0; shift ;;
    -h|--help)    usage; exit 0 ;;
    *) echo "test.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$install_deps" -eq 1 ]; then
  profiles=(build)
  case "$compiler" in clang*) profiles+=(clang) ;; esac
  "$root/scripts/install-deps.sh" "${profiles[@]}"
fi

if [ -z "$build_dir" ]; then
  build_dir="$root/build/$(basename "$compiler")${sanitize:+-${sanitize//,/-}}"
fi
if [ -z "$build_type" ]; then
  case "$sanitize" in *thread*) build_type=RelWithDebInfo ;; *) build_type=Debug ;; esac
fi

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

cmake -S "$root" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_C_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE="$build_type" \
  -DWMISIM_WERROR=ON \
  -DWMISIM_SANITIZE="$sanitize"
cmake --build "$build_dir" --parallel "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs"
