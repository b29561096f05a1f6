/*
 * jobs.h - background statements and waiting for what they do:
 *
 *   spawn NAME STATEMENT...   runs an operation on a thread of its own
 *   await pending [MINOR]     until a dispatch routine returns STATUS_PENDING
 *   await irp MINOR           until an IRP with that minor code is sent
 *   await note TEXT           until a trace note contains TEXT
 *   join NAME                 waits for the statement; prints its output now
 *
 * so a script can have a request in flight while it does something else
 * (a surprise removal while a method call is pending). Awaits look at the
 * trace events since the last spawn or await, so they do not depend on
 * timing; only a failure gives up, after 10 s (await) or 30 s (join) of
 * host time.
 */
#ifndef WMISIM_SIM_JOBS_H
#define WMISIM_SIM_JOBS_H

#include "interp.h"

enum outcome cmd_spawn(struct exec *exec);
enum outcome cmd_join(struct exec *exec);
enum outcome cmd_await(struct exec *exec);
bool check_spawn(const struct statement *statement, struct script_error *error);
bool check_await(const struct statement *statement, struct script_error *error);

/* Waits for every job (bounded) and frees them and the watch; before the
 * simulator is destroyed. */
void jobs_close(struct session *session);

#endif /* WMISIM_SIM_JOBS_H */
