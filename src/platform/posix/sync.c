/*
 * sync.c - POSIX mutexes, read-write locks, condition variables, threads
 * and TLS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "platform/platform.h"

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(plat_mutex_t), "plat_mutex_t too small");
_Static_assert(sizeof(pthread_rwlock_t) <= sizeof(plat_rwlock_t), "plat_rwlock_t too small");
_Static_assert(sizeof(pthread_cond_t) <= sizeof(plat_cond_t), "plat_cond_t too small");
_Static_assert(sizeof(pthread_key_t) <= sizeof(unsigned long), "plat_tls_key_t too small");

#define AS_MUTEX(m) ((pthread_mutex_t *)(void *)(m)->opaque)
#define AS_RWLOCK(l) ((pthread_rwlock_t *)(void *)(l)->opaque)
#define AS_COND(c) ((pthread_cond_t *)(void *)(c)->opaque)

static void check(int rc, const char *what) {
  if (rc != 0) plat_fatal(what, rc);
}

void plat_mutex_init(plat_mutex_t *mutex) {
  check(pthread_mutex_init(AS_MUTEX(mutex), NULL), "pthread_mutex_init");
}

void plat_mutex_destroy(plat_mutex_t *mutex) {
  pthread_mutex_destroy(AS_MUTEX(mutex));
}

void plat_mutex_lock(plat_mutex_t *mutex) {
  check(pthread_mutex_lock(AS_MUTEX(mutex)), "pthread_mutex_lock");
}

bool plat_mutex_trylock(plat_mutex_t *mutex) {
  return pthread_mutex_trylock(AS_MUTEX(mutex)) == 0;
}

void plat_mutex_unlock(plat_mutex_t *mutex) {
  check(pthread_mutex_unlock(AS_MUTEX(mutex)), "pthread_mutex_unlock");
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

/* Condition variables wait on CLOCK_MONOTONIC so deadlines from
 * plat_monotonic_ns() are immune to wall-clock changes. */
void plat_cond_init(plat_cond_t *cond) {
  pthread_condattr_t attr;
  check(pthread_condattr_init(&attr), "pthread_condattr_init");
  check(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), "pthread_condattr_setclock");
  check(pthread_cond_init(AS_COND(cond), &attr), "pthread_cond_init");
  pthread_condattr_destroy(&attr);
}

void plat_cond_destroy(plat_cond_t *cond) {
  pthread_cond_destroy(AS_COND(cond));
}

void plat_cond_wait(plat_cond_t *cond, plat_mutex_t *mutex) {
  check(pthread_cond_wait(AS_COND(cond), AS_MUTEX(mutex)), "pthread_cond_wait");
}

bool plat_cond_wait_until(plat_cond_t *cond, plat_mutex_t *mutex, uint64_t deadline_ns) {
  struct timespec ts;
  ts.tv_sec = (time_t)(deadline_ns / 1000000000u);
  ts.tv_nsec = (long)(deadline_ns % 1000000000u);
  int rc = pthread_cond_timedwait(AS_COND(cond), AS_MUTEX(mutex), &ts);
  if (rc == ETIMEDOUT) return false;
  check(rc, "pthread_cond_timedwait");
  return true;
}

void plat_cond_signal(plat_cond_t *cond) {
  pthread_cond_signal(AS_COND(cond));
}

void plat_cond_broadcast(plat_cond_t *cond) {
  pthread_cond_broadcast(AS_COND(cond));
}

struct plat_thread {
  pthread_t handle;
};

struct thread_start {
  void (*entry)(void *arg);
  void *arg;
};

static void *thread_trampoline(void *raw) {
  /* The start block is the thread's own: plat_thread_detach may free the
   * plat_thread_t before this thread first runs. */
  struct thread_start start = *(struct thread_start *)raw;
  free(raw);
  start.entry(start.arg);
  return NULL;
}

int plat_thread_create(plat_thread_t **out, void (*entry)(void *arg), void *arg) {
  plat_thread_t *thread = calloc(1, sizeof *thread);
  struct thread_start *start = malloc(sizeof *start);
  if (thread == NULL || start == NULL) {
    free(thread);
    free(start);
    return ENOMEM;
  }
  start->entry = entry;
  start->arg = arg;
  int rc = pthread_create(&thread->handle, NULL, thread_trampoline, start);
  if (rc != 0) {
    free(start);
    free(thread);
    return rc;
  }
  *out = thread;
  return 0;
}

void plat_thread_join(plat_thread_t *thread) {
  if (thread == NULL) return;
  pthread_join(thread->handle, NULL);
  free(thread);
}

void plat_thread_detach(plat_thread_t *thread) {
  if (thread == NULL) return;
  pthread_detach(thread->handle);
  free(thread);
}

uint64_t plat_thread_id(void) {
#if defined(__linux__)
  return (uint64_t)syscall(SYS_gettid);
#else
  return (uint64_t)(uintptr_t)pthread_self();
#endif
}

uint64_t plat_process_id(void) {
  return (uint64_t)getpid();
}

void plat_yield(void) {
  sched_yield();
}

void plat_sleep_ns(uint64_t nanoseconds) {
  struct timespec ts = {(time_t)(nanoseconds / 1000000000u), (long)(nanoseconds % 1000000000u)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int plat_tls_create(plat_tls_key_t *key, void (*destructor)(void *value)) {
  pthread_key_t k;
  int rc = pthread_key_create(&k, destructor);
  if (rc == 0) key->value = (unsigned long)k;
  return rc;
}

void *plat_tls_get(plat_tls_key_t key) {
  return pthread_getspecific((pthread_key_t)key.value);
}

void plat_tls_set(plat_tls_key_t key, void *value) {
  check(pthread_setspecific((pthread_key_t)key.value, value), "pthread_setspecific");
}

unsigned plat_cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1u;
}

_Noreturn void plat_fatal(const char *what, int code) {
  fprintf(stderr, "wmisim: fatal host error in %s: %s (%d)\n", what, strerror(code), code);
  abort();
}
