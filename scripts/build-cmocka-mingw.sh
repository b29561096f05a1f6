#!/usr/bin/env bash
# build-cmocka-mingw.sh - build CMocka for MinGW-w64 (Windows) from Debian's
# cmocka source package, as a static library, for wmisim's cross builds.
#
# Run with --help for usage. Idempotent: a finished build is recognised by a
# stamp file in the prefix and left alone.
set -euo pipefail

# Bump when the recipe changes, so cached builds are redone.
RECIPE=2

usage() {
  cat <<EOF
Usage: $0 [--arch x86_64|i686] [--prefix DIR] [--cache DIR] [--force]

Builds CMocka for the ARCH-w64-mingw32 target (default x86_64) and installs
it as a static library into PREFIX:

  PREFIX/include/cmocka.h
  PREFIX/lib/libcmocka.a
  PREFIX/lib/pkgconfig/cmocka.pc

Configure wmisim with -DWMISIM_MINGW_DEPS=PREFIX and one of the toolchain
files in cmake/toolchains/ to use it (scripts/ci-windows.sh does this).

The source is Debian's cmocka source package, fetched with 'apt-get source'.
If no deb-src entry is configured, one is added for the Debian mirror the
machine already uses (/etc/apt/sources.list.d/wmisim-deb-src.sources) and
'apt-get update' is run. Missing tools (the mingw-w64 cross compiler, cmake,
dpkg-dev) are installed with apt-get. Both need root.

Options:
  --arch ARCH    x86_64 (default) or i686
  --cache DIR    where sources and builds are kept
                 (default: \$WMISIM_DEPS_CACHE, else \$XDG_CACHE_HOME/wmisim,
                 else \$HOME/.cache/wmisim)
  --prefix DIR   install prefix (default: CACHE/mingw-ARCH)
  --force        rebuild even if PREFIX holds a finished build
  -h, --help     this text

Environment:
  CMOCKA_SOURCE_DIR  use this unpacked CMocka source tree instead of
                     fetching Debian's source package
EOF
}

log() { printf 'build-cmocka-mingw: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

arch=x86_64
prefix=""
cache="${WMISIM_DEPS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/wmisim}"
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || die "--arch needs a value"; arch="$2"; shift 2 ;;
    --arch=*) arch="${1#*=}"; shift ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --cache) [ $# -ge 2 ] || die "--cache needs a value"; cache="$2"; shift 2 ;;
    --cache=*) cache="${1#*=}"; shift ;;
    --force) force=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
case "$arch" in
  x86_64) deb_arch=x86-64 ;;
  i686) deb_arch=i686 ;;
  *) die "unsupported --arch '$arch' (x86_64 or i686)" ;;
esac
triplet="$arch-w64-mingw32"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${prefix:-$cache/mingw-$arch}"
mkdir -p "$cache" "$prefix"
cache="$(cd "$cache" && pwd)"
prefix="$(cd "$prefix" && pwd)"

# --- tools ------------------------------------------------------------------

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $*"
  fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
}

# need_tool <command> <debian-package>
need_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    log "installing $2 (for $1)"
    apt_update_once
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
    command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
  fi
}

need_tool "$triplet-gcc" "gcc-mingw-w64-$deb_arch"
need_tool "$triplet-ar" "binutils-mingw-w64-$deb_arch"
need_tool cmake cmake

# --- already built? ---------------------------------------------------------

stamp="$prefix/.wmisim-cmocka"
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ -f "$prefix/lib/libcmocka.a" ] &&
   [ "$(head -n1 "$stamp")" = "recipe $RECIPE $triplet" ]; then
  log "up to date: $prefix ($(sed -n 2p "$stamp"))"
  exit 0
fi

# --- source -----------------------------------------------------------------

# The Debian archive this machine already installs from, and its key: the
# first 'deb' entry for the release's codename, deb822 or one-line style.
debian_mirror() {
  local codename="$1" file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk -v want="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") && uri != "" && !done) {
          print uri "\t" key; done = 1
        }
        types = ""; suites = ""; uri = ""; key = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); split($0, u, /[ \t]+/); uri = u[1] }
      /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); key = $0 }
      END { flush() }' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk -v want="$codename" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == want) { print $i "\t"; exit }
      }' "$file"
  done
}

ensure_deb_src() {
  if apt-get source --print-uris cmocka >/dev/null 2>&1; then
    return
  fi
  local codename mirror uri key list=/etc/apt/sources.list.d/wmisim-deb-src.sources
  # shellcheck disable=SC1091
  codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
  [ -n "$codename" ] || die "cannot tell the Debian release (VERSION_CODENAME in /etc/os-release)"
  mirror="$(debian_mirror "$codename" | head -n1)"
  [ -n "$mirror" ] || die "no 'deb' entry for $codename in /etc/apt/sources.list(.d); cannot add deb-src"
  uri="${mirror%%$'\t'*}"
  key="${mirror#*$'\t'}"
  log "adding deb-src $uri $codename main ($list)"
  {
    echo "# Added by wmisim's scripts/build-cmocka-mingw.sh for 'apt-get source cmocka'."
    echo "Types: deb-src"
    echo "URIs: $uri"
    echo "Suites: $codename"
    echo "Components: main"
    if [ -n "$key" ]; then echo "Signed-By: $key"; fi
  } | as_root tee "$list" >/dev/null
  apt_updated=0
  apt_update_once
  apt-get source --print-uris cmocka >/dev/null 2>&1 ||
    die "apt-get source cmocka still fails after adding $list"
}

