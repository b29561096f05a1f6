/*
 * nowmilib.c - a WDM function driver for a data acquisition board that
 * handles IRP_MJ_SYSTEM_CONTROL itself, without WMILIB, because its block
 * has dynamic instance names.
 *
 * Applications open acquisition channels (IOCTL_DAQ_OPEN_CHANNEL) and
 * close them again; every open channel is an instance of DaqBoard_Channel.
 * Instances come and go too often to re-register a static name list each
 * time (WDK, "Defining WMI Instance Names"), so the block is registered
 * with none of WMIREG_FLAG_INSTANCE_LIST, _BASENAME or _PDO: the driver
 * names instances itself, "Channel<id>", with IDs from
 * IoWMIAllocateInstanceIds that are unique for the GUID whichever driver
 * asks. WMILIB handles static names only, so this driver:
 *  - answers IRP_MN_REGINFO(_EX) by building the WMIREGINFO itself,
 *    including the size probe WMI starts with;
 *  - handles a request only if Parameters.WMI.ProviderId is its own device
 *    object, and passes every other one down untouched;
 *  - checks the GUID, then finds the instance by the name in the request's
 *    WNODE (WNODE_FLAG_STATIC_INSTANCE_NAMES is clear);
 *  - builds the WNODEs it returns: WNODE_ALL_DATA with fixed-size
 *    instances and the array of instance-name offsets, WNODE_SINGLE_INSTANCE,
 *    and WNODE_TOO_SMALL when WMI's buffer is too small;
 *  - trusts nothing in the request: every offset is checked against
 *    Parameters.WMI.BufferSize before it is followed.
 *
 * The WDM plumbing the examples share is ../common/wdmdevice.c.
 */
#include <initguid.h> /* the DEFINE_GUIDs of nowmilibwmi.h define the GUIDs here */
#include <wdm.h>
#include <wmistr.h>

#include "nowmilib.h"
#include "nowmilibwmi.h"
#include "wdmdevice.h"

#define DAQ_TAG 'qaDN'                                        /* "NDaq" in pool dumps */
#define DAQ_NAME_PREFIX L"Channel"
#define DAQ_NAME_CHARS 24                                     /* "Channel" and a ULONG */
#define DAQ_ALIGN8(x) (((x) + 7) & ~(ULONG)7)
#define DAQ_CHANNEL_STRIDE DAQ_ALIGN8(DaqBoard_Channel_SIZE)  /* instances start 8-byte aligned */

typedef struct _DAQ_CHANNEL {
  LIST_ENTRY Link;
  ULONG Id;
  UNICODE_STRING Name;                 /* "Channel<Id>", in NameBuffer */
  WCHAR NameBuffer[DAQ_NAME_CHARS];
  DaqBoard_Channel Data;
} DAQ_CHANNEL, *PDAQ_CHANNEL;

typedef struct _DEVICE_EXTENSION {
  WDM_DEVICE Wdm;            /* first: the shared PnP and power plumbing uses it */
  FAST_MUTEX ChannelLock;    /* WMI requests and IOCTLs, all at PASSIVE_LEVEL */
  LIST_ENTRY Channels;
  ULONG ChannelCount;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DaqUnload;
static DRIVER_ADD_DEVICE DaqAddDevice;
static DRIVER_DISPATCH DaqDispatchPnp;
static DRIVER_DISPATCH DaqDispatchCreateClose;
static DRIVER_DISPATCH DaqDispatchDeviceControl;
static DRIVER_DISPATCH DaqDispatchSystemControl;

static UNICODE_STRING DaqRegistryPath; /* reported in every WMIREGINFO */
static const WCHAR DaqMofResourceName[] = L"nowmilib";

/* ---- driver ------------------------------------------------------------------------------------- */

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NTSTATUS status = WdmSaveRegistryPath(&DaqRegistryPath, RegistryPath, DAQ_TAG);
  if (!NT_SUCCESS(status)) return status;

  DriverObject->MajorFunction[IRP_MJ_PNP] = DaqDispatchPnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = WdmDispatchPowerPassThrough; /* not the power policy owner */
  DriverObject->MajorFunction[IRP_MJ_CREATE] = DaqDispatchCreateClose;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = DaqDispatchCreateClose;
  DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DaqDispatchDeviceControl;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DaqDispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = DaqAddDevice;
  DriverObject->DriverUnload = DaqUnload;
  return STATUS_SUCCESS;
}

