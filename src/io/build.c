/*
 * build.c - IRPs built for a caller: IoBuildSynchronousFsdRequest,
 * IoBuildAsynchronousFsdRequest, IoBuildDeviceIoControlRequest, and
 * IoForwardIrpSynchronously.
 */
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "ex/pool.h"
#include "io/io.h"
#include "ke/thread.h"

#define SYSTEM_BUFFER_TAG 0x42737953u /* 'SysB' */

static PIRP new_built_irp(PDEVICE_OBJECT device, enum io_irp_origin origin) {
  struct io_device *record = io_device_of(device);
  if (record == NULL) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoBuild*Request: not a device object");
    return NULL;
  }
  PIRP irp = io_allocate_irp_for(record->sim, device->StackSize, origin);
  if (irp != NULL) irp->Tail.Overlay.Thread = (PETHREAD)KeGetCurrentThread();
  return irp;
}

static bool attach_system_buffer(PIRP irp, PVOID data, ULONG length, ULONG copy_in) {
  if (length == 0) return true;
  void *buffer = pool_allocate(io_irp_track_of(irp)->sim, NULL, length, SYSTEM_BUFFER_TAG, true);
  if (buffer == NULL) return false;
  if (copy_in != 0 && data != NULL) memcpy(buffer, data, copy_in);
  irp->AssociatedIrp.SystemBuffer = buffer;
  irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
  return true;
}

static PIRP build_fsd(ULONG major, PDEVICE_OBJECT device, PVOID buffer, ULONG length, PLARGE_INTEGER offset,
                      PIO_STATUS_BLOCK iosb, enum io_irp_origin origin) {
  PIRP irp = new_built_irp(device, origin);
  if (irp == NULL) return NULL;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = (UCHAR)major;
  irp->UserIosb = iosb;
  if (major == IRP_MJ_READ || major == IRP_MJ_WRITE) {
    next->Parameters.Read.Length = length;
    if (offset != NULL) next->Parameters.Read.ByteOffset = *offset;
    struct io_irp_track *track = io_irp_track_of(irp);
    if (device->Flags & DO_BUFFERED_IO) {
      if (!attach_system_buffer(irp, buffer, length, major == IRP_MJ_WRITE ? length : 0)) {
        io_free_sim_irp(irp);
        return NULL;
      }
      if (major == IRP_MJ_READ) {
        irp->Flags |= IRP_INPUT_OPERATION;
        track->copy_back_to = buffer;
        track->copy_back_length = length;
      }
    } else if (device->Flags & DO_DIRECT_IO) {
      irp->MdlAddress = IoAllocateMdl(buffer, length, FALSE, FALSE, NULL);
    } else {
      irp->UserBuffer = buffer;
    }
  }
  return irp;
}

PIRP NTAPI IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject, PVOID Buffer,
                                        ULONG Length, PLARGE_INTEGER StartingOffset, PKEVENT Event,
                                        PIO_STATUS_BLOCK IoStatusBlock) {
  PIRP irp = build_fsd(MajorFunction, DeviceObject, Buffer, Length, StartingOffset, IoStatusBlock,
                       IRP_ORIGIN_SYNCHRONOUS);
  if (irp != NULL) irp->UserEvent = Event;
  return irp;
}

PIRP NTAPI IoBuildAsynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject, PVOID Buffer,
                                         ULONG Length, PLARGE_INTEGER StartingOffset,
                                         PIO_STATUS_BLOCK IoStatusBlock) {
  return build_fsd(MajorFunction, DeviceObject, Buffer, Length, StartingOffset, IoStatusBlock,
                   IRP_ORIGIN_ASYNCHRONOUS);
}

PIRP NTAPI IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
                                         ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                                         BOOLEAN InternalDeviceIoControl, PKEVENT Event,
                                         PIO_STATUS_BLOCK IoStatusBlock) {
  PIRP irp = new_built_irp(DeviceObject, IRP_ORIGIN_SYNCHRONOUS);
  if (irp == NULL) return NULL;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL;
  next->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
  next->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
  next->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
  irp->UserIosb = IoStatusBlock;
  irp->UserEvent = Event;
  struct io_irp_track *track = io_irp_track_of(irp);
  bool ok = true;
  switch (METHOD_FROM_CTL_CODE(IoControlCode)) {
  case METHOD_BUFFERED: {
    ULONG size = InputBufferLength > OutputBufferLength ? InputBufferLength : OutputBufferLength;
    ok = attach_system_buffer(irp, InputBuffer, size, InputBufferLength);
    track->copy_back_to = OutputBuffer;
    track->copy_back_length = OutputBufferLength;
    break;
  }
  case METHOD_IN_DIRECT:
  case METHOD_OUT_DIRECT:
    ok = attach_system_buffer(irp, InputBuffer, InputBufferLength, InputBufferLength);
    if (ok && OutputBuffer != NULL && OutputBufferLength != 0)
      irp->MdlAddress = IoAllocateMdl(OutputBuffer, OutputBufferLength, FALSE, FALSE, NULL);
    break;
  default:
    next->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
    irp->UserBuffer = OutputBuffer;
    break;
  }
  if (!ok) {
    io_free_sim_irp(irp);
    return NULL;
  }
  return irp;
}

/* Buffered output is copied back unless the request failed: a warning
 * such as STATUS_BUFFER_OVERFLOW comes with the partial data. */
void io_finish_built_irp(PIRP irp, struct io_irp_track *track) {
  if (track->copy_back_to != NULL && irp->AssociatedIrp.SystemBuffer != NULL && !NT_ERROR(irp->IoStatus.Status)) {
    ULONG_PTR n = irp->IoStatus.Information;
    if (n > track->copy_back_length) n = track->copy_back_length;
    memcpy(track->copy_back_to, irp->AssociatedIrp.SystemBuffer, n);
  }
  if (irp->Flags & IRP_DEALLOCATE_BUFFER) pool_free(irp->AssociatedIrp.SystemBuffer, SYSTEM_BUFFER_TAG, "I/O manager");
  if (irp->MdlAddress != NULL) IoFreeMdl(irp->MdlAddress);
  if (irp->UserIosb != NULL) *irp->UserIosb = irp->IoStatus;
  if (track->origin == IRP_ORIGIN_ASYNCHRONOUS) {
    struct check_site site = {NULL, irp, "IoCompleteRequest"};
    check_report(track->sim, CHECK_COMPLETION_ROUTINE_MISUSE, &site,
                 "IRP #%llu from IoBuildAsynchronousFsdRequest reached its originator; its completion routine must "
                 "free it with IoFreeIrp and return STATUS_MORE_PROCESSING_REQUIRED",
                 (unsigned long long)track->id);
  }
  if (irp->UserEvent != NULL) KeSetEvent(irp->UserEvent, IO_NO_INCREMENT, FALSE);
  io_free_sim_irp(irp);
}

static NTSTATUS NTAPI signal_forward_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Irp;
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

BOOLEAN NTAPI IoForwardIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  if (Irp->CurrentLocation <= 1) return FALSE;
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  IoCopyCurrentIrpStackLocationToNext(Irp);
  IoSetCompletionRoutine(Irp, signal_forward_done, &done, TRUE, TRUE, TRUE);
  if (IoCallDriver(DeviceObject, Irp) == STATUS_PENDING)
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
  return TRUE;
}
