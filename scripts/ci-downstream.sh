#!/usr/bin/env bash
# ci-downstream.sh - prove a driver project outside wmisim's tree can use it:
# the quickstart (examples/quickstart) is built and tested against
#   1. an installed wmisim, through find_package(wmisim CONFIG),
#   2. the same installation, through pkg-config and a plain Makefile,
#   3. wmisim's source tree, through FetchContent (add_subdirectory).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ci-downstream.sh [--work-dir DIR] [--compiler CC]

Installs wmisim into DIR/prefix and builds and tests examples/quickstart
three ways (CMake package, pkg-config, FetchContent). DIR defaults to
build/downstream; it is recreated on every run.
USAGE
}

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/build/downstream"
compiler=gcc
while [ $# -gt 0 ]; do
  case "$1" in
    --work-dir) work=${2:?--work-dir needs a value}; shift 2 ;;
    --compiler) compiler=${2:?--compiler needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "ci-downstream.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

"$root/scripts/install-deps.sh" build
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
quickstart="$root/examples/quickstart"
jobs=$(nproc 2>/dev/null || echo 2)
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

echo "-- installing wmisim into $prefix"
cmake -S "$root" -B "$work/wmisim" "${generator[@]}" -DCMAKE_C_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWMISIM_BUILD_TESTS=OFF -DWMISIM_BUILD_EXAMPLES=OFF \
  -DWMISIM_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$work/wmisim" --parallel "$jobs" >/dev/null
cmake --install "$work/wmisim" >/dev/null

echo "-- 1. find_package(wmisim CONFIG)"
cmake -S "$quickstart" -B "$work/package" "${generator[@]}" -DCMAKE_C_COMPILER="$compiler" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/package" >/dev/null
ctest --test-dir "$work/package" --output-on-failure

echo "-- 2. pkg-config and make"
mkdir -p "$work/pkgconfig"
cp "$quickstart"/*.c "$quickstart"/*.h "$quickstart/Makefile" "$work/pkgconfig/"
mkdir -p "$work/pkgconfig/tests" && cp "$quickstart"/tests/*.c "$work/pkgconfig/tests/"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -C "$work/pkgconfig" --no-print-directory CC="$compiler" check

echo "-- 3. FetchContent"
mkdir -p "$work/fetch-src"
cat >"$work/fetch-src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.24)
project(quickstart_with_fetchcontent LANGUAGES C)
include(FetchContent)
FetchContent_Declare(wmisim SOURCE_DIR "$root" OVERRIDE_FIND_PACKAGE)
FetchContent_MakeAvailable(wmisim)
enable_testing()
add_subdirectory("$quickstart" quickstart)
CMAKE
cmake -S "$work/fetch-src" -B "$work/fetch" "${generator[@]}" -DCMAKE_C_COMPILER="$compiler" >/dev/null
cmake --build "$work/fetch" --parallel "$jobs" >/dev/null
ctest --test-dir "$work/fetch" --output-on-failure

echo "-- downstream: all three ways passed"
