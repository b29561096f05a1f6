#!/usr/bin/env bash
# ci-windows.sh - cross-compile wmisim for Windows with MinGW-w64 and run the
# whole test suite under wine. Run with --help for usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ci-windows.sh [--arch x86_64|i686] [options]

Cross-compiles the library, the examples, the wmisim command and the whole
test suite for Windows with MinGW-w64 (-Werror), then runs ctest with wine as
the emulator, headless, in a wine prefix inside the build directory.

x86_64 runs under wine64. i686 needs 32-bit wine (Debian: wine32:i386 with
the i386 architecture enabled); when it is missing the script tries to
install it, and if that cannot be done it builds everything, runs the layout
comparison instead of the suite and says loudly that the suite did not run
(or fails, with --require-run).

Options:
  --arch ARCH        x86_64 (default) or i686
  --build-dir DIR    build directory (default: build/mingw-ARCH)
  --deps-cache DIR   where CMocka for MinGW is built and kept (default:
                     $WMISIM_DEPS_CACHE, else $HOME/.cache/wmisim; see
                     scripts/build-cmocka-mingw.sh)
  --jobs N           parallel build and test jobs (default: number of CPUs)
  --require-run      fail if the suite cannot run (no 32-bit wine for i686)
  --no-install-wine32  do not try to install wine32:i386
  --no-deps          do not install missing Debian packages
  -h, --help         show this help

Exit status: 0 when the build succeeds and every test passes; non-zero
otherwise.
USAGE
}

log() { printf 'ci-windows: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arch=x86_64
build_dir=
deps_cache="${WMISIM_DEPS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wmisim}"
jobs=$(nproc 2>/dev/null || echo 2)
require_run=0
install_wine32=1
install_deps=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch)       arch=${2:?--arch needs a value}; shift 2 ;;
    --arch=*)     arch=${1#*=}; shift ;;
    --build-dir)  build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --deps-cache) deps_cache=${2:?--deps-cache needs a value}; shift 2 ;;
    --jobs)       jobs=${2:?--jobs needs a value}; shift 2 ;;
    --require-run) require_run=1; shift ;;
    --no-install-wine32) install_wine32=0; shift ;;
    --no-deps)    install_deps=0; shift ;;
    -h|--help)    usage; exit 0 ;;
    *) echo "ci-windows.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$arch" in
  x86_64) wine=/usr/lib/wine/wine64 ;;
  i686)   wine=/usr/lib/wine/wine ;;
  *) die "unsupported --arch '$arch' (x86_64 or i686)" ;;
esac
build_dir=${build_dir:-$root/build/mingw-$arch}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
prefix="$deps_cache/mingw-$arch"
started=$(date +%s)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

# --- dependencies -----------------------------------------------------------

if [ "$install_deps" -eq 1 ]; then
  "$root/scripts/install-deps.sh" build windows
fi
"$root/scripts/build-cmocka-mingw.sh" --arch "$arch" --prefix "$prefix"

# 32-bit wine on Debian: the wine32:i386 package. If the i386 index cannot
# be had or wine32 cannot be installed, undo the architecture again so that
# later 'apt-get update's do not fail on it.
try_install_wine32() {
  log "32-bit wine ($wine) missing; trying to install wine32:i386"
  local added=0
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    as_root dpkg --add-architecture i386 || return 1
    added=1
  fi
  if as_root apt-get update -qq && \
     as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine32:i386 >/dev/null; then
    return 0
  fi
  log "could not install wine32:i386 (see apt's messages above)"
  if [ "$added" -eq 1 ] && [ -z "$(dpkg -l | awk '$1 == "ii" && $2 ~ /:i386$/')" ]; then
    if as_root dpkg --remove-architecture i386; then as_root apt-get update -qq || true; fi
  fi
  return 1
}

can_run=1
if [ ! -x "$wine" ]; then
  can_run=0
  if [ "$arch" = i686 ] && [ "$install_wine32" -eq 1 ] && try_install_wine32 && [ -x "$wine" ]; then
    can_run=1
  fi
