/*
 * check.h - how the simulator's layers report rule violations.
 *
 * Layers call check_report() where they see a rule broken; the checking
 * mode decides whether it is recorded, passed to a handler, or ignored.
 * The rule table (rules.c) is the single list of rule ids.
 */
#ifndef WMISIM_CHECK_CHECK_H
#define WMISIM_CHECK_CHECK_H

#include <wmisim/check.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/sim.h"

struct wmisim;
struct check_state;

enum check_rule {
  /* WMI rules */
  CHECK_WMI_COMPLETE,
  CHECK_WMI_FORWARD,
  CHECK_WMI_COMPLETED_BY_NON_PROVIDER,
  CHECK_WMI_STATUS_NOT_PRESET,
  CHECK_WMI_BUFFER_OVERRUN,
  CHECK_WMI_MALFORMED_WNODE,
  CHECK_WMI_MALFORMED_REGINFO,
  CHECK_WMI_IRQL_PASSIVE,
  CHECK_WMI_DEREGISTER_IN_DISPATCH,
  CHECK_WMI_DEREGISTER_TIMEOUT,
  CHECK_WMI_SURPRISE_REMOVE_NO_DEREGISTER,
  CHECK_WMI_DOUBLE_DEREGISTER,
  CHECK_WMI_DELETE_REGISTERED_DEVICE,
  CHECK_WMI_EVENT_TOO_LARGE,
  CHECK_WMI_EVENT_UNREGISTERED_GUID,
  CHECK_WMI_EVENT_IRQL,
  CHECK_WMI_REGINFO_FAILED,
  CHECK_WMI_DATA_SCHEMA,
  CHECK_REMOVE_LOCK_SYSTEM_CONTROL,
  /* IRP handling */
  CHECK_DOUBLE_COMPLETION,
  CHECK_COMPLETE_WITH_PENDING,
  CHECK_PENDING_WITHOUT_MARK,
  CHECK_MARK_WITHOUT_PENDING,
  CHECK_STATUS_MISMATCH,
  CHECK_LOWER_DRIVER_RETURN,
  CHECK_IRP_NOT_HANDLED,
  CHECK_INFORMATION_TOO_LARGE,
  CHECK_IRQL_NOT_RESTORED,
  CHECK_COMPLETE_WITH_CANCEL_ROUTINE,
  CHECK_FORWARD_WITH_CANCEL_ROUTINE,
  CHECK_COMPLETION_PENDING_PROPAGATION,
  CHECK_COMPLETION_ROUTINE_MISUSE,
  CHECK_NO_MORE_STACK_LOCATIONS,
  CHECK_IRP_USE_AFTER_FREE,
  CHECK_IRP_FREE_IN_USE,
  CHECK_CANCEL_ROUTINE_MISUSE,
  CHECK_REMOVE_LOCK_MISUSE,
  CHECK_DEVICE_INITIALIZING,
  CHECK_DELETE_DEVICE_TWICE,
  CHECK_DELETE_ATTACHED_DEVICE,
  CHECK_PNP_IRP_HANDLING,
  CHECK_OBJECT_REFERENCE,
  /* kernel */
  CHECK_IRQL_TOO_HIGH,
  CHECK_IRQL_RAISE_LOWER,
  CHECK_SPIN_LOCK_OWNED,
  CHECK_SPIN_LOCK_NOT_OWNED,
  CHECK_MUTEX_RECURSION,
  CHECK_MUTEX_NOT_OWNED,
  CHECK_SEMAPHORE_LIMIT,
  CHECK_PAGED_CODE,
  CHECK_POOL_BAD_FREE,
  CHECK_POOL_TAG_MISMATCH,
  CHECK_POOL_OVERRUN,
  CHECK_POOL_LEAK_AT_UNLOAD,
  CHECK_POOL_FREE_ACTIVE_TIMER,
  CHECK_BAD_PARAMETER,
  CHECK_RULE_COUNT
};

/* Where a violation happened; any field may be NULL/0. Fields the
 * reporter leaves NULL are taken from the thread's innermost dispatch
 * frame. */
struct check_site {
  PDEVICE_OBJECT device;
  PIRP irp;
  const char *routine;
};

/* An IRP named in a report after it was freed: its id and codes. */
struct check_irp_ref {
  uint64_t id;
  int major, minor;
};

struct check_state *check_create(struct wmisim *sim);
void check_destroy(struct check_state *state);

/* The checking state begins with its mode, so check_enabled is inline:
 * the request path asks it a dozen times. */
struct check_state_head {
  wmisim_check_mode_t mode;
};

/* True if the simulator evaluates rules (mode is not off). */
static inline bool check_enabled(const struct wmisim *sim) {
  if (sim == NULL || sim->check == NULL) return false;
  const struct check_state_head *head = (const struct check_state_head *)(const void *)sim->check;
  return head->mode != WMISIM_CHECK_OFF;
}

/* Records a violation of `rule`. The driver, device, major and minor codes
 * are taken from `site` and the calling thread's dispatch frame. */
void check_report(struct wmisim *sim, enum check_rule rule, const struct check_site *site, const char *format,
                  ...) WMISIM_PRINTF(4, 5);

/* As check_report, for an IRP that is no longer at hand (`irp`, if not
 * NULL, names it; site->irp is not used). */
void check_report_irp(struct wmisim *sim, enum check_rule rule, const struct check_site *site,
                      const struct check_irp_ref *irp, const char *format, ...) WMISIM_PRINTF(5, 6);

/* check_report_irp with a va_list. */
void check_vreport_irp(struct wmisim *sim, enum check_rule rule, const struct check_site *site,
                       const struct check_irp_ref *irp, const char *format, va_list args);

/* Reports a routine called above the IRQL it allows. */
void check_irql_violation(struct wmisim *sim, const char *routine, KIRQL current, KIRQL maximum);

/* Names what the simulator is doing for the violations recorded until it
 * is cleared (NULL), e.g. the stress step that is running; copied. */
void check_set_context(struct wmisim *sim, const char *context);

/* The table entry of a rule. */
const wmisim_rule_t *check_rule_info(enum check_rule rule);

#endif /* WMISIM_CHECK_CHECK_H */
