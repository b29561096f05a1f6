/*
 * events.c - IoWMIWriteEvent, the bounded event queue and its delivery
 * thread, event references and subscriptions.
 *
 * Events are delivered asynchronously, in the order written, on the
 * service's own thread at PASSIVE_LEVEL. An event nobody subscribed to is
 * dropped and counted; when the queue is full the event is refused and each
 * subscriber of its GUID is told how many it lost with its next event.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/schema.h"
#include "core/sim.h"
#include "ex/pool.h"
#include "io/io.h"
#include "ke/thread.h"
#include "rtl/text.h"
#include "wmi/events.h"
#include "wmi/exchange.h"

#define ALIGN8(x) (((x) + 7u) & ~(ULONG)7u)

struct event_entry {
  struct event_entry *next;
  WNODE_HEADER *wnode;
  bool from_pool;            /* the driver's buffer: freed with ExFreePool after delivery */
};

struct wmi_event_queue {
  struct wmi_service *service;
  plat_mutex_t lock;
  plat_cond_t wake;
  plat_cond_t idle;
  struct event_entry *head, *tail;
  uint32_t count;
  bool delivering;
  bool stopping;
  plat_thread_t *thread;
  uint64_t thread_id;
  plat_mutex_t delivery;     /* held while callbacks run; unsubscribe waits on it */
  uint64_t dropped_full;
  struct wmi_subscriber *removed; /* unsubscribed from inside a callback, freed after the delivery */
};

struct wmi_subscriber {
  struct wmi_subscriber *next;
  struct wmi_service *service;
  GUID guid;
  wmi_event_fn fn;
  void *context;
  ULONG lost;                /* events refused since this subscriber's last delivery */
  bool removed;              /* unsubscribed during a delivery: freed once it ends */
  struct wmi_subscriber *next_removed;
};

/* ---- subscriptions --------------------------------------------------------------------------- */

struct wmi_subscriber *wmi_subscribe(struct wmi_service *service, const GUID *guid, wmi_event_fn fn, void *context) {
  struct wmi_subscriber *s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  s->service = service;
  s->guid = *guid;
  s->fn = fn;
  s->context = context;
  plat_mutex_lock(&service->lock);
  s->next = service->subscribers;
  service->subscribers = s;
  plat_mutex_unlock(&service->lock);
  wmi_add_subscriber(service, guid, 1);
  return s;
}

void wmi_unsubscribe(struct wmi_subscriber *subscriber) {
  if (subscriber == NULL) return;
  struct wmi_service *service = subscriber->service;
  struct wmi_event_queue *queue = service->events;
  /* Not while its callback may be running, unless we are that callback. */
  plat_mutex_lock(&queue->lock); /* the delivery thread sets thread_id under it as it starts */
  bool on_delivery_thread = plat_thread_id() == queue->thread_id;
  plat_mutex_unlock(&queue->lock);
  if (!on_delivery_thread) plat_mutex_lock(&queue->delivery);
  plat_mutex_lock(&service->lock);
  for (struct wmi_subscriber **link = &service->subscribers; *link != NULL; link = &(*link)->next)
    if (*link == subscriber) {
      *link = subscriber->next;
      break;
    }
  GUID guid = subscriber->guid;
  if (on_delivery_thread) {
    /* deliver() may still step through it: keep its memory (and its
     * `next`) until the delivery ends, and skip it meanwhile. */
    subscriber->removed = true;
    subscriber->next_removed = queue->removed;
    queue->removed = subscriber;
  }
  plat_mutex_unlock(&service->lock);
  if (!on_delivery_thread) {
    plat_mutex_unlock(&queue->delivery);
    free(subscriber);
  }
  wmi_add_subscriber(service, &guid, -1);
}

/* ---- the queue ----------------------------------------------------------------------------------- */

static void free_entry(struct event_entry *entry) {
  if (entry->from_pool)
    pool_free(entry->wnode, 0, "IoWMIWriteEvent");
  else
    free(entry->wnode);
  free(entry);
}

static bool enqueue(struct wmi_event_queue *queue, WNODE_HEADER *wnode, bool from_pool) {
  struct event_entry *entry = malloc(sizeof *entry);
  if (entry == NULL) return false;
  *entry = (struct event_entry){NULL, wnode, from_pool};
  plat_mutex_lock(&queue->lock);
  if (queue->tail != NULL) queue->tail->next = entry; else queue->head = entry;
  queue->tail = entry;
  queue->count++;
  plat_cond_signal(&queue->wake);
  plat_mutex_unlock(&queue->lock);
  return true;
}

/* Counts a refused event against every subscriber of its GUID. */
static void count_lost(struct wmi_service *service, const GUID *guid) {
  plat_mutex_lock(&service->lock);
  for (struct wmi_subscriber *s = service->subscribers; s != NULL; s = s->next)
    if (IsEqualGUID(&s->guid, guid)) s->lost++;
  plat_mutex_unlock(&service->lock);
}

