/*
 * spinlock.h - a lock word for critical sections of a few instructions on
 * the request path (a GUID entry's block list, WMILIB's buckets, an IRP
 * quarantine shard), where a mutex's system calls would cost more than
 * the section.
 *
 * A waiter reads the word until it looks free before trying again, so
 * waiting threads do not keep taking the cache line from the holder, and
 * yields the processor now and then, so a holder that was preempted gets
 * to run (two threads on one CPU would otherwise spin out the time slice).
 */
#ifndef WMISIM_PLATFORM_SPINLOCK_H
#define WMISIM_PLATFORM_SPINLOCK_H

#include "platform/atomic.h"
#include "platform/platform.h"

#define SPIN_BEFORE_YIELD 128

static inline void spin_lock(volatile int32_t *lock) {
  while (!atomic_cas_i32(lock, 0, 1)) {
    unsigned spins = 0;
    while (atomic_load_i32(lock) != 0)
      if (++spins == SPIN_BEFORE_YIELD) {
        plat_yield();
        spins = 0;
      }
  }
}

static inline void spin_unlock(volatile int32_t *lock) {
  atomic_store_release_i32(lock, 0);
}

#endif /* WMISIM_PLATFORM_SPINLOCK_H */
