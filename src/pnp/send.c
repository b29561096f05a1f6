/*
 * send.c - the PnP manager sends PnP and power IRPs and waits for them.
 */
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "pnp/pnp_internal.h"

struct pnp_completion {
  KEVENT done;
  struct pnp_state *state;
  PIRP irp;
  bool abandoned;                  /* the sender stopped waiting (state->lock) */
  struct pnp_completion *next;     /* in state->abandoned until completed */
};

/* With the state's lock held. */
static void unlink_abandoned(struct pnp_state *state, struct pnp_completion *completion) {
  for (struct pnp_completion **link = &state->abandoned; *link != NULL; link = &(*link)->next)
    if (*link == completion) {
      *link = completion->next;
      return;
    }
}

static void on_final_completion(PIRP irp, void *context) {
  struct pnp_completion *completion = context;
  plat_mutex_lock(&completion->state->lock);
  bool abandoned = completion->abandoned;
  if (abandoned) unlink_abandoned(completion->state, completion);
  plat_mutex_unlock(&completion->state->lock);
  if (!abandoned) {
    KeSetEvent(&completion->done, IO_NO_INCREMENT, FALSE);
    return;
  }
  /* Nobody waits any more: the late completion frees it. */
  io_free_sim_irp(irp);
  free(completion);
}

/* The sender stops waiting: unless the IRP has finished, it and its
 * completion go to the late completion or, if that never comes, to
 * pnp_release_abandoned. False if it had finished. */
static bool abandon(struct pnp_completion *completion) {
  struct pnp_state *state = completion->state;
  plat_mutex_lock(&state->lock);
  bool finished = atomic_load_i32(&io_irp_track_of(completion->irp)->finished) != 0;
  if (!finished) {
    completion->abandoned = true;
    completion->next = state->abandoned;
    state->abandoned = completion;
  }
  plat_mutex_unlock(&state->lock);
  return !finished;
}

void pnp_release_abandoned(struct pnp_state *state) {
  plat_mutex_lock(&state->lock);
  struct pnp_completion *list = state->abandoned;
  state->abandoned = NULL;
  plat_mutex_unlock(&state->lock);
  for (struct pnp_completion *c = list, *next; c != NULL; c = next) {
    next = c->next;
    io_free_sim_irp(c->irp);
    free(c);
  }
}

PIRP pnp_prepare(struct pnp_devnode *node, UCHAR major, UCHAR minor,
                 void (*setup)(PIO_STACK_LOCATION stack, void *argument), void *argument) {
  if (node->pdo == NULL) return NULL;
  PDEVICE_OBJECT top = IoGetAttachedDevice(node->pdo);
  /* Heap-allocated: if a driver never completes the IRP, the wait gives up
   * and the late completion must not touch a dead stack frame. */
  struct pnp_completion *completion = calloc(1, sizeof *completion);
  if (completion == NULL) return NULL;
  KeInitializeEvent(&completion->done, NotificationEvent, FALSE);
  completion->state = node->sim->pnp;
  PIRP irp = io_allocate_sim_irp(node->sim, top->StackSize, on_final_completion, completion, 0, NULL);
  if (irp == NULL) {
    free(completion);
    return NULL;
  }
  completion->irp = irp;
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = major;
  stack->MinorFunction = minor;
  if (setup != NULL) setup(stack, argument);
  return irp;
}

NTSTATUS pnp_send_prepared(struct pnp_devnode *node, PIRP irp, ULONG_PTR *information) {
  struct wmisim *sim = node->sim;
  struct pnp_completion *completion = io_irp_track_of(irp)->final_context;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  UCHAR major = stack->MajorFunction, minor = stack->MinorFunction;
  struct check_irp_ref ref = {io_irp_track_of(irp)->id, major, minor};
  trace_note(sim, major == IRP_MJ_PNP ? "PnP" : "Power", "%s to %s", wmisim_minor_name(major, minor),
             node->instance_id);
  if (node->pdo == NULL) {
    io_free_sim_irp(irp);
    free(completion);
    return STATUS_NO_SUCH_DEVICE;
  }
  struct kthread *thread = ke_thread();
  KIRQL irql = thread->irql;
  thread->irql = PASSIVE_LEVEL;
  NTSTATUS returned = io_send_irp(node->pdo, irp);
  if (returned != STATUS_PENDING && abandon(completion)) {
    /* The dispatch routine finished with an IRP it neither completed nor
     * passed down (IrpProcessingComplete was reported): as a synchronous
     * sender on Windows, take its returned status and do not wait. */
    thread->irql = irql;
    return returned;
  }
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)sim->options.drain_timeout_ms * 10000;
  NTSTATUS wait = KeWaitForSingleObject(&completion->done, Executive, KernelMode, FALSE, &timeout);
  thread->irql = irql;
  if (wait == STATUS_TIMEOUT && abandon(completion)) {
    /* The IRP now belongs to its late completion: name it by id. */
    struct check_site site = {IoGetAttachedDevice(node->pdo), NULL, wmisim_minor_name(major, minor)};
    check_report_irp(sim, CHECK_PNP_IRP_HANDLING, &site, &ref, "%s to %s was not completed within %u ms",
                     wmisim_minor_name(major, minor), node->instance_id, sim->options.drain_timeout_ms);
    return STATUS_IO_TIMEOUT;
  }
  NTSTATUS status = irp->IoStatus.Status;
  if (information != NULL) *information = irp->IoStatus.Information;
  io_free_sim_irp(irp);
  free(completion);
  return status;
}

NTSTATUS pnp_send(struct pnp_devnode *node, UCHAR major, UCHAR minor,
                  void (*setup)(PIO_STACK_LOCATION stack, void *argument), void *argument,
                  ULONG_PTR *information) {
  if (node->pdo == NULL) return STATUS_NO_SUCH_DEVICE;
  PIRP irp = pnp_prepare(node, major, minor, setup, argument);
  if (irp == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  return pnp_send_prepared(node, irp, information);
}
