/*
 * devnode.c - device nodes: enumeration on the root bus, building stacks
 * through AddDevice, and the PnP state transitions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cm/registry.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "ke/workers.h"
#include "ob/object.h"
#include "pnp/pnp_internal.h"
#include "rtl/text.h"
#include "wmi/service.h"

const GUID pnp_wmisim_class_guid = {0x87654321, 0x5753, 0x4d53, {0x80, 0x00, 0x57, 0x4d, 0x49, 0x53, 0x49, 0x4d}};

struct pnp_devnode *pnp_node_of(PDEVICE_OBJECT device) {
  struct io_device *record = io_device_of(device);
  return record != NULL ? record->devnode : NULL;
}

const char *pnp_instance_id_of(PDEVICE_OBJECT device) {
  struct pnp_devnode *node = pnp_node_of(device);
  return node != NULL ? node->instance_id : NULL;
}

PDEVICE_OBJECT pnp_pdo_of(PDEVICE_OBJECT device) {
  struct pnp_devnode *node = pnp_node_of(device);
  return node != NULL ? node->pdo : NULL;
}

static char *dup_text(const char *text) {
  if (text == NULL) return NULL;
  char *copy = malloc(strlen(text) + 1);
  if (copy != NULL) strcpy(copy, text);
  return copy;
}

static void free_node(struct pnp_devnode *node) {
  for (struct pnp_interface *i = node->interfaces, *next; i != NULL; i = next) {
    next = i->next;
    free(i->link);
    free(i);
  }
  free(node->instance_id);
  free(node->hardware_id);
  free(node->description);
  free(node->friendly_name);
  free(node);
}

struct pnp_state *pnp_create(struct wmisim *sim) {
  struct pnp_state *state = calloc(1, sizeof *state);
  if (state == NULL) return NULL;
  plat_mutex_init(&state->lock);
  sim->pnp = state;
  if (!NT_SUCCESS(io_create_driver(sim, "PnpManager", pnp_root_driver_entry, NULL, &state->root_driver))) {
    sim->pnp = NULL;
    plat_mutex_destroy(&state->lock);
    free(state);
    return NULL;
  }
  return state;
}

void pnp_destroy(struct pnp_state *state) {
  pnp_release_abandoned(state);
  for (struct pnp_devnode *node = state->nodes, *next; node != NULL; node = next) {
    next = node->next;
    free_node(node);
  }
  plat_mutex_destroy(&state->lock);
  free(state);
}

void pnp_device_attached(struct wmisim *sim, PDEVICE_OBJECT device) {
  struct pnp_devnode *node = pnp_node_of(device);
  if (node == NULL) return;
  plat_mutex_lock(&sim->pnp->lock);
  if (node->stack_count < PNP_MAX_STACK) node->stack[node->stack_count++] = device;
  plat_mutex_unlock(&sim->pnp->lock);
}

void pnp_device_deleted(struct wmisim *sim, PDEVICE_OBJECT device) {
  struct pnp_devnode *node = pnp_node_of(device);
  if (node == NULL || sim->pnp == NULL) return;
  plat_mutex_lock(&sim->pnp->lock);
  if (node->pdo == device) node->pdo = NULL;
  for (int i = 0; i < node->stack_count; i++)
    if (node->stack[i] == device) {
      memmove(&node->stack[i], &node->stack[i + 1], (size_t)(node->stack_count - i - 1) * sizeof node->stack[0]);
      node->stack_count--;
      break;
    }
  plat_mutex_unlock(&sim->pnp->lock);
}

/* ---- registry keys of a node ----------------------------------------------------------------- */

void pnp_device_key_path(const struct pnp_devnode *node, char *path, size_t size) {
  snprintf(path, size, "\\Registry\\Machine\\System\\CurrentControlSet\\Enum\\%s\\Device Parameters",
           node->instance_id);
}

void pnp_driver_key_path(const struct pnp_devnode *node, char *path, size_t size) {
  snprintf(path, size,
           "\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Class\\"
           "{87654321-5753-4D53-8000-574D4953494D}\\%04u",
           node->index);
}

/* Writes a REG_SZ, or with `multi` a one-string REG_MULTI_SZ, in UTF-16. */
static void set_text_value(struct wmisim *sim, const char *key, const char *name, const char *text, bool multi) {
  size_t length;
  WCHAR *wide = text_utf16_dup(text, &length);
  if (wide == NULL) return;
  size_t chars = length + (multi ? 2 : 1);
  WCHAR *value = calloc(chars, sizeof(WCHAR));
  if (value != NULL) {
    memcpy(value, wide, length * sizeof(WCHAR));
    cm_set_value(sim->registry, key, name, multi ? REG_MULTI_SZ : REG_SZ, value, (ULONG)(chars * sizeof(WCHAR)));
  }
  free(value);
  free(wide);
}

