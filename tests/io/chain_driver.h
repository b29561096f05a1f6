/*
 * chain_driver.h - a configurable legacy driver for IRP tests: a stack of
 * its devices (level 0 at the bottom) where each upper level passes the IRP
 * down, with or without a completion routine, and the bottom level
 * completes it at once, pends it for a system thread or a work item, or
 * pends it with a cancel routine.
 *
 * Every completion routine call is recorded (level, the DeviceObject it was
 * given, PendingReturned, IoStatus.Status) so tests can check the order and
 * the arguments. Level CHAIN_ORIGINATOR is the test itself.
 */
#ifndef WMISIM_TESTS_CHAIN_DRIVER_H
#define WMISIM_TESTS_CHAIN_DRIVER_H

#include "io_test.h"

#define CHAIN_MAX 4
#define CHAIN_ORIGINATOR 99

enum bottom_mode {
  BOTTOM_COMPLETE,          /* IoCompleteRequest with chain.bottom_status, return it */
  BOTTOM_PEND_AND_COMPLETE, /* IoMarkIrpPending, IoCompleteRequest, return STATUS_PENDING */
  BOTTOM_PEND_THREAD,       /* IoMarkIrpPending, a system thread completes it after `release` */
  BOTTOM_PEND_WORK_ITEM,    /* IoMarkIrpPending, a work item completes it after `release` */
  BOTTOM_PEND_CANCELABLE    /* IoMarkIrpPending with a cancel routine; completed only by cancellation */
};

struct level_config {
  bool skip;                 /* IoSkipCurrentIrpStackLocation instead of copying */
  bool set_routine;
  BOOLEAN on_success, on_error, on_cancel;
  bool stop;                 /* the routine returns STATUS_MORE_PROCESSING_REQUIRED; the dispatch
                                routine waits for it and completes the IRP again */
};

struct routine_call {
  int level;
  PDEVICE_OBJECT device;
  BOOLEAN pending_returned;
  NTSTATUS status;
};

struct chain_ext {
  int level;
  PDEVICE_OBJECT self;
  PDEVICE_OBJECT lower;
  KEVENT stopped;
};

static struct {
  wmisim_driver_t *driver;
  PDEVICE_OBJECT device[CHAIN_MAX];
  int levels;
  struct level_config config[CHAIN_MAX];
  enum bottom_mode bottom;
  NTSTATUS bottom_status;
  ULONG_PTR bottom_information;
  KEVENT release;            /* lets a pended IRP be completed */
  PIRP pended;
  HANDLE thread;
  PIO_WORKITEM work_item;
  struct routine_call calls[16];
  int call_count;
  int calls_when_stopped;    /* calls recorded when a level's routine stopped completion */
  KIRQL cancel_irql;         /* IRQL the cancel routine ran at */
  BOOLEAN cancel_flag;       /* Irp->Cancel seen by the cancel routine */
  PDEVICE_OBJECT cancel_device;
  bool cancel_routine_cleared;
} chain;

static inline void chain_record(int level, PDEVICE_OBJECT device, PIRP irp) {
  if (chain.call_count < 16)
    chain.calls[chain.call_count++] = (struct routine_call){level, device, irp->PendingReturned, irp->IoStatus.Status};
}

