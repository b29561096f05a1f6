/*
 * complete.c - IoCompleteRequest: completion routines run bottom-up, each
 * with the device object of the driver that set it, until one returns
 * STATUS_MORE_PROCESSING_REQUIRED or the IRP reaches its originator.
 */
#include <string.h>

#include "check/check.h"
#include "check/irp_rules.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

static bool should_invoke(PIRP irp, UCHAR control, NTSTATUS status) {
  if (irp->Cancel && (control & SL_INVOKE_ON_CANCEL)) return true;
  if (NT_SUCCESS(status)) return (control & SL_INVOKE_ON_SUCCESS) != 0;
  return (control & SL_INVOKE_ON_ERROR) != 0;
}

/* Clears a stack location after use, as Windows does, so a stale
 * completion routine can never run twice. */
static void zero_stack_location(PIO_STACK_LOCATION stack) {
  stack->MinorFunction = 0;
  stack->Flags = 0;
  stack->Control = 0;
  memset(&stack->Parameters, 0, sizeof stack->Parameters);
  stack->FileObject = NULL;
  stack->CompletionRoutine = NULL;
  stack->Context = NULL;
}

static NTSTATUS run_completion_routine(struct wmisim *sim, PIO_COMPLETION_ROUTINE routine, PDEVICE_OBJECT device,
                                       PIRP irp, PVOID context) {
  struct kthread *thread = ke_thread();
  struct io_device *record = io_device_of(device);
  struct io_driver *previous = ke_enter_driver(thread, record != NULL ? record->driver : thread->driver);
  KIRQL irql = thread->irql;
  NTSTATUS result = routine(device, irp, context);
  ke_leave_driver(thread, previous);
  if (thread->irql != irql) {
    check_report(sim, CHECK_IRQL_NOT_RESTORED, &(struct check_site){device, irp, "completion routine"},
                 "a completion routine returned at IRQL %u; it was called at %u", thread->irql, irql);
    thread->irql = irql;
  }
  return result;
}

/* Walks the stack from the completing location up. Returns false if a
 * completion routine stopped completion. */
static bool walk_completion(struct wmisim *sim, PIRP irp, struct io_irp_track *track) {
  NTSTATUS status = irp->IoStatus.Status;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  irp->CurrentLocation++;
  irp->Tail.Overlay.CurrentStackLocation++;
  for (; irp->CurrentLocation <= irp->StackCount + 1;
       stack++, irp->CurrentLocation++, irp->Tail.Overlay.CurrentStackLocation++) {
    irp->PendingReturned = (stack->Control & SL_PENDING_RETURNED) != 0;
    PIO_COMPLETION_ROUTINE routine = stack->CompletionRoutine;
    PVOID context = stack->Context;
    UCHAR control = stack->Control;
    if (routine != NULL && should_invoke(irp, control, status)) {
      zero_stack_location(stack);
      bool at_originator = irp->CurrentLocation == irp->StackCount + 1;
      PDEVICE_OBJECT device = at_originator ? NULL : IoGetCurrentIrpStackLocation(irp)->DeviceObject;
      trace_completion_routine(sim, track, device, 0, STATUS_SUCCESS);
      NTSTATUS result = run_completion_routine(sim, routine, device, irp, context);
      trace_completion_routine(sim, track, device, 1, result);
      if (result == STATUS_MORE_PROCESSING_REQUIRED) return false;
      if (check_enabled(sim)) irp_rules_completion_routine_returned(sim, irp, device, at_originator);
      status = irp->IoStatus.Status;
    } else {
      if (irp->PendingReturned && irp->CurrentLocation <= irp->StackCount)
        IoGetCurrentIrpStackLocation(irp)->Control |= SL_PENDING_RETURNED;
      zero_stack_location(stack);
    }
  }
  return true;
}

/* An associated IRP's completion counts down its master; the last one
 * completes the master. */
static bool complete_associated(PIRP irp) {
  if (!(irp->Flags & IRP_ASSOCIATED_IRP)) return false;
  PIRP master = irp->AssociatedIrp.MasterIrp;
  IoFreeIrp(irp);
  if (InterlockedDecrement(&master->AssociatedIrp.IrpCount) == 0) IofCompleteRequest(master, IO_NO_INCREMENT);
  return true;
}

static void finish(struct wmisim *sim, PIRP irp, struct io_irp_track *track) {
  if (track != NULL) atomic_store_release_i32(&track->finished, 1);
  if (trace_active(sim)) trace_irp_finished(sim, track, irp);
  if (complete_associated(irp)) return;
  if (track != NULL && track->final_completion != NULL) {
    track->final_completion(irp, track->final_context);
    return;
  }
  if (track != NULL && (track->origin == IRP_ORIGIN_SYNCHRONOUS || track->origin == IRP_ORIGIN_ASYNCHRONOUS)) {
    io_finish_built_irp(irp, track);
    return;
  }
  if (track != NULL && check_enabled(sim)) irp_rules_completed_to_originator(sim, irp, track);
}

VOID FASTCALL IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost) {
  (void)PriorityBoost;
  struct io_irp_track *track = io_irp_track_of(Irp);
  struct wmisim *sim = track != NULL ? track->sim : sim_current();
  struct check_site site = {NULL, Irp, "IoCompleteRequest"};
  if (Irp == NULL || Irp->Type != IO_TYPE_IRP) {
    check_report(sim, CHECK_BAD_PARAMETER, &site, "IoCompleteRequest(%p): not an IRP", (void *)Irp);
    return;
  }
  if (track != NULL && atomic_load_i32(&track->freed)) {
    sim = io_freed_irp_sim(track);
    /* An IRP the I/O manager built or sent is freed by its final completion:
     * completing it again is a double completion, not a driver's IoFreeIrp. */
    if (atomic_load_i32(&track->finished) && track->origin != IRP_ORIGIN_ALLOCATED)
      check_report(sim, CHECK_DOUBLE_COMPLETION, &site, "IRP #%llu completed again after it reached its originator",
                   (unsigned long long)track->id);
    else
      check_report(sim, CHECK_IRP_USE_AFTER_FREE, &site, "IoCompleteRequest on IRP #%llu after IoFreeIrp",
                   (unsigned long long)track->id);
    return;
  }
  if (Irp->CurrentLocation > Irp->StackCount) {
    check_report(sim, CHECK_DOUBLE_COMPLETION, &site, "IRP #%llu completed again (CurrentLocation %d > StackCount %d)",
                 track != NULL ? (unsigned long long)track->id : 0ull, Irp->CurrentLocation, Irp->StackCount);
    return;
  }
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim, "IoCompleteRequest", thread->irql, DISPATCH_LEVEL);
  PDEVICE_OBJECT completer = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
  struct io_frame *frame = io_frame_for(Irp);
  if (frame != NULL) {
    frame->completed = true;
    frame->completion_status = Irp->IoStatus.Status;
  }
  bool retain = io_irp_needs_retain(track);
  if (retain) io_irp_retain(track);
  if (track != NULL) {
    /* Not an atomic increment: only whether the count is 0, and whether it
     * changed during a dispatch, are ever asked, which two completions
     * racing each other (a driver's bug) still answer rightly. */
    atomic_store_release_i32(&track->completions, atomic_load_i32(&track->completions) + 1);
    track->completed_by = completer;
  }
  if (check_enabled(sim)) irp_rules_completing(sim, Irp, completer);
  if (trace_active(sim)) trace_irp_completed(sim, track, completer, Irp->IoStatus.Status, Irp->IoStatus.Information);
  if (walk_completion(sim, Irp, track)) finish(sim, Irp, track);
  if (retain) io_irp_release(track);
}
