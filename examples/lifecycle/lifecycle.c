/*
 * lifecycle.c - a WDM function driver for a hot-pluggable gadget, written
 * to show a WMI provider's registration over the device's life, and what
 * happens to a WMI request in flight when the gadget is pulled out.
 *
 * The rules it follows (WDK: IoWMIRegistrationControl, "Handling an
 * IRP_MN_SURPRISE_REMOVAL Request", "Handling an IRP_MN_REMOVE_DEVICE
 * Request"):
 *  - REGISTER when the device starts, after the drivers below started it;
 *  - a surprise-removed device DEREGISTERs while handling
 *    IRP_MN_SURPRISE_REMOVAL, and does not DEREGISTER again at the
 *    IRP_MN_REMOVE_DEVICE that follows; a device removed without surprise
 *    DEREGISTERs at IRP_MN_REMOVE_DEVICE;
 *  - DEREGISTER returns only when the IRP_MJ_SYSTEM_CONTROL requests WMI
 *    already sent to the device have completed (the drain). So the driver
 *    must be able to complete them while it is being removed, and must
 *    never deregister from inside its own system-control dispatch, where
 *    it would wait for itself.
 *
 * The request in flight is the SelfTest method: the gadget takes 20 ms to
 * test itself, so the driver pends the IRP (IoMarkIrpPending, return
 * STATUS_PENDING from its DpWmiExecuteMethod) and completes it with
 * WmiCompleteRequest from the DPC of a timer, as it would from the
 * interrupt that signals the end of the test. When the gadget is pulled
 * out meanwhile, the driver marks it gone and DEREGISTERs; DEREGISTER
 * waits; the DPC finds the gadget gone and fails the request with
 * STATUS_NO_SUCH_DEVICE; DEREGISTER returns.
 *
 * The WDM plumbing the examples share is ../common/wdmdevice.c; the WMI
 * registration is written out here, since it is this example's subject.
 */
#include <initguid.h> /* the DEFINE_GUIDs of lifecyclewmi.h define the GUIDs here */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "lifecyclewmi.h"
#include "wdmdevice.h"

#define GADGET_TAG 'tdaG'          /* "Gadt" in pool dumps */
#define GADGET_SELF_TEST_MS 20

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm;                  /* first: the shared PnP and power plumbing uses it */
  WMILIB_CONTEXT WmiLibInfo;

  /* Guarded by Lock: the DPC and WMI requests run on different threads. */
  KSPIN_LOCK Lock;
  BOOLEAN Gone;                    /* surprise-removed: no new self-test, fail the running one */
  PIRP SelfTestIrp;                /* the pended SelfTest request, or NULL */
  PUCHAR SelfTestOutput;           /* where its output goes */
  Lifecycle_Gadget Counters;

  KTIMER SelfTestTimer;            /* stands in for the gadget's "test done" interrupt */
  KDPC SelfTestDpc;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD GadgetUnload;
static DRIVER_ADD_DEVICE GadgetAddDevice;
static DRIVER_DISPATCH GadgetDispatchPnp;
static DRIVER_DISPATCH GadgetDispatchSystemControl;
static WMI_QUERY_REGINFO_CALLBACK GadgetQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK GadgetQueryWmiDataBlock;
static WMI_EXECUTE_METHOD_CALLBACK GadgetExecuteWmiMethod;
static KDEFERRED_ROUTINE GadgetSelfTestDpc;

static WMIGUIDREGINFO GadgetGuidList[] = {
  {&Lifecycle_Gadget_GUID, 1, 0},
};

static UNICODE_STRING GadgetRegistryPath; /* WMI asks for it at every registration */

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&GadgetRegistryPath, RegistryPath, GADGET_TAG);
  if (!NT_SUCCESS(status)) return status;
  DriverObject->MajorFunction[IRP_MJ_PNP] = GadgetDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = WdmDispatchPowerPassThrough; /* not the power policy owner */
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = GadgetDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = GadgetAddDevice;
  DriverObject->DriverUnload = GadgetUnload;
  return STATUS_SUCCESS;
}

