/*
 * driver.c - driver objects: DriverEntry, unload, driver extensions, and
 * wmisim's API for adding drivers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "cm/registry.h"
#include "core/sim.h"
#include "ex/pool.h"
#include "io/io.h"
#include "ke/thread.h"
#include "rtl/text.h"

#define SERVICES_KEY "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"

struct io_driver_extension {
  struct io_driver_extension *next;
  PVOID id;
  _Alignas(16) unsigned char data[];
};

struct io_driver *io_driver_of(PDRIVER_OBJECT driver) {
  if (driver == NULL || ((uintptr_t)driver & 7) != 0 || driver->Type != IO_TYPE_DRIVER) return NULL;
  struct io_driver *record = CONTAINING_RECORD(driver, struct io_driver, object);
  return record->header.magic == OB_HEADER_MAGIC ? record : NULL;
}

const char *io_driver_name(const struct io_driver *driver) {
  return driver != NULL ? driver->name : "";
}

/* Windows fills every MajorFunction slot with this before DriverEntry. */
static NTSTATUS NTAPI invalid_device_request(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  (void)DeviceObject;
  Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_INVALID_DEVICE_REQUEST;
}

static void destroy_driver(struct ob_header *header) {
  struct io_driver *driver = CONTAINING_RECORD(header, struct io_driver, header);
  for (struct io_driver_extension *e = driver->extensions, *next; e != NULL; e = next) {
    next = e->next;
    free(e);
  }
  free(driver->service_key);
  free(driver->object.DriverName.Buffer);
  free(driver->name);
  free(driver);
}

static WCHAR *counted_copy(const char *text, UNICODE_STRING *out) {
  size_t length;
  WCHAR *buffer = text_utf16_dup(text, &length);
  if (buffer == NULL) return NULL;
  out->Buffer = buffer;
  out->Length = (USHORT)(length * 2);
  out->MaximumLength = (USHORT)(length * 2 + 2);
  return buffer;
}

static struct io_driver *new_driver(struct wmisim *sim, const char *name, PDRIVER_INITIALIZE entry) {
  struct io_driver *driver = calloc(1, sizeof *driver);
  if (driver == NULL) return NULL;
  driver->sim = sim;
  ob_header_init(&driver->header, sim, OB_TYPE_DRIVER, destroy_driver);
  driver->name = malloc(strlen(name) + 1);
  char path[512], driver_name[300];
  snprintf(path, sizeof path, SERVICES_KEY "%s", name);
  snprintf(driver_name, sizeof driver_name, "\\Driver\\%s", name);
  if (driver->name == NULL || counted_copy(path, &driver->registry_path) == NULL ||
      counted_copy(driver_name, &driver->object.DriverName) == NULL) {
    destroy_driver(&driver->header);
    return NULL;
  }
  strcpy(driver->name, name);
  driver->service_key = driver->registry_path.Buffer;
  PDRIVER_OBJECT object = &driver->object;
  object->Type = IO_TYPE_DRIVER;
  object->Size = (CSHORT)sizeof(DRIVER_OBJECT);
  object->DriverExtension = &driver->extension;
  object->DriverInit = entry;
  driver->extension.DriverObject = object;
  /* ServiceKeyName shares the tail of the registry path. */
  size_t prefix = strlen(SERVICES_KEY);
  driver->extension.ServiceKeyName.Buffer = driver->registry_path.Buffer + prefix;
  driver->extension.ServiceKeyName.Length = (USHORT)(driver->registry_path.Length - prefix * 2);
  driver->extension.ServiceKeyName.MaximumLength = (USHORT)(driver->extension.ServiceKeyName.Length + 2);
  for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) object->MajorFunction[i] = invalid_device_request;
  return driver;
}

static void link_driver(struct wmisim *sim, struct io_driver *driver, bool add) {
  plat_mutex_lock(&sim->io->lock);
  if (add) {
    driver->next = sim->io->drivers;
    sim->io->drivers = driver;
  } else {
    for (struct io_driver **link = &sim->io->drivers; *link != NULL; link = &(*link)->next)
      if (*link == driver) {
        *link = driver->next;
        break;
      }
  }
  plat_mutex_unlock(&sim->io->lock);
}

