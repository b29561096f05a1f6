/*
 * request.c - one WMI request's round trip: a guarded buffer, an
 * IRP_MJ_SYSTEM_CONTROL IRP built as Windows builds it, sent to the top of
 * the provider's stack, waited for, and accounted for the drain that
 * DEREGISTER performs.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/schema.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "wmi/wmi_internal.h"

#define GUARD_SIZE 16
#define GUARD_BYTE 0xAB

struct buffer_header {
  ULONG size;
  ULONG reserved[3];
};

_Static_assert(sizeof(struct buffer_header) == 16, "guarded buffers keep 16-byte alignment");

static size_t raw_size(ULONG size) {
  return sizeof(struct buffer_header) + 2 * GUARD_SIZE + (size_t)size;
}

/* Every request allocates one: the thread's block cache saves malloc. */
void *wmi_buffer_alloc(ULONG size) {
  unsigned char *raw = ke_cache_alloc(raw_size(size));
  if (raw == NULL) return NULL;
  ((struct buffer_header *)raw)->size = size;
  unsigned char *data = raw + sizeof(struct buffer_header) + GUARD_SIZE;
  memset(data - GUARD_SIZE, GUARD_BYTE, GUARD_SIZE);
  memset(data, 0, size);
  memset(data + size, GUARD_BYTE, GUARD_SIZE);
  return data;
}

static unsigned char *raw_of(void *buffer) {
  return (unsigned char *)buffer - GUARD_SIZE - sizeof(struct buffer_header);
}

void wmi_buffer_free(void *buffer) {
  if (buffer == NULL) return;
  unsigned char *raw = raw_of(buffer);
  ke_cache_give(raw, raw_size(((struct buffer_header *)raw)->size));
}

static const unsigned char intact_guard[GUARD_SIZE] = {
    GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE,
    GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE, GUARD_BYTE};

static bool guards_intact(void *buffer) {
  unsigned char *data = buffer;
  ULONG size = ((struct buffer_header *)raw_of(buffer))->size;
  return memcmp(data - GUARD_SIZE, intact_guard, GUARD_SIZE) == 0 &&
         memcmp(data + size, intact_guard, GUARD_SIZE) == 0;
}

/* Shared by the sender and the completion. Who frees it follows from the
 * state the completion replaces with PENDING_COMPLETED:
 *   PENDING_WAITING    the sender never slept: the completion does not
 *                      touch it again, the sender frees it;
 *   PENDING_SLEEPING   the sender sleeps on `done`: the completion signals
 *                      it, and the last of the two to let go frees it
 *                      (`references`, counted only then);
 *   PENDING_ABANDONED  the sender gave up: the completion frees it, with
 *                      the IRP and the buffer.
 * Most requests complete before their dispatch routine returns, in the
 * first case: no event, no dispatcher lock, no reference counting. And
 * most on the sender's own thread inside its IoCallDriver (`in_call`),
 * where nothing else can change the state: it is replaced with a plain
 * store. */
struct pending {
  struct wmi_provider *provider;
  volatile int32_t references;
  volatile int32_t state;      /* PENDING_* */
  volatile int32_t reserved;   /* the IRP holds a reservation of its own (take_reservation) */
  volatile int32_t completing; /* its completion began: an abandoned one frees itself (wmi_release_abandoned) */
  uint64_t irp_id;
  /* Where the IRP in the driver is noted: the sender's record (senders.c)
   * while the sender waits, else, and once it gives up, the provider's
   * table: a slot (track_irp), SLOT_UNTRACKED, or SLOT_NONE. Whoever
   * exchanges a slot for SLOT_NONE empties it (take_slot). */
  volatile int32_t slot;
  struct wmi_sender *record;   /* the sender's record holding the IRP, or NULL */
  int record_entry;
  struct kthread *sender;      /* the thread that sent the IRP */
  bool in_call;                /* the sender is inside its IoCallDriver; read only on the sender's thread */
  UCHAR minor;
  PIRP irp;
  void *buffer;                /* freed by the completion if abandoned */
  GUID guid;                   /* what DataPath points to, alive until completion */
  struct pending *next_abandoned; /* in the service's list while abandoned and not completed */
  KEVENT done;                 /* last: initialized only by a sender that has to sleep (wait_for) */
};

enum { PENDING_WAITING, PENDING_SLEEPING, PENDING_COMPLETED, PENDING_ABANDONED };

/* One per request, so from the thread's block cache: calloc takes the
 * allocator's arena lock, which two threads may share. */
