/*
 * rwlock.c - POSIX read-write locks.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "platform/platform.h"

_Static_assert(sizeof(pthread_rwlock_t) <= sizeof(plat_rwlock_t), "plat_rwlock_t too small");

#define AS_RWLOCK(l) ((pthread_rwlock_t *)(void *)(l)->opaque)

static void check(int rc, const char *what) {
  if (rc != 0) plat_fatal(what, rc);
}

void plat_rwlock_init(plat_rwlock_t *lock) {
  check(pthread_rwlock_init(AS_RWLOCK(lock), NULL), "pthread_rwlock_init");
}

void plat_rwlock_destroy(plat_rwlock_t *lock) {
  pthread_rwlock_destroy(AS_RWLOCK(lock));
}

void plat_rwlock_read_lock(plat_rwlock_t *lock) {
  check(pthread_rwlock_rdlock(AS_RWLOCK(lock)), "pthread_rwlock_rdlock");
}

void plat_rwlock_read_unlock(plat_rwlock_t *lock) {
  check(pthread_rwlock_unlock(AS_RWLOCK(lock)), "pthread_rwlock_unlock");
}

void plat_rwlock_write_lock(plat_rwlock_t *lock) {
  check(pthread_rwlock_wrlock(AS_RWLOCK(lock)), "pthread_rwlock_wrlock");
}

void plat_rwlock_write_unlock(plat_rwlock_t *lock) {
  check(pthread_rwlock_unlock(AS_RWLOCK(lock)), "pthread_rwlock_unlock");
}