fi
if [ "$can_run" -eq 0 ] && [ "$require_run" -eq 1 ]; then
  die "$wine is missing: cannot run the $arch programs (--require-run)"
fi

# --- wine prefix ------------------------------------------------------------

# One prefix per build directory, created once, headless: no Mono or Gecko
# installer dialogs, no debug output. Wine's first start takes a while.
export WINEPREFIX="$build_dir/wineprefix-$arch"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
wineserver=/usr/lib/wine/wineserver
# shellcheck disable=SC2317  # called through the EXIT trap
stop_wineserver() { "$wineserver" -k >/dev/null 2>&1 || true; }
if [ "$can_run" -eq 1 ]; then
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "creating the wine prefix $WINEPREFIX"
    timeout 600 "$wine" wineboot --init >/dev/null 2>&1 || die "wineboot --init failed in $WINEPREFIX"
    "$wineserver" -w || true
  fi
  # One wineserver for the whole run. Left to itself it exits a few seconds
  # after its last client, and a program starting at that moment fails with
  # "wine client error: recvmsg: Connection reset by peer".
  # Its services (winedevice.exe ...) then live as long as it does: start
  # them here with no pipe of ours, which they would otherwise hold open
  # and make the build, the canary or ctest wait for their end.
  "$wineserver" -p
  trap stop_wineserver EXIT
  timeout 300 "$wine" wineboot </dev/null >/dev/null 2>&1 || die "wineboot failed in $WINEPREFIX"
fi

# --- configure and build ----------------------------------------------------

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

# Without wine the build cannot run the cross-compiled wmisim to generate
# the examples' MOF headers: a host build provides the command, and the
# layout comparison that runs instead of the suite.
host_dir="$build_dir/host"
mof_command=()
if [ "$can_run" -eq 0 ]; then
  log "no $wine: building the host's wmisim command and test_layout in $host_dir"
  cmake -S "$root" -B "$host_dir" "${generator[@]}" -DWMISIM_WERROR=ON \
    -DWMISIM_BUILD_EXAMPLES=OFF -DWMISIM_BUILD_BENCH=OFF \
    -DWMISIM_BUILD_SHARED=OFF -DWMISIM_INSTALL=OFF >/dev/null
  cmake --build "$host_dir" --parallel "$jobs" --target wmisim test_layout
  mof_command=(-DWMISIM_MOF_COMMAND="$host_dir/sim/wmisim")
fi

log "configuring $build_dir for $arch-w64-mingw32"
cmake -S "$root" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/mingw-w64-$arch.cmake" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DWMISIM_MINGW_DEPS="$prefix" \
  -DWMISIM_WINEPREFIX="$WINEPREFIX" \
  "${mof_command[@]}" \
  -DWMISIM_WERROR=ON >/dev/null
log "building"
cmake --build "$build_dir" --parallel "$jobs"

# --- run --------------------------------------------------------------------

if [ "$can_run" -eq 0 ]; then
  log "WARNING: $wine is missing: the $arch test suite was built but NOT RUN."
  log "Running the layout comparison instead: the host's test_layout compares"
  log "the i686 and x86_64 layouts of wmisim's WDK headers with mingw-w64's."
  "$host_dir/tests/layout/test_layout"
  log "$arch: build OK, layout comparison OK, test suite NOT RUN ($(( $(date +%s) - started )) s)"
  exit 0
fi

# A canary: wine64 "runs" a 32-bit program it cannot load and exits 0, so
# first make sure a test program really runs and reports its results.
canary="$build_dir/tests/layout/test_layout.exe"
if [ -f "$canary" ]; then
  out="$build_dir/canary.out"
  timeout 300 "$wine" "$canary" </dev/null >"$out" 2>&1 || { cat "$out" >&2; die "the canary $canary failed under $wine"; }
  grep -q 'PASSED' "$out" || { cat "$out" >&2; die "the canary $canary printed no CMocka result under $wine"; }
fi

log "running ctest under $wine"
status=0
ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs" --timeout 600 || status=$?
log "$arch: ctest exit status $status ($(( $(date +%s) - started )) s)"
exit "$status"