static void write_enum_key(struct wmisim *sim, struct pnp_devnode *node) {
  char key[600], driver[64];
  snprintf(key, sizeof key, "\\Registry\\Machine\\System\\CurrentControlSet\\Enum\\%s", node->instance_id);
  set_text_value(sim, key, "DeviceDesc", node->description, false);
  set_text_value(sim, key, "HardwareID", node->hardware_id, true);
  set_text_value(sim, key, "ClassGUID", "{87654321-5753-4D53-8000-574D4953494D}", false);
  snprintf(driver, sizeof driver, "{87654321-5753-4D53-8000-574D4953494D}\\%04u", node->index);
  set_text_value(sim, key, "Driver", driver, false);
  if (node->friendly_name != NULL) set_text_value(sim, key, "FriendlyName", node->friendly_name, false);
  char device_key[700];
  pnp_device_key_path(node, device_key, sizeof device_key);
  HANDLE handle;
  /* Closed in `sim`'s table: ZwClose would use the thread's current one. */
  if (NT_SUCCESS(cm_open_path(sim, device_key, true, &handle))) ob_handle_close(sim, handle);
  char driver_key[300];
  pnp_driver_key_path(node, driver_key, sizeof driver_key);
  if (NT_SUCCESS(cm_open_path(sim, driver_key, true, &handle))) ob_handle_close(sim, handle);
}

/* ---- building the stack ---------------------------------------------------------------------- */

