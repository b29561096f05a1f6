/*
 * wdm.h - the Windows Driver Model interface, as wmisim simulates it.
 *
 * Part of wmisim's WDK-compatible headers: WDM driver source that includes
 * <wdm.h> (or <ntddk.h>) compiles here unchanged with the flags from
 * `pkg-config --cflags wmisim`, and links against libwmisim, which plays the
 * kernel: I/O manager, PnP and power managers, WMI, executive and kernel
 * routines. Names, layouts and values are Microsoft's; where the simulator
 * has to choose, docs/fidelity.md says what and why.
 *
 * The parts live in <wdm/...>; include this file, not them.
 */
#ifndef _WDMDDK_
#define _WDMDDK_
#ifndef _WDM_INCLUDED_
#define _WDM_INCLUDED_

#include <ntdef.h>
#include <ntstatus.h>

/* `#pragma alloc_text(PAGE, Routine)` and friends are meaningful only to
 * Microsoft's compiler; let other compilers accept them silently. */
#if defined(__clang__)
#  pragma clang diagnostic ignored "-Wunknown-pragmas"
#elif defined(__GNUC__)
#  pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#include <wdm/base.h>
#include <wdm/ke.h>
#include <wdm/ex.h>
#include <wdm/rtl.h>
#include <wdm/io_types.h>
#include <wdm/io.h>
#include <wdm/io_routines.h>
#include <wdm/pnp.h>
#include <wdm/po.h>
#include <wdm/wmi.h>

/* PAGED_CODE(): Windows asserts IRQL <= APC_LEVEL in checked builds;
 * wmisim always checks and reports a violation naming the routine. */
NTKERNELAPI VOID NTAPI wmisim_paged_code_check(PCSTR Function, PCSTR File, ULONG Line);
#define PAGED_CODE() wmisim_paged_code_check(__func__, __FILE__, __LINE__)
#define PAGED_CODE_LOCKED() ((void)0)
#define NON_PAGED_CODE() ((void)0)

#ifdef __cplusplus
}
#endif

#endif /* _WDM_INCLUDED_ */
#endif /* _WDMDDK_ */
