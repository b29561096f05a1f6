/*
 * pool.c - ExAllocatePool* and ExFreePool*.
 */
#include "ex/pool.h"

#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "platform/atomic.h"
#include "platform/platform.h"

#define POOL_MAGIC 0x504f4f4cu       /* "POOL" */
#define POOL_FREED_MAGIC 0x46524545u /* "FREE" */
#define GUARD_SIZE 16
#define GUARD_BYTE 0xFD
#define TAG_TABLE_MIN 64

struct pool_block {
  uint32_t magic;
  ULONG tag;
  SIZE_T size;
  struct wmisim *sim;
  struct io_driver *owner;
  struct pool_block *prev, *next;
  uint64_t sequence;
  uint64_t pad;                      /* keeps the data MEMORY_ALLOCATION_ALIGNMENT-aligned */
};

_Static_assert(sizeof(struct pool_block) % 16 == 0, "pool header breaks alignment");

/* What the pool knows of one tag: kept up to date on every allocation and
 * free, so a query costs the same however many blocks are live. */
struct tag_count {
  ULONG tag;
  bool used;
  uint64_t allocations;  /* ever made */
  uint64_t blocks, bytes; /* live now */
};

struct pool_state {
  plat_mutex_t lock;
  struct pool_block head;            /* circular list of live blocks */
  uint64_t sequence;
  struct tag_count *tags;            /* open addressing, grown at half full */
  size_t tag_capacity, tag_used;
  struct tag_count totals;           /* over every tag */
};

/* ---- the registry of live blocks ------------------------------------------------------------ */

/* Every live block of every simulator, by the address drivers hold. A free
 * looks its pointer up here before touching the header in front of it, so
 * a pointer that is not (or no longer) a pool block is reported without
 * reading memory the pool does not own. The last freed addresses are kept
 * to tell a double free from a stray pointer. */
#define RECENT_FREES 1024
#define REGISTRY_TOMBSTONE ((uintptr_t)1)

static struct {
  plat_mutex_t lock;
  uintptr_t *slots;          /* 0 empty, 1 removed, else a block's data address */
  size_t capacity;           /* a power of two, or 0 */
  size_t used;               /* live entries and tombstones */
  size_t live;
  uintptr_t recent[RECENT_FREES];
  size_t recent_next;
} registry;
static volatile int32_t registry_state; /* 0 none, 1 initialising, 2 ready */

static void registry_init(void) {
  if (atomic_load_i32(&registry_state) == 2) return;
  if (atomic_cas_i32(&registry_state, 0, 1)) {
    plat_mutex_init(&registry.lock);
    atomic_store_i32(&registry_state, 2);
    return;
  }
  while (atomic_load_i32(&registry_state) != 2) plat_yield();
}

static size_t registry_home(uintptr_t key, size_t capacity) {
  uint64_t x = (uint64_t)key >> 4;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 17) & (capacity - 1);
}

/* With the lock held: the slot holding `key`, or NULL. */
static uintptr_t *registry_find(uintptr_t key) {
  if (registry.capacity == 0) return NULL;
  for (size_t i = registry_home(key, registry.capacity), n = 0; n < registry.capacity;
       i = (i + 1) & (registry.capacity - 1), n++) {
    if (registry.slots[i] == key) return &registry.slots[i];
    if (registry.slots[i] == 0) return NULL;
  }
  return NULL;
}

/* With the lock held: rehashes into a table twice the live size (at least 1024). */
static bool registry_grow(void) {
  size_t capacity = 1024;
  while (capacity < registry.live * 4) capacity *= 2;
  uintptr_t *slots = calloc(capacity, sizeof *slots);
  if (slots == NULL) return false;
  for (size_t i = 0; i < registry.capacity; i++) {
    uintptr_t key = registry.slots[i];
    if (key <= REGISTRY_TOMBSTONE) continue;
    size_t j = registry_home(key, capacity);
    while (slots[j] != 0) j = (j + 1) & (capacity - 1);
    slots[j] = key;
  }
  free(registry.slots);
  registry.slots = slots;
  registry.capacity = capacity;
  registry.used = registry.live;
  return true;
}

static bool registry_add(void *data) {
  uintptr_t key = (uintptr_t)data;
  registry_init();
  plat_mutex_lock(&registry.lock);
  bool ok = (registry.used + 1) * 2 <= registry.capacity || registry_grow();
  if (ok) {
    size_t i = registry_home(key, registry.capacity);
    while (registry.slots[i] > REGISTRY_TOMBSTONE) i = (i + 1) & (registry.capacity - 1);
    if (registry.slots[i] == 0) registry.used++;
    registry.slots[i] = key;
    registry.live++;
  }
  plat_mutex_unlock(&registry.lock);
  return ok;
}