static NTSTATUS create_pdo(struct wmisim *sim, struct pnp_devnode *node) {
  PDEVICE_OBJECT pdo;
  NTSTATUS status = io_create_device(sim->pnp->root_driver, 0, NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_AUTOGENERATED_DEVICE_NAME | FILE_DEVICE_SECURE_OPEN, &pdo);
  if (!NT_SUCCESS(status)) return status;
  struct io_device *record = io_device_of(pdo);
  record->devnode = node;
  record->is_pdo = true;
  pdo->Flags |= DO_BUS_ENUMERATED_DEVICE | DO_POWER_PAGABLE;
  pdo->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  node->pdo = pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS call_add_device(struct pnp_devnode *node, struct io_driver *driver) {
  PDRIVER_ADD_DEVICE add_device = driver->extension.AddDevice;
  if (add_device == NULL) {
    sim_log(node->sim, WMISIM_LOG_WARNING, "driver '%s' has no AddDevice routine", driver->name);
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  int before = node->stack_count;
  struct kthread *thread = ke_thread();
  struct wmisim *previous_sim = thread->sim;
  thread->sim = node->sim;
  struct io_driver *previous = ke_enter_driver(thread, driver);
  trace_note(node->sim, "PnP", "AddDevice of %s for %s", driver->name, node->instance_id);
  NTSTATUS status = add_device(&driver->object, node->pdo);
  ke_leave_driver(thread, previous);
  thread->sim = previous_sim;
  for (int i = before; i < node->stack_count; i++) {
    PDEVICE_OBJECT device = node->stack[i];
    if (device->Flags & DO_DEVICE_INITIALIZING) {
      struct check_site site = {device, NULL, "AddDevice"};
      check_report(node->sim, CHECK_DEVICE_INITIALIZING, &site, "%s returned with DO_DEVICE_INITIALIZING set on %s",
                   driver->name, io_device_display_name(device));
      device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
    }
  }
  if (NT_SUCCESS(status) && node->driver_count < PNP_MAX_STACK) node->drivers[node->driver_count++] = driver;
  return status;
}

static NTSTATUS build_stack(struct pnp_devnode *node, const wmisim_device_spec_t *spec) {
  NTSTATUS status = STATUS_SUCCESS;
  for (size_t i = 0; i < spec->lower_filter_count && NT_SUCCESS(status); i++)
    status = call_add_device(node, (struct io_driver *)spec->lower_filters[i]);
  if (NT_SUCCESS(status)) status = call_add_device(node, (struct io_driver *)spec->function_driver);
  for (size_t i = 0; i < spec->upper_filter_count && NT_SUCCESS(status); i++)
    status = call_add_device(node, (struct io_driver *)spec->upper_filters[i]);
  return status;
}

static bool spec_valid(const wmisim_device_spec_t *spec) {
  if (spec == NULL || spec->instance_id == NULL || spec->instance_id[0] == '\0' || spec->function_driver == NULL)
    return false;
  if (strlen(spec->instance_id) > 200 || spec->lower_filter_count + spec->upper_filter_count + 1 > PNP_MAX_STACK - 1)
    return false;
  for (size_t i = 0; i < spec->lower_filter_count; i++)
    if (spec->lower_filters[i] == NULL) return false;
  for (size_t i = 0; i < spec->upper_filter_count; i++)
    if (spec->upper_filters[i] == NULL) return false;
  return true;
}

static char *default_hardware_id(const char *instance_id) {
  char *id = dup_text(instance_id);
  if (id == NULL) return NULL;
  char *last = strrchr(id, '\\');
  if (last != NULL && last != id) *last = '\0';
  return id;
}

static void link_node(struct wmisim *sim, struct pnp_devnode *node) {
  plat_mutex_lock(&sim->pnp->lock);
  node->index = sim->pnp->next_index++;
  struct pnp_devnode **tail = &sim->pnp->nodes;
  while (*tail != NULL) tail = &(*tail)->next;
  *tail = node;
  plat_mutex_unlock(&sim->pnp->lock);
}

NTSTATUS wmisim_device_add(wmisim_t *sim, const wmisim_device_spec_t *spec, wmisim_devnode_t **out) {
  if (sim == NULL || out == NULL || !spec_valid(spec)) return STATUS_INVALID_PARAMETER;
  *out = NULL;
  if (wmisim_device_find(sim, spec->instance_id) != NULL) return STATUS_OBJECT_NAME_COLLISION;
  struct pnp_devnode *node = calloc(1, sizeof *node);
  if (node == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  node->sim = sim;
  node->instance_id = dup_text(spec->instance_id);
  node->hardware_id = spec->hardware_id != NULL ? dup_text(spec->hardware_id) : default_hardware_id(spec->instance_id);
  node->description = dup_text(spec->description != NULL ? spec->description : "wmisim device");
  node->friendly_name = dup_text(spec->friendly_name);
  node->device_power = PowerDeviceD0;
  node->system_power = PowerSystemWorking;
  if (node->instance_id == NULL || node->hardware_id == NULL || node->description == NULL) {
    free_node(node);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  link_node(sim, node);
  trace_note(sim, "PnP", "enumerated %s", node->instance_id);
  NTSTATUS status = create_pdo(sim, node);
  if (NT_SUCCESS(status)) {
    write_enum_key(sim, node);
    status = build_stack(node, spec);
  }
  if (!NT_SUCCESS(status)) {
    node->state = WMISIM_DEVICE_FAILED;
    if (node->pdo != NULL && node->stack_count > 0) pnp_send(node, IRP_MJ_PNP, IRP_MN_REMOVE_DEVICE, NULL, NULL, NULL);
    if (node->pdo != NULL) IoDeleteDevice(node->pdo);
    return status;
  }
  node->state = WMISIM_DEVICE_ADDED;
  *out = (wmisim_devnode_t *)node;
  return STATUS_SUCCESS;
}

wmisim_devnode_t *wmisim_device_find(wmisim_t *sim, const char *instance_id) {
  struct pnp_devnode *found = NULL;
  plat_mutex_lock(&sim->pnp->lock);
  for (struct pnp_devnode *node = sim->pnp->nodes; node != NULL && found == NULL; node = node->next) {
    const char *a = node->instance_id, *b = instance_id;
    while (*a != '\0' && *b != '\0' && (*a | 0x20) == (*b | 0x20)) a++, b++;
    if (*a == '\0' && *b == '\0') found = node;
  }
  plat_mutex_unlock(&sim->pnp->lock);
  return (wmisim_devnode_t *)found;
}

wmisim_devnode_t *wmisim_device_of(PDEVICE_OBJECT device) {
  return (wmisim_devnode_t *)pnp_node_of(device);
}

wmisim_device_state_t wmisim_device_state(const wmisim_devnode_t *node) {
  return ((const struct pnp_devnode *)node)->state;
}

PDEVICE_OBJECT wmisim_device_pdo(wmisim_devnode_t *node) {
  return ((struct pnp_devnode *)node)->pdo;
}

PDEVICE_OBJECT wmisim_device_top(wmisim_devnode_t *node) {
  struct pnp_devnode *n = (struct pnp_devnode *)node;
  return n->pdo != NULL ? IoGetAttachedDevice(n->pdo) : NULL;
}

const char *wmisim_device_instance_id(const wmisim_devnode_t *node) {
  return ((const struct pnp_devnode *)node)->instance_id;
}
