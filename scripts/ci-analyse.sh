#!/usr/bin/env bash
# ci-analyse.sh - static and dynamic analysis: cppcheck over the whole tree,
# the public headers under an MSVC-mode compiler, and valgrind memcheck over
# the wmisim command. Run with --help for usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ci-analyse.sh [options] [STAGE...]

Stages (default: all three, in this order):
  cppcheck      cppcheck over every file the build compiles (library, command,
                examples, tests) with .cppcheck-suppressions; any finding of
                severity error, warning, performance or portability fails
  msvc-headers  every public header compiled by clang in Microsoft mode
                (_MSC_VER defined, __clang__ and __GNUC__ not, so the headers
                take their MSVC branches) for x86_64 and i686, against a
                stand-in <intrin.h> and mingw-w64's C headers; any warning fails
  valgrind      memcheck over the wmisim command: --help, 'mof check' of every
                example's .mof file, and 'run' of every *.wms script under
                examples/ and docs/ (once the command has 'run'); a memcheck
                error, a definite or indirect leak, a crash or a time-out fails

Options:
  --build-dir DIR   build directory (default: build/analyse)
  --jobs N          parallel jobs (default: number of CPUs)
  --timeout S       time limit of one valgrind run in seconds (default: 300)
  --no-deps         do not install missing Debian packages
  -h, --help        show this help

Exit status: 0 when every selected stage is clean; non-zero otherwise.
USAGE
}

log() { printf 'ci-analyse: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=
jobs=$(nproc 2>/dev/null || echo 2)
timeout_s=300
install_deps=1
stages=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a value}; shift 2 ;;
    --jobs)      jobs=${2:?--jobs needs a value}; shift 2 ;;
    --timeout)   timeout_s=${2:?--timeout needs a value}; shift 2 ;;
    --no-deps)   install_deps=0; shift ;;
    -h|--help)   usage; exit 0 ;;
    cppcheck|msvc-headers|valgrind) stages+=("$1"); shift ;;
    *) echo "ci-analyse.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#stages[@]} -eq 0 ] && stages=(cppcheck msvc-headers valgrind)
build_dir=${build_dir:-$root/build/analyse}

if [ "$install_deps" -eq 1 ]; then
  "$root/scripts/install-deps.sh" build clang analyse
fi

# --- build --------------------------------------------------------------------

# One plain Debug build serves all stages: cppcheck reads its compile
# commands (generated headers included), valgrind runs its wmisim.
need_build=0
for s in "${stages[@]}"; do [ "$s" = msvc-headers ] || need_build=1; done
if [ "$need_build" -eq 1 ]; then
  generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  log "building $build_dir"
  cmake -S "$root" -B "$build_dir" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DWMISIM_WERROR=ON \
    -DWMISIM_SANITIZE= >/dev/null
  cmake --build "$build_dir" --parallel "$jobs"
fi

# --- cppcheck -----------------------------------------------------------------

stage_cppcheck() {
  local cache="$build_dir/cppcheck-cache" report="$build_dir/cppcheck.txt"
  mkdir -p "$cache"
  log "cppcheck $(cppcheck --version | sed 's/^Cppcheck //') over $(grep -c '"file"' "$build_dir/compile_commands.json") files"
  # The compile commands give each file's includes and definitions; the
  # compiler's own macros are added by hand (cppcheck knows none), so the
  # headers take the GCC branches the build took.
  cppcheck --project="$build_dir/compile_commands.json" \
    -D__GNUC__=12 -D__x86_64__ -D__linux__ \
    --enable=warning,performance,portability \
    --suppressions-list="$root/.cppcheck-suppressions" --inline-suppr \
    --cppcheck-build-dir="$cache" -j "$jobs" -q \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    --error-exitcode=0 2>"$report"
  # Only the project's own files count (not system headers).
  local findings
  findings=$(grep -c "^$root/" "$report" || true)
  if [ "$findings" -ne 0 ]; then
    grep "^$root/" "$report" >&2
    log "cppcheck: $findings finding(s); fix them, or add a reasoned entry to .cppcheck-suppressions"
    return 1
  fi
  log "cppcheck: no findings"
}

