/*
 * senders.c - the IRPs each sending thread has in drivers, for
 * DEREGISTER's report and the service's end.
 *
 * A request's IRP is noted in its sending thread's record while the
 * sender waits for it: a record is written by its thread alone, so a note
 * takes plain stores, where a slot in the provider's table, shared by
 * every thread sending to it, takes a compare-and-exchange. Readers walk
 * the records, and the providers' tables, under the list's lock. An IRP
 * whose sender gives up moves to its provider's table under that lock too
 * (request.c), so a reader finds it in one place, never none or two; one
 * nested deeper than a record holds goes there from the start.
 *
 * A thread's record is made at its first request to the service and kept
 * until the service ends; a thread that ends leaves it empty, and a later
 * thread at the same address takes it over.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ke/thread.h"
#include "platform/atomic.h"
#include "platform/spinlock.h"
#include "wmi/wmi_internal.h"

#define SENDER_DEPTH 4

struct wmi_sender {
  char apart_before[64];            /* written on every request by its thread: a line of its own */
  struct wmi_sender *next;          /* service->senders, under senders_lock */
  const struct kthread *thread;
  int depth;                        /* entries in use: requests nest, so the last noted is the first cleared */
  struct wmi_provider *volatile providers[SENDER_DEPTH];
  volatile int64_t ids[SENDER_DEPTH]; /* 0: empty */
  char apart_after[64];
};

static volatile int64_t last_service_id;

void wmi_senders_init(struct wmi_service *service) {
  service->id = (uint64_t)atomic_add_i64(&last_service_id, 1);
}

void wmi_senders_free(struct wmi_service *service) {
  for (struct wmi_sender *s = service->senders, *next; s != NULL; s = next) {
    next = s->next;
    free(s);
  }
  service->senders = NULL;
}

/* The calling thread's record for `service`: remembered by the thread,
 * found or made under the list's lock the first time. NULL if memory ran
 * out. The service's id, not its address, tells a later service at the
 * same address apart. */
static struct wmi_sender *sender_of(struct wmi_service *service, struct kthread *thread) {
  if (thread->wmi_sender != NULL && thread->wmi_sender_service == service->id) return thread->wmi_sender;
  spin_lock(&service->senders_lock);
  struct wmi_sender *record = service->senders;
  while (record != NULL && record->thread != thread) record = record->next;
  if (record == NULL && (record = calloc(1, sizeof *record)) != NULL) {
    record->thread = thread;
    record->next = service->senders;
    service->senders = record;
  }
  spin_unlock(&service->senders_lock);
  if (record != NULL) {
    thread->wmi_sender = record;
    thread->wmi_sender_service = service->id;
  }
  return record;
}

struct wmi_sender *wmi_sender_note(struct wmi_service *service, struct wmi_provider *provider, uint64_t irp_id,
                                   int *entry) {
  struct wmi_sender *record = sender_of(service, ke_thread());
  if (record == NULL || record->depth == SENDER_DEPTH) return NULL;
  *entry = record->depth++;
  /* The provider first: a reader that sees the id sees it too. (One that
   * read an id just before its entry was cleared and reused may pair it
   * with the next provider: a report a moment out of date, no more.) */
  atomic_store_release_ptr((void *volatile *)&record->providers[*entry], provider);
  atomic_store_release_i64(&record->ids[*entry], (int64_t)irp_id);
  return record;
}

void wmi_sender_clear(struct wmi_sender *record, int entry) {
  atomic_store_release_i64(&record->ids[entry], 0);
  record->depth = entry;
}

void wmi_senders_lock(struct wmi_service *service) {
  spin_lock(&service->senders_lock);
}

void wmi_senders_unlock(struct wmi_service *service) {
  spin_unlock(&service->senders_lock);
}

int wmi_senders_irps(struct wmi_service *service, const struct wmi_provider *provider, char *ids, size_t size,
                     size_t *used) {
  int irps = 0;
  for (const struct wmi_sender *s = service->senders; s != NULL; s = s->next)
    for (int i = 0; i < SENDER_DEPTH; i++) {
      int64_t id = atomic_load_i64(&s->ids[i]);
      if (id == 0 || atomic_load_ptr((void *const volatile *)&s->providers[i]) != provider) continue;
      irps++;
      wmi_irp_ids_append(ids, size, used, id);
    }
  return irps;
}

void wmi_irp_ids_append(char *ids, size_t size, size_t *used, int64_t id) {
  if (ids != NULL && *used < size)
    *used += (size_t)snprintf(ids + *used, size - *used, " #%llu", (unsigned long long)id);
}