enum registry_answer { BLOCK_LIVE, BLOCK_FREED, BLOCK_UNKNOWN };

/* Takes `data` out of the registry if it is a live block; from then on the
 * caller owns the block alone. */
static enum registry_answer registry_take(void *data) {
  uintptr_t key = (uintptr_t)data;
  enum registry_answer answer = BLOCK_UNKNOWN;
  registry_init();
  plat_mutex_lock(&registry.lock);
  uintptr_t *slot = registry_find(key);
  if (slot != NULL) {
    *slot = REGISTRY_TOMBSTONE;
    registry.live--;
    registry.recent[registry.recent_next] = key;
    registry.recent_next = (registry.recent_next + 1) % RECENT_FREES;
    answer = BLOCK_LIVE;
  } else {
    for (size_t i = 0; i < RECENT_FREES && answer == BLOCK_UNKNOWN; i++)
      if (registry.recent[i] == key) answer = BLOCK_FREED;
  }
  plat_mutex_unlock(&registry.lock);
  return answer;
}

/* ---- per-simulator state ------------------------------------------------------------------------ */

struct pool_state *pool_create(void) {
  struct pool_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
  state->head.prev = state->head.next = &state->head;
  return state;
}

static size_t tag_home(ULONG tag, size_t capacity) {
  return (size_t)(tag * 2654435761u) & (capacity - 1);
}

static bool tags_grow(struct pool_state *state) {
  size_t capacity = state->tag_capacity != 0 ? state->tag_capacity * 2 : TAG_TABLE_MIN;
  struct tag_count *grown = calloc(capacity, sizeof *grown);
  if (grown == NULL) return false;
  for (size_t i = 0; i < state->tag_capacity; i++) {
    if (!state->tags[i].used) continue;
    size_t slot = tag_home(state->tags[i].tag, capacity);
    while (grown[slot].used) slot = (slot + 1) & (capacity - 1);
    grown[slot] = state->tags[i];
  }
  free(state->tags);
  state->tags = grown;
  state->tag_capacity = capacity;
  return true;
}

/* With the lock held: the tag's entry, made if `create`; NULL if absent or
 * out of memory (then the counts of that one tag are not kept). */
static struct tag_count *tag_entry(struct pool_state *state, ULONG tag, bool create) {
  if (create && (state->tag_used + 1) * 2 > state->tag_capacity && !tags_grow(state)) return NULL;
  if (state->tag_capacity == 0) return NULL;
  size_t slot = tag_home(tag, state->tag_capacity);
  while (state->tags[slot].used && state->tags[slot].tag != tag) slot = (slot + 1) & (state->tag_capacity - 1);
  if (state->tags[slot].used) return &state->tags[slot];
  if (!create) return NULL;
  state->tags[slot] = (struct tag_count){.tag = tag, .used = true};
  state->tag_used++;
  return &state->tags[slot];
}

/* With the lock held: a block of `size` bytes came (+1) or went (-1). */
static void count_block(struct pool_state *state, ULONG tag, SIZE_T size, int direction) {
  struct tag_count *entry = tag_entry(state, tag, direction > 0);
  struct tag_count *counts[2] = {&state->totals, entry};
  for (int i = 0; i < 2 && counts[i] != NULL; i++) {
    if (direction > 0) {
      counts[i]->allocations++;
      counts[i]->blocks++;
      counts[i]->bytes += size;
    } else {
      counts[i]->blocks--;
      counts[i]->bytes -= size;
    }
  }
}

/* The largest request served: 1 TiB, or where size_t has 32 bits as much
 * as leaves room for the block header and guard without wrapping. */
#define POOL_MAX_SIZE                                                                       \
  (SIZE_MAX > ((uint64_t)1 << 40) ? (size_t)((uint64_t)1 << 40)                             \
                                  : SIZE_MAX - sizeof(struct pool_block) - GUARD_SIZE)

