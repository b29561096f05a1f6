/*
 * platform.h - the only interface between wmisim and its host OS.
 *
 * Threads, locks, condition variables, thread-local storage, clocks, shared
 * libraries, GUID text and terminals. One implementation per platform lives
 * under posix/ and win32/; no other file includes an OS header. The types
 * are opaque, fixed-size storage so callers embed them without allocating.
 * Nothing here uses wmisim's WDK types.
 */
#ifndef WMISIM_PLATFORM_H
#define WMISIM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct plat_mutex {
  _Alignas(16) unsigned char opaque[64];
} plat_mutex_t;

typedef struct plat_cond {
  _Alignas(16) unsigned char opaque[64];
} plat_cond_t;

typedef struct plat_rwlock {
  _Alignas(16) unsigned char opaque[64];
} plat_rwlock_t;

typedef struct plat_thread plat_thread_t;

typedef struct plat_tls_key {
  unsigned long value;
} plat_tls_key_t;

/* A GUID in Windows' memory layout (Data1-3 in host byte order). */
typedef struct plat_guid {
  uint32_t data1;
  uint16_t data2;
  uint16_t data3;
  uint8_t data4[8];
} plat_guid_t;

/* Mutexes are not recursive. Initialisation cannot fail on supported hosts;
 * a failure is a fatal host error reported by plat_fatal. */
void plat_mutex_init(plat_mutex_t *mutex);
void plat_mutex_destroy(plat_mutex_t *mutex);
void plat_mutex_lock(plat_mutex_t *mutex);
bool plat_mutex_trylock(plat_mutex_t *mutex);
void plat_mutex_unlock(plat_mutex_t *mutex);

/* Many readers or one writer; not recursive, no upgrade from read to write. */
void plat_rwlock_init(plat_rwlock_t *lock);
void plat_rwlock_destroy(plat_rwlock_t *lock);
void plat_rwlock_read_lock(plat_rwlock_t *lock);
void plat_rwlock_read_unlock(plat_rwlock_t *lock);
void plat_rwlock_write_lock(plat_rwlock_t *lock);
void plat_rwlock_write_unlock(plat_rwlock_t *lock);

void plat_cond_init(plat_cond_t *cond);
void plat_cond_destroy(plat_cond_t *cond);
void plat_cond_wait(plat_cond_t *cond, plat_mutex_t *mutex);
/* Waits until signalled or until plat_monotonic_ns() reaches deadline_ns;
 * returns false on timeout. */
bool plat_cond_wait_until(plat_cond_t *cond, plat_mutex_t *mutex, uint64_t deadline_ns);
void plat_cond_signal(plat_cond_t *cond);
void plat_cond_broadcast(plat_cond_t *cond);

/* Returns 0, or an errno-style code if the thread could not be created. */
int plat_thread_create(plat_thread_t **thread, void (*entry)(void *arg), void *arg);
void plat_thread_join(plat_thread_t *thread);
/* Lets a thread run to its end unjoined; frees `thread`. */
void plat_thread_detach(plat_thread_t *thread);
/* A number identifying the calling OS thread while it lives. */
uint64_t plat_thread_id(void);
uint64_t plat_process_id(void);
void plat_yield(void);
void plat_sleep_ns(uint64_t nanoseconds);

/* One slot per key; the destructor runs at thread exit for non-NULL values. */
int plat_tls_create(plat_tls_key_t *key, void (*destructor)(void *value));
void *plat_tls_get(plat_tls_key_t key);
void plat_tls_set(plat_tls_key_t key, void *value);

uint64_t plat_monotonic_ns(void);
/* Wall-clock time in Windows' unit: 100 ns intervals since 1601-01-01 UTC. */
uint64_t plat_system_time_100ns(void);
/* CPU time consumed by the calling thread. */
uint64_t plat_thread_cpu_ns(void);
unsigned plat_cpu_count(void);
/* The process's resident memory (Linux: /proc/self/statm; Windows: the
 * working set), in bytes; 0 where the host cannot tell. */
uint64_t plat_process_rss_bytes(void);

/* Shared libraries. On failure returns NULL and writes a message to error. */
void *plat_library_open(const char *path, char *error, size_t error_size);
void *plat_library_symbol(void *library, const char *name);
void plat_library_close(void *library);
/* The platform's shared-library file suffix (".so", ".dll"). */
const char *plat_library_suffix(void);

/* GUID text: 36 characters, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
 * without braces. Parsing returns false for anything else. */
bool plat_guid_parse(const char *text, plat_guid_t *guid);
void plat_guid_format(const plat_guid_t *guid, char text[37]);

/* True if the stream (1 = stdout, 2 = stderr) is a terminal. */
bool plat_is_terminal(int stream);

/* Ends the process after a host failure wmisim cannot recover from. */
_Noreturn void plat_fatal(const char *what, int code);

#endif /* WMISIM_PLATFORM_H */