/* Runs driver code at PASSIVE_LEVEL on behalf of `driver` and reports an
 * IRQL the routine did not restore. */
static NTSTATUS call_driver_entry(struct io_driver *driver, PDRIVER_INITIALIZE entry) {
  struct kthread *thread = ke_thread();
  struct wmisim *previous_sim = thread->sim;
  thread->sim = driver->sim;
  struct io_driver *previous = ke_enter_driver(thread, driver);
  NTSTATUS status = entry(&driver->object, &driver->registry_path);
  if (thread->irql != PASSIVE_LEVEL) {
    struct check_site site = {NULL, NULL, "DriverEntry"};
    check_report(driver->sim, CHECK_IRQL_NOT_RESTORED, &site, "DriverEntry returned at IRQL %u", thread->irql);
    thread->irql = PASSIVE_LEVEL;
  }
  ke_leave_driver(thread, previous);
  thread->sim = previous_sim;
  return status;
}

/* The I/O manager clears DO_DEVICE_INITIALIZING on the devices DriverEntry
 * created (WDK: What does DO_DEVICE_INITIALIZING really do?). */
static void clear_initializing(struct io_driver *driver) {
  plat_mutex_lock(&driver->sim->io->lock);
  for (PDEVICE_OBJECT device = driver->object.DeviceObject; device != NULL; device = device->NextDevice)
    device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  plat_mutex_unlock(&driver->sim->io->lock);
}