static inline NTSTATUS NTAPI chain_routine(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  struct chain_ext *ext = Context;
  chain_record(ext->level, DeviceObject, Irp);
  if (chain.config[ext->level].stop) {
    chain.calls_when_stopped = chain.call_count;
    KeSetEvent(&ext->stopped, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
  }
  if (Irp->PendingReturned) IoMarkIrpPending(Irp);
  return STATUS_CONTINUE_COMPLETION;
}

static inline void chain_complete(PIRP irp) {
  irp->IoStatus.Status = chain.bottom_status;
  irp->IoStatus.Information = chain.bottom_information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static inline VOID NTAPI chain_complete_later_thread(PVOID Context) {
  PIRP irp = Context;
  KeWaitForSingleObject(&chain.release, Executive, KernelMode, FALSE, NULL);
  chain_complete(irp);
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static inline VOID NTAPI chain_complete_later_work(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  (void)DeviceObject;
  KeWaitForSingleObject(&chain.release, Executive, KernelMode, FALSE, NULL);
  chain_complete((PIRP)Context);
}

static inline VOID NTAPI chain_cancel(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  chain.cancel_irql = KeGetCurrentIrql();
  chain.cancel_flag = Irp->Cancel;
  chain.cancel_device = DeviceObject;
  chain.cancel_routine_cleared = Irp->CancelRoutine == NULL;
  IoReleaseCancelSpinLock(Irp->CancelIrql);
  chain.pended = NULL;
  Irp->IoStatus.Status = STATUS_CANCELLED;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

static inline NTSTATUS chain_bottom(PDEVICE_OBJECT device, PIRP irp) {
  switch (chain.bottom) {
  case BOTTOM_COMPLETE: {
    NTSTATUS status = chain.bottom_status;
    chain_complete(irp);
    return status;
  }
  case BOTTOM_PEND_AND_COMPLETE:
    IoMarkIrpPending(irp);
    chain_complete(irp);
    return STATUS_PENDING;
  case BOTTOM_PEND_THREAD:
    IoMarkIrpPending(irp);
    chain.pended = irp;
    assert_int_equal(PsCreateSystemThread(&chain.thread, GENERIC_ALL, NULL, NULL, NULL,
                                          chain_complete_later_thread, irp),
                     STATUS_SUCCESS);
    return STATUS_PENDING;
  case BOTTOM_PEND_WORK_ITEM:
    IoMarkIrpPending(irp);
    chain.pended = irp;
    chain.work_item = IoAllocateWorkItem(device);
    assert_non_null(chain.work_item);
    IoQueueWorkItem(chain.work_item, chain_complete_later_work, DelayedWorkQueue, irp);
    return STATUS_PENDING;
  case BOTTOM_PEND_CANCELABLE:
    IoMarkIrpPending(irp);
    chain.pended = irp;
    IoSetCancelRoutine(irp, chain_cancel);
    return STATUS_PENDING;
  }
  return STATUS_UNSUCCESSFUL;
}

static inline NTSTATUS NTAPI chain_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct chain_ext *ext = DeviceObject->DeviceExtension;
  if (ext->lower == NULL) return chain_bottom(DeviceObject, Irp);
  struct level_config *config = &chain.config[ext->level];
  if (config->skip) {
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->lower, Irp);
  }
  IoCopyCurrentIrpStackLocationToNext(Irp);
  if (config->set_routine)
    IoSetCompletionRoutine(Irp, chain_routine, ext, config->on_success, config->on_error, config->on_cancel);
  NTSTATUS status = IoCallDriver(ext->lower, Irp);
  if (!config->stop) return status;
  /* Forward and wait: the routine stopped completion; finish it here. */
  if (status == STATUS_PENDING) KeWaitForSingleObject(&ext->stopped, Executive, KernelMode, FALSE, NULL);
  status = Irp->IoStatus.Status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

static inline NTSTATUS NTAPI chain_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = chain_dispatch;
  return STATUS_SUCCESS;
}

/* Adds the driver and a stack of `levels` devices; returns the top. */
static inline PDEVICE_OBJECT chain_build(wmisim_t *sim, int levels, ULONG flags) {
  memset(&chain, 0, sizeof chain);
  KeInitializeEvent(&chain.release, NotificationEvent, FALSE);
  chain.bottom_status = STATUS_SUCCESS;
  assert_int_equal(wmisim_driver_add(sim, "chain", chain_entry, &chain.driver), STATUS_SUCCESS);
  chain.levels = levels;
  for (int i = 0; i < levels; i++) {
    PDEVICE_OBJECT device;
    assert_int_equal(IoCreateDevice(wmisim_driver_object(chain.driver), sizeof(struct chain_ext), NULL,
                                    FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
                     STATUS_SUCCESS);
    struct chain_ext *ext = device->DeviceExtension;
    ext->level = i;
    ext->self = device;
    KeInitializeEvent(&ext->stopped, NotificationEvent, FALSE);
    device->Flags |= flags;
    if (i > 0) ext->lower = IoAttachDeviceToDeviceStack(device, chain.device[i - 1]);
    device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
    chain.device[i] = device;
  }
  return chain.device[levels - 1];
}

/* Sets a completion routine at `level` for every outcome. */
static inline void chain_routine_at(int level, bool stop) {
  chain.config[level] = (struct level_config){false, true, TRUE, TRUE, TRUE, stop};
}

static inline void chain_teardown(void) {
  for (int i = chain.levels - 1; i >= 0; i--) {
    struct chain_ext *ext = chain.device[i]->DeviceExtension;
    if (ext->lower != NULL) IoDetachDevice(ext->lower);
    IoDeleteDevice(chain.device[i]);
  }
  if (chain.work_item != NULL) IoFreeWorkItem(chain.work_item);
  chain.work_item = NULL;
  assert_int_equal(wmisim_driver_unload(chain.driver), STATUS_SUCCESS);
}

/* The test as originator: a recording completion routine. */
struct originator {
  KEVENT done;
  PIRP irp;
};

static inline NTSTATUS NTAPI originator_routine(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  chain_record(CHAIN_ORIGINATOR, DeviceObject, Irp);
  KeSetEvent(&((struct originator *)Context)->done, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Allocates an IRP_MJ_DEVICE_CONTROL IRP with the recording routine. */
static inline PIRP originator_start(struct originator *o, PDEVICE_OBJECT top) {
  KeInitializeEvent(&o->done, NotificationEvent, FALSE);
  o->irp = IoAllocateIrp(top->StackSize, FALSE);
  assert_non_null(o->irp);
  o->irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(o->irp);
  next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  next->Parameters.DeviceIoControl.IoControlCode =
      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS);
  IoSetCompletionRoutine(o->irp, originator_routine, o, TRUE, TRUE, TRUE);
  return o->irp;
}

static inline void originator_wait_and_free(struct originator *o) {
  KeWaitForSingleObject(&o->done, Executive, KernelMode, FALSE, NULL);
  IoFreeIrp(o->irp);
}

/* Waits for the system thread chain_bottom started to end. */
static inline void chain_join_thread(void) {
  if (chain.thread == NULL) return;
  PVOID object;
  assert_int_equal(ObReferenceObjectByHandle(chain.thread, SYNCHRONIZE, NULL, KernelMode, &object, NULL),
                   STATUS_SUCCESS);
  KeWaitForSingleObject(object, Executive, KernelMode, FALSE, NULL);
  ObDereferenceObject(object);
  ZwClose(chain.thread);
  chain.thread = NULL;
}

#endif /* WMISIM_TESTS_CHAIN_DRIVER_H */
