#!/usr/bin/env bash
# install-deps.sh - install what building and testing wmisim needs on Debian.
#
# Idempotent: packages already present are not reinstalled, and nothing runs
# apt-get when everything is there. Runs as root, or through sudo.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/install-deps.sh [PROFILE...]

Installs the Debian packages wmisim needs. Profiles (default: build):
  build     cmake, ninja, gcc, pkg-config, libcmocka-dev, uuid-dev, and mingw-w64
            (its headers are the oracle of the layout test)
  clang     clang and its sanitizer/libFuzzer runtimes
  analyse   valgrind, cppcheck
  windows   mingw-w64 and wine64, for the Windows build under wine
  ci        all of the above

Options:
  -h, --help   show this help
USAGE
}

packages_for() {
  case "$1" in
    build)   echo "cmake ninja-build gcc libc6-dev make pkg-config libcmocka-dev uuid-dev mingw-w64 ca-certificates" ;;
    clang)   echo "clang llvm libclang-rt-14-dev" ;;
    analyse) echo "valgrind cppcheck" ;;
    windows) echo "mingw-w64 wine64 dpkg-dev" ;;
    ci)      echo "$(packages_for build) $(packages_for clang) $(packages_for analyse) $(packages_for windows)" ;;
    *)       echo "install-deps.sh: unknown profile '$1' (try --help)" >&2; return 2 ;;
  esac
}

profiles=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    -*) echo "install-deps.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    *) profiles+=("$arg") ;;
  esac
done
[ ${#profiles[@]} -eq 0 ] && profiles=(build)

wanted=()
for profile in "${profiles[@]}"; do
  list=$(packages_for "$profile") || exit 2
  # shellcheck disable=SC2206
  wanted+=($list)
done

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps.sh: missing packages (${missing[*]}) and not root; run as root or install them" >&2
  exit 1
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
