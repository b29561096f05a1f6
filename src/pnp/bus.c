/*
 * bus.c - the root bus driver ("PnpManager"), owner of every PDO, which
 * answers PnP, power and WMI IRPs at the bottom of each stack as a bus
 * driver does: it completes them, since there is nothing below.
 */
#include <string.h>

#include "core/sim.h"
#include "pnp/pnp_internal.h"
#include "rtl/text.h"

#define ID_TAG 0x44497450u /* 'PtID' */

static PWCHAR pool_string(const char *text, bool multi) {
  size_t length = text_utf8_to_utf16(text, strlen(text), NULL, 0);
  size_t total = length + (multi ? 2 : 1);
  PWCHAR buffer = ExAllocatePoolWithTag(PagedPool, total * sizeof(WCHAR), ID_TAG);
  if (buffer == NULL) return NULL;
  text_utf8_to_utf16(text, strlen(text), buffer, length);
  for (size_t i = length; i < total; i++) buffer[i] = 0;
  return buffer;
}

static NTSTATUS query_id(struct pnp_devnode *node, PIO_STACK_LOCATION stack, PIRP irp) {
  char text[256];
  const char *last = strrchr(node->instance_id, '\\');
  bool multi = false;
  switch (stack->Parameters.QueryId.IdType) {
  case BusQueryDeviceID:
    snprintf(text, sizeof text, "%.*s", last != NULL ? (int)(last - node->instance_id) : 200, node->instance_id);
    break;
  case BusQueryInstanceID:
    snprintf(text, sizeof text, "%s", last != NULL ? last + 1 : "0000");
    break;
  case BusQueryHardwareIDs:
    snprintf(text, sizeof text, "%s", node->hardware_id);
    multi = true;
    break;
  default:
    return irp->IoStatus.Status;
  }
  PWCHAR id = pool_string(text, multi);
  if (id == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  irp->IoStatus.Information = (ULONG_PTR)id;
  return STATUS_SUCCESS;
}

static NTSTATUS query_capabilities(PIO_STACK_LOCATION stack) {
  PDEVICE_CAPABILITIES caps = stack->Parameters.DeviceCapabilities.Capabilities;
  if (caps == NULL || caps->Version != 1 || caps->Size < sizeof *caps) return STATUS_UNSUCCESSFUL;
  caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
  for (int s = PowerSystemSleeping1; s < PowerSystemMaximum; s++) caps->DeviceState[s] = PowerDeviceD3;
  caps->SystemWake = PowerSystemUnspecified;
  caps->DeviceWake = PowerDeviceUnspecified;
  caps->SurpriseRemovalOK = TRUE;
  caps->UniqueID = TRUE;
  caps->Address = MAXULONG;
  caps->UINumber = MAXULONG;
  return STATUS_SUCCESS;
}

static NTSTATUS query_relations(PDEVICE_OBJECT pdo, PIO_STACK_LOCATION stack, PIRP irp) {
  if (stack->Parameters.QueryDeviceRelations.Type != TargetDeviceRelation) return irp->IoStatus.Status;
  PDEVICE_RELATIONS relations = ExAllocatePoolWithTag(PagedPool, sizeof *relations, ID_TAG);
  if (relations == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  relations->Count = 1;
  relations->Objects[0] = pdo;
  ObfReferenceObject(pdo);
  irp->IoStatus.Information = (ULONG_PTR)relations;
  return STATUS_SUCCESS;
}

static NTSTATUS NTAPI pdo_pnp(PDEVICE_OBJECT pdo, PIRP irp) {
  struct pnp_devnode *node = pnp_node_of(pdo);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  NTSTATUS status = irp->IoStatus.Status;
  switch (stack->MinorFunction) {
  case IRP_MN_START_DEVICE:
  case IRP_MN_QUERY_STOP_DEVICE:
  case IRP_MN_CANCEL_STOP_DEVICE:
  case IRP_MN_STOP_DEVICE:
  case IRP_MN_QUERY_REMOVE_DEVICE:
  case IRP_MN_CANCEL_REMOVE_DEVICE:
  case IRP_MN_SURPRISE_REMOVAL:
  case IRP_MN_REMOVE_DEVICE:
    status = STATUS_SUCCESS;
    break;
  case IRP_MN_QUERY_CAPABILITIES:
    status = query_capabilities(stack);
    break;
  case IRP_MN_QUERY_ID:
    status = node != NULL ? query_id(node, stack, irp) : status;
    break;
  case IRP_MN_QUERY_DEVICE_RELATIONS:
    status = query_relations(pdo, stack, irp);
    break;
  case IRP_MN_QUERY_PNP_DEVICE_STATE:
    status = STATUS_SUCCESS;
    break;
  default:
    break;
  }
  irp->IoStatus.Status = status;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS NTAPI pdo_power(PDEVICE_OBJECT pdo, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  NTSTATUS status = irp->IoStatus.Status;
  if (stack->MinorFunction == IRP_MN_SET_POWER || stack->MinorFunction == IRP_MN_QUERY_POWER) {
    if (stack->MinorFunction == IRP_MN_SET_POWER)
      PoSetPowerState(pdo, stack->Parameters.Power.Type, stack->Parameters.Power.State);
    status = STATUS_SUCCESS;
  }
  PoStartNextPowerIrp(irp);
  irp->IoStatus.Status = status;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

/* At the bottom of the stack a WMI request that is not the PDO's own is
 * completed with the status it arrived with. */
static NTSTATUS NTAPI pdo_complete_unchanged(PDEVICE_OBJECT pdo, PIRP irp) {
  (void)pdo;
  NTSTATUS status = irp->IoStatus.Status;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

NTSTATUS NTAPI pnp_root_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  (void)registry_path;
  driver->MajorFunction[IRP_MJ_PNP] = pdo_pnp;
  driver->MajorFunction[IRP_MJ_POWER] = pdo_power;
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = pdo_complete_unchanged;
  return STATUS_SUCCESS;
}