# --- MSVC-mode header check ---------------------------------------------------

stage_msvc_headers() {
  command -v clang >/dev/null 2>&1 || die "clang is needed for the msvc-headers stage"
  local dir="$build_dir/msvc-headers" arch status=0
  mkdir -p "$dir/include"
  # What the headers use of MSVC's <intrin.h>, with MSVC's prototypes.
  cat >"$dir/include/intrin.h" <<'EOF'
/* Stand-in for MSVC's <intrin.h>: the intrinsics wmisim's headers use. */
#pragma once
long _InterlockedIncrement(long volatile *);
long _InterlockedDecrement(long volatile *);
long _InterlockedExchange(long volatile *, long);
long _InterlockedExchangeAdd(long volatile *, long);
long _InterlockedCompareExchange(long volatile *, long, long);
long _InterlockedOr(long volatile *, long);
long _InterlockedAnd(long volatile *, long);
long _InterlockedXor(long volatile *, long);
char _InterlockedExchange8(char volatile *, char);
__int64 _InterlockedCompareExchange64(__int64 volatile *, __int64, __int64);
#if defined(_M_X64) || defined(_M_ARM64)
__int64 _InterlockedIncrement64(__int64 volatile *);
__int64 _InterlockedDecrement64(__int64 volatile *);
__int64 _InterlockedExchange64(__int64 volatile *, __int64);
__int64 _InterlockedExchangeAdd64(__int64 volatile *, __int64);
void *_InterlockedExchangePointer(void *volatile *, void *);
void *_InterlockedCompareExchangePointer(void *volatile *, void *, void *);
#endif
void _ReadWriteBarrier(void);
void _mm_mfence(void);
EOF
  cat >"$dir/headers.c" <<'EOF'
#if !defined(_MSC_VER) || defined(__clang__) || defined(__GNUC__)
#error "not in Microsoft mode: the headers would take their GCC/Clang branches"
#endif
#include <initguid.h>
#include <ntddk.h>
#include <wdm.h>
#include <wmistr.h>
#include <wmilib.h>
#include <wmiguid.h>
#include <wdmguid.h>
#include <wdmsec.h>
#include <ntstatus.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <wmisim.h>
/* The inline routines and macros a driver uses, expanded once. */
int msvc_headers_use(void);
int msvc_headers_use(void) {
  LONG l = 0;
  LONG64 q = 0;
  PVOID p = NULL;
  SIZE_T s = 0;
  LIST_ENTRY head;
  InitializeListHead(&head);
  InterlockedIncrement(&l);
  InterlockedExchange(&l, 2);
  InterlockedCompareExchange(&l, 1, 2);
  InterlockedOr(&l, 1);
  InterlockedIncrement64(&q);
  InterlockedExchangeAdd64(&q, 3);
  InterlockedExchange64(&q, 4);
  InterlockedExchangePointer(&p, &l);
  InterlockedCompareExchangePointer(&p, NULL, &l);
  InterlockedIncrementSizeT(&s);
  KeMemoryBarrier();
  KeMemoryBarrierWithoutFence();
  return (int)sizeof(IRP) + (int)l + (int)IsListEmpty(&head);
}
EOF
  for arch in x86_64 i686; do
    local sysroot="/usr/$arch-w64-mingw32/include"
    [ -d "$sysroot" ] || die "$sysroot missing (Debian: apt-get install mingw-w64)"
    # -U__clang__ takes clang out of its own branches; -ffreestanding keeps
    # clang's stddef/stdint, and mingw-w64's headers stand in for the CRT.
    if clang -target "$arch-pc-windows-msvc" -fms-compatibility-version=19.30 -ffreestanding \
         -std=c11 -U__clang__ -Wno-builtin-macro-redefined \
         -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror \
         -fsyntax-only -I"$dir/include" -I"$root/include/wdk" -I"$root/include" \
         -isystem "$sysroot" "$dir/headers.c"; then
      log "msvc-headers: $arch clean"
    else
      log "msvc-headers: $arch FAILED"
      status=1
    fi
  done
  return "$status"
}

# --- valgrind -----------------------------------------------------------------

