/*
 * workers.c - system worker threads and the work-item routines.
 */
#include "ke/workers.h"

#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/platform.h"

#define MAX_WORKERS 16

struct work {
  struct work *next;
  ke_work_fn fn;
  void *context;
  struct io_driver *driver;
  const char *routine;
};

struct ke_workers {
  struct wmisim *sim;
  plat_mutex_t lock;
  plat_cond_t wake;       /* a worker waits here for work */
  plat_cond_t idle;       /* wait_idle waits here */
  struct work *head, *tail;
  plat_thread_t *threads[MAX_WORKERS];
  int thread_count;
  int idle_count;         /* workers waiting for work */
  int blocked_count;      /* workers blocked inside an item */
  int running;            /* items being run */
  int system_threads;     /* PsCreateSystemThread threads still running */
  bool stopping;
};

static void run_item(struct ke_workers *workers, struct kthread *thread, struct work *item) {
  thread->irql = PASSIVE_LEVEL;
  struct io_driver *previous = ke_enter_driver(thread, item->driver);
  item->fn(item->context);
  ke_leave_driver(thread, previous);
  if (thread->irql != PASSIVE_LEVEL || thread->critical_region_depth != 0) {
    struct check_site site = {NULL, NULL, item->routine};
    check_report(workers->sim, CHECK_IRQL_NOT_RESTORED, &site,
                 "work item %s returned at IRQL %u with %d critical region(s) entered", item->routine, thread->irql,
                 thread->critical_region_depth);
    thread->irql = PASSIVE_LEVEL;
    thread->critical_region_depth = 0;
  }
}

static void worker_main(void *raw) {
  struct ke_workers *workers = raw;
  struct kthread *thread = ke_thread();
  thread->system_thread = true;
  thread->sim = workers->sim;
  thread->worker_pool = workers;
  plat_mutex_lock(&workers->lock);
  for (;;) {
    while (workers->head == NULL && !workers->stopping) {
      workers->idle_count++;
      plat_cond_wait(&workers->wake, &workers->lock);
      workers->idle_count--;
    }
    if (workers->head == NULL) break;
    struct work *item = workers->head;
    workers->head = item->next;
    if (workers->head == NULL) workers->tail = NULL;
    workers->running++;
    plat_mutex_unlock(&workers->lock);
    run_item(workers, thread, item);
    free(item);
    plat_mutex_lock(&workers->lock);
    workers->running--;
    if (workers->running == 0 && workers->head == NULL) plat_cond_broadcast(&workers->idle);
  }
  plat_mutex_unlock(&workers->lock);
  thread->worker_pool = NULL;
}

/* With the lock held: starts a worker if items wait and none can take them. */
static void maybe_start_worker(struct ke_workers *workers) {
  if (workers->head == NULL || workers->idle_count > 0 || workers->stopping) return;
  if (workers->thread_count > 0 && workers->blocked_count < workers->thread_count) return;
  if (workers->thread_count == MAX_WORKERS) return;
  if (plat_thread_create(&workers->threads[workers->thread_count], worker_main, workers) == 0)
    workers->thread_count++;
}

struct ke_workers *ke_workers_create(struct wmisim *sim) {
  struct ke_workers *workers = calloc(1, sizeof *workers);
  if (workers == NULL) return NULL;
  workers->sim = sim;
  plat_mutex_init(&workers->lock);
  plat_cond_init(&workers->wake);
  plat_cond_init(&workers->idle);
  return workers;
}

bool ke_workers_wait_idle(struct ke_workers *workers, uint64_t deadline_ns) {
  bool idle = true;
  plat_mutex_lock(&workers->lock);
  while (workers->head != NULL || workers->running > 0) {
    if (deadline_ns == UINT64_MAX) {
      plat_cond_wait(&workers->idle, &workers->lock);
    } else if (!plat_cond_wait_until(&workers->idle, &workers->lock, deadline_ns)) {
      idle = workers->head == NULL && workers->running == 0;
      break;
    }
  }
  plat_mutex_unlock(&workers->lock);
  return idle;
}

void ke_workers_system_thread_started(struct ke_workers *workers) {
  plat_mutex_lock(&workers->lock);
  workers->system_threads++;
  plat_mutex_unlock(&workers->lock);
}

