/*
 * irp_rules.c - IRP-handling rules: completion, pending, status
 * propagation, forwarding, and the WMI IRP rules.
 *
 * Each rule mirrors a documented Driver Verifier check or SDV rule; the
 * frame the I/O manager kept around the dispatch routine says what the
 * routine did, so no driver cooperation is needed.
 */
#include "check/irp_rules.h"

#include "check/check.h"
#include "core/sim.h"
#include "platform/atomic.h"

bool irp_rules_is_wmi_minor(UCHAR minor) {
  return minor <= IRP_MN_EXECUTE_METHOD || minor == IRP_MN_REGINFO_EX;
}

static bool is_wmi(UCHAR major, UCHAR minor) {
  return major == IRP_MJ_SYSTEM_CONTROL && irp_rules_is_wmi_minor(minor);
}

static struct check_site frame_site(const struct io_frame *frame) {
  return (struct check_site){frame->device, frame->irp, frame->routine};
}

static bool device_is_below(PDEVICE_OBJECT device, PDEVICE_OBJECT lower) {
  for (struct io_device *d = io_device_of(device); d != NULL; d = io_device_of(d->attached_to))
    if (d->attached_to == lower) return true;
  return false;
}

void irp_rules_before_send(struct wmisim *sim, struct io_frame *sender, PDEVICE_OBJECT target, PIRP irp) {
  struct check_site site = {sender != NULL ? sender->device : NULL, irp, "IoCallDriver"};
  if (irp->CancelRoutine != NULL)
    check_report(sim, CHECK_FORWARD_WITH_CANCEL_ROUTINE, &site, "IRP sent to %s with cancel routine %p set",
                 io_device_display_name(target), (void *)(uintptr_t)irp->CancelRoutine);
  if (sender != NULL || irp->CurrentLocation <= 1) return;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  if (is_wmi(next->MajorFunction, next->MinorFunction) && irp->IoStatus.Status != STATUS_NOT_SUPPORTED)
    check_report(sim, CHECK_WMI_STATUS_NOT_PRESET, &site,
                 "WMI IRP sent to %s with IoStatus.Status %s instead of STATUS_NOT_SUPPORTED",
                 io_device_display_name(target), wmisim_status_name(irp->IoStatus.Status));
}

static void wmi_dispatch_rules(struct wmisim *sim, struct io_frame *frame, NTSTATUS status, bool handled) {
  struct check_site site = frame_site(frame);
  PDEVICE_OBJECT provider = (PDEVICE_OBJECT)frame->wmi_provider;
  bool is_provider = provider == frame->device;
  struct io_device *record = io_device_of(frame->device);
  bool at_bottom = record == NULL || record->attached_to == NULL;
  if (is_provider && !handled && status != STATUS_PENDING)
    check_report(sim, CHECK_WMI_COMPLETE, &site,
                 "%s returned %s without completing the WMI request addressed to it", frame->routine,
                 wmisim_status_name(status));
  bool must_forward = (!is_provider && !at_bottom) || frame->wmilib_disposition == 3 /* IrpForward */;
  if (must_forward && !frame->forwarded && (frame->wmilib_disposition == 3 || !handled))
    check_report(sim, CHECK_WMI_FORWARD, &site,
                 "the request belongs to %s (ProviderId %p) but %s did not pass it down",
                 provider != NULL ? io_device_display_name(provider) : "another device", (void *)provider,
                 io_device_display_name(frame->device));
  if (frame->remove_lock_balance > 0 && status != STATUS_PENDING)
    check_report(sim, CHECK_REMOVE_LOCK_SYSTEM_CONTROL, &site, "%s returned holding %d remove-lock acquisition(s)",
                 frame->routine, frame->remove_lock_balance);
}

/* The status a forwarding routine may return: the lower driver's, the
 * IRP's final status once a pended forward has completed, or STATUS_PENDING
 * after IoMarkIrpPending, which then must be returned whatever the lower
 * driver returned (WDK: IoMarkIrpPending). */
static bool returned_lower_status(const struct io_frame *frame, NTSTATUS status) {
  if (status == frame->forward_status) return true;
  if (frame->marked_pending && status == STATUS_PENDING) return true;
  if (frame->forward_status != STATUS_PENDING || frame->track == NULL) return false;
  return atomic_load_i32(&frame->track->finished) || atomic_load_i32(&frame->track->completions) > 0
             ? status == frame->irp->IoStatus.Status
             : false;
}

