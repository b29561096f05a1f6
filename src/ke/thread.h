/*
 * thread.h - per-thread kernel state (wmisim's KTHREAD).
 *
 * Every OS thread that touches the simulator gets one lazily: its IRQL, the
 * simulator it works for, the driver it is running code of, and the stack
 * of dispatch frames the I/O manager pushes around each dispatch routine.
 */
#ifndef WMISIM_KE_THREAD_H
#define WMISIM_KE_THREAD_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;
struct io_frame;
struct io_driver;
struct ke_workers;

/* Freed memory blocks a thread keeps for reuse (ke_cache_take). */
#define KE_CACHED_BLOCKS 8
#define KE_CACHED_BLOCK_MAX (64u << 10)

struct ke_cached_block {
  void *block;
  size_t size;
};

/* Freed memory a thread keeps readable, and unused, for a while
 * (ke_quarantine). */
#define KE_QUARANTINE_SIZE 64

struct ke_quarantined {
  void *memory;
  void (*release)(void *memory);
  const void *owner;
};

struct kthread {
  /* Written on every request by its own thread: padding keeps another
   * thread's data off its first and last cache lines. */
  char apart_before[64];
  uint32_t magic;
  KIRQL irql;
  bool system_thread;            /* a simulator worker, DPC or system thread */
  int critical_region_depth;
  struct wmisim *sim;            /* the simulator this thread works for, if known */
  int64_t sim_epoch;             /* sim_destroy_epoch() when `sim` was last known alive */
  struct io_driver *driver;      /* driver whose code is running, if any */
  struct io_frame *frame;        /* innermost dispatch frame */
  uint64_t os_thread_id;
  struct ke_workers *worker_pool;/* set on system worker threads */
  bool worker_blocked;
  struct ke_cached_block cache[KE_CACHED_BLOCKS];
  unsigned cache_victim;         /* the slot a full cache gives up next */
  /* 0, 1, 2, ... in the order threads first touch the simulator: picks a
   * shard of per-simulator state written on every request, so threads
   * working at the same time use different shards (io/state.c's stack
   * locks, io_irp_home). */
  unsigned shard;
  void *wmilib_calls;            /* the innermost WMILIB callback running on this thread (wmilib/pending.c) */
  void *wmilib_guid_index;       /* GuidList entries found (wmilib/guid_index.c), malloc'ed */
  /* The thread's record of IRPs it has in drivers, in the WMI service
   * whose id is wmi_sender_service (wmi/senders.c); the service owns it. */
  void *wmi_sender;
  uint64_t wmi_sender_service;
  /* The virtual clock of `clock_sim` as this thread's WMI request stepped
   * it, read instead of the shared clock while the request is in its
   * driver (core/clock.c); NULL when none is. */
  struct wmisim *clock_sim;
  int64_t clock_seen;
  /* KE_QUARANTINE_SIZE slots, allocated by the first ke_quarantine: apart
   * from the fields above, which every routine reads. */
  struct ke_quarantined *quarantine;
  unsigned quarantine_next;      /* the slot the next ke_quarantine takes */
  char apart_after[64];
};

#define KTHREAD_MAGIC 0x4b544852u /* "KTHR" */

#if defined(_MSC_VER) && !defined(__clang__)
#define KE_THREAD_LOCAL __declspec(thread)
#else
#define KE_THREAD_LOCAL _Thread_local
#endif

/* The calling thread's state once ke_thread has made it: a thread-local
 * copy of the TLS slot that owns it (the slot frees it at thread exit),
 * read inline a dozen times per request. */
extern KE_THREAD_LOCAL struct kthread *ke_current_thread;
struct kthread *ke_thread_first_use(void);

/* The calling thread's state, created on first use; never NULL. */
static inline struct kthread *ke_thread(void) {
  return ke_current_thread != NULL ? ke_current_thread : ke_thread_first_use();
}

/* The thread waits or takes a lock: what it learns through it may include
 * other threads' clock steps, so it reads the shared clock again. */
static inline void ke_clock_forget(struct kthread *thread) {
  thread->clock_sim = NULL;
}

/* Run driver code on behalf of `driver`: the previous driver is returned so
 * the caller can restore it. */
struct io_driver *ke_enter_driver(struct kthread *thread, struct io_driver *driver);
static inline void ke_leave_driver(struct kthread *thread, struct io_driver *previous) {
  thread->driver = previous;
}

/* Takes and drops a KSPIN_LOCK for `thread` without changing its IRQL
 * (irql.c); for routines that may run at any IRQL, such as the
 * ExInterlocked list routines. Misuse is reported as for KeAcquireSpinLock. */
void ke_spin_acquire(PKSPIN_LOCK lock, struct kthread *thread);
void ke_spin_release(PKSPIN_LOCK lock, struct kthread *thread);

/* A block of `size` bytes: one of that size the calling thread gave up
 * with ke_cache_give, else a new one (NULL if memory ran out); free it
 * with ke_cache_give or free(). Memory the simulator allocates and frees
 * for every request (IRPs, WNODE buffers) cycles through this per-thread
 * cache instead of malloc: no lock, no allocator work, on any number of
 * threads, and a cache line of padding after each block so blocks of
 * different threads never share one. The contents are whatever the
 * previous user left. */
void *ke_cache_alloc(size_t size);
/* Keeps a block from ke_cache_alloc of `size` bytes for reuse by this
 * thread, or frees it (too large, or the cache full: its oldest goes). */
void ke_cache_give(void *block, size_t size);

/* Keeps memory freed on this thread readable and unused until
 * KE_QUARANTINE_SIZE later calls on the thread have passed, the thread
 * ends, or its `owner` releases what it owns here
 * (ke_quarantine_release_owner); then `release` frees it. The I/O manager
 * keeps freed IRPs so, marked freed: a second IoFreeIrp or a late
 * IoCompleteRequest is reported instead of touching reused memory. Per
 * thread: no lock on a path every request takes, and the memory is reused
 * by the thread that freed it. */
void ke_quarantine(const void *owner, void *memory, void (*release)(void *memory));
/* Releases what this thread keeps for `owner` (a simulator that ends).
 * Other threads keep theirs until they pass it on or end. */
void ke_quarantine_release_owner(const void *owner);

/* Called once by the simulator layer at library load. */
void ke_thread_global_init(void);

#endif /* WMISIM_KE_THREAD_H */