static void deliver(struct wmi_service *service, const WNODE_HEADER *wnode) {
  struct kthread *thread = ke_thread();
  thread->irql = PASSIVE_LEVEL;
  trace_event_delivered(service->sim, wnode, wnode->BufferSize);
  struct wmi_event_queue *queue = service->events;
  plat_mutex_lock(&queue->delivery);
  plat_mutex_lock(&service->lock);
  for (struct wmi_subscriber *s = service->subscribers; s != NULL; s = s->next) {
    if (s->removed || !IsEqualGUID(&s->guid, &wnode->Guid)) continue;
    ULONG lost = s->lost;
    s->lost = 0;
    wmi_event_fn fn = s->fn;
    void *context = s->context;
    plat_mutex_unlock(&service->lock);
    fn(context, wnode, lost);
    plat_mutex_lock(&service->lock);
  }
  struct wmi_subscriber *removed = queue->removed;
  queue->removed = NULL;
  plat_mutex_unlock(&service->lock);
  plat_mutex_unlock(&queue->delivery);
  for (struct wmi_subscriber *s = removed, *next; s != NULL; s = next) {
    next = s->next_removed;
    free(s);
  }
}

static void delivery_main(void *raw) {
  struct wmi_event_queue *queue = raw;
  struct kthread *thread = ke_thread();
  thread->system_thread = true;
  thread->sim = queue->service->sim;
  plat_mutex_lock(&queue->lock);
  queue->thread_id = plat_thread_id();
  for (;;) {
    while (queue->head == NULL && !queue->stopping) plat_cond_wait(&queue->wake, &queue->lock);
    if (queue->head == NULL) break;
    struct event_entry *entry = queue->head;
    queue->head = entry->next;
    if (queue->head == NULL) queue->tail = NULL;
    queue->count--;
    queue->delivering = true;
    plat_mutex_unlock(&queue->lock);
    WNODE_HEADER *event = wmi_event_prepare(queue->service, entry->wnode);
    if (event != NULL) {
      deliver(queue->service, event);
      if (event != entry->wnode) free(event);
    }
    free_entry(entry);
    plat_mutex_lock(&queue->lock);
    queue->delivering = false;
    if (queue->head == NULL) plat_cond_broadcast(&queue->idle);
  }
  plat_mutex_unlock(&queue->lock);
}

struct wmi_event_queue *wmi_events_create(struct wmi_service *service) {
  struct wmi_event_queue *queue = calloc(1, sizeof *queue);
  if (queue == NULL) return NULL;
  queue->service = service;
  plat_mutex_init(&queue->lock);
  plat_mutex_init(&queue->delivery);
  plat_cond_init(&queue->wake);
  plat_cond_init(&queue->idle);
  if (plat_thread_create(&queue->thread, delivery_main, queue) != 0) {
    plat_cond_destroy(&queue->idle);
    plat_cond_destroy(&queue->wake);
    plat_mutex_destroy(&queue->delivery);
    plat_mutex_destroy(&queue->lock);
    free(queue);
    return NULL;
  }
  return queue;
}

void wmi_events_destroy(struct wmi_event_queue *queue) {
  plat_mutex_lock(&queue->lock);
  queue->stopping = true;
  plat_cond_broadcast(&queue->wake);
  plat_mutex_unlock(&queue->lock);
  plat_thread_join(queue->thread);
  for (struct event_entry *e = queue->head, *next; e != NULL; e = next) {
    next = e->next;
    free_entry(e);
  }
  for (struct wmi_subscriber *s = queue->removed, *next; s != NULL; s = next) {
    next = s->next_removed;
    free(s);
  }
  plat_cond_destroy(&queue->idle);
  plat_cond_destroy(&queue->wake);
  plat_mutex_destroy(&queue->delivery);
  plat_mutex_destroy(&queue->lock);
  free(queue);
}

bool wmi_events_wait_idle(struct wmi_event_queue *queue, uint64_t deadline_ns) {
  bool idle = true;
  plat_mutex_lock(&queue->lock);
  while ((queue->head != NULL || queue->delivering) && idle) {
    if (deadline_ns == UINT64_MAX)
      plat_cond_wait(&queue->idle, &queue->lock);
    else
      idle = plat_cond_wait_until(&queue->idle, &queue->lock, deadline_ns);
  }
  idle = queue->head == NULL && !queue->delivering;
  plat_mutex_unlock(&queue->lock);
  return idle;
}

uint64_t wmi_events_dropped(struct wmi_service *service, const GUID *guid, bool queue_full) {
  if (queue_full) {
    plat_mutex_lock(&service->events->lock);
    uint64_t n = service->events->dropped_full;
    plat_mutex_unlock(&service->events->lock);
    return n;
  }
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  uint64_t n = entry != NULL ? entry->events_not_enabled : 0;
  plat_mutex_unlock(&service->lock);
  return n;
}

/* ---- writing events -------------------------------------------------------------------------- */

/* False (and the event counted as dropped) if nobody subscribed to `guid`;
 * a GUID the service never saw gets an entry so its drops are counted too. */
