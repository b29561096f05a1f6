/*
 * dispatcher.h - waiting on dispatcher objects (events, semaphores,
 * mutexes, timers) without allocating: a thread parks on a lock and
 * condition variable chosen by hashing the object's address.
 */
#ifndef WMISIM_KE_DISPATCHER_H
#define WMISIM_KE_DISPATCHER_H

#include <wdm.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* DISPATCHER_HEADER.Type values, Windows' KOBJECTS numbering. */
enum ke_object_type {
  KE_EVENT_NOTIFICATION = 0,
  KE_EVENT_SYNCHRONIZATION = 1,
  KE_MUTANT = 2,
  KE_SEMAPHORE = 5,
  KE_TIMER_NOTIFICATION = 8,
  KE_TIMER_SYNCHRONIZATION = 9
};

void ke_dispatcher_global_init(void);

/* Sets a dispatcher object's signal state under its bucket lock and wakes
 * its waiters; returns the previous state. */
LONG ke_signal_object(DISPATCHER_HEADER *header, LONG state);

/* KePulseEvent: satisfies the threads parked on `header` at this moment
 * (every one if `all`, else the one waiting longest) and leaves the object
 * not signalled; returns the previous state. Waits on several objects are
 * not reached (they see only signal states). */
LONG ke_pulse_object(DISPATCHER_HEADER *header, bool all);

/* Threads parked on `key` right now (for tests and diagnostics). */
size_t ke_parked_count(const void *key);

/* Reads a signal state under its bucket lock. */
LONG ke_read_state(DISPATCHER_HEADER *header);

/* The system time a wait timeout or timer due time stands for: negative is
 * relative to `now`, positive absolute; saturates at INT64_MAX instead of
 * overflowing (drivers pass MAXLONGLONG for "practically never"). */
int64_t ke_due_time(int64_t now, LONGLONG due);

/* plat_monotonic_ns() time `interval_100ns` from now; UINT64_MAX (never)
 * if that does not fit. */
uint64_t ke_host_deadline(int64_t interval_100ns);

/* A wait's deadline from a KeWait* timeout: UINT64_MAX for none, else
 * plat_monotonic_ns() time. `virtual_target` receives the system time the
 * wait ends at, for moving a virtual clock on timeout. */
uint64_t ke_deadline(const LARGE_INTEGER *timeout, int64_t *virtual_target);

/* Blocks on a lock/condition pair of the dispatcher's choosing that is keyed
 * by `key`: `ready(key, context)` is evaluated with the lock held and the
 * wait ends when it returns true or the deadline passes (returns false).
 * Used for the fast mutex and remove-lock waits, which are not dispatcher
 * objects on their own. */
bool ke_park(const void *key, bool (*ready)(void *key, void *context), void *context, uint64_t deadline);
/* Wakes every waiting thread to look at its wait again: after a test moved
 * the virtual clock, waits whose timeout it passed end. */
void ke_wake_all_waiters(void);

/* Wakes every thread parked on `key` after `update(key, context)` ran under
 * the key's lock. */
void ke_unpark_all(const void *key, void (*update)(void *key, void *context), void *context);

#endif /* WMISIM_KE_DISPATCHER_H */