fetch_source() {
  local dir="$cache/src"
  local existing
  existing="$(find "$dir" -maxdepth 1 -type d -name 'cmocka-[0-9]*' 2>/dev/null | sort | tail -n1 || true)"
  if [ -n "$existing" ] && [ -f "$existing/CMakeLists.txt" ]; then
    printf '%s\n' "$existing"
    return
  fi
  need_tool dpkg-source dpkg-dev
  need_tool xz xz-utils
  ensure_deb_src
  rm -rf "$dir"
  mkdir -p "$dir"
  log "fetching Debian's cmocka source package into $dir"
  # apt's _apt user cannot write into root's cache; as root apt warns and
  # downloads unsandboxed, which is what we want here.
  (cd "$dir" && apt-get source -qq cmocka >&2) || die "apt-get source cmocka failed"
  existing="$(find "$dir" -maxdepth 1 -type d -name 'cmocka-[0-9]*' | sort | tail -n1)"
  if [ -z "$existing" ] || [ ! -f "$existing/CMakeLists.txt" ]; then
    die "apt-get source gave no cmocka source tree"
  fi
  printf '%s\n' "$existing"
}

if [ -n "${CMOCKA_SOURCE_DIR:-}" ]; then
  [ -f "$CMOCKA_SOURCE_DIR/CMakeLists.txt" ] || die "CMOCKA_SOURCE_DIR=$CMOCKA_SOURCE_DIR has no CMakeLists.txt"
  source_dir="$(cd "$CMOCKA_SOURCE_DIR" && pwd)"
else
  source_dir="$(fetch_source)"
fi
version="$(basename "$source_dir")"
log "building $version for $triplet"

# --- build ------------------------------------------------------------------

build_dir="$cache/build-$version-$arch"
rm -rf "$build_dir"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/mingw-w64-$arch.cmake" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS="-D__USE_MINGW_ANSI_STDIO=1" \
  -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DWITH_STATIC_LIB=ON \
  -DWITH_EXAMPLES=OFF \
  -DUNIT_TESTING=OFF >"$build_dir.log" 2>&1 || { cat "$build_dir.log" >&2; die "configuring CMocka failed"; }
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" >>"$build_dir.log" 2>&1 ||
  { tail -n 50 "$build_dir.log" >&2; die "building CMocka failed"; }
cmake --install "$build_dir" >>"$build_dir.log" 2>&1 ||
  { tail -n 50 "$build_dir.log" >&2; die "installing CMocka failed"; }

# Keep the static library only, under the name -lcmocka and find_library
# (cmocka) look for, so test programs need no cmocka.dll at run time.
static="$(find "$build_dir" -name 'libcmocka-static.a' | head -n1)"
[ -n "$static" ] || die "no libcmocka-static.a in $build_dir"
install -m 644 "$static" "$prefix/lib/libcmocka.a"
rm -f "$prefix/lib/libcmocka.dll.a" "$prefix/lib/libcmocka-static.a" "$prefix/bin/cmocka.dll" "$prefix/bin/libcmocka.dll"
rm -rf "$prefix/lib/cmake/cmocka"

# CMocka is compiled with __USE_MINGW_ANSI_STDIO=1 (as wmisim is), so its
# print_message and print_error format with mingw-w64's C99 printf, which
# knows %zu and %lld. Its header declares them with the printf archetype,
# which MinGW GCC checks as Microsoft's msvcrt printf; say gnu_printf.
header="$prefix/include/cmocka.h"
grep -q '__format__ (__printf__, a, b)' "$header" || die "unexpected $header: no CMOCKA_PRINTF_ATTRIBUTE to adjust"
sed -i 's/__format__ (__printf__, a, b)/__format__ (gnu_printf, a, b)/' "$header"
rmdir "$prefix/lib/cmake" "$prefix/bin" 2>/dev/null || true
mkdir -p "$prefix/lib/pkgconfig"
cat >"$prefix/lib/pkgconfig/cmocka.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: cmocka
Description: The cmocka unit testing library (static, $triplet, built by wmisim)
Version: ${version#cmocka-}
Libs: -L\${libdir} -lcmocka
Cflags: -I\${includedir}
EOF
printf 'recipe %s %s\n%s\n' "$RECIPE" "$triplet" "$version" >"$stamp"
rm -rf "$build_dir"
log "installed $version for $triplet into $prefix"