static struct pending *new_pending(void) {
  struct pending *pending = ke_cache_alloc(sizeof *pending);
  if (pending != NULL) memset(pending, 0, offsetof(struct pending, done));
  return pending;
}

static void free_pending(struct pending *pending) {
  ke_cache_give(pending, sizeof *pending);
}

/* One reference left: the sender's alone (it never slept), or the
 * completion has let go already; no atomic operation needed then. */
static void release_pending(struct pending *pending) {
  if (atomic_load_i32(&pending->references) == 1 || atomic_add_i32(&pending->references, -1) == 0)
    free_pending(pending);
}

#define TRACKED_IRPS (sizeof ((struct wmi_provider *)0)->outstanding_irps / sizeof(int64_t))
#define SLOT_UNTRACKED (-1)    /* counted in irps_untracked */
#define SLOT_NONE (-2)         /* not in the provider's table */

/* Remembers an IRP in the driver by its id in a free slot, else counts it,
 * for DEREGISTER's report and the service's end. Atomic: requests do not
 * take the service lock. Returns the slot, or -1 if counted. */
static int track_irp(struct wmi_provider *provider, uint64_t irp_id) {
  for (size_t i = 0; i < TRACKED_IRPS; i++)
    if (atomic_cas_i64(&provider->outstanding_irps[i], 0, (int64_t)irp_id)) return (int)i;
  atomic_add_i32(&provider->irps_untracked, 1);
  return SLOT_UNTRACKED;
}

/* Only the IRP's one completion empties its slot, and nobody else writes
 * a slot that is not empty: a store does it. `before_loads`: a sequentially
 * consistent store, which the loads after it cannot pass (see
 * wake_late_waiters); else a release store, no locked operation. */
static void untrack_irp(struct wmi_provider *provider, int slot, bool before_loads) {
  if (slot == SLOT_NONE) return;
  if (slot == SLOT_UNTRACKED)
    atomic_add_i32(&provider->irps_untracked, -1);
  else if (before_loads)
    atomic_store_i64(&provider->outstanding_irps[slot], 0);
  else
    atomic_store_release_i64(&provider->outstanding_irps[slot], 0);
}

/* The slot to empty, taken once: the completion and a sender that moved
 * the IRP to the table as it gave up may both try. Only the IRP's one
 * completion or its sender calls this. */
static int take_slot(struct pending *pending) {
  if (atomic_load_i32(&pending->slot) == SLOT_NONE) return SLOT_NONE;
  return atomic_exchange_i32(&pending->slot, SLOT_NONE);
}

/* Under the records' lock: an IRP moves from its sender's record to the
 * table under it (abandon), so it is counted once. */
int wmi_provider_irps(const struct wmi_provider *provider, char *ids, size_t size, size_t *used) {
  wmi_senders_lock(provider->service);
  int irps = wmi_senders_irps(provider->service, provider, ids, size, used);
  irps += atomic_load_i32(&provider->irps_untracked);
  for (size_t i = 0; i < TRACKED_IRPS; i++) {
    int64_t id = atomic_load_i64(&provider->outstanding_irps[i]);
    if (id == 0) continue;
    irps++;
    wmi_irp_ids_append(ids, size, used, id);
  }
  wmi_senders_unlock(provider->service);
  return irps;
}

/* The sender's reservation covers the IRP while the sender waits; an IRP
 * that may outlive it (registration, an abandoned request) holds its own,
 * released by whoever takes it: the completion, or a sender that finds
 * the request completed after all. */
static void take_reservation(struct pending *pending) {
  if (atomic_load_i32(&pending->reserved) && atomic_exchange_i32(&pending->reserved, 0))
    wmi_provider_release(pending->provider);
}

/* With the service lock held. */
static void unlink_abandoned(struct wmi_service *service, struct pending *pending) {
  for (struct pending **link = &service->abandoned; *link != NULL; link = &(*link)->next_abandoned)
    if (*link == pending) {
      *link = pending->next_abandoned;
      return;
    }
}

/* The service's end sets late_waiters, then counts the IRPs in drivers,
 * under its lock; a completion empties its slot, then reads the flag. Both
 * sides' store and load are sequentially consistent, so one of the two
 * sees the other's write and no wake-up is missed. */
static void wake_late_waiters(struct wmi_service *service) {
  if (!atomic_load_i32(&service->late_waiters)) return;
  plat_mutex_lock(&service->lock);
  plat_cond_broadcast(&service->irp_done);
  plat_mutex_unlock(&service->lock);
}

/* `irp` is NULL when the request failed before its IRP went out. The
 * service lock is taken only when someone waits for it: the service's
 * destruction for late completions, an abandoned request's list. */
