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

/* Tells the processor this is a wait loop: on x86 it then does not
 * speculate through the loop (and flush it when the word changes), and a
 * sibling hardware thread gets the core meanwhile. */
static inline void spin_pause(void) {
#if defined(_MSC_VER) && !defined(__clang__) && (defined(_M_IX86) || defined(_M_X64))
  _mm_pause();
#elif (defined(__GNUC__) || defined(__clang__)) && (defined(__i386__) || defined(__x86_64__))
  __builtin_ia32_pause();
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static inline void spin_lock(volatile int32_t *lock) {
  while (!atomic_cas_i32(lock, 0, 1)) {
    unsigned spins = 0;
    while (atomic_load_i32(lock) != 0) {
      spin_pause();
      if (++spins == SPIN_BEFORE_YIELD) {
        plat_yield();
        spins = 0;
      }
    }
  }
}

static inline void spin_unlock(volatile int32_t *lock) {
  atomic_store_release_i32(lock, 0);
}

#endif /* WMISIM_PLATFORM_SPINLOCK_H */
