/*
 * workers.h - system worker threads (work items) of a simulator.
 *
 * Items run one at a time on a single worker, in queue order, which keeps
 * runs reproducible; a second worker starts only when every worker is
 * blocked in a wait and items are queued, so a work item that waits for
 * another cannot deadlock the queue (Windows' pool grows the same way).
 */
#ifndef WMISIM_KE_WORKERS_H
#define WMISIM_KE_WORKERS_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;
struct kthread;
struct io_driver;
struct ke_workers;
struct ke_timers;

typedef void (*ke_work_fn)(void *context);

struct ke_workers *ke_workers_create(struct wmisim *sim);
/* Runs what is still queued, then stops and joins the workers. */
void ke_workers_destroy(struct ke_workers *workers);

/* Queues `fn(context)` to run at PASSIVE_LEVEL as code of `driver`.
 * Returns false if the simulator is shutting down. */
bool ke_workers_queue(struct ke_workers *workers, ke_work_fn fn, void *context, struct io_driver *driver,
                      const char *routine);

/* Waits until no item is queued or running; false if `deadline_ns`
 * (plat_monotonic_ns time, UINT64_MAX: none) passed first. */
bool ke_workers_wait_idle(struct ke_workers *workers, uint64_t deadline_ns);

/* Called by a thread about to block and after it resumes; lets the pool
 * start another worker if every worker is blocked. */
void ke_workers_thread_blocking(struct kthread *thread);
void ke_workers_thread_unblocked(struct kthread *thread);

/* Counts the simulator's system threads (PsCreateSystemThread) so that
 * destruction can wait for them to end. */
void ke_workers_system_thread_started(struct ke_workers *workers);
void ke_workers_system_thread_ended(struct ke_workers *workers);

/* ---- DPCs and timers (timers.c) ------------------------------------------------------------ */

struct ke_timers *ke_timers_create(struct wmisim *sim);
void ke_timers_destroy(struct ke_timers *timers);
/* Tells the timer thread the virtual clock moved to `now` and waits until
 * the timers that expired have fired (unless called on the timer thread or
 * at DISPATCH_LEVEL or above). False, and nothing done, when no timer is
 * due by `now` and no DPC is queued: then nothing can have moved the
 * clock meanwhile. */
bool ke_timers_clock_changed(struct ke_timers *timers, int64_t now);
bool ke_timers_wait_idle(struct ke_timers *timers, uint64_t deadline_ns);
/* Memory [start, start + size) is being freed: disarms the timers and
 * dequeues the DPCs that live in it, so the timer thread never touches
 * them again. Returns how many there were; `what` names the first. */
size_t ke_timers_forget_in(struct ke_timers *timers, const void *start, size_t size, char *what, size_t what_size);

#endif /* WMISIM_KE_WORKERS_H */