stage_valgrind() {
  local wmisim="$build_dir/sim/wmisim" failures=0 runs=0 code log_file
  [ -x "$wmisim" ] || die "$wmisim was not built"
  export WMISIM_EXAMPLES_DIR="$build_dir/examples/lib"
  local logs="$build_dir/valgrind"
  rm -rf "$logs"
  mkdir -p "$logs"
  # run_memcheck <name> <directory> <wmisim arguments...>
  run_memcheck() {
    local name="$1" dir="$2"
    shift 2
    runs=$((runs + 1))
    log_file="$logs/$name.log"
    code=0
    (cd "$dir" && timeout "$timeout_s" valgrind --tool=memcheck --error-exitcode=99 \
        --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --num-callers=30 --log-file="$log_file" "$wmisim" "$@" >"$logs/$name.out" 2>&1) || code=$?
    case "$code" in
      0) log "valgrind: $name: clean" ;;
      99) log "valgrind: $name: MEMCHECK ERRORS"; cat "$log_file" >&2; failures=$((failures + 1)) ;;
      124) log "valgrind: $name: TIMED OUT after ${timeout_s}s"; failures=$((failures + 1)) ;;
      *)
        if [ "$code" -gt 128 ]; then
          log "valgrind: $name: killed by signal $((code - 128))"; cat "$log_file" >&2
          failures=$((failures + 1))
        else
          # The command's own verdict (a scenario's failed expectation, an
          # input error) is not a memory error; shown, not counted.
          log "valgrind: $name: memcheck clean; wmisim exited $code (see $logs/$name.out)"
        fi ;;
    esac
  }

  run_memcheck help "$root" --help
  local mof
  while IFS= read -r mof; do
    run_memcheck "mof-check-$(basename "$mof" .mof)" "$root" mof check "$mof"
  done < <(find "$root/examples" -name '*.mof' -not -path '*/build*' | sort)
  # The bundled example drivers, loaded and driven through PnP and WMI by
  # the one-shot consumer commands: list the blocks, query the first class.
  if "$wmisim" --help 2>&1 | grep -qE '^[[:space:]]+examples[[:space:]]'; then
    run_memcheck examples "$root" examples
    local driver class
    while IFS= read -r driver; do
      run_memcheck "list-$driver" "$root" list --driver "$driver"
      class=$(sed -n 's/^Class *: *//p' "$logs/list-$driver.out" | head -n1)
      if [ -n "$class" ]; then run_memcheck "query-$driver" "$root" query --driver "$driver" "$class"; fi
    done < <("$wmisim" examples | awk '/^[a-z]/ {print $1}')
  fi
  if "$wmisim" --help 2>&1 | grep -qE '^[[:space:]]+run[[:space:]]'; then
    # Run from the top of the tree, as tests/sim/check_docs.cmake runs the
    # documents' scripts, with the variables it gives them: where the test
    # driver modules are and their suffix.
    local script scripts=0
    while IFS= read -r script; do
      scripts=$((scripts + 1))
      run_memcheck "run-$(basename "$(dirname "$script")")-$(basename "$script" .wms)" "$root" run \
        --define "drivers=$build_dir/tests/sim/drivers" --define suffix=.so "$script"
    done < <(find "$root/examples" "$root/docs" -name '*.wms' -not -path '*/build*' | sort)
    [ "$scripts" -gt 0 ] || log "valgrind: no *.wms scenario scripts under examples/ or docs/ yet"
  else
    log "valgrind: this wmisim has no 'run' command yet; no .wms scripts run"
  fi
  if [ "$failures" -ne 0 ]; then
    log "valgrind: $failures of $runs runs failed (logs in $logs)"
    return 1
  fi
  log "valgrind: $runs runs clean"
}

status=0
for s in "${stages[@]}"; do
  started=$(date +%s)
  case "$s" in
    cppcheck) stage_cppcheck || status=1 ;;
    msvc-headers) stage_msvc_headers || status=1 ;;
    valgrind) stage_valgrind || status=1 ;;
  esac
  log "stage $s took $(( $(date +%s) - started )) s"
done
exit "$status"
