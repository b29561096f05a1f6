/*
 * send.c - the PnP manager sends PnP and power IRPs and waits for them.
 */
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "ke/thread.h"
#include "platform/atomic.h"
#include "pnp/pnp_internal.h"

struct completion {
  KEVENT done;
};

static void on_final_completion(PIRP irp, void *context) {
  (void)irp;
  KeSetEvent(&((struct completion *)context)->done, IO_NO_INCREMENT, FALSE);
}

PIRP pnp_prepare(struct pnp_devnode *node, UCHAR major, UCHAR minor,
                 void (*setup)(PIO_STACK_LOCATION stack, void *argument), void *argument) {
  if (node->pdo == NULL) return NULL;
  PDEVICE_OBJECT top = IoGetAttachedDevice(node->pdo);
  /* Heap-allocated: if a driver never completes the IRP, the wait gives up
   * and the late completion must not touch a dead stack frame. */
  struct completion *completion = malloc(sizeof *completion);
  if (completion == NULL) return NULL;
  KeInitializeEvent(&completion->done, NotificationEvent, FALSE);
  PIRP irp = io_allocate_sim_irp(node->sim, top->StackSize, on_final_completion, completion);
  if (irp == NULL) {
    free(completion);
    return NULL;
  }
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = major;
  stack->MinorFunction = minor;
  if (setup != NULL) setup(stack, argument);
  return irp;
}

NTSTATUS pnp_send_prepared(struct pnp_devnode *node, PIRP irp, ULONG_PTR *information) {
  struct wmisim *sim = node->sim;
  struct completion *completion = io_irp_track_of(irp)->final_context;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  UCHAR major = stack->MajorFunction, minor = stack->MinorFunction;
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
  if (returned != STATUS_PENDING && !atomic_load_i32(&io_irp_track_of(irp)->finished)) {
    /* The dispatch routine finished with an IRP it neither completed nor
     * passed down (IrpProcessingComplete was reported): as a synchronous
     * sender on Windows, take its returned status and do not wait. The
     * IRP stays allocated for a late completion. */
    thread->irql = irql;
    return returned;
  }
  LARGE_INTEGER timeout;
  timeout.QuadPart = -(LONGLONG)sim->options.drain_timeout_ms * 10000;
  NTSTATUS wait = KeWaitForSingleObject(&completion->done, Executive, KernelMode, FALSE, &timeout);
  thread->irql = irql;
  if (wait == STATUS_TIMEOUT) {
    struct check_site site = {IoGetAttachedDevice(node->pdo), irp, wmisim_minor_name(major, minor)};
    check_report(sim, CHECK_PNP_IRP_HANDLING, &site, "%s to %s was not completed within %u ms",
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
