/*
 * wmisim/check.h - the checking mode: WMI and IRP-handling rules enforced
 * while a driver runs, as Driver Verifier and Static Driver Verifier would.
 *
 * Every rule has a stable id (e.g. "WmiComplete"), the Windows rule or
 * Driver Verifier code it mirrors, and a one-line hint at the fix;
 * docs/checks.md lists them with a wrong and a right driver fragment.
 * A simulator checks in WMISIM_CHECK_REPORT mode unless created otherwise.
 */
#ifndef WMISIM_CHECK_H
#define WMISIM_CHECK_H

#include <wmisim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One rule violation, as recorded. Strings are owned by the simulator and
 * stay valid until wmisim_violations_clear() or wmisim_destroy(); copy what
 * must outlive them. Fields are only ever appended. */
typedef struct wmisim_violation {
  uint64_t sequence;        /* 1 for the simulator's first violation, then 2, ... */
  const char *rule;         /* stable rule id, e.g. "WmiForward" */
  const char *counterpart;  /* what it mirrors on Windows, e.g. "Driver Verifier 0x220" */
  const char *hint;         /* one line on how to fix the driver */
  const char *message;      /* what happened, with the values involved */
  const char *driver;       /* service name of the driver at fault, or "" */
  const char *device;       /* the device object's display name, or "" */
  const char *routine;      /* the driver routine or kernel routine involved, or "" */
  uint64_t irp;             /* the IRP's id in traces, or 0 */
  int major;                /* IRP_MJ_*, or -1 */
  int minor;                /* IRP_MN_*, or -1 */
  const char *context;      /* what the simulator was doing, e.g. "stress seed 0x2a step 17:
                               IRP_MN_QUERY_SINGLE_INSTANCE ...", or "" */
} wmisim_violation_t;

/* Called for every violation as it is recorded, in every mode but off, on
 * the thread that broke the rule (a simulator thread for work items, DPCs,
 * timers and system threads), with no simulator lock held. Without a
 * handler, fail-fast mode prints the violation and calls abort(); a test
 * framework installs its own to fail the test instead (wmisim/cmocka.h). */
typedef void (*wmisim_violation_fn)(void *context, const wmisim_violation_t *violation);

/* Changes the checking mode of a running simulator. */
WMISIM_API void wmisim_set_check_mode(wmisim_t *sim, wmisim_check_mode_t mode);
WMISIM_API wmisim_check_mode_t wmisim_check_mode(const wmisim_t *sim);

/* Installs a violation handler (NULL restores the default). */
WMISIM_API void wmisim_set_violation_handler(wmisim_t *sim, wmisim_violation_fn handler, void *context);

/* Number of violations recorded since creation or the last clear. */
WMISIM_API size_t wmisim_violation_count(wmisim_t *sim);

/* Number of recorded violations of one rule. */
WMISIM_API size_t wmisim_violation_count_rule(wmisim_t *sim, const char *rule);

/* Copies violation `index` (0 is the oldest) to *violation; false if out of range. */
WMISIM_API bool wmisim_violation_get(wmisim_t *sim, size_t index, wmisim_violation_t *violation);

/* Forgets every recorded violation. */
WMISIM_API void wmisim_violations_clear(wmisim_t *sim);

/* For a violation handler that leaves by longjmp, as a test framework's
 * failure does (wmisim/cmocka.h). Returns false on the simulator's own
 * threads (work items, DPCs, timers, event delivery, system threads): they
 * cannot be unwound, so record the violation and return. Otherwise the
 * calling thread may jump out of the simulator: its kernel state (dispatch
 * frames, IRQL, current simulator and driver) is reset so it can create
 * and use simulators again, and `sim` (if not NULL) stops waiting for the
 * requests the unwound code left in flight: its drain bound becomes 0, so
 * wmisim_destroy() reports them instead of waiting. The unwound IRP and the
 * driver's state are left as they were; destroy the simulator next. */
WMISIM_API bool wmisim_violation_unwind(wmisim_t *sim);

/* Formats a violation on one line, e.g.
 * "WmiForward (SDV WmiForward): filter!DispatchSystemControl, IRP #12 IRP_MJ_SYSTEM_CONTROL/IRP_MN_QUERY_ALL_DATA
 *  on \Device\Filter0: ... -- hint: ... [context]". Returns the length it needed
 * (snprintf's convention: the output is truncated to `size`). */
WMISIM_API size_t wmisim_violation_format(const wmisim_violation_t *violation, char *buffer, size_t size);

/* A rule of the checking mode. */
typedef struct wmisim_rule {
  const char *id;
  const char *counterpart;
  const char *summary;  /* what the rule catches */
  const char *hint;
} wmisim_rule_t;

/* The rules, in a stable order; *count receives their number. */
WMISIM_API const wmisim_rule_t *wmisim_rules(size_t *count);

/* Looks a rule up by id; NULL if unknown. */
WMISIM_API const wmisim_rule_t *wmisim_rule_find(const char *id);

/* ---- MOF schemas: the WmiDataSchema rule ----------------------------------------------- */

struct wmisim_mof_schema;
struct wmisim_mof_diagnostics;

/* Gives the checking mode the MOF classes of the drivers under test
 * (wmisim/mof.h). For every GUID with a data or event block class in the
 * schema, the WmiDataSchema rule then checks what drivers return and
 * accept against the class: query results (QUERY_ALL_DATA,
 * QUERY_SINGLE_INSTANCE), method output against the method's out
 * parameters, data a driver accepted in CHANGE_SINGLE_INSTANCE and
 * CHANGE_SINGLE_ITEM (including items the MOF does not declare `write`),
 * and events passed to IoWMIWriteEvent. GUIDs the schema does not know are
 * not checked. The schema is borrowed: it must stay alive and unchanged
 * until it is detached (NULL) or the simulator is destroyed. Replaces a
 * schema attached or loaded before; checks running on other threads finish
 * with the old one before this returns. Returns STATUS_SUCCESS. */
WMISIM_API NTSTATUS wmisim_check_attach_mof(wmisim_t *sim, const struct wmisim_mof_schema *schema);

/* Loads the MOF file at `path` into a schema the simulator owns (created
 * by the first call; later calls add to it) and attaches it. Safe while
 * requests are in flight on other threads: their checks wait for the load.
 * Errors are those of wmisim_mof_schema_load_file() (STATUS_OBJECT_NAME_NOT_FOUND,
 * STATUS_DATA_ERROR with messages in `diags` if not NULL, ...); a file that
 * fails to load adds nothing. */
WMISIM_API NTSTATUS wmisim_check_load_mof(wmisim_t *sim, const char *path, struct wmisim_mof_diagnostics *diags);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_CHECK_H */
