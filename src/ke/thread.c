/*
 * thread.c - per-thread kernel state and the thread routines drivers call.
 */
#include "ke/thread.h"

#include <stdlib.h>

#include "platform/atomic.h"
#include "platform/platform.h"

static plat_tls_key_t thread_key;
static volatile int32_t init_state; /* 0 not started, 1 running, 2 done */
static volatile int32_t next_shard;
KE_THREAD_LOCAL struct kthread *ke_current_thread;

static void release_quarantined(struct ke_quarantined *slot) {
  void *memory = slot->memory;
  slot->memory = NULL;
  if (memory != NULL) slot->release(memory);
}

static void destroy_thread_state(void *value) {
  struct kthread *thread = value;
  /* What the quarantine releases may give blocks to this thread's cache,
   * through ke_thread: it must find this state, not make another. */
  struct kthread *previous = ke_current_thread;
  ke_current_thread = thread;
  if (thread->quarantine != NULL)
    for (size_t i = 0; i < KE_QUARANTINE_SIZE; i++) release_quarantined(&thread->quarantine[i]);
  free(thread->quarantine);
  ke_current_thread = previous == thread ? NULL : previous;
  for (size_t i = 0; i < KE_CACHED_BLOCKS; i++) free(thread->cache[i].block);
  free(thread->wmilib_guid_index);
  thread->magic = 0;
  free(thread);
}

void ke_thread_global_init(void) {
  if (atomic_load_i32(&init_state) == 2) return;
  if (atomic_cas_i32(&init_state, 0, 1)) {
    if (plat_tls_create(&thread_key, destroy_thread_state) != 0) plat_fatal("plat_tls_create", 0);
    atomic_store_i32(&init_state, 2);
    return;
  }
  while (atomic_load_i32(&init_state) != 2) plat_yield();
}

struct kthread *ke_thread_first_use(void) {
  ke_thread_global_init();
  struct kthread *thread = plat_tls_get(thread_key);
  if (thread != NULL) {
    ke_current_thread = thread;
    return thread;
  }
  thread = calloc(1, sizeof *thread);
  if (thread == NULL) plat_fatal("allocating thread state", 12);
  thread->magic = KTHREAD_MAGIC;
  thread->irql = PASSIVE_LEVEL;
  thread->os_thread_id = plat_thread_id();
  thread->shard = (unsigned)atomic_add_i32(&next_shard, 1);
  plat_tls_set(thread_key, thread);
  ke_current_thread = thread;
  return thread;
}

void *ke_cache_alloc(size_t size) {
  struct kthread *thread = ke_thread();
  for (size_t i = 0; i < KE_CACHED_BLOCKS; i++)
    if (thread->cache[i].block != NULL && thread->cache[i].size == size) {
      void *block = thread->cache[i].block;
      thread->cache[i].block = NULL;
      return block;
    }
  return size <= SIZE_MAX - 64 ? malloc(size + 64) : NULL;
}

void ke_cache_give(void *block, size_t size) {
  if (block == NULL) return;
  if (size > KE_CACHED_BLOCK_MAX) {
    free(block);
    return;
  }
  struct kthread *thread = ke_thread();
  size_t slot = KE_CACHED_BLOCKS;
  for (size_t i = 0; i < KE_CACHED_BLOCKS && slot == KE_CACHED_BLOCKS; i++)
    if (thread->cache[i].block == NULL) slot = i;
  if (slot == KE_CACHED_BLOCKS) {
    slot = thread->cache_victim++ % KE_CACHED_BLOCKS;
    free(thread->cache[slot].block);
  }
  thread->cache[slot] = (struct ke_cached_block){block, size};
}

void ke_quarantine(const void *owner, void *memory, void (*release)(void *memory)) {
  struct kthread *thread = ke_thread();
  if (thread->quarantine == NULL) thread->quarantine = calloc(KE_QUARANTINE_SIZE, sizeof *thread->quarantine);
  if (thread->quarantine == NULL) {
    release(memory); /* no memory for the quarantine: freed at once, unwatched */
    return;
  }
  struct ke_quarantined evicted = thread->quarantine[thread->quarantine_next];
  thread->quarantine[thread->quarantine_next] = (struct ke_quarantined){memory, release, owner};
  thread->quarantine_next = (thread->quarantine_next + 1) % KE_QUARANTINE_SIZE;
  release_quarantined(&evicted);
}

void ke_quarantine_release_owner(const void *owner) {
  struct kthread *thread = ke_thread();
  if (thread->quarantine == NULL) return;
  for (size_t i = 0; i < KE_QUARANTINE_SIZE; i++)
    if (thread->quarantine[i].owner == owner) release_quarantined(&thread->quarantine[i]);
}

struct io_driver *ke_enter_driver(struct kthread *thread, struct io_driver *driver) {
  struct io_driver *previous = thread->driver;
  thread->driver = driver;
  return previous;
}

PKTHREAD NTAPI KeGetCurrentThread(VOID) {
  return (PKTHREAD)ke_thread();
}

HANDLE NTAPI PsGetCurrentThreadId(VOID) {
  return (HANDLE)(uintptr_t)ke_thread()->os_thread_id;
}

HANDLE NTAPI PsGetCurrentProcessId(VOID) {
  return (HANDLE)(uintptr_t)4; /* the System process */
}

PEPROCESS NTAPI IoGetCurrentProcess(VOID) {
  static int system_process;
  return (PEPROCESS)(void *)&system_process;
}

BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread) {
  struct kthread *thread = (struct kthread *)Thread;
  return thread != NULL && thread->system_thread;
}

KPRIORITY NTAPI KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority) {
  (void)Thread;
  (void)Priority;
  return 8;
}

ULONG NTAPI KeGetCurrentProcessorNumber(VOID) {
  return 0;
}

ULONG NTAPI KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors) {
  unsigned count = plat_cpu_count();
  if (count > 64) count = 64;
  if (ActiveProcessors != NULL)
    *ActiveProcessors = count >= 64 ? ~(KAFFINITY)0 : (((KAFFINITY)1 << count) - 1);
  return count;
}

VOID NTAPI KeEnterCriticalRegion(VOID) {
  ke_thread()->critical_region_depth++;
}

VOID NTAPI KeLeaveCriticalRegion(VOID) {
  ke_thread()->critical_region_depth--;
}

VOID NTAPI KeEnterGuardedRegion(VOID) {
  KeEnterCriticalRegion();
}

VOID NTAPI KeLeaveGuardedRegion(VOID) {
  KeLeaveCriticalRegion();
}

BOOLEAN NTAPI KeAreApcsDisabled(VOID) {
  struct kthread *thread = ke_thread();
  return thread->critical_region_depth > 0 || thread->irql >= APC_LEVEL;
}