static VOID NTAPI DaqUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  WdmFreeRegistryPath(&DaqRegistryPath, DAQ_TAG);
}

static NTSTATUS NTAPI DaqAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
  if (!NT_SUCCESS(status)) return status;
  PDEVICE_EXTENSION ext = fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  WdmInitialize(&ext->Wdm, fdo, Pdo, DAQ_TAG);
  ExInitializeFastMutex(&ext->ChannelLock);
  InitializeListHead(&ext->Channels);
  ext->Wdm.LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
  if (ext->Wdm.LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

/* ---- channels: what applications open ------------------------------------------------------------ */

/* The channel named `name` (case-insensitive, as WMI names are) or with
 * ID `id`; ChannelLock held. */
static PDAQ_CHANNEL DaqFindChannel(PDEVICE_EXTENSION ext, PCUNICODE_STRING name, ULONG id) {
  for (PLIST_ENTRY entry = ext->Channels.Flink; entry != &ext->Channels; entry = entry->Flink) {
    PDAQ_CHANNEL channel = CONTAINING_RECORD(entry, DAQ_CHANNEL, Link);
    if (name != NULL ? RtlEqualUnicodeString(&channel->Name, name, TRUE) : channel->Id == id) return channel;
  }
  return NULL;
}

static NTSTATUS DaqOpenChannel(PDEVICE_EXTENSION ext, ULONG input, PULONG id) {
  if (input >= DAQ_INPUT_COUNT) return STATUS_INVALID_PARAMETER;
  PDAQ_CHANNEL channel = ExAllocatePoolWithTag(PagedPool, sizeof *channel, DAQ_TAG);
  if (channel == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlZeroMemory(channel, sizeof *channel);
  /* WMI cannot check dynamic names for collisions: an ID unique for the
   * GUID, across every provider of it, keeps the names unique. */
  NTSTATUS status = IoWMIAllocateInstanceIds((GUID *)&DaqBoard_Channel_GUID, 1, &channel->Id);
  if (!NT_SUCCESS(status)) {
    ExFreePoolWithTag(channel, DAQ_TAG);
    return status;
  }
  WCHAR digits[12];
  UNICODE_STRING number = {0, sizeof digits, digits};
  RtlInitEmptyUnicodeString(&channel->Name, channel->NameBuffer, sizeof channel->NameBuffer);
  RtlAppendUnicodeToString(&channel->Name, DAQ_NAME_PREFIX);
  RtlIntegerToUnicodeString(channel->Id, 10, &number);
  RtlAppendUnicodeStringToString(&channel->Name, &number);
  channel->Data.Input = input;
  channel->Data.SampleRate = DAQ_DEFAULT_SAMPLE_RATE;

  ExAcquireFastMutex(&ext->ChannelLock);
  if (ext->ChannelCount < DAQ_MAX_CHANNELS) {
    InsertTailList(&ext->Channels, &channel->Link);
    ext->ChannelCount++;
    *id = channel->Id;
    channel = NULL;
  }
  ExReleaseFastMutex(&ext->ChannelLock);
  if (channel == NULL) return STATUS_SUCCESS;
  ExFreePoolWithTag(channel, DAQ_TAG);
  return STATUS_INSUFFICIENT_RESOURCES; /* every channel is in use */
}

static NTSTATUS DaqCloseChannel(PDEVICE_EXTENSION ext, ULONG id) {
  ExAcquireFastMutex(&ext->ChannelLock);
  PDAQ_CHANNEL channel = DaqFindChannel(ext, NULL, id);
  if (channel != NULL) {
    RemoveEntryList(&channel->Link);
    ext->ChannelCount--;
  }
  ExReleaseFastMutex(&ext->ChannelLock);
  if (channel == NULL) return STATUS_INVALID_PARAMETER;
  ExFreePoolWithTag(channel, DAQ_TAG);
  return STATUS_SUCCESS;
}

static VOID DaqCloseAllChannels(PDEVICE_EXTENSION ext) {
  while (!IsListEmpty(&ext->Channels)) {
    PDAQ_CHANNEL channel = CONTAINING_RECORD(RemoveHeadList(&ext->Channels), DAQ_CHANNEL, Link);
    ExFreePoolWithTag(channel, DAQ_TAG);
  }
  ext->ChannelCount = 0;
}

static NTSTATUS NTAPI DaqDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Information = 0;
  return WdmCompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS NTAPI DaqDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  PULONG buffer = Irp->AssociatedIrp.SystemBuffer;
  ULONG in = stack->Parameters.DeviceIoControl.InputBufferLength;
  ULONG out = stack->Parameters.DeviceIoControl.OutputBufferLength;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);
  Irp->IoStatus.Information = 0;
  if (ext->Wdm.PnpState != Started) {
    status = STATUS_DEVICE_NOT_READY;
  } else if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_DAQ_OPEN_CHANNEL) {
    ULONG id = 0;
    status = in < sizeof(ULONG) || out < sizeof(ULONG) ? STATUS_BUFFER_TOO_SMALL : DaqOpenChannel(ext, buffer[0], &id);
    if (NT_SUCCESS(status)) {
      buffer[0] = id;
      Irp->IoStatus.Information = sizeof(ULONG);
    }
  } else if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_DAQ_CLOSE_CHANNEL) {
    status = in < sizeof(ULONG) ? STATUS_BUFFER_TOO_SMALL : DaqCloseChannel(ext, buffer[0]);
  } else {
    status = STATUS_INVALID_DEVICE_REQUEST;
  }
  WdmCompleteIrp(Irp, status);
  IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
  return status;
}

