/*
 * transitions.c - start, stop, removal and surprise removal, as the PnP
 * manager drives them, and the removal-time checks.
 */
#include "check/check.h"
#include "core/sim.h"
#include "ke/workers.h"
#include "pnp/pnp_internal.h"
#include "wmi/service.h"

static NTSTATUS pnp(struct pnp_devnode *node, UCHAR minor) {
  return pnp_send(node, IRP_MJ_PNP, minor, NULL, NULL, NULL);
}

static struct pnp_devnode *node_of(wmisim_devnode_t *handle) {
  return (struct pnp_devnode *)handle;
}

/* After IRP_MN_REMOVE_DEVICE every driver must have detached and deleted
 * its device; the PnP manager then deletes the PDO of a node that is gone. */
static void finish_removal(struct pnp_devnode *node) {
  struct wmisim *sim = node->sim;
  plat_mutex_lock(&sim->pnp->lock);
  int left = node->stack_count;
  PDEVICE_OBJECT first = left > 0 ? node->stack[0] : NULL;
  plat_mutex_unlock(&sim->pnp->lock);
  if (left > 0) {
    struct check_site site = {first, NULL, "DispatchPnp"};
    check_report(sim, CHECK_PNP_IRP_HANDLING, &site,
                 "%d device object(s) of %s still exist after IRP_MN_REMOVE_DEVICE; detach and delete them",
                 left, node->instance_id);
  }
  /* WDK, IoSetDeviceInterfaceState: interfaces a driver left enabled are
   * disabled by the PnP manager when it removes the device. */
  pnp_disable_interfaces(node);
  if (node->pdo != NULL && left == 0) IoDeleteDevice(node->pdo);
  node->state = WMISIM_DEVICE_REMOVED;
}

static void send_remove(struct pnp_devnode *node) {
  pnp(node, IRP_MN_REMOVE_DEVICE);
  finish_removal(node);
}

NTSTATUS wmisim_device_start(wmisim_devnode_t *handle) {
  struct pnp_devnode *node = node_of(handle);
  if (node == NULL) return STATUS_INVALID_PARAMETER;
  if (node->state != WMISIM_DEVICE_ADDED && node->state != WMISIM_DEVICE_STOPPED) return STATUS_INVALID_DEVICE_STATE;
  NTSTATUS status = pnp(node, IRP_MN_START_DEVICE);
  if (NT_SUCCESS(status)) {
    node->state = WMISIM_DEVICE_STARTED;
    return STATUS_SUCCESS;
  }
  /* A failed start is followed by removal, as on Windows. */
  sim_log(node->sim, WMISIM_LOG_WARNING, "IRP_MN_START_DEVICE for %s failed with %s", node->instance_id,
          wmisim_status_name(status));
  send_remove(node);
  node->state = WMISIM_DEVICE_FAILED;
  return status;
}

NTSTATUS wmisim_device_stop(wmisim_devnode_t *handle) {
  struct pnp_devnode *node = node_of(handle);
  if (node == NULL) return STATUS_INVALID_PARAMETER;
  if (node->state != WMISIM_DEVICE_STARTED) return STATUS_INVALID_DEVICE_STATE;
  NTSTATUS status = pnp(node, IRP_MN_QUERY_STOP_DEVICE);
  if (!NT_SUCCESS(status)) {
    pnp(node, IRP_MN_CANCEL_STOP_DEVICE);
    return status;
  }
  status = pnp(node, IRP_MN_STOP_DEVICE);
  if (NT_SUCCESS(status)) node->state = WMISIM_DEVICE_STOPPED;
  return status;
}

