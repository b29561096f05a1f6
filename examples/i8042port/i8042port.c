/*
 * i8042port.c - a WDM function driver for an i8042-style keyboard and
 * mouse controller that describes its two ports through WMI.
 *
 * What it shows is the shape of the blocks (i8042port.mof), following the
 * WDK's advice in "Implementing Custom WMI Blocks":
 *  - items used together share a block, so the keyboard port and the mouse
 *    port each get their own instead of one large block;
 *  - a frequently polled value (the input idle time) sits alone in a
 *    single-item block: a consumer cannot query one item, so every poll
 *    would otherwise carry both ports;
 *  - fixed-size items come first and the variable-length string last, so
 *    consumers find the fixed items at fixed offsets. The driver writes the
 *    string as WMI strings are written: a USHORT byte count, then UTF-16.
 * And, through WMILIB: three blocks with their own validation of settable
 * items (set one item, or the whole block), and too-small buffers.
 *
 * The structures and IDs come from i8042portwmi.h, generated from the MOF
 * with wmimofck -h -u (wmisim_mof_header(... ALL_MEMBERS) here): -u gives
 * a string with MaxLen(63) the member WCHAR Name[63 + 1], the count
 * followed by at most 63 characters. The WDM plumbing the examples share
 * is ../common/wdmdevice.c.
 */
#include <initguid.h> /* the DEFINE_GUIDs of i8042portwmi.h define the GUIDs here */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "i8042portwmi.h"
#include "wdmdevice.h"

#define I8042_TAG 'p24I' /* "I42p" in pool dumps */

/* Indexes into I8042GuidList; WMILIB calls back with them. */
#define I8042_KEYBOARD_INDEX 0
#define I8042_MOUSE_INDEX 1
#define I8042_IDLE_INDEX 2

#define I8042_CONNECTOR_I8042 0      /* ConnectorType's ValueMap */
#define I8042_LED_MASK 0x7           /* Scroll Lock, Num Lock, Caps Lock */
#define I8042_SAMPLE_RATES {10, 20, 40, 60, 80, 100, 200} /* what a PS/2 mouse accepts */

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm; /* first: the shared PnP, power and WMILIB plumbing uses it */

  WMILIB_CONTEXT WmiLibInfo;

  /* The ports, guarded by Lock: WMI requests may run concurrently. The
   * strings are kept apart from the structures' WCHAR arrays, which are
   * only the wire format. */
  KSPIN_LOCK Lock;
  I8042Port_KeyboardPort Keyboard;
  I8042Port_MousePort Mouse;
  ULONGLONG LastInputTime;   /* KeQueryInterruptTime() of the last input */
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static const WCHAR I8042KeyboardType[] = L"Enhanced (101- or 102-key)";
static const WCHAR I8042MouseType[] = L"PS/2 wheel mouse";

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD I8042Unload;
static DRIVER_ADD_DEVICE I8042AddDevice;
static DRIVER_DISPATCH I8042DispatchPnp;
static DRIVER_DISPATCH I8042DispatchSystemControl;
static WMI_QUERY_REGINFO_CALLBACK I8042QueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK I8042QueryWmiDataBlock;
static WMI_SET_DATABLOCK_CALLBACK I8042SetWmiDataBlock;
static WMI_SET_DATAITEM_CALLBACK I8042SetWmiDataItem;

/* One instance of each block per controller, named after the PDO. */
static WMIGUIDREGINFO I8042GuidList[] = {
  {&I8042Port_KeyboardPort_GUID, 1, 0},
  {&I8042Port_MousePort_GUID, 1, 0},
  {&I8042Port_InputIdleTime_GUID, 1, 0},
};

static UNICODE_STRING I8042RegistryPath; /* WMI asks for it at every registration */

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&I8042RegistryPath, RegistryPath, I8042_TAG);
  if (!NT_SUCCESS(status)) return status;

  DriverObject->MajorFunction[IRP_MJ_PNP] = I8042DispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = WdmDispatchPowerPassThrough; /* not the power policy owner */
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = I8042DispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = I8042AddDevice;
  DriverObject->DriverUnload = I8042Unload;
  return STATUS_SUCCESS;
}