static void on_completed(PIRP irp, void *context) {
  struct pending *pending = context;
  struct wmi_provider *provider = pending->provider;
  struct wmi_service *service = provider->service;
  /* Completed inside the sender's own IoCallDriver: the sender is still in
   * the service, on this thread, so the request is not abandoned, and the
   * service's end, which waits for abandoned requests (WMI36), is not
   * waiting for it. */
  bool in_senders_call = pending->sender == ke_thread() && pending->in_call;
  /* Before the IRP stops counting (the slot's store publishes it): the
   * service's end, woken by that, then sees an abandoned request's
   * completion under way and leaves it be. */
  atomic_store_release_i32(&pending->completing, 1);
  if (irp != NULL) untrack_irp(provider, take_slot(pending), !in_senders_call);
  if (!in_senders_call) wake_late_waiters(service);
  take_reservation(pending);
  if (in_senders_call) {
    /* The sender is still waiting, and only this thread could change that. */
    atomic_store_release_i32(&pending->state, PENDING_COMPLETED);
    return;
  }
  /* From here the sender may go on: everything above is done. */
  int32_t was = atomic_exchange_i32(&pending->state, PENDING_COMPLETED);
  if (was == PENDING_SLEEPING) {
    KeSetEvent(&pending->done, IO_NO_INCREMENT, FALSE);
    release_pending(pending);
  } else if (was == PENDING_ABANDONED) {
    if (irp != NULL) untrack_irp(provider, take_slot(pending), true); /* moved there as the sender gave up */
    take_reservation(pending); /* the one the sender added as it gave up */
    plat_mutex_lock(&service->lock);
    unlink_abandoned(service, pending);
    /* The service's end may be waiting for this: from here on nothing of
     * the service is touched. */
    if (atomic_load_i32(&service->late_waiters)) plat_cond_broadcast(&service->irp_done);
    plat_mutex_unlock(&service->lock);
    /* The sender stopped waiting: the IRP, its buffer and this are ours. */
    if (irp != NULL) io_free_sim_irp(irp);
    wmi_buffer_free(pending->buffer);
    free_pending(pending);
  }
}

static bool admit(struct wmi_provider *provider, bool allow_registering) {
  enum wmi_provider_state state = wmi_provider_state(provider);
  if (allow_registering) return state == WMI_PROVIDER_REGISTERING || state == WMI_PROVIDER_REGISTERED;
  return wmi_provider_active(provider);
}

static PIRP build_irp(struct wmi_service *service, PDEVICE_OBJECT top, struct wmi_provider *provider,
                      struct wmi_request *request, struct pending *pending, int64_t clock_step,
                      int64_t *clock_before) {
  PIRP irp = io_allocate_sim_irp(service->sim, top->StackSize, on_completed, pending, clock_step, clock_before);
  if (irp == NULL) return NULL;
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  stack->MinorFunction = request->minor;
  stack->Parameters.WMI.ProviderId = request->provider_id != 0 ? request->provider_id : (ULONG_PTR)provider->device;
  if (request->guid != NULL) pending->guid = *request->guid;
  stack->Parameters.WMI.DataPath = request->guid != NULL ? (PVOID)&pending->guid : (PVOID)request->data_path;
  stack->Parameters.WMI.BufferSize = request->buffer_size;
  stack->Parameters.WMI.Buffer = request->buffer;
  pending->irp = irp;
  pending->minor = request->minor;
  pending->irp_id = io_irp_track_of(irp)->id;
  request->irp_id = pending->irp_id;
  return irp;
}

/* The sender stops waiting (the state was `from`): unless the request
 * completed meanwhile, the IRP, buffer and pending go to its completion,
 * or, if that never comes, to wmi_release_abandoned. False if it had
 * completed. */
static bool abandon(struct wmi_service *service, struct pending *pending, int32_t from) {
  /* Completed stays completed: the usual case needs no lock. */
  if (atomic_load_i32(&pending->state) == PENDING_COMPLETED) return false;
  /* The sender's reservation ends with it; the IRP, still in the driver,
   * keeps DEREGISTER waiting with one of its own. */
  if (!atomic_load_i32(&pending->reserved)) {
    wmi_provider_hold(pending->provider);
    atomic_store_i32(&pending->reserved, 1);
  }
  /* The IRP outlives its sender's record: into the provider's table,
   * where its completion, or the service's end, finds it. */
  if (pending->record != NULL) {
    wmi_senders_lock(service);
    atomic_store_i32(&pending->slot, track_irp(pending->provider, pending->irp_id));
    wmi_sender_clear(pending->record, pending->record_entry);
    wmi_senders_unlock(service);
  }
  plat_mutex_lock(&service->lock);
  bool abandoned = atomic_cas_i32(&pending->state, from, PENDING_ABANDONED);
  if (abandoned) {
    pending->next_abandoned = service->abandoned;
    service->abandoned = pending;
  }
  plat_mutex_unlock(&service->lock);
  if (!abandoned) {
    untrack_irp(pending->provider, take_slot(pending), true); /* the completion may have passed it by */
    take_reservation(pending);
  }
  return abandoned;
}

