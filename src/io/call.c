/*
 * call.c - sending IRPs down a stack: IoCallDriver and the stack-location
 * routines, with a dispatch frame around every dispatch routine.
 */
#include <string.h>

#include "check/check.h"
#include "check/irp_rules.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

struct io_frame *io_frame_for(PIRP irp) {
  for (struct io_frame *frame = ke_thread()->frame; frame != NULL; frame = frame->outer)
    if (frame->irp == irp) return frame;
  return NULL;
}

struct io_frame *io_frame_at(PIRP irp, CHAR location) {
  for (struct io_frame *frame = ke_thread()->frame; frame != NULL; frame = frame->outer)
    if (frame->irp == irp && frame->location == location) return frame;
  return NULL;
}

static const char *routine_name(UCHAR major) {
  switch (major) {
  case IRP_MJ_SYSTEM_CONTROL: return "DispatchSystemControl";
  case IRP_MJ_PNP: return "DispatchPnp";
  case IRP_MJ_POWER: return "DispatchPower";
  case IRP_MJ_CREATE: return "DispatchCreate";
  case IRP_MJ_CLOSE: return "DispatchClose";
  case IRP_MJ_DEVICE_CONTROL: return "DispatchDeviceControl";
  case IRP_MJ_INTERNAL_DEVICE_CONTROL: return "DispatchInternalDeviceControl";
  case IRP_MJ_READ: return "DispatchRead";
  case IRP_MJ_WRITE: return "DispatchWrite";
  default: return "Dispatch";
  }
}

/* Moves the IRP to the next stack location; false if there is none. */
static bool enter_next_location(PIRP irp, PDEVICE_OBJECT device, struct wmisim *sim) {
  if (irp->CurrentLocation <= 1) {
    struct check_site site = {device, irp, "IoCallDriver"};
    check_report(sim, CHECK_NO_MORE_STACK_LOCATIONS, &site,
                 "IoCallDriver to %s with no stack location left (StackCount %d)", io_device_display_name(device),
                 irp->StackCount);
    return false;
  }
  irp->CurrentLocation--;
  irp->Tail.Overlay.CurrentStackLocation--;
  IoGetCurrentIrpStackLocation(irp)->DeviceObject = device;
  return true;
}

static NTSTATUS dispatch(struct io_device *record, PIRP irp, struct io_irp_track *track, struct kthread *thread) {
  PDEVICE_OBJECT device = &record->object;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  struct wmisim *sim = record->sim;
  struct io_frame frame;
  memset(&frame, 0, sizeof frame);
  frame.outer = thread->frame;
  frame.irp = irp;
  frame.track = track;
  frame.device = device;
  frame.driver = record->driver;
  frame.major = stack->MajorFunction;
  frame.minor = stack->MinorFunction;
  frame.routine = routine_name(frame.major);
  frame.irql = thread->irql;
  frame.location = irp->CurrentLocation;
  frame.wmilib_disposition = -1;
  if (frame.major == IRP_MJ_SYSTEM_CONTROL) {
    frame.wmi_provider = stack->Parameters.WMI.ProviderId;
    frame.wmi_buffer_size = stack->Parameters.WMI.BufferSize;
  }
  int32_t completions_before = track != NULL ? atomic_load_i32(&track->completions) : 0;

  PDRIVER_DISPATCH routine = device->DriverObject->MajorFunction[frame.major];
  struct wmisim *previous_sim = thread->sim;
  thread->sim = sim;
  thread->frame = &frame;
  struct io_driver *previous_driver = ke_enter_driver(thread, record->driver);
  NTSTATUS status = routine(device, irp);
  ke_leave_driver(thread, previous_driver);
  thread->frame = frame.outer;
  thread->sim = previous_sim;

  if (thread->irql != frame.irql) {
    /* Named by the frame's codes: the IRP may have moved on by now. */
    struct check_irp_ref ref = {track != NULL ? track->id : 0, frame.major, frame.minor};
    check_report_irp(sim, CHECK_IRQL_NOT_RESTORED, &(struct check_site){device, NULL, frame.routine}, &ref,
                     "%s returned at IRQL %u; it was called at %u", frame.routine, thread->irql, frame.irql);
    thread->irql = frame.irql;
  }
  bool completed_elsewhere = track != NULL && atomic_load_i32(&track->completions) != completions_before;
  if (check_enabled(sim)) irp_rules_dispatch_returned(sim, &frame, status, completed_elsewhere);
  if (trace_active(sim)) trace_dispatch_returned(sim, track, device, frame.major, frame.minor, status);
  return status;
}

/* `referenced`: the caller holds a reference on DeviceObject for the whole
 * call, so the call need not take one to keep it alive. */
