/*
 * reginfo.c - WMILIB's answer to IRP_MN_REGINFO(_EX): a WMIREGINFO built
 * from the driver's GUID list and DpWmiQueryReginfo, laid out as the
 * header, the WMIREGGUIDs, then the counted strings (MOF resource name,
 * registry path, base name), with the size probe when the buffer is short.
 */
#include <stdbool.h>
#include <string.h>

#include "io/io.h"
#include "wmilib/wmilib_internal.h"

struct reg_answer {
  ULONG flags;
  UNICODE_STRING base_name;
  PUNICODE_STRING registry_path;
  UNICODE_STRING mof_name;
  PDEVICE_OBJECT pdo;
};

static ULONG counted_size(const UNICODE_STRING *s) {
  return s != NULL && s->Buffer != NULL ? (ULONG)sizeof(USHORT) + s->Length : 0;
}

static ULONG put_counted(PUCHAR base, ULONG at, const UNICODE_STRING *s) {
  if (counted_size(s) == 0) return at;
  memcpy(base + at, &s->Length, sizeof(USHORT));
  memcpy(base + at + sizeof(USHORT), s->Buffer, s->Length);
  return at + counted_size(s);
}

static NTSTATUS ask_driver(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, struct reg_answer *answer) {
  memset(answer, 0, sizeof *answer);
  if (context->QueryWmiRegInfo == NULL) {
    struct io_driver *driver = io_driver_of(device->DriverObject);
    answer->registry_path = driver != NULL ? &driver->registry_path : NULL;
    return STATUS_SUCCESS;
  }
  return context->QueryWmiRegInfo(device, &answer->flags, &answer->base_name, &answer->registry_path,
                                  &answer->mof_name, &answer->pdo);
}

/* The base name is used when a block is named from it: RegFlags or the
 * block's own Flags (which WMILIB ORs into RegFlags) ask for BASENAME. */
static bool uses_base_name(PWMILIB_CONTEXT context, const struct reg_answer *answer) {
  if (answer->flags & WMIREG_FLAG_INSTANCE_BASENAME) return true;
  for (ULONG i = 0; i < context->GuidCount; i++)
    if (context->GuidList[i].Flags & WMIREG_FLAG_INSTANCE_BASENAME) return true;
  return false;
}

/* The total size and the offsets of the strings after the GUID array. */
static ULONG layout(PWMILIB_CONTEXT context, const struct reg_answer *answer, ULONG *mof_at, ULONG *path_at,
                    ULONG *base_at) {
  ULONG at = (ULONG)(sizeof(WMIREGINFOW) + context->GuidCount * sizeof(WMIREGGUIDW));
  *mof_at = counted_size(&answer->mof_name) != 0 ? at : 0;
  at += counted_size(&answer->mof_name);
  *path_at = counted_size(answer->registry_path) != 0 ? at : 0;
  at += counted_size(answer->registry_path);
  *base_at = uses_base_name(context, answer) && counted_size(&answer->base_name) != 0 ? at : 0;
  if (*base_at != 0) at += counted_size(&answer->base_name);
  return at;
}

static void fill(PWMILIB_CONTEXT context, const struct reg_answer *answer, PUCHAR buffer, ULONG size, bool ex) {
  ULONG mof_at, path_at, base_at;
  layout(context, answer, &mof_at, &path_at, &base_at);
  PWMIREGINFOW info = (PWMIREGINFOW)buffer;
  info->BufferSize = size;
  info->NextWmiRegInfo = 0;
  info->RegistryPath = path_at;
  info->MofResourceName = mof_at;
  info->GuidCount = context->GuidCount;
  for (ULONG i = 0; i < context->GuidCount; i++) {
    PWMIREGGUIDW g = &info->WmiRegGuid[i];
    const WMIGUIDREGINFO *entry = &context->GuidList[i];
    memset(g, 0, sizeof *g);
    g->Guid = *entry->Guid;
    g->Flags = entry->Flags | answer->flags;
    g->InstanceCount = entry->InstanceCount;
    if (g->Flags & WMIREG_FLAG_INSTANCE_PDO) {
      g->Pdo = (ULONG_PTR)answer->pdo;
      /* WMI dereferences the PDO of a REGINFO_EX answer; WMILIB takes the
       * reference for the driver. */
      if (ex && answer->pdo != NULL) ObfReferenceObject(answer->pdo);
    } else if (g->Flags & WMIREG_FLAG_INSTANCE_BASENAME) {
      g->BaseNameOffset = base_at;
    }
  }
  put_counted(buffer, mof_at, &answer->mof_name);
  put_counted(buffer, path_at, answer->registry_path);
  if (base_at != 0) put_counted(buffer, base_at, &answer->base_name);
}

NTSTATUS wmilib_reginfo(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, bool ex) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  struct reg_answer answer;
  NTSTATUS status = ask_driver(context, device, &answer);
  if (NT_SUCCESS(status)) {
    ULONG mof_at, path_at, base_at;
    ULONG needed = layout(context, &answer, &mof_at, &path_at, &base_at);
    ULONG size = stack->Parameters.WMI.BufferSize;
    if (size >= needed && stack->Parameters.WMI.Buffer != NULL) {
      fill(context, &answer, stack->Parameters.WMI.Buffer, needed, ex);
      irp->IoStatus.Information = needed;
    } else if (size >= sizeof(ULONG) && stack->Parameters.WMI.Buffer != NULL) {
      /* The size probe: the size needed, in the first ULONG. */
      *(PULONG)stack->Parameters.WMI.Buffer = needed;
      irp->IoStatus.Information = sizeof(ULONG);
    } else {
      status = STATUS_BUFFER_TOO_SMALL;
      irp->IoStatus.Information = 0;
    }
  } else {
    irp->IoStatus.Information = 0;
  }
  /* The base name is the driver's pool allocation, which WMI frees. */
  if (uses_base_name(context, &answer) && answer.base_name.Buffer != NULL) ExFreePool(answer.base_name.Buffer);
  irp->IoStatus.Status = status;
  return status;
}
