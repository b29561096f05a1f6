/*
 * irp_rules.c - IRP-handling rules: completion, pending, status
 * propagation, forwarding, and the WMI IRP rules.
 *
 * Each rule mirrors a documented Driver Verifier check or SDV rule; the
 * frame the I/O manager kept around the dispatch routine says what the
 * routine did, so no driver cooperation is needed.
 */
#include "check/irp_rules.h"

#include <stdarg.h>

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
  return (struct check_site){frame->device, NULL, frame->routine};
}

/* The frame's IRP as it was dispatched: by the time the routine returned
 * it may be completed, its stack location no longer the frame's. */
static struct check_irp_ref frame_irp(const struct io_frame *frame) {
  struct check_irp_ref ref = {frame->track != NULL ? frame->track->id : 0, frame->major, frame->minor};
  return ref;
}

static bool device_is_below(PDEVICE_OBJECT device, PDEVICE_OBJECT lower) {
  for (struct io_device *d = io_device_of(device); d != NULL; d = io_device_of(d->attached_to))
    if (d->attached_to == lower) return true;
  return false;
}

void irp_rules_before_send(struct wmisim *sim, struct io_frame *sender, PDEVICE_OBJECT target, PIRP irp) {
  struct check_site site = {sender != NULL ? sender->device : NULL, NULL, "IoCallDriver"};
  if (irp->CurrentLocation <= 1) return; /* IoCallDriver reports NoMoreIrpStackLocations */
  /* Name the IRP by the request it carries to `target`. */
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  struct io_irp_track *track = io_irp_track_of(irp);
  struct check_irp_ref ref = {track != NULL ? track->id : 0, next->MajorFunction, next->MinorFunction};
  if (irp->CancelRoutine != NULL)
    check_report_irp(sim, CHECK_FORWARD_WITH_CANCEL_ROUTINE, &site, &ref, "IRP sent to %s with cancel routine %p set",
                     io_device_display_name(target), (void *)(uintptr_t)irp->CancelRoutine);
  if (sender != NULL) return;
  if (is_wmi(next->MajorFunction, next->MinorFunction) && irp->IoStatus.Status != STATUS_NOT_SUPPORTED)
    check_report_irp(sim, CHECK_WMI_STATUS_NOT_PRESET, &site, &ref,
                     "WMI IRP sent to %s with IoStatus.Status %s instead of STATUS_NOT_SUPPORTED",
                     io_device_display_name(target), wmisim_status_name(irp->IoStatus.Status));
}

/* Reports a rule broken by the routine of `frame`. */
static void frame_report(struct wmisim *sim, enum check_rule rule, const struct io_frame *frame, const char *format,
                         ...) WMISIM_PRINTF(4, 5);
static void frame_report(struct wmisim *sim, enum check_rule rule, const struct io_frame *frame, const char *format,
                         ...) {
  struct check_site site = frame_site(frame);
  struct check_irp_ref ref = frame_irp(frame);
  va_list args;
  va_start(args, format);
  check_vreport_irp(sim, rule, &site, &ref, format, args);
  va_end(args);
}

/* WmiComplete and WmiForward; true if one of them named the IRP as
 * neither completed nor passed down, which IrpProcessingComplete would
 * say again in general terms. */
static bool wmi_dispatch_rules(struct wmisim *sim, struct io_frame *frame, NTSTATUS status, bool handled) {
  PDEVICE_OBJECT provider = (PDEVICE_OBJECT)frame->wmi_provider;
  bool is_provider = provider == frame->device;
  struct io_device *record = io_device_of(frame->device);
  bool at_bottom = record == NULL || record->attached_to == NULL;
  bool reported = false;
  if (is_provider && !handled && status != STATUS_PENDING) {
    frame_report(sim, CHECK_WMI_COMPLETE, frame, "%s returned %s without completing the WMI request addressed to it",
                 frame->routine, wmisim_status_name(status));
    reported = true;
  }
  bool must_forward = (!is_provider && !at_bottom) || frame->wmilib_disposition == 3 /* IrpForward */;
  bool reported_at_completion = frame->wmilib_disposition != 3 && frame->completed &&
                                device_is_below(frame->device, provider);
  if (must_forward && !frame->forwarded && (frame->wmilib_disposition == 3 || !handled) && !reported_at_completion) {
    /* A driver without WMILIB that completed the IRP instead was reported
     * at the completion (WmiCompletedByNonProvider). */
    frame_report(sim, CHECK_WMI_FORWARD, frame, "the request belongs to %s (ProviderId %p) but %s did not pass it down",
                 provider != NULL ? io_device_display_name(provider) : "another device", (void *)provider,
                 io_device_display_name(frame->device));
    reported = reported || !handled;
  }
  if (frame->remove_lock_balance > 0 && status != STATUS_PENDING)
    frame_report(sim, CHECK_REMOVE_LOCK_SYSTEM_CONTROL, frame, "%s returned holding %d remove-lock acquisition(s)",
                 frame->routine, frame->remove_lock_balance);
  return reported;
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

static void status_rules(struct wmisim *sim, struct io_frame *frame, NTSTATUS status) {
  bool lower_pended = frame->forwarded && frame->forward_status == STATUS_PENDING;
  if (status == STATUS_PENDING && !frame->marked_pending && !lower_pended)
    frame_report(sim, CHECK_PENDING_WITHOUT_MARK, frame, "%s returned STATUS_PENDING without IoMarkIrpPending",
                 frame->routine);
  if (frame->marked_pending && status != STATUS_PENDING)
    frame_report(sim, CHECK_MARK_WITHOUT_PENDING, frame, "%s called IoMarkIrpPending but returned %s", frame->routine,
                 wmisim_status_name(status));
  if (frame->completed && status != STATUS_PENDING && status != frame->completion_status)
    frame_report(sim, CHECK_STATUS_MISMATCH, frame, "%s completed the IRP with %s but returned %s", frame->routine,
                 wmisim_status_name(frame->completion_status), wmisim_status_name(status));
  else if (!frame->completed && frame->forwarded && !returned_lower_status(frame, status))
    frame_report(sim, CHECK_LOWER_DRIVER_RETURN, frame, "%s passed the IRP down, got %s, and returned %s",
                 frame->routine, wmisim_status_name(frame->forward_status), wmisim_status_name(status));
}

void irp_rules_dispatch_returned(struct wmisim *sim, struct io_frame *frame, NTSTATUS status,
                                 bool completed_elsewhere) {
  bool handled = frame->completed || frame->forwarded || completed_elsewhere;
  status_rules(sim, frame, status);
  /* A WMI rule names a dropped WMI IRP more precisely than the general one. */
  bool named = is_wmi(frame->major, frame->minor) && wmi_dispatch_rules(sim, frame, status, handled);
  if (!handled && status != STATUS_PENDING && !named)
    frame_report(sim, CHECK_IRP_NOT_HANDLED, frame, "%s returned %s but neither completed nor passed down the IRP",
                 frame->routine, wmisim_status_name(status));
  if (frame->completion_routine_set && !frame->forwarded)
    frame_report(sim, CHECK_COMPLETION_ROUTINE_MISUSE, frame, "%s set a completion routine but never called IoCallDriver",
                 frame->routine);
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
    /* After WmiSystemControl said IrpForward, WmiForward names the fault
     * when the routine returns, with WMILIB's terms. */
    struct io_frame *frame = io_frame_at(irp, irp->CurrentLocation);
    bool wmilib_forward = frame != NULL && frame->wmilib_disposition == 3;
    if (provider != completer && device_is_below(completer, provider) && !wmilib_forward)
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
