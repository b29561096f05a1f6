/*
 * sync.c - Win32 locks (SRW, exclusive for mutexes, shared or exclusive
 * for read-write locks), condition variables, threads and TLS.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>

#include "platform/platform.h"

_Static_assert(sizeof(SRWLOCK) <= sizeof(plat_mutex_t), "plat_mutex_t too small");
_Static_assert(sizeof(SRWLOCK) <= sizeof(plat_rwlock_t), "plat_rwlock_t too small");
_Static_assert(sizeof(CONDITION_VARIABLE) <= sizeof(plat_cond_t), "plat_cond_t too small");

#define AS_LOCK(m) ((PSRWLOCK)(void *)(m)->opaque)
#define AS_COND(c) ((PCONDITION_VARIABLE)(void *)(c)->opaque)

void plat_mutex_init(plat_mutex_t *mutex) { InitializeSRWLock(AS_LOCK(mutex)); }
void plat_mutex_destroy(plat_mutex_t *mutex) { (void)mutex; }
void plat_mutex_lock(plat_mutex_t *mutex) { AcquireSRWLockExclusive(AS_LOCK(mutex)); }
bool plat_mutex_trylock(plat_mutex_t *mutex) { return TryAcquireSRWLockExclusive(AS_LOCK(mutex)) != 0; }
void plat_mutex_unlock(plat_mutex_t *mutex) { ReleaseSRWLockExclusive(AS_LOCK(mutex)); }

/* An SRW lock holds no resources: nothing to destroy. */
void plat_rwlock_init(plat_rwlock_t *lock) { InitializeSRWLock(AS_LOCK(lock)); }
void plat_rwlock_destroy(plat_rwlock_t *lock) { (void)lock; }
void plat_rwlock_read_lock(plat_rwlock_t *lock) { AcquireSRWLockShared(AS_LOCK(lock)); }
void plat_rwlock_read_unlock(plat_rwlock_t *lock) { ReleaseSRWLockShared(AS_LOCK(lock)); }
void plat_rwlock_write_lock(plat_rwlock_t *lock) { AcquireSRWLockExclusive(AS_LOCK(lock)); }
void plat_rwlock_write_unlock(plat_rwlock_t *lock) { ReleaseSRWLockExclusive(AS_LOCK(lock)); }

void plat_cond_init(plat_cond_t *cond) { InitializeConditionVariable(AS_COND(cond)); }
void plat_cond_destroy(plat_cond_t *cond) { (void)cond; }

void plat_cond_wait(plat_cond_t *cond, plat_mutex_t *mutex) {
  SleepConditionVariableSRW(AS_COND(cond), AS_LOCK(mutex), INFINITE, 0);
}

bool plat_cond_wait_until(plat_cond_t *cond, plat_mutex_t *mutex, uint64_t deadline_ns) {
  uint64_t now = plat_monotonic_ns();
  if (now >= deadline_ns) return false;
  uint64_t ms = (deadline_ns - now + 999999u) / 1000000u;
  if (ms >= INFINITE) ms = INFINITE - 1;
  if (SleepConditionVariableSRW(AS_COND(cond), AS_LOCK(mutex), (DWORD)ms, 0)) return true;
  if (GetLastError() != ERROR_TIMEOUT) plat_fatal("SleepConditionVariableSRW", (int)GetLastError());
  return plat_monotonic_ns() < deadline_ns;
}

void plat_cond_signal(plat_cond_t *cond) { WakeConditionVariable(AS_COND(cond)); }
void plat_cond_broadcast(plat_cond_t *cond) { WakeAllConditionVariable(AS_COND(cond)); }

struct plat_thread {
  HANDLE handle;
};

struct thread_start {
  void (*entry)(void *arg);
  void *arg;
};

static unsigned __stdcall thread_trampoline(void *raw) {
  /* The start block is the thread's own: plat_thread_detach may free the
   * plat_thread_t before this thread first runs. */
  struct thread_start start = *(struct thread_start *)raw;
  free(raw);
  start.entry(start.arg);
  return 0;
}

int plat_thread_create(plat_thread_t **out, void (*entry)(void *arg), void *arg) {
  plat_thread_t *thread = calloc(1, sizeof *thread);
  struct thread_start *start = malloc(sizeof *start);
  if (thread == NULL || start == NULL) {
    free(thread);
    free(start);
    return 12; /* ENOMEM */
  }
  start->entry = entry;
  start->arg = arg;
  thread->handle = (HANDLE)_beginthreadex(NULL, 0, thread_trampoline, start, 0, NULL);
  if (thread->handle == NULL) {
    free(start);
    free(thread);
    return 11; /* EAGAIN */
  }
  *out = thread;
  return 0;
}

void plat_thread_join(plat_thread_t *thread) {
  if (thread == NULL) return;
  WaitForSingleObject(thread->handle, INFINITE);
  CloseHandle(thread->handle);
  free(thread);
}

void plat_thread_detach(plat_thread_t *thread) {
  if (thread == NULL) return;
  CloseHandle(thread->handle);
  free(thread);
}

uint64_t plat_thread_id(void) { return GetCurrentThreadId(); }
uint64_t plat_process_id(void) { return GetCurrentProcessId(); }
void plat_yield(void) { SwitchToThread(); }

void plat_sleep_ns(uint64_t nanoseconds) {
  Sleep((DWORD)((nanoseconds + 999999u) / 1000000u));
}

/* Fiber-local storage gives a destructor that runs at thread exit, which
 * plain TLS slots do not. Its callback is WINAPI (stdcall on 32-bit x86),
 * so the caller's cdecl destructor is reached through a WINAPI trampoline,
 * one per key: the callback receives only the value. */
#define TLS_KEYS 4
static void (*tls_destructors[TLS_KEYS])(void *value);
static volatile LONG tls_keys_used;

#define TLS_TRAMPOLINE(n)                                                   \
  static VOID WINAPI fls_destructor_##n(PVOID value) {                    \
    if (value != NULL && tls_destructors[n] != NULL) tls_destructors[n](value); \
  }
TLS_TRAMPOLINE(0)
TLS_TRAMPOLINE(1)
TLS_TRAMPOLINE(2)
TLS_TRAMPOLINE(3)
static const PFLS_CALLBACK_FUNCTION fls_trampolines[TLS_KEYS] = {fls_destructor_0, fls_destructor_1,
                                                                 fls_destructor_2, fls_destructor_3};

int plat_tls_create(plat_tls_key_t *key, void (*destructor)(void *value)) {
  PFLS_CALLBACK_FUNCTION callback = NULL;
  if (destructor != NULL) {
    LONG slot = InterlockedIncrement(&tls_keys_used) - 1;
    if (slot >= TLS_KEYS) return 11; /* EAGAIN: raise TLS_KEYS */
    tls_destructors[slot] = destructor;
    callback = fls_trampolines[slot];
  }
  DWORD index = FlsAlloc(callback);
  if (index == FLS_OUT_OF_INDEXES) return 11;
  key->value = index;
  return 0;
}

void *plat_tls_get(plat_tls_key_t key) { return FlsGetValue((DWORD)key.value); }

void plat_tls_set(plat_tls_key_t key, void *value) {
  if (!FlsSetValue((DWORD)key.value, value)) plat_fatal("FlsSetValue", (int)GetLastError());
}

unsigned plat_cpu_count(void) {
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  return info.dwNumberOfProcessors > 0 ? info.dwNumberOfProcessors : 1u;
}

_Noreturn void plat_fatal(const char *what, int code) {
  fprintf(stderr, "wmisim: fatal host error in %s (%d)\n", what, code);
  abort();
}