void *pool_allocate(struct wmisim *sim, struct io_driver *owner, SIZE_T size, ULONG tag, bool zero) {
  if (size > POOL_MAX_SIZE) return NULL;
  struct pool_block *block = malloc(sizeof *block + size + GUARD_SIZE);
  if (block == NULL) return NULL;
  if (!registry_add(block + 1)) {
    free(block);
    return NULL;
  }
  block->magic = POOL_MAGIC;
  block->tag = tag;
  block->size = size;
  block->sim = sim;
  block->owner = owner;
  unsigned char *data = (unsigned char *)(block + 1);
  /* Uninitialised pool is filled with a pattern, so code that reads it
   * before writing sees garbage deterministically. */
  memset(data, zero ? 0 : 0xCD, size);
  memset(data + size, GUARD_BYTE, GUARD_SIZE);
  if (sim != NULL) {
    struct pool_state *state = sim->pool;
    plat_mutex_lock(&state->lock);
    block->sequence = ++state->sequence;
    block->next = &state->head;
    block->prev = state->head.prev;
    state->head.prev->next = block;
    state->head.prev = block;
    count_block(state, tag, size, +1);
    plat_mutex_unlock(&state->lock);
  } else {
    block->prev = block->next = block;
  }
  return data;
}

static bool guard_intact(const struct pool_block *block) {
  const unsigned char *guard = (const unsigned char *)(block + 1) + block->size;
  for (int i = 0; i < GUARD_SIZE; i++)
    if (guard[i] != GUARD_BYTE) return false;
  return true;
}

/* Windows bug-checks when pool holding an armed timer or a queued DPC is
 * freed; here the timer or DPC is dropped so it never runs on freed memory. */
static void report_active_timers(struct pool_block *block, void *p, const struct check_site *site) {
  char what[64];
  size_t found = ke_timers_forget_in(block->sim->timers, p, block->size, what, sizeof what);
  if (found == 0) return;
  char tag_text[5];
  wmisim_pool_tag_text(block->tag, tag_text);
  check_report(block->sim, CHECK_POOL_FREE_ACTIVE_TIMER, site,
               "pool block %p (tag '%s', %zu bytes) was freed holding %s%s; it will not run", p, tag_text,
               (size_t)block->size, what, found > 1 ? " and more" : "");
}

void pool_free(void *p, ULONG tag, const char *routine) {
  struct wmisim *sim = sim_current();
  struct check_site site = {NULL, NULL, routine};
  enum registry_answer answer = p != NULL ? registry_take(p) : BLOCK_UNKNOWN;
  if (answer != BLOCK_LIVE) {
    check_report(sim, CHECK_POOL_BAD_FREE, &site, "%s(%p): %s", routine, p,
                 answer == BLOCK_FREED ? "block already freed" : "not a pool block");
    return;
  }
  struct pool_block *block = (struct pool_block *)p - 1;
  char tag_text[5];
  wmisim_pool_tag_text(block->tag, tag_text);
  if (block->sim != NULL) sim = block->sim;
  if (tag != 0 && tag != block->tag) {
    char given[5];
    wmisim_pool_tag_text(tag, given);
    check_report(sim, CHECK_POOL_TAG_MISMATCH, &site, "%s(%p, '%s'): the block was allocated with tag '%s'",
                 routine, p, given, tag_text);
  }
  if (!guard_intact(block))
    check_report(sim, CHECK_POOL_OVERRUN, &site, "pool block %p (tag '%s', %zu bytes) was written past its end",
                 p, tag_text, (size_t)block->size);
  if (block->sim != NULL) {
    report_active_timers(block, p, &site);
    struct pool_state *state = block->sim->pool;
    plat_mutex_lock(&state->lock);
    block->prev->next = block->next;
    block->next->prev = block->prev;
    count_block(state, block->tag, block->size, -1);
    plat_mutex_unlock(&state->lock);
  }
  block->magic = POOL_FREED_MAGIC;
  free(block);
}

uint64_t pool_driver_outstanding(struct wmisim *sim, struct io_driver *owner, uint64_t *bytes) {
  struct pool_state *state = sim->pool;
  uint64_t blocks = 0, total = 0;
  plat_mutex_lock(&state->lock);
  for (struct pool_block *b = state->head.next; b != &state->head; b = b->next) {
    if (owner != NULL && b->owner != owner) continue;
    blocks++;
    total += b->size;
  }
  plat_mutex_unlock(&state->lock);
  if (bytes != NULL) *bytes = total;
  return blocks;
}

/* ---- leaks at unload ---------------------------------------------------------------------- */

#define LEAK_TAGS_NAMED 8   /* tags spelled out in the violation */
#define LEAK_BLOCKS_LOGGED 32

struct leaked_block {
  void *address;
  ULONG tag;
  SIZE_T size;
  uint64_t sequence;
};

struct leak_summary {
  uint64_t blocks, bytes;
  size_t tag_count, tag_capacity;
  wmisim_pool_usage_t *tags;
  size_t logged;
  struct leaked_block block[LEAK_BLOCKS_LOGGED];
};