bool wmi_abandoned_completing(const struct wmi_service *service) {
  for (const struct pending *p = service->abandoned; p != NULL; p = p->next_abandoned)
    if (atomic_load_i32(&p->completing)) return true;
  return false;
}

/* The abandoned requests whose completion never began. One that began and
 * is still under way past the drain bound frees what it holds itself;
 * unlinked here, its unlink finds nothing. */
void wmi_release_abandoned(struct wmi_service *service) {
  plat_mutex_lock(&service->lock);
  struct pending *list = service->abandoned;
  service->abandoned = NULL;
  plat_mutex_unlock(&service->lock);
  for (struct pending *p = list, *next; p != NULL; p = next) {
    next = p->next_abandoned;
    if (atomic_load_i32(&p->completing)) continue;
    io_free_sim_irp(p->irp);
    wmi_buffer_free(p->buffer);
    free_pending(p);
  }
}

/* Waits for completion; after the drain timeout the request is abandoned
 * to its completion, unless it completed in the meantime. */
static NTSTATUS wait_for(struct wmi_service *service, struct pending *pending, PDEVICE_OBJECT top) {
  struct wmisim *sim = service->sim;
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)sim->options.drain_timeout_ms * 10000;
  struct kthread *thread = ke_thread();
  KIRQL irql = thread->irql;
  thread->irql = PASSIVE_LEVEL;
  /* Sleeping is a state the completion replaces, so it knows to signal;
   * the event is made only now, as most senders never sleep. */
  KeInitializeEvent(&pending->done, NotificationEvent, FALSE);
  pending->references = 2;
  NTSTATUS wait = STATUS_SUCCESS;
  bool slept = atomic_cas_i32(&pending->state, PENDING_WAITING, PENDING_SLEEPING);
  if (slept) wait = KeWaitForSingleObject(&pending->done, Executive, KernelMode, FALSE, &timeout);
  thread->irql = irql;
  /* Read before abandoning: the pending is the completion's after. */
  struct check_irp_ref ref = {pending->irp_id, IRP_MJ_SYSTEM_CONTROL, pending->minor};
  if (wait == STATUS_TIMEOUT && abandon(service, pending, PENDING_SLEEPING)) {
    struct check_site site = {top, NULL, "DispatchSystemControl"};
    check_report_irp(sim, CHECK_WMI_COMPLETE, &site, &ref, "WMI IRP #%llu was pended and not completed within %u ms",
                     (unsigned long long)ref.id, sim->options.drain_timeout_ms);
    return STATUS_IO_TIMEOUT;
  }
  if (!slept) pending->references = 1; /* the completion never saw it sleep: the sender's alone */
  return STATUS_SUCCESS;
}

/* A dispatch routine that returned anything but STATUS_PENDING has
 * finished with the IRP as far as its sender is concerned (the WDK's
 * pattern for synchronous requests waits only for STATUS_PENDING). If it
 * was not completed, the driver dropped it (WmiComplete, WmiForward):
 * the request is abandoned to a late completion, with no wait, and fails
 * with the returned error, or STATUS_UNSUCCESSFUL for a returned success
 * that came with no answer. */
static NTSTATUS settle_returned(struct wmi_service *service, struct pending *pending, NTSTATUS returned) {
  if (!abandon(service, pending, PENDING_WAITING)) return STATUS_SUCCESS;
  return NT_SUCCESS(returned) ? STATUS_UNSUCCESSFUL : returned;
}

/* Where the request goes: the provider's device, which its reservation
 * keeps (wmi_device_deleted pins it), or, with a filter attached above
 * it, the top of the stack, referenced (*referenced). NULL if the device
 * is gone. */
static PDEVICE_OBJECT top_of_stack(struct wmi_provider *provider, bool *referenced) {
  PDEVICE_OBJECT device = provider->device;
  *referenced = false;
  if (atomic_load_ptr((void *const volatile *)&device->AttachedDevice) == NULL)
    return io_device_of(device) != NULL ? device : NULL;
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(device);
  *referenced = top != NULL;
  return top;
}