NTSTATUS io_create_driver(struct wmisim *sim, const char *name, PDRIVER_INITIALIZE entry, void *library,
                          struct io_driver **out) {
  if (name == NULL || name[0] == '\0' || entry == NULL || strlen(name) > 200) return STATUS_INVALID_PARAMETER;
  if (wmisim_driver_find(sim, name) != NULL) return STATUS_OBJECT_NAME_COLLISION;
  struct io_driver *driver = new_driver(sim, name, entry);
  if (driver == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  driver->library = library;
  cm_create_service_key(sim->registry, name);
  link_driver(sim, driver, true);
  NTSTATUS status = call_driver_entry(driver, entry);
  if (NT_SUCCESS(status)) clear_initializing(driver);
  if (!NT_SUCCESS(status)) {
    sim_log(sim, WMISIM_LOG_WARNING, "DriverEntry of '%s' failed with %s", name, wmisim_status_name(status));
    link_driver(sim, driver, false);
    driver->library = NULL; /* the caller still owns it */
    ob_dereference(&driver->header);
    return status;
  }
  *out = driver;
  return STATUS_SUCCESS;
}

/* A legacy driver deletes its control devices in DriverUnload; whatever a
 * driver leaves is deleted for it, so its driver object can go. */
static void delete_leftover_devices(struct io_driver *driver) {
  PDEVICE_OBJECT device;
  while ((device = driver->object.DeviceObject) != NULL) {
    sim_log(driver->sim, WMISIM_LOG_WARNING, "driver '%s' still has device %s as it unloads; deleting it",
            driver->name, io_device_display_name(device));
    struct io_device *record = io_device_of(device);
    if (record != NULL && record->attached_to != NULL) IoDetachDevice(record->attached_to);
    IoDeleteDevice(device);
    if (driver->object.DeviceObject == device) {
      sim_log(driver->sim, WMISIM_LOG_ERROR, "device %p of driver '%s' cannot be deleted; leaving it",
              (void *)device, driver->name);
      return;
    }
  }
}

void io_unload_driver(struct io_driver *driver) {
  struct wmisim *sim = driver->sim;
  if (driver->object.DriverUnload != NULL) {
    struct kthread *thread = ke_thread();
    struct io_driver *previous = ke_enter_driver(thread, driver);
    driver->object.DriverUnload(&driver->object);
    ke_leave_driver(thread, previous);
  }
  delete_leftover_devices(driver);
  driver->unloaded = true;
  pool_report_unload_leaks(sim, driver);
  link_driver(sim, driver, false);
  void *library = driver->library;
  ob_dereference(&driver->header);
  io_retire_library(sim, library);
}

/* ---- driver object extensions --------------------------------------------------------------- */

NTSTATUS NTAPI IoAllocateDriverObjectExtension(PDRIVER_OBJECT DriverObject, PVOID ClientIdentificationAddress,
                                               ULONG DriverObjectExtensionSize, PVOID *DriverObjectExtension) {
  struct io_driver *driver = io_driver_of(DriverObject);
  *DriverObjectExtension = NULL;
  if (driver == NULL) return STATUS_INVALID_PARAMETER;
  for (struct io_driver_extension *e = driver->extensions; e != NULL; e = e->next)
    if (e->id == ClientIdentificationAddress) return STATUS_OBJECT_NAME_COLLISION;
  struct io_driver_extension *e = calloc(1, sizeof *e + DriverObjectExtensionSize);
  if (e == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  e->id = ClientIdentificationAddress;
  e->next = driver->extensions;
  driver->extensions = e;
  *DriverObjectExtension = e->data;
  return STATUS_SUCCESS;
}

PVOID NTAPI IoGetDriverObjectExtension(PDRIVER_OBJECT DriverObject, PVOID ClientIdentificationAddress) {
  struct io_driver *driver = io_driver_of(DriverObject);
  if (driver == NULL) return NULL;
  for (struct io_driver_extension *e = driver->extensions; e != NULL; e = e->next)
    if (e->id == ClientIdentificationAddress) return e->data;
  return NULL;
}

VOID NTAPI IoRegisterDriverReinitialization(PDRIVER_OBJECT DriverObject,
                                            PDRIVER_REINITIALIZE DriverReinitializationRoutine, PVOID Context) {
  /* Every driver is loaded by the time this runs, so reinitialisation
   * happens at once, with Count 1. */
  if (io_driver_of(DriverObject) != NULL && DriverReinitializationRoutine != NULL)
    DriverReinitializationRoutine(DriverObject, Context, 1);
}

/* ---- wmisim API --------------------------------------------------------------------------------- */

NTSTATUS wmisim_driver_add(wmisim_t *sim, const char *name, PDRIVER_INITIALIZE entry, wmisim_driver_t **out) {
  if (sim == NULL || out == NULL) return STATUS_INVALID_PARAMETER;
  struct io_driver *driver;
  NTSTATUS status = io_create_driver(sim, name, entry, NULL, &driver);
  *out = NT_SUCCESS(status) ? (wmisim_driver_t *)driver : NULL;
  return status;
}

PDRIVER_OBJECT wmisim_driver_object(wmisim_driver_t *driver) {
  return driver != NULL ? &((struct io_driver *)driver)->object : NULL;
}

const char *wmisim_driver_name(const wmisim_driver_t *driver) {
  return io_driver_name((const struct io_driver *)driver);
}

wmisim_driver_t *wmisim_driver_find(wmisim_t *sim, const char *name) {
  struct io_driver *found = NULL;
  plat_mutex_lock(&sim->io->lock);
  for (struct io_driver *d = sim->io->drivers; d != NULL && found == NULL; d = d->next)
    if (strcmp(d->name, name) == 0) found = d;
  plat_mutex_unlock(&sim->io->lock);
  return (wmisim_driver_t *)found;
}

NTSTATUS wmisim_driver_unload(wmisim_driver_t *handle) {
  struct io_driver *driver = (struct io_driver *)handle;
  if (driver == NULL) return STATUS_INVALID_PARAMETER;
  /* A device in a PnP stack goes with its device node, not with DriverUnload. */
  plat_mutex_lock(&driver->sim->io->lock);
  bool in_pnp_stack = false;
  for (PDEVICE_OBJECT d = driver->object.DeviceObject; d != NULL && !in_pnp_stack; d = d->NextDevice)
    in_pnp_stack = io_device_of(d)->devnode != NULL;
  plat_mutex_unlock(&driver->sim->io->lock);
  if (in_pnp_stack) return STATUS_DEVICE_BUSY;
  io_unload_driver(driver);
  return STATUS_SUCCESS;
}