void irp_rules_dispatch_returned(struct wmisim *sim, struct io_frame *frame, NTSTATUS status,
                                 bool completed_elsewhere) {
  struct check_site site = frame_site(frame);
  bool handled = frame->completed || frame->forwarded || completed_elsewhere;
  bool lower_pended = frame->forwarded && frame->forward_status == STATUS_PENDING;
  if (status == STATUS_PENDING && !frame->marked_pending && !lower_pended)
    check_report(sim, CHECK_PENDING_WITHOUT_MARK, &site, "%s returned STATUS_PENDING without IoMarkIrpPending",
                 frame->routine);
  if (frame->marked_pending && status != STATUS_PENDING)
    check_report(sim, CHECK_MARK_WITHOUT_PENDING, &site, "%s called IoMarkIrpPending but returned %s",
                 frame->routine, wmisim_status_name(status));
  if (frame->completed && status != STATUS_PENDING && status != frame->completion_status)
    check_report(sim, CHECK_STATUS_MISMATCH, &site, "%s completed the IRP with %s but returned %s", frame->routine,
                 wmisim_status_name(frame->completion_status), wmisim_status_name(status));
  else if (!frame->completed && frame->forwarded && !returned_lower_status(frame, status))
    check_report(sim, CHECK_LOWER_DRIVER_RETURN, &site, "%s passed the IRP down, got %s, and returned %s",
                 frame->routine, wmisim_status_name(frame->forward_status), wmisim_status_name(status));
  if (!handled && status != STATUS_PENDING)
    check_report(sim, CHECK_IRP_NOT_HANDLED, &site, "%s returned %s but neither completed nor passed down the IRP",
                 frame->routine, wmisim_status_name(status));
  if (frame->completion_routine_set && !frame->forwarded)
    check_report(sim, CHECK_COMPLETION_ROUTINE_MISUSE, &site,
                 "%s set a completion routine but never called IoCallDriver", frame->routine);
  if (is_wmi(frame->major, frame->minor)) wmi_dispatch_rules(sim, frame, status, handled);
}

static ULONG output_capacity(const IO_STACK_LOCATION *stack, bool *known) {
  *known = true;
  switch (stack->MajorFunction) {
  case IRP_MJ_SYSTEM_CONTROL: return stack->Parameters.WMI.BufferSize;
  case IRP_MJ_DEVICE_CONTROL:
  case IRP_MJ_INTERNAL_DEVICE_CONTROL: return stack->Parameters.DeviceIoControl.OutputBufferLength;
  case IRP_MJ_READ: return stack->Parameters.Read.Length;
  default: *known = false; return 0;
  }
}

void irp_rules_completing(struct wmisim *sim, PIRP irp, PDEVICE_OBJECT completer) {
  struct check_site site = {completer, irp, "IoCompleteRequest"};
  NTSTATUS status = irp->IoStatus.Status;
  if (status == STATUS_PENDING || status == (NTSTATUS)-1)
    check_report(sim, CHECK_COMPLETE_WITH_PENDING, &site, "IRP completed with IoStatus.Status %s",
                 status == STATUS_PENDING ? "STATUS_PENDING" : "-1");
  if (irp->CancelRoutine != NULL)
    check_report(sim, CHECK_COMPLETE_WITH_CANCEL_ROUTINE, &site, "IRP completed with cancel routine %p still set",
                 (void *)(uintptr_t)irp->CancelRoutine);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  bool known;
  ULONG capacity = output_capacity(stack, &known);
  bool buffered_ioctl = stack->MajorFunction != IRP_MJ_DEVICE_CONTROL ||
                        METHOD_FROM_CTL_CODE(stack->Parameters.DeviceIoControl.IoControlCode) == METHOD_BUFFERED;
  /* Warnings (STATUS_BUFFER_OVERFLOW) carry data back too, so they are checked as well. */
  if (known && buffered_ioctl && !NT_ERROR(status) && irp->IoStatus.Information > capacity)
    check_report(sim, CHECK_INFORMATION_TOO_LARGE, &site, "IoStatus.Information is %llu but the buffer holds %lu bytes",
                 (unsigned long long)irp->IoStatus.Information, (unsigned long)capacity);
  if (is_wmi(stack->MajorFunction, stack->MinorFunction)) {
    PDEVICE_OBJECT provider = (PDEVICE_OBJECT)stack->Parameters.WMI.ProviderId;
    if (provider != completer && device_is_below(completer, provider))
      check_report(sim, CHECK_WMI_COMPLETED_BY_NON_PROVIDER, &site,
                   "%s completed a WMI request addressed to %s below it", io_device_display_name(completer),
                   io_device_display_name(provider));
  }
}

void irp_rules_completion_routine_returned(struct wmisim *sim, PIRP irp, PDEVICE_OBJECT device, bool at_originator) {
  if (at_originator || !irp->PendingReturned) return;
  if (IoGetCurrentIrpStackLocation(irp)->Control & SL_PENDING_RETURNED) return;
  struct check_site site = {device, irp, "completion routine"};
  check_report(sim, CHECK_COMPLETION_PENDING_PROPAGATION, &site,
               "the completion routine of %s saw PendingReturned but did not call IoMarkIrpPending",
               io_device_display_name(device));
}

void irp_rules_completed_to_originator(struct wmisim *sim, PIRP irp, struct io_irp_track *track) {
  if (track->origin != IRP_ORIGIN_ALLOCATED) return;
  struct check_site site = {NULL, irp, "IoCompleteRequest"};
  check_report(sim, CHECK_COMPLETION_ROUTINE_MISUSE, &site,
               "IRP #%llu from IoAllocateIrp was completed all the way up; its creator's completion routine must "
               "return STATUS_MORE_PROCESSING_REQUIRED and free or reuse it",
               (unsigned long long)track->id);
}