static VOID NTAPI I8042Unload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  WdmFreeRegistryPath(&I8042RegistryPath, I8042_TAG);
}

/* What the ports report before anyone changes them, chosen for the
 * example: 100 queued packets each, the fastest typematic setting a PS/2
 * keyboard takes (30 characters per second after 250 ms), 100 mouse
 * reports per second. */
static VOID I8042InitializePorts(PDEVICE_EXTENSION ext) {
  ext->Keyboard.ConnectorType = I8042_CONNECTOR_I8042;
  ext->Keyboard.DataQueueSize = 100;
  ext->Keyboard.ErrorCount = 0;
  ext->Keyboard.FunctionKeys = 12;
  ext->Keyboard.Indicators = 0;
  ext->Keyboard.TypematicRate = 30;
  ext->Keyboard.TypematicDelay = 250;
  ext->Mouse.ConnectorType = I8042_CONNECTOR_I8042;
  ext->Mouse.DataQueueSize = 100;
  ext->Mouse.ErrorCount = 0;
  ext->Mouse.Buttons = 3;
  ext->Mouse.SampleRate = 100;
}

static NTSTATUS NTAPI I8042AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_8042_PORT,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;

  PDEVICE_EXTENSION ext = fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, fdo, Pdo, I8042_TAG);
  KeInitializeSpinLock(&ext->Lock);
  I8042InitializePorts(ext);

  ext->WmiLibInfo.GuidCount = sizeof I8042GuidList / sizeof I8042GuidList[0];
  ext->WmiLibInfo.GuidList = I8042GuidList;
  ext->WmiLibInfo.QueryWmiRegInfo = I8042QueryWmiRegInfo;
  ext->WmiLibInfo.QueryWmiDataBlock = I8042QueryWmiDataBlock;
  ext->WmiLibInfo.SetWmiDataBlock = I8042SetWmiDataBlock;
  ext->WmiLibInfo.SetWmiDataItem = I8042SetWmiDataItem;
  ext->WmiLibInfo.ExecuteWmiMethod = NULL;    /* no methods */
  ext->WmiLibInfo.WmiFunctionControl = NULL;  /* no events, nothing expensive */

  ext->Wdm.LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
  if (ext->Wdm.LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  fdo->Flags |= DO_POWER_PAGABLE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- WMI: the blocks on the wire ------------------------------------------------------------------ */

/* Writes a counted string (USHORT byte count, then UTF-16 without a
 * terminator) at `at`. */
static VOID I8042PutString(PUCHAR at, const WCHAR *text, ULONG textBytes) {
  USHORT count = (USHORT)textBytes;
  RtlCopyMemory(at, &count, sizeof count);
  RtlCopyMemory(at + sizeof count, text, textBytes);
}

/* Fills `Buffer` with block `GuidIndex`; returns the bytes it takes, which
 * may be more than `BufferAvail` (then nothing is written). A port block
 * is its fixed items, then its string's USHORT count and characters. */
static ULONG I8042ReadBlock(PDEVICE_EXTENSION ext, ULONG GuidIndex, ULONG BufferAvail, PUCHAR Buffer) {
  const ULONG keyboardFixed = FIELD_OFFSET(I8042Port_KeyboardPort, KeyboardType);
  const ULONG mouseFixed = FIELD_OFFSET(I8042Port_MousePort, MouseType);
  const ULONG keyboardText = sizeof I8042KeyboardType - sizeof(WCHAR);
  const ULONG mouseText = sizeof I8042MouseType - sizeof(WCHAR);
  ULONG size;
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  switch (GuidIndex) {
  case I8042_KEYBOARD_INDEX:
    size = keyboardFixed + sizeof(USHORT) + keyboardText;
    if (size > BufferAvail) break;
    RtlCopyMemory(Buffer, &ext->Keyboard, keyboardFixed);
    I8042PutString(Buffer + keyboardFixed, I8042KeyboardType, keyboardText);
    break;
  case I8042_MOUSE_INDEX:
    size = mouseFixed + sizeof(USHORT) + mouseText;
    if (size > BufferAvail) break;
    RtlCopyMemory(Buffer, &ext->Mouse, mouseFixed);
    I8042PutString(Buffer + mouseFixed, I8042MouseType, mouseText);
    break;
  default: {
    /* No input reaches this simulated controller, so the idle time runs
     * from the start; an interrupt service routine would reset it. */
    I8042Port_InputIdleTime idle;
    idle.IdleMilliseconds = (ULONG)((KeQueryInterruptTime() - ext->LastInputTime) / 10000);
    size = I8042Port_InputIdleTime_SIZE;
    if (size <= BufferAvail) RtlCopyMemory(Buffer, &idle, size);
    break;
  }
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  return size;
}

static NTSTATUS NTAPI I8042QueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                           PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath,
                                           PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &I8042RegistryPath;
  *Pdo = ext->Wdm.Pdo;
  RtlInitUnicodeString(MofResourceName, L"i8042port");
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI I8042QueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                             ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                             ULONG BufferAvail, PUCHAR Buffer) {
  UNREFERENCED_PARAMETER(InstanceIndex); /* one instance of each block */
  UNREFERENCED_PARAMETER(InstanceCount);
  ULONG size = I8042ReadBlock(DeviceObject->DeviceExtension, GuidIndex, BufferAvail, Buffer);
  /* Too small: WMILIB answers WNODE_TOO_SMALL with the size needed. */
  if (size > BufferAvail) return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, size, IO_NO_INCREMENT);
  InstanceLengthArray[0] = size;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, size, IO_NO_INCREMENT);
}