void ke_workers_system_thread_ended(struct ke_workers *workers) {
  plat_mutex_lock(&workers->lock);
  if (--workers->system_threads == 0) plat_cond_broadcast(&workers->idle);
  plat_mutex_unlock(&workers->lock);
}

static bool wait_system_threads(struct ke_workers *workers, uint64_t deadline) {
  plat_mutex_lock(&workers->lock);
  while (workers->system_threads > 0)
    if (!plat_cond_wait_until(&workers->idle, &workers->lock, deadline)) break;
  bool done = workers->system_threads == 0;
  plat_mutex_unlock(&workers->lock);
  return done;
}

void ke_workers_destroy(struct ke_workers *workers) {
  uint64_t deadline = plat_monotonic_ns() + (uint64_t)workers->sim->options.drain_timeout_ms * 1000000u;
  if (!wait_system_threads(workers, deadline)) {
    sim_log(workers->sim, WMISIM_LOG_ERROR, "a system thread is still running after %u ms; it is abandoned",
            workers->sim->options.drain_timeout_ms);
    return;
  }
  if (!ke_workers_wait_idle(workers, deadline)) {
    sim_log(workers->sim, WMISIM_LOG_ERROR,
            "a work item is still running after %u ms; its worker thread is abandoned",
            workers->sim->options.drain_timeout_ms);
    return; /* the blocked worker still uses this memory */
  }
  plat_mutex_lock(&workers->lock);
  workers->stopping = true;
  plat_cond_broadcast(&workers->wake);
  plat_mutex_unlock(&workers->lock);
  for (int i = 0; i < workers->thread_count; i++) plat_thread_join(workers->threads[i]);
  plat_cond_destroy(&workers->idle);
  plat_cond_destroy(&workers->wake);
  plat_mutex_destroy(&workers->lock);
  free(workers);
}

bool ke_workers_queue(struct ke_workers *workers, ke_work_fn fn, void *context, struct io_driver *driver,
                      const char *routine) {
  struct work *item = malloc(sizeof *item);
  if (item == NULL) return false;
  *item = (struct work){NULL, fn, context, driver, routine};
  plat_mutex_lock(&workers->lock);
  if (workers->stopping) {
    plat_mutex_unlock(&workers->lock);
    free(item);
    return false;
  }
  if (workers->tail != NULL)
    workers->tail->next = item;
  else
    workers->head = item;
  workers->tail = item;
  maybe_start_worker(workers);
  plat_cond_signal(&workers->wake);
  plat_mutex_unlock(&workers->lock);
  return true;
}

void ke_workers_thread_blocking(struct kthread *thread) {
  struct ke_workers *workers = thread->worker_pool;
  if (workers == NULL || thread->worker_blocked) return;
  thread->worker_blocked = true;
  plat_mutex_lock(&workers->lock);
  workers->blocked_count++;
  maybe_start_worker(workers);
  plat_mutex_unlock(&workers->lock);
}

void ke_workers_thread_unblocked(struct kthread *thread) {
  struct ke_workers *workers = thread->worker_pool;
  if (workers == NULL || !thread->worker_blocked) return;
  thread->worker_blocked = false;
  plat_mutex_lock(&workers->lock);
  workers->blocked_count--;
  plat_mutex_unlock(&workers->lock);
}

/* ---- ExQueueWorkItem --------------------------------------------------------------------------- */

static void run_work_queue_item(void *context) {
  PWORK_QUEUE_ITEM item = context;
  item->WorkerRoutine(item->Parameter);
}

VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType) {
  (void)QueueType;
  struct wmisim *sim = sim_current();
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim, "ExQueueWorkItem", thread->irql, DISPATCH_LEVEL);
  if (sim == NULL || WorkItem == NULL || WorkItem->WorkerRoutine == NULL) {
    check_report(sim, CHECK_BAD_PARAMETER, NULL, "ExQueueWorkItem without a worker routine");
    return;
  }
  ke_workers_queue(sim->workers, run_work_queue_item, WorkItem, thread->driver, "ExQueueWorkItem routine");
}