static NTSTATUS call_driver(PDEVICE_OBJECT DeviceObject, PIRP Irp, bool referenced) {
  struct io_device *record = io_device_of(DeviceObject);
  struct io_irp_track *track = io_irp_track_of(Irp);
  struct wmisim *sim = record != NULL ? record->sim : sim_current();
  struct check_site site = {DeviceObject, Irp, "IoCallDriver"};
  if (record == NULL || Irp == NULL || Irp->Type != IO_TYPE_IRP) {
    check_report(sim, CHECK_BAD_PARAMETER, &site, "IoCallDriver(%p, %p): %s", (void *)DeviceObject, (void *)Irp,
                 record == NULL ? "not a device object" : "not an IRP");
    return STATUS_INVALID_PARAMETER;
  }
  if (track != NULL && atomic_load_i32(&track->freed)) {
    check_report(sim, CHECK_IRP_USE_AFTER_FREE, &site, "IoCallDriver with IRP #%llu after IoFreeIrp",
                 (unsigned long long)track->id);
    return STATUS_INVALID_PARAMETER;
  }
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim, "IoCallDriver", thread->irql, DISPATCH_LEVEL);
  struct io_frame *sender = io_frame_for(Irp);
  if (check_enabled(sim)) irp_rules_before_send(sim, sender, DeviceObject, Irp);
  if (!enter_next_location(Irp, DeviceObject, sim)) return STATUS_INVALID_PARAMETER;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  if (trace_active(sim))
    trace_irp_sent(sim, track, Irp, sender != NULL ? sender->device : NULL, DeviceObject, stack->MajorFunction,
                   stack->MinorFunction);

  bool retain = io_irp_needs_retain(track);
  if (retain) io_irp_retain(track);
  if (!referenced) ob_reference(&record->header);
  NTSTATUS status = dispatch(record, Irp, track, thread);
  if (!referenced) ob_dereference(&record->header);
  if (retain) io_irp_release(track);

  if (sender != NULL) {
    sender->forwarded = true;
    sender->forward_status = status;
  }
  return status;
}

NTSTATUS FASTCALL IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  return call_driver(DeviceObject, Irp, false);
}

NTSTATUS io_call_referenced(PDEVICE_OBJECT device, PIRP irp) {
  return call_driver(device, irp, true);
}

NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  return IofCallDriver(DeviceObject, Irp);
}

NTSTATUS io_send_irp(PDEVICE_OBJECT device, PIRP irp) {
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(device);
  if (top == NULL) return STATUS_NO_SUCH_DEVICE;
  sim_clock_step(io_device_sim(top), SIM_CLOCK_REQUEST_STEP);
  NTSTATUS status = io_call_referenced(top, irp);
  ObfDereferenceObject(top);
  return status;
}

/* ---- stack locations ------------------------------------------------------------------------ */

VOID NTAPI IoSkipCurrentIrpStackLocation(PIRP Irp) {
  Irp->CurrentLocation++;
  Irp->Tail.Overlay.CurrentStackLocation++;
}

VOID NTAPI IoSetNextIrpStackLocation(PIRP Irp) {
  Irp->CurrentLocation--;
  Irp->Tail.Overlay.CurrentStackLocation--;
}

static bool has_next_location(PIRP irp, const char *routine) {
  if (irp->CurrentLocation > 1) return true;
  struct check_site site = {NULL, irp, routine};
  check_report(sim_current(), CHECK_NO_MORE_STACK_LOCATIONS, &site,
               "%s: the IRP has no next stack location (CurrentLocation %d)", routine, irp->CurrentLocation);
  return false;
}

VOID NTAPI IoCopyCurrentIrpStackLocationToNext(PIRP Irp) {
  if (!has_next_location(Irp, "IoCopyCurrentIrpStackLocationToNext")) return;
  PIO_STACK_LOCATION current = IoGetCurrentIrpStackLocation(Irp);
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
  memcpy(next, current, FIELD_OFFSET(IO_STACK_LOCATION, CompletionRoutine));
  next->Control = 0;
}

VOID NTAPI IoMarkIrpPending(PIRP Irp) {
  IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
  struct io_frame *frame = io_frame_at(Irp, Irp->CurrentLocation);
  if (frame != NULL) frame->marked_pending = true;
}

VOID NTAPI IoSetCompletionRoutine(PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
                                  BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel) {
  if (!has_next_location(Irp, "IoSetCompletionRoutine")) return;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
  next->CompletionRoutine = CompletionRoutine;
  next->Context = Context;
  next->Control = 0;
  if (InvokeOnSuccess) next->Control |= SL_INVOKE_ON_SUCCESS;
  if (InvokeOnError) next->Control |= SL_INVOKE_ON_ERROR;
  if (InvokeOnCancel) next->Control |= SL_INVOKE_ON_CANCEL;
  struct io_frame *frame = io_frame_at(Irp, Irp->CurrentLocation);
  if (frame != NULL) frame->completion_routine_set = true;
}

NTSTATUS NTAPI IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                        PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
                                        BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel) {
  if (io_device_of(DeviceObject) == NULL) return STATUS_INVALID_PARAMETER;
  IoSetCompletionRoutine(Irp, CompletionRoutine, Context, InvokeOnSuccess, InvokeOnError, InvokeOnCancel);
  return STATUS_SUCCESS;
}

BOOLEAN NTAPI IoIsErrorUserInduced(NTSTATUS Status) {
  switch (Status) {
  case STATUS_DEVICE_NOT_READY:
  case STATUS_IO_TIMEOUT:
  case STATUS_MEDIA_WRITE_PROTECTED:
  case STATUS_NO_MEDIA_IN_DEVICE:
  case STATUS_UNRECOGNIZED_MEDIA:
  case STATUS_VERIFY_REQUIRED:
  case STATUS_WRONG_VOLUME:
    return TRUE;
  default:
    return FALSE;
  }
}

BOOLEAN NTAPI IoIs32bitProcess(PIRP Irp) {
  (void)Irp;
  return FALSE;
}
