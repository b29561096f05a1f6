/*
 * debug.c - bug checks, assertions, breakpoints and PAGED_CODE.
 */
#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "wmi/service.h"

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
                        ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4) {
  sim_bugcheck(sim_current(), BugCheckCode, BugCheckParameter1, BugCheckParameter2, BugCheckParameter3,
               BugCheckParameter4, "KeBugCheckEx called by a driver");
}

VOID NTAPI KeBugCheck(ULONG BugCheckCode) {
  sim_bugcheck(sim_current(), BugCheckCode, 0, 0, 0, 0, "KeBugCheck called by a driver");
}

/* A corrupt LIST_ENTRY is bug check 0x139 KERNEL_SECURITY_CHECK_FAILURE. */
VOID NTAPI RtlFailFast(ULONG Code) {
  sim_bugcheck(sim_current(), 0x139, Code, 0, 0, 0, "KERNEL_SECURITY_CHECK_FAILURE: a linked list is corrupt");
}

/* A failed ASSERT stops a checked build in the debugger; here it is logged
 * and, in the checking mode, reported. */
VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage) {
  struct wmisim *sim = sim_current();
  sim_log(sim, WMISIM_LOG_ERROR, "assertion failed: %s%s%s at %s:%lu", (const char *)VoidFailedAssertion,
          MutableMessage != NULL ? " -- " : "", MutableMessage != NULL ? MutableMessage : "",
          (const char *)VoidFileName, (unsigned long)LineNumber);
  struct check_site site = {NULL, NULL, "ASSERT"};
  check_report(sim, CHECK_BAD_PARAMETER, &site, "driver assertion failed: %s (%s:%lu)",
               (const char *)VoidFailedAssertion, (const char *)VoidFileName, (unsigned long)LineNumber);
}

VOID NTAPI DbgBreakPoint(VOID) {
  sim_log(sim_current(), WMISIM_LOG_WARNING, "DbgBreakPoint: a driver asked for the debugger; continuing");
}

VOID NTAPI wmisim_paged_code_check(PCSTR Function, PCSTR File, ULONG Line) {
  struct kthread *thread = ke_thread();
  if (thread->irql <= APC_LEVEL) return;
  struct check_site site = {NULL, NULL, Function};
  check_report(sim_current(), CHECK_PAGED_CODE, &site, "%s (%s:%lu) is pageable but ran at IRQL %u", Function, File,
               (unsigned long)Line, thread->irql);
}

bool wmisim_wait_idle(wmisim_t *sim, uint32_t timeout_ms) {
  /* Work items can queue DPCs and DPCs work items: settle until both are
   * quiet in one pass. */
  uint64_t deadline = plat_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
  for (int pass = 0; pass < 1000; pass++) {
    if (!ke_workers_wait_idle(sim->workers, deadline)) return false;
    if (!ke_timers_wait_idle(sim->timers, deadline)) return false;
    if (!wmi_service_wait_idle(sim->wmi, deadline)) return false;
    if (ke_workers_wait_idle(sim->workers, 0) && ke_timers_wait_idle(sim->timers, 0)) return true;
  }
  return false;
}