/* ---- WMI: registration ------------------------------------------------------------------------------ */

/* Appends a counted string (USHORT byte length, then the characters) at
 * `at`; returns the offset after it. */
static ULONG DaqPutCountedString(PUCHAR buffer, ULONG at, const WCHAR *text, USHORT bytes) {
  RtlCopyMemory(buffer + at, &bytes, sizeof bytes);
  RtlCopyMemory(buffer + at + sizeof bytes, text, bytes);
  return at + sizeof bytes + bytes;
}

/* IRP_MN_REGINFO and IRP_MN_REGINFO_EX (same answer): a WMIREGINFO with one
 * WMIREGGUID, then the MOF resource name and the registry path. WMI
 * first asks with a small buffer: then the size needed goes in its first
 * ULONG, as a successful answer of sizeof(ULONG) bytes. */
static NTSTATUS DaqAnswerRegInfo(PIO_STACK_LOCATION stack, PIRP Irp) {
  const USHORT mofBytes = sizeof DaqMofResourceName - sizeof(WCHAR);
  ULONG guidsEnd = FIELD_OFFSET(WMIREGINFOW, WmiRegGuid) + sizeof(WMIREGGUIDW);
  ULONG size = guidsEnd + sizeof(USHORT) + mofBytes + sizeof(USHORT) + DaqRegistryPath.Length;
  PUCHAR buffer = stack->Parameters.WMI.Buffer;
  if (stack->Parameters.WMI.BufferSize < size) {
    if (stack->Parameters.WMI.BufferSize < sizeof(ULONG)) return STATUS_BUFFER_TOO_SMALL;
    *(PULONG)buffer = size;
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
  }
  RtlZeroMemory(buffer, size);
  PWMIREGINFOW info = (PWMIREGINFOW)buffer;
  info->BufferSize = size;
  info->NextWmiRegInfo = 0;
  info->GuidCount = 1;
  info->WmiRegGuid[0].Guid = DaqBoard_Channel_GUID;
  /* No WMIREG_FLAG_INSTANCE_xxx: dynamic names, so no static instances. */
  info->WmiRegGuid[0].Flags = 0;
  info->WmiRegGuid[0].InstanceCount = 0;
  info->MofResourceName = guidsEnd;
  ULONG at = DaqPutCountedString(buffer, guidsEnd, DaqMofResourceName, mofBytes);
  info->RegistryPath = at;
  DaqPutCountedString(buffer, at, DaqRegistryPath.Buffer, DaqRegistryPath.Length);
  Irp->IoStatus.Information = size;
  return STATUS_SUCCESS;
}

/* ---- WMI: requests ------------------------------------------------------------------------------ */

/* Rewrites the request's WNODE as a WNODE_TOO_SMALL: WMI will ask again
 * with `needed` bytes. A buffer too small for even that fails. */
static NTSTATUS DaqTooSmall(PIO_STACK_LOCATION stack, PIRP Irp, ULONG needed) {
  if (stack->Parameters.WMI.BufferSize < sizeof(WNODE_TOO_SMALL)) return STATUS_BUFFER_TOO_SMALL;
  PWNODE_TOO_SMALL small = stack->Parameters.WMI.Buffer;
  small->WnodeHeader.BufferSize = sizeof(WNODE_TOO_SMALL);
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = needed;
  Irp->IoStatus.Information = sizeof(WNODE_TOO_SMALL);
  return STATUS_SUCCESS;
}

