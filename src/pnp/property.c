/*
 * property.c - IoGetDeviceProperty and IoOpenDeviceRegistryKey.
 */
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "cm/registry.h"
#include "core/sim.h"
#include "pnp/pnp_internal.h"
#include "rtl/text.h"

/* Copies a value into the caller's buffer, or reports the size it needs. */
static NTSTATUS give(const void *value, ULONG size, ULONG buffer_length, PVOID buffer, PULONG result_length) {
  *result_length = size;
  if (buffer_length < size || buffer == NULL) return STATUS_BUFFER_TOO_SMALL;
  memcpy(buffer, value, size);
  return STATUS_SUCCESS;
}

/* A UTF-16 string (REG_SZ) or, with `multi`, a one-string REG_MULTI_SZ. */
static NTSTATUS give_text(const char *text, bool multi, ULONG buffer_length, PVOID buffer, PULONG result_length) {
  WCHAR wide[600];
  size_t length = text_utf8_to_utf16(text, strlen(text), wide, 596);
  if (length > 596) length = 596;
  wide[length] = 0;
  size_t chars = length + 1;
  if (multi) wide[chars++] = 0;
  return give(wide, (ULONG)(chars * sizeof(WCHAR)), buffer_length, buffer, result_length);
}

static NTSTATUS give_ulong(ULONG value, ULONG buffer_length, PVOID buffer, PULONG result_length) {
  return give(&value, sizeof value, buffer_length, buffer, result_length);
}

NTSTATUS NTAPI IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                   ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength) {
  struct pnp_devnode *node = pnp_node_of(DeviceObject);
  if (ResultLength == NULL) return STATUS_INVALID_PARAMETER;
  *ResultLength = 0;
  if (node == NULL || node->pdo != DeviceObject) {
    struct check_site site = {DeviceObject, NULL, "IoGetDeviceProperty"};
    check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "IoGetDeviceProperty needs the PDO, not %s",
                 io_device_display_name(DeviceObject));
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  char text[300];
  switch (DeviceProperty) {
  case DevicePropertyDeviceDescription:
    return give_text(node->description, false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyFriendlyName:
    if (node->friendly_name == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
    return give_text(node->friendly_name, false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyHardwareID:
    return give_text(node->hardware_id, true, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyCompatibleIDs:
    return give_text("", true, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyClassName:
    return give_text("WMISIM", false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyClassGuid:
    return give_text("{87654321-5753-4D53-8000-574D4953494D}", false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyDriverKeyName:
    snprintf(text, sizeof text, "{87654321-5753-4D53-8000-574D4953494D}\\%04u", node->index);
    return give_text(text, false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyManufacturer:
    return give_text("wmisim", false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyLocationInformation:
    return STATUS_OBJECT_NAME_NOT_FOUND;
  case DevicePropertyPhysicalDeviceObjectName:
    return give_text(io_device_display_name(node->pdo), false, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyEnumeratorName: {
    snprintf(text, sizeof text, "%s", node->instance_id);
    char *slash = strchr(text, '\\');
    if (slash != NULL) *slash = '\0';
    return give_text(text, false, BufferLength, PropertyBuffer, ResultLength);
  }
  case DevicePropertyLegacyBusType:
    return give_ulong((ULONG)InterfaceTypeUndefined, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyBusNumber:
    return give_ulong(0, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyInstallState:
    return give_ulong(0 /* InstallStateInstalled */, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyRemovalPolicy:
    return give_ulong(3 /* RemovalPolicyExpectSurpriseRemoval */, BufferLength, PropertyBuffer, ResultLength);
  case DevicePropertyUINumber:
  case DevicePropertyAddress:
  case DevicePropertyBusTypeGuid:
  case DevicePropertyContainerID:
  case DevicePropertyBootConfiguration:
  case DevicePropertyBootConfigurationTranslated:
  case DevicePropertyResourceRequirements:
  case DevicePropertyAllocatedResources:
    return STATUS_OBJECT_NAME_NOT_FOUND;
  default:
    return STATUS_INVALID_PARAMETER_2;
  }
}

NTSTATUS NTAPI IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject, ULONG DevInstKeyType, ACCESS_MASK DesiredAccess,
                                       PHANDLE DeviceRegKey) {
  (void)DesiredAccess;
  struct pnp_devnode *node = pnp_node_of(DeviceObject);
  if (DeviceRegKey == NULL) return STATUS_INVALID_PARAMETER;
  *DeviceRegKey = NULL;
  if (node == NULL || node->pdo != DeviceObject) {
    struct check_site site = {DeviceObject, NULL, "IoOpenDeviceRegistryKey"};
    check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "IoOpenDeviceRegistryKey needs the PDO, not %s",
                 io_device_display_name(DeviceObject));
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  char path[700];
  switch (DevInstKeyType & ~(ULONG)PLUGPLAY_REGKEY_CURRENT_HWPROFILE) {
  case PLUGPLAY_REGKEY_DEVICE: pnp_device_key_path(node, path, sizeof path); break;
  case PLUGPLAY_REGKEY_DRIVER: pnp_driver_key_path(node, path, sizeof path); break;
  default: return STATUS_INVALID_PARAMETER;
  }
  return cm_open_path(node->sim, path, true, DeviceRegKey);
}
