#!/usr/bin/env bash
# ci-sanitizers.sh - the whole test suite under a sanitizer (ThreadSanitizer
# by default). Run with --help for usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ci-sanitizers.sh [options] [tsan|asan|ubsan|msan]...

Builds wmisim with the sanitizer (WMISIM_SANITIZE, which takes any
-fsanitize= list) and -Werror, and runs the whole ctest suite under it,
several times, so that races which show only now and then get their chances.

  tsan   ThreadSanitizer (default): data races, lock-order inversions
  asan   AddressSanitizer and UndefinedBehaviorSanitizer together
  ubsan  UndefinedBehaviorSanitizer alone
  msan   MemorySanitizer (clang only; needs --compiler clang)

Options:
  --compiler CC     C compiler (default: gcc; msan: clang)
  --build-dir DIR   build directory (default: build/<name>, e.g. build/tsan)
  --repeat N        run the suite N times, stopping at the first failure
                    (default: 3 for tsan, 1 otherwise)
  --jobs N          parallel build and test jobs (default: number of CPUs)
  --no-deps         do not install missing Debian packages
  -h, --help        show this help

Exit status: 0 when every test passes under every selected sanitizer.
USAGE
}

log() { printf 'ci-sanitizers: %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
compiler=
build_dir=
repeat=
jobs=$(nproc 2>/dev/null || echo 2)
install_deps=1
kinds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --compiler)  compiler=${2:?--compiler needs a value}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --repeat)    repeat=${2:?--repeat needs a value}; shift 2 ;;
    --jobs)      jobs=${2:?--jobs needs a value}; shift 2 ;;
    --no-deps)   install_deps=0; shift ;;
    -h|--help)   usage; exit 0 ;;
    tsan|asan|ubsan|msan) kinds+=("$1"); shift ;;
    *) echo "ci-sanitizers.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#kinds[@]} -eq 0 ] && kinds=(tsan)
if [ -n "$build_dir" ] && [ ${#kinds[@]} -gt 1 ]; then
  echo "ci-sanitizers.sh: --build-dir takes one sanitizer at a time" >&2
  exit 2
fi

if [ "$install_deps" -eq 1 ]; then
  profiles=(build)
  for kind in "${kinds[@]}"; do
    case "${compiler:-gcc}/$kind" in clang*|*/msan) profiles+=(clang) ;; esac
  done
  "$root/scripts/install-deps.sh" "${profiles[@]}"
fi

# Fail at the first report, with both stacks of a lock-order inversion.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:history_size=4}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export MSAN_OPTIONS=${MSAN_OPTIONS:-halt_on_error=1}

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

run_one() {
  local kind="$1" sanitize cc="${compiler:-gcc}" type=Debug times dir started
  case "$kind" in
    tsan)  sanitize=thread; type=RelWithDebInfo; times=${repeat:-3} ;;
    asan)  sanitize=address,undefined; times=${repeat:-1} ;;
    ubsan) sanitize=undefined; times=${repeat:-1} ;;
    msan)  sanitize=memory; cc=${compiler:-clang}; times=${repeat:-1} ;;
  esac
  dir=${build_dir:-$root/build/$kind}
  started=$(date +%s)
  log "$kind: -fsanitize=$sanitize with $cc in $dir"
  cmake -S "$root" -B "$dir" "${generator[@]}" \
    -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_BUILD_TYPE="$type" \
    -DWMISIM_WERROR=ON \
    -DWMISIM_SANITIZE="$sanitize" >/dev/null
  cmake --build "$dir" --parallel "$jobs"
  local status=0
  ctest --test-dir "$dir" --output-on-failure --parallel "$jobs" --timeout 600 \
    --repeat "until-fail:$times" || status=$?
  log "$kind: ctest exit status $status, $times run(s) of the suite ($(( $(date +%s) - started )) s)"
  return "$status"
}

status=0
for kind in "${kinds[@]}"; do
  run_one "$kind" || status=1
done
exit "$status"
