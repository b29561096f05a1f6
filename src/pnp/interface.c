/*
 * interface.c - device interfaces: IoRegisterDeviceInterface and
 * IoSetDeviceInterfaceState, with Windows' symbolic link names
 * (\??\ROOT#WMISIM#0000#{guid}).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "pnp/pnp_internal.h"
#include "rtl/text.h"

#define LINK_TAG 0x6b6e694cu /* 'Link' */

static void link_text(const struct pnp_devnode *node, const GUID *guid, PUNICODE_STRING reference, char *text,
                      size_t size) {
  char guid_text[39];
  wmisim_guid_format(guid, guid_text);
  for (char *p = guid_text; *p != '\0'; p++)
    if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
  int n = snprintf(text, size, "\\??\\%s#%s", node->instance_id, guid_text);
  for (int i = 4; i < n && (size_t)i < size; i++)
    if (text[i] == '\\') text[i] = '#';
  if (reference != NULL && reference->Length != 0 && (size_t)n < size) {
    char ref[256];
    text_utf16_to_utf8(reference->Buffer, reference->Length / 2, ref, sizeof ref);
    snprintf(text + n, size - (size_t)n, "\\%s", ref);
  }
}

static struct pnp_interface *find_interface(struct wmisim *sim, PUNICODE_STRING link, struct pnp_devnode **owner) {
  for (struct pnp_devnode *node = sim->pnp->nodes; node != NULL; node = node->next)
    for (struct pnp_interface *i = node->interfaces; i != NULL; i = i->next)
      if (text_wequal(i->link, i->link_length, link->Buffer, link->Length / 2, true)) {
        if (owner != NULL) *owner = node;
        return i;
      }
  return NULL;
}

NTSTATUS NTAPI IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject, CONST GUID *InterfaceClassGuid,
                                         PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName) {
  struct pnp_devnode *node = pnp_node_of(PhysicalDeviceObject);
  if (node == NULL || node->pdo != PhysicalDeviceObject || InterfaceClassGuid == NULL || SymbolicLinkName == NULL) {
    struct check_site site = {PhysicalDeviceObject, NULL, "IoRegisterDeviceInterface"};
    check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "IoRegisterDeviceInterface needs the PDO");
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  char text[600];
  link_text(node, InterfaceClassGuid, ReferenceString, text, sizeof text);
  size_t length;
  WCHAR *link = text_utf16_dup(text, &length);
  if (link == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  UNICODE_STRING counted = {(USHORT)(length * 2), (USHORT)(length * 2 + 2), link};
  struct wmisim *sim = node->sim;
  plat_mutex_lock(&sim->pnp->lock);
  if (find_interface(sim, &counted, NULL) == NULL) {
    struct pnp_interface *i = calloc(1, sizeof *i);
    if (i == NULL) {
      plat_mutex_unlock(&sim->pnp->lock);
      free(link);
      return STATUS_INSUFFICIENT_RESOURCES;
    }
    i->class_guid = *InterfaceClassGuid;
    i->link = link;
    i->link_length = length;
    i->next = node->interfaces;
    node->interfaces = i;
    link = NULL;
  }
  plat_mutex_unlock(&sim->pnp->lock);
  free(link);
  /* The caller owns the returned string and frees it with RtlFreeUnicodeString. */
  PWCHAR buffer = ExAllocatePoolWithTag(PagedPool, length * 2 + 2, LINK_TAG);
  if (buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  text_utf8_to_utf16(text, strlen(text), buffer, length);
  buffer[length] = 0;
  SymbolicLinkName->Buffer = buffer;
  SymbolicLinkName->Length = (USHORT)(length * 2);
  SymbolicLinkName->MaximumLength = (USHORT)(length * 2 + 2);
  trace_note(sim, "PnP", "device interface %s registered", text);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable) {
  struct wmisim *sim = sim_current();
  if (sim == NULL || SymbolicLinkName == NULL || SymbolicLinkName->Buffer == NULL) return STATUS_INVALID_PARAMETER;
  plat_mutex_lock(&sim->pnp->lock);
  struct pnp_interface *i = find_interface(sim, SymbolicLinkName, NULL);
  NTSTATUS status;
  if (i == NULL) {
    status = STATUS_OBJECT_NAME_NOT_FOUND;
  } else if ((i->enabled != 0) == (Enable != 0)) {
    status = Enable ? STATUS_OBJECT_NAME_EXISTS : STATUS_OBJECT_NAME_NOT_FOUND;
  } else {
    i->enabled = Enable != 0;
    status = STATUS_SUCCESS;
  }
  plat_mutex_unlock(&sim->pnp->lock);
  if (NT_SUCCESS(status) && status != STATUS_OBJECT_NAME_EXISTS) {
    char text[600];
    text_utf16_to_utf8(SymbolicLinkName->Buffer, SymbolicLinkName->Length / 2, text, sizeof text);
    trace_note(sim, "PnP", "device interface %s %s", text, Enable ? "enabled" : "disabled");
  }
  return status;
}

void pnp_disable_interfaces(struct pnp_devnode *node) {
  int disabled = 0;
  plat_mutex_lock(&node->sim->pnp->lock);
  for (struct pnp_interface *i = node->interfaces; i != NULL; i = i->next)
    if (i->enabled) {
      i->enabled = false;
      disabled++;
    }
  plat_mutex_unlock(&node->sim->pnp->lock);
  if (disabled != 0)
    trace_note(node->sim, "PnP", "%d device interface(s) of %s disabled at removal", disabled, node->instance_id);
}

NTSTATUS NTAPI IoOpenDeviceInterfaceRegistryKey(PUNICODE_STRING SymbolicLinkName, ACCESS_MASK DesiredAccess,
                                                PHANDLE DeviceInterfaceKey) {
  (void)SymbolicLinkName;
  (void)DesiredAccess;
  (void)DeviceInterfaceKey;
  return STATUS_NOT_SUPPORTED;
}

VOID NTAPI IoInvalidateDeviceRelations(PDEVICE_OBJECT DeviceObject, DEVICE_RELATION_TYPE Type) {
  struct pnp_devnode *node = pnp_node_of(DeviceObject);
  if (node != NULL) trace_note(node->sim, "PnP", "device relations (type %d) of %s invalidated", (int)Type, node->instance_id);
}

VOID NTAPI IoRequestDeviceEject(PDEVICE_OBJECT PhysicalDeviceObject) {
  struct pnp_devnode *node = pnp_node_of(PhysicalDeviceObject);
  if (node != NULL) trace_note(node->sim, "PnP", "eject requested for %s", node->instance_id);
}

/* ---- wmisim API ------------------------------------------------------------------------------ */

size_t wmisim_device_interfaces(wmisim_devnode_t *handle, char (*links)[256], bool *enabled, size_t capacity) {
  struct pnp_devnode *node = (struct pnp_devnode *)handle;
  size_t count = 0;
  plat_mutex_lock(&node->sim->pnp->lock);
  for (struct pnp_interface *i = node->interfaces; i != NULL; i = i->next, count++) {
    if (count >= capacity) continue;
    if (links != NULL) text_utf16_to_utf8(i->link, i->link_length, links[count], 256);
    if (enabled != NULL) enabled[count] = i->enabled;
  }
  plat_mutex_unlock(&node->sim->pnp->lock);
  return count;
}