NTSTATUS wmisim_device_remove(wmisim_devnode_t *handle) {
  struct pnp_devnode *node = node_of(handle);
  if (node == NULL) return STATUS_INVALID_PARAMETER;
  if (node->state == WMISIM_DEVICE_REMOVED || node->state == WMISIM_DEVICE_FAILED) return STATUS_INVALID_DEVICE_STATE;
  if (node->state == WMISIM_DEVICE_SURPRISE_REMOVED) return wmisim_device_remove_after_surprise(handle);
  NTSTATUS status = pnp(node, IRP_MN_QUERY_REMOVE_DEVICE);
  if (!NT_SUCCESS(status)) {
    pnp(node, IRP_MN_CANCEL_REMOVE_DEVICE);
    return status;
  }
  send_remove(node);
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_device_surprise_removal(wmisim_devnode_t *handle) {
  struct pnp_devnode *node = node_of(handle);
  if (node == NULL) return STATUS_INVALID_PARAMETER;
  if (node->state != WMISIM_DEVICE_STARTED && node->state != WMISIM_DEVICE_STOPPED) return STATUS_INVALID_DEVICE_STATE;
  NTSTATUS status = pnp(node, IRP_MN_SURPRISE_REMOVAL);
  if (!NT_SUCCESS(status)) {
    struct check_site site = {node->pdo != NULL ? IoGetAttachedDevice(node->pdo) : NULL, NULL, "DispatchPnp"};
    check_report(node->sim, CHECK_PNP_IRP_HANDLING, &site, "IRP_MN_SURPRISE_REMOVAL failed with %s; it must succeed",
                 wmisim_status_name(status));
  }
  plat_mutex_lock(&node->sim->pnp->lock);
  int count = node->stack_count;
  PDEVICE_OBJECT devices[PNP_MAX_STACK];
  for (int i = 0; i < count; i++) devices[i] = node->stack[i];
  plat_mutex_unlock(&node->sim->pnp->lock);
  for (int i = 0; i < count; i++) wmi_surprise_removal_done(node->sim, devices[i]);
  node->state = WMISIM_DEVICE_SURPRISE_REMOVED;
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_device_remove_after_surprise(wmisim_devnode_t *handle) {
  struct pnp_devnode *node = node_of(handle);
  if (node == NULL) return STATUS_INVALID_PARAMETER;
  if (node->state != WMISIM_DEVICE_SURPRISE_REMOVED) return STATUS_INVALID_DEVICE_STATE;
  send_remove(node);
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_device_surprise_remove(wmisim_devnode_t *handle) {
  NTSTATUS status = wmisim_device_surprise_removal(handle);
  if (!NT_SUCCESS(status)) return status;
  return wmisim_device_remove_after_surprise(handle);
}

/* Destruction removes what is still present without asking (no query),
 * then unloads every driver, the root bus driver last. */
void pnp_shutdown(struct wmisim *sim) {
  for (struct pnp_devnode *node = sim->pnp->nodes; node != NULL; node = node->next) {
    if (node->state == WMISIM_DEVICE_SURPRISE_REMOVED) {
      send_remove(node);
    } else if (node->state == WMISIM_DEVICE_STARTED || node->state == WMISIM_DEVICE_STOPPED ||
               node->state == WMISIM_DEVICE_ADDED) {
      send_remove(node);
    } else if (node->pdo != NULL && node->stack_count == 0) {
      IoDeleteDevice(node->pdo);
    }
  }
  ke_workers_wait_idle(sim->workers, UINT64_MAX);
  struct io_driver *root = sim->pnp->root_driver;
  for (;;) {
    plat_mutex_lock(&sim->io->lock);
    struct io_driver *victim = NULL;
    for (struct io_driver *d = sim->io->drivers; d != NULL; d = d->next)
      if (d != root) victim = d;
    plat_mutex_unlock(&sim->io->lock);
    if (victim == NULL) break;
    io_unload_driver(victim);
  }
  for (PDEVICE_OBJECT pdo = root->object.DeviceObject; pdo != NULL; pdo = root->object.DeviceObject) {
    struct io_device *record = io_device_of(pdo);
    if (pdo->AttachedDevice != NULL) IoDetachDevice(pdo);
    (void)record;
    IoDeleteDevice(pdo);
  }
  io_unload_driver(root);
  sim->pnp->root_driver = NULL;
}
