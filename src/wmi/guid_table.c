/*
 * guid_table.c - finding a GUID's entry in the same time whether the
 * service knows one GUID or a million, and without a lock, so consumers on
 * several threads do not queue behind each other or behind registrations.
 *
 * An open-addressing table of entry pointers, linear probing, at most half
 * full. Entries are only ever added (they live until the service ends), so
 * a reader needs no lock: a slot once filled never changes. Writers hold
 * the service lock. To grow, a writer fills a table twice the size and
 * publishes it; readers still in the old one find what they look for there
 * too, so old tables are kept until the service ends (together they are
 * smaller than the newest).
 *
 * Entries are allocated in slabs, one cache line each, so a request
 * taking one GUID's entry lock never disturbs a request on another GUID.
 */
#include <stdlib.h>
#include <string.h>

#include "platform/atomic.h"
#include "platform/spinlock.h"
#include "wmi/wmi_internal.h"

#define FIRST_CAPACITY 256u
#define CACHE_LINE 64u
#define SLAB_ENTRIES 64u

_Static_assert(sizeof(struct wmi_guid) <= CACHE_LINE, "a GUID entry fits a cache line");

/* Entries never go before the service, so they come from slabs freed at
 * its end. */
struct wmi_guid_slab {
  struct wmi_guid_slab *next;
  void *memory;                     /* what malloc returned */
  unsigned used;
  unsigned char *lines;             /* SLAB_ENTRIES cache-line-aligned entries */
};

struct wmi_guid_table {
  struct wmi_guid_table *replaced;  /* the smaller table this one replaced */
  size_t mask;                      /* capacity - 1, a power of two minus one */
  void *volatile slots[];           /* struct wmi_guid *, or NULL */
};

static size_t guid_hash(const GUID *guid) {
  uint64_t low, high;
  memcpy(&low, guid, sizeof low);
  memcpy(&high, (const unsigned char *)guid + sizeof low, sizeof high);
  uint64_t h = (low ^ (high * 0x9e3779b97f4a7c15ull)) * 0xbf58476d1ce4e5b9ull;
  return (size_t)(h ^ (h >> 31));
}

static struct wmi_guid_table *new_table(size_t capacity) {
  struct wmi_guid_table *table = calloc(1, sizeof *table + capacity * sizeof table->slots[0]);
  if (table != NULL) table->mask = capacity - 1;
  return table;
}

static struct wmi_guid_table *current_table(struct wmi_service *service) {
  return atomic_load_ptr((void *const volatile *)&service->guid_table);
}

bool wmi_guid_table_init(struct wmi_service *service) {
  service->guid_table = new_table(FIRST_CAPACITY);
  return service->guid_table != NULL;
}

static struct wmi_guid *new_entry(struct wmi_service *service) {
  struct wmi_guid_slab *slab = service->guid_slabs;
  if (slab == NULL || slab->used == SLAB_ENTRIES) {
    slab = malloc(sizeof *slab);
    void *memory = slab != NULL ? malloc(SLAB_ENTRIES * CACHE_LINE + CACHE_LINE - 1) : NULL;
    if (memory == NULL) {
      free(slab);
      return NULL;
    }
    slab->memory = memory;
    slab->lines = (unsigned char *)(((uintptr_t)memory + CACHE_LINE - 1) & ~(uintptr_t)(CACHE_LINE - 1));
    slab->used = 0;
    slab->next = service->guid_slabs;
    service->guid_slabs = slab;
  }
  struct wmi_guid *entry = (struct wmi_guid *)(void *)(slab->lines + (size_t)slab->used++ * CACHE_LINE);
  memset(entry, 0, sizeof *entry);
  return entry;
}

void wmi_guid_table_destroy(struct wmi_service *service) {
  for (struct wmi_guid_slab *slab = service->guid_slabs, *next; slab != NULL; slab = next) {
    next = slab->next;
    free(slab->memory);
    free(slab);
  }
  service->guid_slabs = NULL;
  service->guids = NULL;
  for (struct wmi_guid_table *t = service->guid_table, *replaced; t != NULL; t = replaced) {
    replaced = t->replaced;
    free(t);
  }
  service->guid_table = NULL;
}

struct wmi_guid *wmi_guid_find(struct wmi_service *service, const GUID *guid) {
  struct wmi_guid_table *table = current_table(service);
  for (size_t i = guid_hash(guid) & table->mask;; i = (i + 1) & table->mask) {
    struct wmi_guid *g = atomic_load_ptr(&table->slots[i]);
    if (g == NULL || IsEqualGUID(&g->guid, guid)) return g;
  }
}

/* Puts an entry in the first free slot of its probe sequence (lock held). */
static void place(struct wmi_guid_table *table, struct wmi_guid *entry) {
  size_t i = guid_hash(&entry->guid) & table->mask;
  while (atomic_load_ptr(&table->slots[i]) != NULL) i = (i + 1) & table->mask;
  atomic_store_ptr(&table->slots[i], entry);
}

/* Makes room for one more entry (lock held); false if memory ran out. */
static bool reserve_room(struct wmi_service *service) {
  struct wmi_guid_table *table = current_table(service);
  if ((service->guid_count + 1) * 2 <= table->mask + 1) return true;
  struct wmi_guid_table *bigger = new_table((table->mask + 1) * 2);
  if (bigger == NULL) return false;
  for (struct wmi_guid *g = service->guids; g != NULL; g = g->next) place(bigger, g);
  bigger->replaced = table;
  atomic_store_ptr((void *volatile *)&service->guid_table, bigger);
  return true;
}

struct wmi_guid *wmi_guid_lookup(struct wmi_service *service, const GUID *guid, bool create) {
  struct wmi_guid *found = wmi_guid_find(service, guid);
  if (found != NULL || !create || !reserve_room(service)) return found;
  struct wmi_guid *g = new_entry(service);
  if (g == NULL) return NULL;
  g->guid = *guid;
  g->next = service->guids;
  service->guids = g;
  service->guid_count++;
  place(current_table(service), g);
  return g;
}

/* Held for a few instructions at a time: a spin lock. */
void wmi_guid_entry_lock(struct wmi_guid *entry) {
  spin_lock(&entry->lock);
}

void wmi_guid_entry_unlock(struct wmi_guid *entry) {
  spin_unlock(&entry->lock);
}

struct wmi_guid *wmi_guid_registered(struct wmi_service *service, const GUID *guid) {
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  if (entry != NULL && entry->blocks == NULL) entry = NULL;
  plat_mutex_unlock(&service->lock);
  return entry;
}