/* ---- WMI: settable items ----------------------------------------------------------------------- */

static BOOLEAN I8042ValidSampleRate(ULONG rate) {
  static const ULONG rates[] = I8042_SAMPLE_RATES;
  for (ULONG i = 0; i < sizeof rates / sizeof rates[0]; i++)
    if (rates[i] == rate) return TRUE;
  return FALSE;
}

/* The keyboard's writable items, checked together so a set of the whole
 * block changes all of them or none. */
static BOOLEAN I8042ValidKeyboardSettings(ULONG indicators, USHORT rate, USHORT delay) {
  return (indicators & ~(ULONG)I8042_LED_MASK) == 0 && rate >= 2 && rate <= 30 && delay >= 250 && delay <= 1000;
}

/* A whole block. Its read-only items and its string are ignored: only
 * what the MOF marks `write` changes. */
static NTSTATUS NTAPI I8042SetWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                           ULONG InstanceIndex, ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status = STATUS_SUCCESS;
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (GuidIndex == I8042_KEYBOARD_INDEX && BufferSize >= FIELD_OFFSET(I8042Port_KeyboardPort, KeyboardType)) {
    I8042Port_KeyboardPort wanted;
    RtlCopyMemory(&wanted, Buffer, FIELD_OFFSET(I8042Port_KeyboardPort, KeyboardType));
    if (!I8042ValidKeyboardSettings(wanted.Indicators, wanted.TypematicRate, wanted.TypematicDelay)) {
      status = STATUS_INVALID_PARAMETER;
    } else {
      ext->Keyboard.Indicators = wanted.Indicators;
      ext->Keyboard.TypematicRate = wanted.TypematicRate;
      ext->Keyboard.TypematicDelay = wanted.TypematicDelay;
    }
  } else if (GuidIndex == I8042_MOUSE_INDEX && BufferSize >= FIELD_OFFSET(I8042Port_MousePort, MouseType)) {
    I8042Port_MousePort wanted;
    RtlCopyMemory(&wanted, Buffer, FIELD_OFFSET(I8042Port_MousePort, MouseType));
    if (!I8042ValidSampleRate(wanted.SampleRate))
      status = STATUS_INVALID_PARAMETER;
    else
      ext->Mouse.SampleRate = wanted.SampleRate;
  } else {
    /* The idle time is read-only; a shorter block is not a whole block. */
    status = GuidIndex == I8042_IDLE_INDEX ? STATUS_WMI_READ_ONLY : STATUS_WMI_SET_FAILURE;
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS I8042SetKeyboardItem(PDEVICE_EXTENSION ext, ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  ULONG indicators = ext->Keyboard.Indicators;
  USHORT rate = ext->Keyboard.TypematicRate, delay = ext->Keyboard.TypematicDelay;
  switch (DataItemId) {
  case I8042Port_KeyboardPort_Indicators_ID:
    if (BufferSize != sizeof indicators) return STATUS_WMI_SET_FAILURE;
    RtlCopyMemory(&indicators, Buffer, sizeof indicators);
    break;
  case I8042Port_KeyboardPort_TypematicRate_ID:
    if (BufferSize != sizeof rate) return STATUS_WMI_SET_FAILURE;
    RtlCopyMemory(&rate, Buffer, sizeof rate);
    break;
  case I8042Port_KeyboardPort_TypematicDelay_ID:
    if (BufferSize != sizeof delay) return STATUS_WMI_SET_FAILURE;
    RtlCopyMemory(&delay, Buffer, sizeof delay);
    break;
  default:
    return DataItemId >= I8042Port_KeyboardPort_ConnectorType_ID && DataItemId <= I8042Port_KeyboardPort_KeyboardType_ID
               ? STATUS_WMI_READ_ONLY
               : STATUS_WMI_ITEMID_NOT_FOUND;
  }
  if (!I8042ValidKeyboardSettings(indicators, rate, delay)) return STATUS_INVALID_PARAMETER;
  ext->Keyboard.Indicators = indicators;
  ext->Keyboard.TypematicRate = rate;
  ext->Keyboard.TypematicDelay = delay;
  return STATUS_SUCCESS;
}

static NTSTATUS I8042SetMouseItem(PDEVICE_EXTENSION ext, ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  if (DataItemId != I8042Port_MousePort_SampleRate_ID)
    return DataItemId >= I8042Port_MousePort_ConnectorType_ID && DataItemId <= I8042Port_MousePort_MouseType_ID
               ? STATUS_WMI_READ_ONLY
               : STATUS_WMI_ITEMID_NOT_FOUND;
  ULONG rate;
  if (BufferSize != sizeof rate) return STATUS_WMI_SET_FAILURE;
  RtlCopyMemory(&rate, Buffer, sizeof rate);
  if (!I8042ValidSampleRate(rate)) return STATUS_INVALID_PARAMETER;
  ext->Mouse.SampleRate = rate;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI I8042SetWmiDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                          ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceIndex);
  NTSTATUS status;
  KIRQL irql;
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (GuidIndex == I8042_KEYBOARD_INDEX)
    status = I8042SetKeyboardItem(ext, DataItemId, BufferSize, Buffer);
  else if (GuidIndex == I8042_MOUSE_INDEX)
    status = I8042SetMouseItem(ext, DataItemId, BufferSize, Buffer);
  else
    status = DataItemId == I8042Port_InputIdleTime_IdleMilliseconds_ID ? STATUS_WMI_READ_ONLY : STATUS_WMI_ITEMID_NOT_FOUND;
  KeReleaseSpinLock(&ext->Lock, irql);
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

/* WMILIB dispatches this device's requests to the routines above and
 * says what to do with the others (WdmDispatchWmiLib). */
static NTSTATUS NTAPI I8042DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  return WdmDispatchWmiLib(&ext->Wdm, &ext->WmiLibInfo, Irp);
}

/* ---- PnP --------------------------------------------------------------------------------------- */

static NTSTATUS I8042StartDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  NTSTATUS status = WdmForwardAndWait(&ext->Wdm, Irp);
  if (!NT_SUCCESS(status)) return status;
  ext->LastInputTime = KeQueryInterruptTime();
  status = WdmWmiRegister(&ext->Wdm); /* IoWMIRegistrationControl(REGISTER) */
  if (NT_SUCCESS(status)) WdmSetPnpState(&ext->Wdm, Started);
  return status;
}

static NTSTATUS NTAPI I8042DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    status = WdmCompleteIrp(Irp, I8042StartDevice(ext, Irp));
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);
    WdmWmiDeregister(&ext->Wdm); /* now, not at IRP_MN_REMOVE_DEVICE */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return WdmPassDown(&ext->Wdm, Irp);
  case IRP_MN_REMOVE_DEVICE:
    WdmWmiDeregister(&ext->Wdm); /* nothing to do after a surprise removal */
    status = WdmRemoveDevice(&ext->Wdm, Irp); /* waits for every IRP in progress */
    IoDeleteDevice(DeviceObject);
    return status;
  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp);
  }
}
