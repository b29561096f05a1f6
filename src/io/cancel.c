/*
 * cancel.c - IRP cancellation and the cancel spin lock.
 */
#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

PDRIVER_CANCEL NTAPI IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine) {
  return (PDRIVER_CANCEL)(uintptr_t)InterlockedExchangePointer((PVOID volatile *)&Irp->CancelRoutine,
                                                               (PVOID)(uintptr_t)CancelRoutine);
}

static struct io_state *cancel_state(void) {
  struct wmisim *sim = sim_current();
  return sim != NULL ? sim->io : NULL;
}

VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql) {
  struct io_state *io = cancel_state();
  if (io == NULL) {
    *Irql = KeGetCurrentIrql();
    return;
  }
  *Irql = KeAcquireSpinLockRaiseToDpc(&io->cancel_lock);
}

VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql) {
  struct io_state *io = cancel_state();
  if (io == NULL) return;
  KeReleaseSpinLock(&io->cancel_lock, Irql);
}

/* As on Windows: set Cancel, take the cancel routine under the cancel spin
 * lock, and call it with the lock held at DISPATCH_LEVEL; the routine
 * releases the lock. */
BOOLEAN NTAPI IoCancelIrp(PIRP Irp) {
  struct io_irp_track *track = io_irp_track_of(Irp);
  struct wmisim *sim = track != NULL ? track->sim : sim_current();
  if (track != NULL && atomic_load_i32(&track->freed)) {
    check_report(io_freed_irp_sim(track), CHECK_IRP_USE_AFTER_FREE, &(struct check_site){NULL, Irp, "IoCancelIrp"},
                 "IoCancelIrp on IRP #%llu after it was freed", (unsigned long long)track->id);
    return FALSE;
  }
  KIRQL irql;
  IoAcquireCancelSpinLock(&irql);
  Irp->Cancel = TRUE;
  PDRIVER_CANCEL routine = IoSetCancelRoutine(Irp, NULL);
  if (routine == NULL) {
    IoReleaseCancelSpinLock(irql);
    return FALSE;
  }
  Irp->CancelIrql = irql;
  trace_note(sim, "I/O", "cancelling IRP #%llu", track != NULL ? (unsigned long long)track->id : 0ull);
  PDEVICE_OBJECT device = Irp->CurrentLocation <= Irp->StackCount
                              ? IoGetCurrentIrpStackLocation(Irp)->DeviceObject
                              : NULL;
  struct kthread *thread = ke_thread();
  struct io_device *record = io_device_of(device);
  struct io_driver *previous = ke_enter_driver(thread, record != NULL ? record->driver : thread->driver);
  routine(device, Irp);
  ke_leave_driver(thread, previous);
  if (sim != NULL && sim->io != NULL && sim->io->cancel_lock != 0 &&
      sim->io->cancel_lock == (KSPIN_LOCK)(uintptr_t)thread) {
    struct check_site site = {device, Irp, "cancel routine"};
    check_report(sim, CHECK_CANCEL_ROUTINE_MISUSE, &site, "the cancel routine returned without IoReleaseCancelSpinLock");
    IoReleaseCancelSpinLock(irql);
  }
  return TRUE;
}