static bool has_subscribers(struct wmi_service *service, const GUID *guid) {
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, true);
  bool any = entry != NULL && entry->subscribers > 0;
  if (!any && entry != NULL) entry->events_not_enabled++;
  plat_mutex_unlock(&service->lock);
  return any;
}

static void check_source(struct wmi_service *service, const WNODE_HEADER *wnode) {
  plat_mutex_lock(&service->lock);
  struct wmi_provider *provider = wmi_provider_by_id(service, wnode->ProviderId);
  bool registered = false;
  for (struct wmi_block *b = provider != NULL ? provider->blocks : NULL; b != NULL && !registered; b = b->next_in_provider)
    registered = IsEqualGUID(&b->guid, &wnode->Guid);
  char name[80];
  snprintf(name, sizeof name, "%s", provider != NULL ? provider->name : "an unknown provider");
  plat_mutex_unlock(&service->lock);
  if (registered) return;
  char guid[39];
  wmisim_guid_format(&wnode->Guid, guid);
  struct check_site site = {NULL, NULL, "IoWMIWriteEvent"};
  check_report(service->sim, CHECK_WMI_EVENT_UNREGISTERED_GUID, &site,
               "event %s written with ProviderId %lu (%s), which did not register that GUID", guid,
               (unsigned long)wnode->ProviderId, name);
}

NTSTATUS NTAPI IoWMIWriteEvent(PVOID WnodeEventItem) {
  struct wmisim *sim = sim_current();
  struct wmi_service *service = wmi_of(sim);
  WNODE_HEADER *wnode = WnodeEventItem;
  struct check_site site = {NULL, NULL, "IoWMIWriteEvent"};
  if (service == NULL) return STATUS_UNSUCCESSFUL;
  if (wnode == NULL) {
    check_report(sim, CHECK_WMI_MALFORMED_WNODE, &site, "IoWMIWriteEvent(NULL)");
    return STATUS_INVALID_PARAMETER;
  }
  /* A traced event starts with an EVENT_TRACE_HEADER (a USHORT Size, not a
   * ULONG BufferSize); its Flags sit where WNODE_HEADER's do. */
  if (wnode->Flags & WNODE_FLAG_TRACED_GUID) {
    /* Traced events go to event tracing, which keeps no copy; the caller's
     * buffer is never freed. */
    trace_note(sim, "WMI", "traced event written (%lu bytes)", (unsigned long)wnode->BufferSize);
    return STATUS_SUCCESS;
  }
  if (wnode->BufferSize < sizeof *wnode) {
    check_report(sim, CHECK_WMI_MALFORMED_WNODE, &site, "IoWMIWriteEvent: BufferSize %lu is less than a WNODE_HEADER",
                 (unsigned long)wnode->BufferSize);
    return STATUS_INVALID_PARAMETER;
  }
  struct kthread *thread = ke_thread();
  if (thread->irql > APC_LEVEL)
    check_report(sim, CHECK_WMI_EVENT_IRQL, &site, "IoWMIWriteEvent called at IRQL %u", thread->irql);
  if (wnode->BufferSize > sim->options.max_event_size) {
    check_report(sim, CHECK_WMI_EVENT_TOO_LARGE, &site, "event of %lu bytes; the limit is %lu",
                 (unsigned long)wnode->BufferSize, (unsigned long)sim->options.max_event_size);
    return STATUS_BUFFER_OVERFLOW;
  }
  check_source(service, wnode);
  check_wmi_event(sim, NULL, wnode);
  if (!has_subscribers(service, &wnode->Guid)) {
    pool_free(wnode, 0, "IoWMIWriteEvent");
    return STATUS_SUCCESS;
  }
  struct wmi_event_queue *queue = service->events;
  plat_mutex_lock(&queue->lock);
  bool full = queue->count >= sim->options.event_queue_depth;
  if (full) queue->dropped_full++;
  plat_mutex_unlock(&queue->lock);
  if (full) {
    count_lost(service, &wnode->Guid);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  return enqueue(queue, wnode, true) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

void wmi_events_raise_internal(struct wmi_service *service, const GUID *guid, const WCHAR *text) {
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  bool any = entry != NULL && entry->subscribers > 0;
  plat_mutex_unlock(&service->lock);
  if (!any) return;
  size_t length = text_wlen(text);
  ULONG size = (ULONG)(sizeof(WNODE_SINGLE_INSTANCE) + (length + 1) * sizeof(WCHAR));
  WNODE_SINGLE_INSTANCE *event = calloc(1, size);
  if (event == NULL) return;
  event->WnodeHeader.BufferSize = size;
  event->WnodeHeader.Guid = *guid;
  event->WnodeHeader.TimeStamp.QuadPart = sim_clock_now(service->sim);
  event->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_INTERNAL;
  event->DataBlockOffset = sizeof *event;
  event->SizeDataBlock = (ULONG)((length + 1) * sizeof(WCHAR));
  memcpy(event->VariableData, text, (length + 1) * sizeof(WCHAR));
  if (!enqueue(service->events, &event->WnodeHeader, false)) free(event);
}