/* IRP_MN_QUERY_ALL_DATA: every channel. The instances all have one size
 * (WNODE_FLAG_FIXED_INSTANCE_SIZE), each 8-byte aligned from
 * DataBlockOffset; after them the ULONG offsets of the names
 * (OffsetInstanceNameOffsets), then each name counted and USHORT aligned. */
static NTSTATUS DaqQueryAllData(PDEVICE_EXTENSION ext, PIO_STACK_LOCATION stack, PIRP Irp) {
  PWNODE_ALL_DATA wnode = stack->Parameters.WMI.Buffer;
  ULONG fixed = FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) + sizeof(ULONG); /* FixedInstanceSize */
  if (stack->Parameters.WMI.BufferSize < fixed) return DaqTooSmall(stack, Irp, fixed);
  ExAcquireFastMutex(&ext->ChannelLock);
  ULONG count = ext->ChannelCount;
  ULONG dataOffset = DAQ_ALIGN8(fixed);
  ULONG dataEnd = count == 0 ? dataOffset : dataOffset + (count - 1) * DAQ_CHANNEL_STRIDE + DaqBoard_Channel_SIZE;
  ULONG namesOffsets = (dataEnd + 3) & ~(ULONG)3;
  ULONG size = namesOffsets + count * sizeof(ULONG);
  for (PLIST_ENTRY e = ext->Channels.Flink; e != &ext->Channels; e = e->Flink)
    size += sizeof(USHORT) + CONTAINING_RECORD(e, DAQ_CHANNEL, Link)->Name.Length;

  NTSTATUS status = STATUS_SUCCESS;
  if (size > stack->Parameters.WMI.BufferSize) {
    status = DaqTooSmall(stack, Irp, size);
  } else {
    PUCHAR base = (PUCHAR)wnode;
    ULONG i = 0, nameAt = namesOffsets + count * sizeof(ULONG);
    for (PLIST_ENTRY e = ext->Channels.Flink; e != &ext->Channels; e = e->Flink, i++) {
      PDAQ_CHANNEL channel = CONTAINING_RECORD(e, DAQ_CHANNEL, Link);
      RtlCopyMemory(base + dataOffset + i * DAQ_CHANNEL_STRIDE, &channel->Data, DaqBoard_Channel_SIZE);
      RtlCopyMemory(base + namesOffsets + i * sizeof(ULONG), &nameAt, sizeof nameAt);
      nameAt = DaqPutCountedString(base, nameAt, channel->Name.Buffer, channel->Name.Length);
    }
    wnode->DataBlockOffset = dataOffset;
    wnode->InstanceCount = count;
    wnode->OffsetInstanceNameOffsets = namesOffsets;
    wnode->FixedInstanceSize = DaqBoard_Channel_SIZE;
    wnode->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
    wnode->WnodeHeader.Flags &= ~(ULONG)WNODE_FLAG_STATIC_INSTANCE_NAMES;
    wnode->WnodeHeader.BufferSize = size;
    KeQuerySystemTime(&wnode->WnodeHeader.TimeStamp);
    Irp->IoStatus.Information = size;
  }
  ExReleaseFastMutex(&ext->ChannelLock);
  return status;
}

/* The instance name a WNODE_SINGLE_INSTANCE, _SINGLE_ITEM or _METHOD_ITEM
 * carries at OffsetInstanceName (the same place in all three), checked
 * against the buffer first. */
static BOOLEAN DaqRequestName(PIO_STACK_LOCATION stack, ULONG fixed, PUNICODE_STRING name) {
  PUCHAR base = stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  if (size < fixed) return FALSE;
  ULONG at = ((PWNODE_SINGLE_INSTANCE)base)->OffsetInstanceName;
  USHORT bytes;
  if (at < fixed || at > size - sizeof(USHORT) || at % sizeof(USHORT) != 0) return FALSE;
  RtlCopyMemory(&bytes, base + at, sizeof bytes);
  if (bytes % sizeof(WCHAR) != 0 || bytes > size - at - sizeof(USHORT)) return FALSE;
  name->Buffer = (PWCH)(base + at + sizeof(USHORT));
  name->Length = name->MaximumLength = bytes;
  return TRUE;
}

/* Data of `length` bytes at `offset` lies inside the request's buffer and
 * after its fixed part. */