static void summarise_leaks(struct pool_state *state, struct io_driver *owner, struct leak_summary *out) {
  plat_mutex_lock(&state->lock);
  for (struct pool_block *b = state->head.next; b != &state->head; b = b->next) {
    if (b->owner != owner) continue;
    out->blocks++;
    out->bytes += b->size;
    size_t i = 0;
    while (i < out->tag_count && out->tags[i].tag != b->tag) i++;
    if (i == out->tag_count && out->tag_count == out->tag_capacity) {
      size_t capacity = out->tag_capacity != 0 ? out->tag_capacity * 2 : 16;
      wmisim_pool_usage_t *grown = realloc(out->tags, capacity * sizeof *grown);
      if (grown != NULL) {
        out->tags = grown;
        out->tag_capacity = capacity;
      }
    }
    if (i == out->tag_count && out->tag_count < out->tag_capacity)
      out->tags[out->tag_count++] = (wmisim_pool_usage_t){b->tag, 0, 0, 0};
    if (i < out->tag_count) {
      out->tags[i].blocks++;
      out->tags[i].bytes += b->size;
    }
    if (out->logged < LEAK_BLOCKS_LOGGED)
      out->block[out->logged++] = (struct leaked_block){b + 1, b->tag, b->size, b->sequence};
  }
  plat_mutex_unlock(&state->lock);
}

static int compare_usage(const void *a, const void *b);

void pool_report_unload_leaks(struct wmisim *sim, struct io_driver *owner) {
  struct leak_summary *leaks = calloc(1, sizeof *leaks);
  if (leaks == NULL) return;
  summarise_leaks(sim->pool, owner, leaks);
  if (leaks->blocks == 0) {
    free(leaks->tags);
    free(leaks);
    return;
  }
  qsort(leaks->tags, leaks->tag_count, sizeof leaks->tags[0], compare_usage);
  char tags[300] = "";
  size_t n = 0;
  for (size_t i = 0; i < leaks->tag_count && i < LEAK_TAGS_NAMED && n < sizeof tags; i++) {
    char text[5];
    wmisim_pool_tag_text(leaks->tags[i].tag, text);
    n += (size_t)snprintf(tags + n, sizeof tags - n, "%s'%s' %llu block%s (%llu bytes)", i > 0 ? ", " : "", text,
                          (unsigned long long)leaks->tags[i].blocks, leaks->tags[i].blocks == 1 ? "" : "s",
                          (unsigned long long)leaks->tags[i].bytes);
  }
  if (leaks->tag_count > LEAK_TAGS_NAMED && n < sizeof tags) snprintf(tags + n, sizeof tags - n, ", ...");
  /* The driver at fault is the one unloading: report as its code. */
  struct kthread *thread = ke_thread();
  struct io_driver *previous = ke_enter_driver(thread, owner);
  struct check_site site = {NULL, NULL, "DriverUnload"};
  check_report(sim, CHECK_POOL_LEAK_AT_UNLOAD, &site, "driver '%s' unloaded with %llu pool block%s (%llu bytes) allocated: %s",
               io_driver_name(owner), (unsigned long long)leaks->blocks, leaks->blocks == 1 ? "" : "s",
               (unsigned long long)leaks->bytes, tags);
  ke_leave_driver(thread, previous);
  for (size_t i = 0; i < leaks->logged; i++) {
    char text[5];
    wmisim_pool_tag_text(leaks->block[i].tag, text);
    sim_log(sim, WMISIM_LOG_WARNING, "  leaked pool block %p: tag '%s', %zu bytes, allocation #%llu",
            leaks->block[i].address, text, (size_t)leaks->block[i].size, (unsigned long long)leaks->block[i].sequence);
  }
  free(leaks->tags);
  free(leaks);
}

void pool_destroy(struct wmisim *sim, struct pool_state *state) {
  uint64_t bytes;
  uint64_t blocks = pool_driver_outstanding(sim, NULL, &bytes);
  if (blocks != 0)
    sim_log(sim, WMISIM_LOG_WARNING, "%llu pool blocks (%llu bytes) were never freed",
            (unsigned long long)blocks, (unsigned long long)bytes);
  /* Detach leaked blocks so a late ExFreePool does not touch freed state. */
  for (struct pool_block *b = state->head.next; b != &state->head;) {
    struct pool_block *next = b->next;
    b->sim = NULL;
    b->prev = b->next = b;
    b = next;
  }
  plat_mutex_destroy(&state->lock);
  free(state->tags);
  free(state);
}