NTSTATUS wmi_send(struct wmi_provider *provider, struct wmi_request *request, bool allow_registering) {
  struct wmi_service *service = provider->service;
  struct wmisim *sim = service->sim;
  struct pending *pending = new_pending();
  if (pending == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  pending->provider = provider;
  pending->references = 1;
  pending->buffer = request->buffer;
  pending->sender = ke_thread();

  /* A REGINFO request has no reservation of the caller: it counts as a
   * request of its own, which DEREGISTER waits for; counted first, then
   * admitted (wmi_provider_reserve says why in that order). */
  if (allow_registering) {
    wmi_provider_hold(provider);
    pending->reserved = 1;
  }
  if (!admit(provider, allow_registering)) {
    take_reservation(pending);
    free_pending(pending);
    return STATUS_WMI_GUID_NOT_FOUND;
  }

  /* The request's clock step comes after its IRP's id and its input's trace
   * event, which reads the clock; with nobody tracing, nothing reads it in
   * between, and the id and the step take one locked operation. Either
   * way the IRP's id comes with the clock before any step: the input's
   * time stamp. */
  bool step_with_id = !trace_active(sim);
  int64_t sent_at = 0;
  bool referenced;
  PDEVICE_OBJECT top = top_of_stack(provider, &referenced);
  PIRP irp = top != NULL ? build_irp(service, top, provider, request, pending,
                                     step_with_id ? SIM_CLOCK_REQUEST_STEP : 0, &sent_at)
                         : NULL;
  if (irp == NULL) {
    if (referenced) ObfDereferenceObject(top);
    on_completed(NULL, pending); /* from PENDING_WAITING: it stays the sender's */
    free_pending(pending);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  pending->record = wmi_sender_note(service, provider, pending->irp_id, &pending->record_entry);
  pending->slot = pending->record != NULL ? SLOT_NONE : track_irp(provider, pending->irp_id);
  struct wmi_sender *record = pending->record; /* the pending may be the completion's by the end */
  int record_entry = pending->record_entry;

  if (request->stamp) ((WNODE_HEADER *)request->buffer)->TimeStamp.QuadPart = sent_at;
  if (trace_active(sim))
    trace_wnode(sim, pending->irp_id, request->minor, false, request->buffer, request->buffer_size);
  if (!step_with_id) sim_clock_step(sim, SIM_CLOCK_REQUEST_STEP);
  pending->in_call = true;
  NTSTATUS returned = io_call_referenced(top, irp);
  pending->in_call = false;
  ke_clock_forget(ke_thread()); /* the step this request remembered (sim_next_irp_id_stepping) */
  NTSTATUS waited =
      returned == STATUS_PENDING ? wait_for(service, pending, top) : settle_returned(service, pending, returned);
  if (record != NULL) wmi_sender_clear(record, record_entry);
  if (referenced) ObfDereferenceObject(top);
  if (!NT_SUCCESS(waited)) {
    request->buffer = NULL; /* the IRP, its buffer and pending now belong to the late completion */
    return waited;
  }
  request->status = irp->IoStatus.Status;
  request->information = irp->IoStatus.Information;
  /* STATUS_PENDING is no final status (CompleteWithPendingStatus): the
   * request failed. */
  if (request->status == STATUS_PENDING) request->status = STATUS_UNSUCCESSFUL;
  uint64_t irp_id = pending->irp_id;
  io_free_sim_irp(irp);
  release_pending(pending);
  if (!guards_intact(request->buffer)) {
    struct check_site site = {provider->device, NULL, "DispatchSystemControl"};
    struct check_irp_ref ref = {irp_id, IRP_MJ_SYSTEM_CONTROL, request->minor};
    check_report_irp(sim, CHECK_WMI_BUFFER_OVERRUN, &site, &ref,
                 "%s wrote outside the %lu-byte buffer of a %s request", io_device_display_name(provider->device),
                 (unsigned long)request->buffer_size, wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, request->minor));
    memset((unsigned char *)request->buffer - GUARD_SIZE, GUARD_BYTE, GUARD_SIZE);
    memset((unsigned char *)request->buffer + request->buffer_size, GUARD_BYTE, GUARD_SIZE);
  }
  ULONG valid = request->information < request->buffer_size ? (ULONG)request->information : request->buffer_size;
  if (trace_active(sim)) trace_wnode(sim, irp_id, request->minor, true, request->buffer, valid);
  check_wmi_answer(sim, provider->device, irp_id, request->minor, request->guid, request->buffer, valid,
                   request->buffer_size, request->status);
  return request->status;
}