static BOOLEAN DaqDataInside(PIO_STACK_LOCATION stack, ULONG fixed, ULONG offset, ULONG length) {
  ULONG size = stack->Parameters.WMI.BufferSize;
  return offset >= fixed && offset <= size && length <= size - offset;
}

static NTSTATUS DaqQuerySingleInstance(PDAQ_CHANNEL channel, PIO_STACK_LOCATION stack, PIRP Irp) {
  PWNODE_SINGLE_INSTANCE wnode = stack->Parameters.WMI.Buffer;
  if (!DaqDataInside(stack, FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData), wnode->DataBlockOffset, 0))
    return STATUS_INVALID_PARAMETER;
  ULONG needed = wnode->DataBlockOffset + DaqBoard_Channel_SIZE;
  if (needed > stack->Parameters.WMI.BufferSize) return DaqTooSmall(stack, Irp, needed);
  /* DataBlockOffset stays as WMI set it: after the instance name. */
  RtlCopyMemory((PUCHAR)wnode + wnode->DataBlockOffset, &channel->Data, DaqBoard_Channel_SIZE);
  wnode->SizeDataBlock = DaqBoard_Channel_SIZE;
  wnode->WnodeHeader.BufferSize = needed;
  KeQuerySystemTime(&wnode->WnodeHeader.TimeStamp);
  Irp->IoStatus.Information = needed;
  return STATUS_SUCCESS;
}

static NTSTATUS DaqSetSampleRate(PDAQ_CHANNEL channel, ULONG rate) {
  if (rate < 1 || rate > 100000) return STATUS_INVALID_PARAMETER;
  channel->Data.SampleRate = rate;
  return STATUS_SUCCESS;
}

/* IRP_MN_CHANGE_SINGLE_INSTANCE: the whole block; only SampleRate is
 * writable. */
static NTSTATUS DaqChangeSingleInstance(PDAQ_CHANNEL channel, PIO_STACK_LOCATION stack) {
  PWNODE_SINGLE_INSTANCE wnode = stack->Parameters.WMI.Buffer;
  if (!DaqDataInside(stack, FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData), wnode->DataBlockOffset,
                     wnode->SizeDataBlock))
    return STATUS_INVALID_PARAMETER;
  if (wnode->SizeDataBlock < DaqBoard_Channel_SIZE) return STATUS_WMI_SET_FAILURE;
  DaqBoard_Channel wanted;
  RtlCopyMemory(&wanted, (PUCHAR)wnode + wnode->DataBlockOffset, DaqBoard_Channel_SIZE);
  return DaqSetSampleRate(channel, wanted.SampleRate);
}

/* IRP_MN_CHANGE_SINGLE_ITEM: one item, by WmiDataId. */
static NTSTATUS DaqChangeSingleItem(PDAQ_CHANNEL channel, PIO_STACK_LOCATION stack) {
  PWNODE_SINGLE_ITEM wnode = stack->Parameters.WMI.Buffer;
  if (!DaqDataInside(stack, FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData), wnode->DataBlockOffset,
                     wnode->SizeDataItem))
    return STATUS_INVALID_PARAMETER;
  if (wnode->ItemId == DaqBoard_Channel_Input_ID || wnode->ItemId == DaqBoard_Channel_Overruns_ID)
    return STATUS_WMI_READ_ONLY;
  if (wnode->ItemId != DaqBoard_Channel_SampleRate_ID) return STATUS_WMI_ITEMID_NOT_FOUND;
  if (wnode->SizeDataItem != DaqBoard_Channel_SampleRate_SIZE) return STATUS_WMI_SET_FAILURE;
  ULONG rate;
  RtlCopyMemory(&rate, (PUCHAR)wnode + wnode->DataBlockOffset, sizeof rate);
  return DaqSetSampleRate(channel, rate);
}

/* The requests that name one instance: find the channel by the WNODE's
 * instance name, then act on it. */