static VOID NTAPI GadgetUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  WdmFreeRegistryPath(&GadgetRegistryPath, GADGET_TAG);
}

static NTSTATUS NTAPI GadgetAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;
  PDEVICE_EXTENSION ext = fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, fdo, Pdo, GADGET_TAG);
  KeInitializeSpinLock(&ext->Lock);
  KeInitializeTimerEx(&ext->SelfTestTimer, NotificationTimer);
  KeInitializeDpc(&ext->SelfTestDpc, GadgetSelfTestDpc, ext);
  ext->WmiLibInfo.GuidCount = sizeof GadgetGuidList / sizeof GadgetGuidList[0];
  ext->WmiLibInfo.GuidList = GadgetGuidList;
  ext->WmiLibInfo.QueryWmiRegInfo = GadgetQueryWmiRegInfo;
  ext->WmiLibInfo.QueryWmiDataBlock = GadgetQueryWmiDataBlock;
  ext->WmiLibInfo.ExecuteWmiMethod = GadgetExecuteWmiMethod;

  ext->Wdm.LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
  if (ext->Wdm.LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  fdo->Flags |= DO_POWER_PAGABLE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- WMI --------------------------------------------------------------------------------------- */

static NTSTATUS NTAPI GadgetQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                            PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath,
                                            PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &GadgetRegistryPath;
  *Pdo = ext->Wdm.Pdo;
  RtlInitUnicodeString(MofResourceName, L"lifecycle");
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI GadgetQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                              ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                              ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  if (BufferAvail < Lifecycle_Gadget_SIZE)
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, Lifecycle_Gadget_SIZE, IO_NO_INCREMENT);
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  RtlCopyMemory(Buffer, &ext->Counters, Lifecycle_Gadget_SIZE);
  KeReleaseSpinLock(&ext->Lock, irql);
  InstanceLengthArray[0] = Lifecycle_Gadget_SIZE;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, Lifecycle_Gadget_SIZE, IO_NO_INCREMENT);
}

/* SelfTest starts the gadget's test and pends the request; the DPC below
 * completes it. One test runs at a time. */
static NTSTATUS NTAPI GadgetExecuteWmiMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                             ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize,
                                             ULONG OutBufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InBufferSize); /* SelfTest has no input */
  NTSTATUS status = STATUS_PENDING;
  if (MethodId != SelfTest) return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
  if (OutBufferSize < SelfTest_OUT_SIZE)
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, SelfTest_OUT_SIZE, IO_NO_INCREMENT);

  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (ext->Gone) {
    status = STATUS_NO_SUCH_DEVICE;
  } else if (ext->SelfTestIrp != NULL) {
    status = STATUS_DEVICE_BUSY;
  } else {
    /* Pending before anyone can complete it: the DPC may run as soon as
     * the timer is set. */
    IoMarkIrpPending(Irp);
    ext->SelfTestIrp = Irp;
    ext->SelfTestOutput = Buffer;
    LARGE_INTEGER due;
    due.QuadPart = -(LONGLONG)GADGET_SELF_TEST_MS * 10000;
    KeSetTimer(&ext->SelfTestTimer, due, &ext->SelfTestDpc);
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  if (status != STATUS_PENDING) return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
  return STATUS_PENDING;
}

/* The self-test is over: complete the pended request, at DISPATCH_LEVEL,
 * with the result - or fail it if the gadget was pulled out meanwhile. */
