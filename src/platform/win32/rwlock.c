/*
 * rwlock.c - Win32 read-write locks: slim reader/writer locks.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "platform/platform.h"

_Static_assert(sizeof(SRWLOCK) <= sizeof(plat_rwlock_t), "plat_rwlock_t too small");

#define AS_SRW(l) ((PSRWLOCK)(void *)(l)->opaque)

void plat_rwlock_init(plat_rwlock_t *lock) {
  InitializeSRWLock(AS_SRW(lock));
}

/* An SRW lock holds no resources. */
void plat_rwlock_destroy(plat_rwlock_t *lock) {
  (void)lock;
}

void plat_rwlock_read_lock(plat_rwlock_t *lock) {
  AcquireSRWLockShared(AS_SRW(lock));
}

void plat_rwlock_read_unlock(plat_rwlock_t *lock) {
  ReleaseSRWLockShared(AS_SRW(lock));
}

void plat_rwlock_write_lock(plat_rwlock_t *lock) {
  AcquireSRWLockExclusive(AS_SRW(lock));
}

void plat_rwlock_write_unlock(plat_rwlock_t *lock) {
  ReleaseSRWLockExclusive(AS_SRW(lock));
}