static NTSTATUS DaqInstanceRequest(PDEVICE_EXTENSION ext, PIO_STACK_LOCATION stack, PIRP Irp) {
  UCHAR minor = stack->MinorFunction;
  ULONG fixed = minor == IRP_MN_CHANGE_SINGLE_ITEM ? FIELD_OFFSET(WNODE_SINGLE_ITEM, VariableData)
                                                   : FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData);
  UNICODE_STRING name;
  if (!DaqRequestName(stack, fixed, &name)) return STATUS_INVALID_PARAMETER;
  /* A name this board does not have: WMI then asks the next provider. */
  NTSTATUS status = STATUS_WMI_INSTANCE_NOT_FOUND;
  ExAcquireFastMutex(&ext->ChannelLock);
  PDAQ_CHANNEL channel = DaqFindChannel(ext, &name, 0);
  if (channel != NULL && minor == IRP_MN_QUERY_SINGLE_INSTANCE)
    status = DaqQuerySingleInstance(channel, stack, Irp);
  else if (channel != NULL && minor == IRP_MN_CHANGE_SINGLE_INSTANCE)
    status = DaqChangeSingleInstance(channel, stack);
  else if (channel != NULL)
    status = DaqChangeSingleItem(channel, stack);
  ExReleaseFastMutex(&ext->ChannelLock);
  return status;
}

static NTSTATUS NTAPI DaqDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  /* Addressed to another device object of this stack: not ours to answer. */
  if ((PDEVICE_OBJECT)stack->Parameters.WMI.ProviderId != DeviceObject) return WdmPassDown(&ext->Wdm, Irp);

  Irp->IoStatus.Information = 0;
  switch (stack->MinorFunction) {
  case IRP_MN_REGINFO:
  case IRP_MN_REGINFO_EX:
    /* DataPath says WMIREGISTER or WMIUPDATE here, not a GUID. */
    status = DaqAnswerRegInfo(stack, Irp);
    break;
  case IRP_MN_QUERY_ALL_DATA:
  case IRP_MN_QUERY_SINGLE_INSTANCE:
  case IRP_MN_CHANGE_SINGLE_INSTANCE:
  case IRP_MN_CHANGE_SINGLE_ITEM:
    if (stack->Parameters.WMI.DataPath == NULL || !IsEqualGUID(stack->Parameters.WMI.DataPath, &DaqBoard_Channel_GUID))
      status = STATUS_WMI_GUID_NOT_FOUND;
    else if (stack->MinorFunction == IRP_MN_QUERY_ALL_DATA)
      status = DaqQueryAllData(ext, stack, Irp);
    else
      status = DaqInstanceRequest(ext, stack, Irp);
    break;
  default:
    /* No methods, events or expensive blocks are registered, so WMI sends
     * none; a request for one (ours by ProviderId) is answered here, with
     * the status WMI preset, not passed to drivers it does not concern. */
    status = Irp->IoStatus.Status;
    break;
  }
  WdmCompleteIrp(Irp, status);
  IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
  return status;
}

/* ---- PnP --------------------------------------------------------------------------------------- */

static NTSTATUS DaqStartDevice(PDEVICE_EXTENSION ext, PIRP Irp) {
  NTSTATUS status = WdmForwardAndWait(&ext->Wdm, Irp);
  if (!NT_SUCCESS(status)) return status;
  /* WMI sends IRP_MN_REGINFO_EX (DaqAnswerRegInfo) before this returns. */
  status = WdmWmiRegister(&ext->Wdm);
  if (NT_SUCCESS(status)) WdmSetPnpState(&ext->Wdm, Started);
  return status;
}

static NTSTATUS NTAPI DaqDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = DeviceObject->DeviceExtension;
  NTSTATUS status = IoAcquireRemoveLock(&ext->Wdm.RemoveLock, Irp);
  if (!NT_SUCCESS(status)) return WdmCompleteIrp(Irp, status);

  switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
  case IRP_MN_START_DEVICE:
    status = WdmCompleteIrp(Irp, DaqStartDevice(ext, Irp));
    IoReleaseRemoveLock(&ext->Wdm.RemoveLock, Irp);
    return status;
  case IRP_MN_SURPRISE_REMOVAL:
    /* The board is gone: new IOCTLs fail (the state), WMI forgets it. */
    WdmSetPnpState(&ext->Wdm, SurpriseRemovePending);
    WdmWmiDeregister(&ext->Wdm);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return WdmPassDown(&ext->Wdm, Irp);
  case IRP_MN_REMOVE_DEVICE:
    WdmWmiDeregister(&ext->Wdm); /* nothing to do after a surprise removal */
    status = WdmRemoveDevice(&ext->Wdm, Irp); /* waits for every IRP in progress */
    DaqCloseAllChannels(ext);                 /* the applications' handles are gone too */
    IoDeleteDevice(DeviceObject);
    return status;
  default:
    return WdmDispatchOtherPnp(&ext->Wdm, Irp);
  }
}