static VOID NTAPI GadgetSelfTestDpc(PKDPC Dpc, PVOID Context, PVOID SystemArgument1, PVOID SystemArgument2) {
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(SystemArgument1);
  UNREFERENCED_PARAMETER(SystemArgument2);
  PDEVICE_EXTENSION ext = Context;
  KeAcquireSpinLockAtDpcLevel(&ext->Lock);
  PIRP irp = ext->SelfTestIrp;
  PUCHAR output = ext->SelfTestOutput;
  BOOLEAN gone = ext->Gone;
  ext->SelfTestIrp = NULL;
  if (irp != NULL && gone) ext->Counters.SelfTestsFailed++;
  if (irp != NULL && !gone) ext->Counters.SelfTestsPassed++;
  KeReleaseSpinLockFromDpcLevel(&ext->Lock);
  if (irp == NULL) return;
  if (gone) {
    WmiCompleteRequest(ext->Wdm.Self, irp, STATUS_NO_SUCH_DEVICE, 0, IO_NO_INCREMENT);
    return;
  }
  SelfTest_OUT result;
  result.Result = 0; /* passed */
  RtlCopyMemory(output, &result, SelfTest_OUT_SIZE);
  WmiCompleteRequest(ext->Wdm.Self, irp, STATUS_SUCCESS, SelfTest_OUT_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS NTAPI GadgetDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  return WdmDispatchWmiLib(&ext->Wdm, &ext->WmiLibInfo, Irp);
}

/* ---- PnP: the WMI registration over the device's life --------------------------------------------- */

static NTSTATUS GadgetStartDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  NTSTATUS status = WdmForwardAndWait(&ext->Wdm, Irp);
  if (!NT_SUCCESS(status)) return status;
  if (ext->Wdm.PnpState == NotStarted) {
    /* First start only: after a stop the device is still registered. WMI
     * asks for the registration (IRP_MN_REGINFO_EX) before this returns. */
    status = IoWMIRegistrationControl(ext->Wdm.Self, WMIREG_ACTION_REGISTER);
    if (!NT_SUCCESS(status)) return status;
  }
  WdmSetPnpState(&ext->Wdm, Started);
  return STATUS_SUCCESS;
}

static NTSTATUS GadgetSurpriseRemoval(PDEVICE_EXTENSION ext, PIRP Irp) {
  /* 1. The gadget is gone: no new self-test starts, and the one running
   *    fails when its DPC comes. */
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->Gone = TRUE;
  KeReleaseSpinLock(&ext->Lock, irql);
  WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);

  /* 2. Leave WMI now, not at IRP_MN_REMOVE_DEVICE: consumers must stop
   *    seeing the gadget. WMI sends no new request; this call returns when
   *    the requests it already sent - a self-test in flight - completed. */
  IoWMIRegistrationControl(ext->Wdm.Self, WMIREG_ACTION_DEREGISTER);

  Irp->IoStatus.Status = STATUS_SUCCESS;
  return WdmPassDown(&ext->Wdm, Irp);
}

static NTSTATUS GadgetRemoveDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  /* A surprise-removed device deregistered at IRP_MN_SURPRISE_REMOVAL and
   * must not DEREGISTER again; one removed in order deregisters now. Only
   * a device that started registered at all. */
  if (ext->Wdm.PnpState != SurpriseRemovePending && ext->Wdm.PnpState != NotStarted)
    IoWMIRegistrationControl(ext->Wdm.Self, WMIREG_ACTION_DEREGISTER);
  NTSTATUS status = WdmRemoveDevice(&ext->Wdm, Irp); /* waits for every IRP in progress */
  /* The drain completed every self-test; its DPC may still be finishing. */
  KeCancelTimer(&ext->SelfTestTimer);
  KeFlushQueuedDpcs();
  IoDeleteDevice(ext->Wdm.Self);
  return status;
}

static NTSTATUS NTAPI GadgetDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    status = WdmCompleteIrp(Irp, GadgetStartDevice(ext, Irp));
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    return GadgetSurpriseRemoval(ext, Irp);
  case IRP_MN_REMOVE_DEVICE:
    return GadgetRemoveDevice(ext, Irp);
  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp); /* stop, cancels, and what is not ours */
  }
}