/* ---- the routines drivers call ------------------------------------------------------------ */

static void *allocate_for_caller(SIZE_T size, ULONG tag, bool zero, bool paged) {
  struct kthread *thread = ke_thread();
  struct wmisim *sim = sim_current();
  if (paged && thread->irql > APC_LEVEL) check_irql_violation(sim, "paged pool allocation", thread->irql, APC_LEVEL);
  else if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim, "ExAllocatePool", thread->irql, DISPATCH_LEVEL);
  return pool_allocate(sim, thread->driver, size, tag, zero);
}

static bool is_paged(POOL_TYPE type) {
  return (type & 1) != 0 && type < NonPagedPoolNx;
}

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return allocate_for_caller(NumberOfBytes, Tag, false, is_paged(PoolType));
}

PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, 0x656E6F4Eu); /* 'None' */
}

PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

PVOID NTAPI ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                          EX_POOL_PRIORITY Priority) {
  (void)Priority;
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

/* ExAllocatePool2 zeroes unless POOL_FLAG_UNINITIALIZED, and rejects a
 * zero tag and unknown required flags (it returns NULL on Windows). */
PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  const POOL_FLAGS known = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION |
                           POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE | POOL_FLAG_NON_PAGED |
                           POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED;
  POOL_FLAGS required = Flags & 0xFFFFFFFFull;
  int kinds = !!(Flags & POOL_FLAG_NON_PAGED) + !!(Flags & POOL_FLAG_NON_PAGED_EXECUTE) + !!(Flags & POOL_FLAG_PAGED);
  if (Tag == 0 || (required & ~known) != 0 || kinds != 1) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL,
                 "ExAllocatePool2(flags %#llx, %zu, tag %#x): needs a nonzero tag and exactly one pool kind",
                 (unsigned long long)Flags, (size_t)NumberOfBytes, (unsigned)Tag);
    return NULL;
  }
  return allocate_for_caller(NumberOfBytes, Tag, (Flags & POOL_FLAG_UNINITIALIZED) == 0,
                             (Flags & POOL_FLAG_PAGED) != 0);
}

PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return allocate_for_caller(NumberOfBytes, Tag, true, is_paged(PoolType));
}

PVOID NTAPI ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

VOID NTAPI ExFreePool(PVOID P) {
  pool_free(P, 0, "ExFreePool");
}

VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag) {
  pool_free(P, Tag, "ExFreePoolWithTag");
}

/* ---- public accounting API ---------------------------------------------------------------- */

void wmisim_pool_tag_text(ULONG tag, char text[5]) {
  for (int i = 0; i < 4; i++) {
    unsigned char c = (unsigned char)(tag >> (8 * i));
    text[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
  }
  text[4] = '\0';
}

wmisim_pool_usage_t wmisim_pool_usage(wmisim_t *sim, ULONG tag) {
  wmisim_pool_usage_t usage = {tag, 0, 0, 0};
  struct pool_state *state = sim->pool;
  plat_mutex_lock(&state->lock);
  const struct tag_count *counts = tag == 0 ? &state->totals : tag_entry(state, tag, false);
  if (counts != NULL) {
    usage.blocks = counts->blocks;
    usage.bytes = counts->bytes;
    usage.allocations = counts->allocations;
  }
  plat_mutex_unlock(&state->lock);
  return usage;
}

static int compare_usage(const void *a, const void *b) {
  ULONG x = ((const wmisim_pool_usage_t *)a)->tag, y = ((const wmisim_pool_usage_t *)b)->tag;
  return x < y ? -1 : x > y;
}

void wmisim_pool_report(wmisim_t *sim, wmisim_pool_usage_t *entries, size_t capacity, size_t *count) {
  struct pool_state *state = sim->pool;
  plat_mutex_lock(&state->lock);
  wmisim_pool_usage_t *found = calloc(state->tag_used != 0 ? state->tag_used : 1, sizeof *found);
  size_t n = 0;
  for (size_t i = 0; found != NULL && i < state->tag_capacity; i++) {
    const struct tag_count *c = &state->tags[i];
    if (c->used && c->blocks != 0) found[n++] = (wmisim_pool_usage_t){c->tag, c->blocks, c->bytes, c->allocations};
  }
  plat_mutex_unlock(&state->lock);
  if (found != NULL) qsort(found, n, sizeof found[0], compare_usage);
  for (size_t i = 0; i < n && i < capacity; i++) entries[i] = found[i];
  *count = n;
  free(found);
}
