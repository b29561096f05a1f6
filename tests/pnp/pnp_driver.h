/*
 * pnp_driver.h - a small configurable WDM PnP driver for the PnP manager
 * tests. The same code is added under several service names, so one device
 * node can have lower filters, a function driver and upper filters made of
 * it. Each instance logs its AddDevice and every PnP and power IRP it sees
 * ("fn:START_DEVICE"), and can be told to fail AddDevice, a query, START, or
 * to leave its device object behind at REMOVE.
 *
 * It follows the documented patterns: START is forwarded and waited for
 * with a completion routine before the driver's own work, other PnP IRPs
 * are passed down with IoSkipCurrentIrpStackLocation, REMOVE detaches and
 * deletes after passing the IRP down.
 */
#ifndef WMISIM_TESTS_PNP_DRIVER_H
#define WMISIM_TESTS_PNP_DRIVER_H

#include "../io/io_test.h"

#define PNP_MAX_DRIVERS 6
#define PNP_LOG_LINES 96

struct pnp_behaviour {
  NTSTATUS add_device;          /* failure to return from AddDevice, or STATUS_SUCCESS */
  bool leave_initializing;      /* AddDevice leaves DO_DEVICE_INITIALIZING set */
  NTSTATUS query_stop, query_remove, start; /* failures to return, or STATUS_SUCCESS */
  bool keep_device_at_remove;   /* neither detach nor delete at IRP_MN_REMOVE_DEVICE */
};

struct pnp_instance {
  char name[16];
  wmisim_driver_t *driver;
  struct pnp_behaviour behaviour;
  PDEVICE_OBJECT device;        /* its device in the (one) node under test */
  PDEVICE_OBJECT pdo_given;     /* AddDevice's PhysicalDeviceObject */
  NTSTATUS status_at_entry[0x20]; /* IoStatus.Status each PnP minor arrived with */
};

struct pnp_ext {
  struct pnp_instance *instance;
  PDEVICE_OBJECT self, lower, pdo;
  KEVENT started;
};

static struct {
  struct pnp_instance instances[PNP_MAX_DRIVERS];
  int count;
  char log[PNP_LOG_LINES][48];
  int lines;
} pnp;

static inline void pnp_log(const struct pnp_instance *instance, const char *what) {
  if (pnp.lines < PNP_LOG_LINES) snprintf(pnp.log[pnp.lines++], sizeof pnp.log[0], "%s:%s", instance->name, what);
}

/* Index of the first log line equal to `line` at or after `from`, or -1. */
static inline int pnp_find(const char *line, int from) {
  for (int i = from; i < pnp.lines; i++)
    if (strcmp(pnp.log[i], line) == 0) return i;
  return -1;
}

static inline void pnp_dump_log(void) {
  for (int i = 0; i < pnp.lines; i++) print_message("  log %d: %s\n", i, pnp.log[i]);
}

static inline const char *pnp_minor_text(UCHAR minor) {
  switch (minor) {
  case IRP_MN_START_DEVICE: return "START_DEVICE";
  case IRP_MN_QUERY_REMOVE_DEVICE: return "QUERY_REMOVE_DEVICE";
  case IRP_MN_REMOVE_DEVICE: return "REMOVE_DEVICE";
  case IRP_MN_CANCEL_REMOVE_DEVICE: return "CANCEL_REMOVE_DEVICE";
  case IRP_MN_STOP_DEVICE: return "STOP_DEVICE";
  case IRP_MN_QUERY_STOP_DEVICE: return "QUERY_STOP_DEVICE";
  case IRP_MN_CANCEL_STOP_DEVICE: return "CANCEL_STOP_DEVICE";
  case IRP_MN_SURPRISE_REMOVAL: return "SURPRISE_REMOVAL";
  case IRP_MN_QUERY_PNP_DEVICE_STATE: return "QUERY_PNP_DEVICE_STATE";
  default: return "OTHER";
  }
}

static inline NTSTATUS NTAPI pnp_start_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  (void)DeviceObject;
  (void)Irp;
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

static inline NTSTATUS pnp_fail(PIRP irp, NTSTATUS status) {
  irp->IoStatus.Status = status;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static inline NTSTATUS pnp_pass_down(struct pnp_ext *ext, PIRP irp, bool succeed) {
  if (succeed) irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->lower, irp);
}

static inline NTSTATUS pnp_start(struct pnp_ext *ext, PIRP irp) {
  KeClearEvent(&ext->started);
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, pnp_start_done, &ext->started, TRUE, TRUE, TRUE);
  if (IoCallDriver(ext->lower, irp) == STATUS_PENDING)
    KeWaitForSingleObject(&ext->started, Executive, KernelMode, FALSE, NULL);
  NTSTATUS status = irp->IoStatus.Status;
  if (NT_SUCCESS(status) && !NT_SUCCESS(ext->instance->behaviour.start)) status = ext->instance->behaviour.start;
  return pnp_fail(irp, status); /* completes with the final status, success or not */
}

static inline NTSTATUS pnp_remove(struct pnp_ext *ext, PIRP irp) {
  NTSTATUS status = pnp_pass_down(ext, irp, true);
  if (!ext->instance->behaviour.keep_device_at_remove) {
    ext->instance->device = NULL;
    IoDetachDevice(ext->lower);
    IoDeleteDevice(ext->self);
  }
  return status;
}

static inline NTSTATUS NTAPI pnp_dispatch_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct pnp_ext *ext = DeviceObject->DeviceExtension;
  struct pnp_behaviour *b = &ext->instance->behaviour;
  UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
  if (minor < 0x20) ext->instance->status_at_entry[minor] = Irp->IoStatus.Status;
  pnp_log(ext->instance, pnp_minor_text(minor));
  switch (minor) {
  case IRP_MN_START_DEVICE: return pnp_start(ext, Irp);
  case IRP_MN_QUERY_STOP_DEVICE:
    return NT_SUCCESS(b->query_stop) ? pnp_pass_down(ext, Irp, true) : pnp_fail(Irp, b->query_stop);
  case IRP_MN_QUERY_REMOVE_DEVICE:
    return NT_SUCCESS(b->query_remove) ? pnp_pass_down(ext, Irp, true) : pnp_fail(Irp, b->query_remove);
  case IRP_MN_REMOVE_DEVICE: return pnp_remove(ext, Irp);
  case IRP_MN_STOP_DEVICE:
  case IRP_MN_CANCEL_STOP_DEVICE:
  case IRP_MN_CANCEL_REMOVE_DEVICE:
  case IRP_MN_SURPRISE_REMOVAL: return pnp_pass_down(ext, Irp, true);
  default: return pnp_pass_down(ext, Irp, false);
  }
}

static inline NTSTATUS NTAPI pnp_dispatch_power(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct pnp_ext *ext = DeviceObject->DeviceExtension;
  pnp_log(ext->instance, "POWER");
  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  return PoCallDriver(ext->lower, Irp);
}

static inline struct pnp_instance *pnp_instance_of(PDRIVER_OBJECT driver) {
  for (int i = 0; i < pnp.count; i++)
    if (wmisim_driver_object(pnp.instances[i].driver) == driver) return &pnp.instances[i];
  return NULL;
}

static inline NTSTATUS NTAPI pnp_add_device(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  struct pnp_instance *instance = pnp_instance_of(DriverObject);
  pnp_log(instance, "AddDevice");
  instance->pdo_given = PhysicalDeviceObject;
  if (!NT_SUCCESS(instance->behaviour.add_device)) return instance->behaviour.add_device;
  PDEVICE_OBJECT device;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(struct pnp_ext), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct pnp_ext *ext = device->DeviceExtension;
  ext->instance = instance;
  ext->self = device;
  ext->pdo = PhysicalDeviceObject;
  KeInitializeEvent(&ext->started, NotificationEvent, FALSE);
  ext->lower = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
  if (ext->lower == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  device->Flags |= DO_POWER_PAGABLE;
  if (!instance->behaviour.leave_initializing) device->Flags &= ~(ULONG)DO_DEVICE_INITIALIZING;
  instance->device = device;
  return STATUS_SUCCESS;
}

/* Everything else passes through, as a filter driver passes what it does not filter. */
static inline NTSTATUS NTAPI pnp_dispatch_other(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  struct pnp_ext *ext = DeviceObject->DeviceExtension;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->lower, Irp);
}

static inline NTSTATUS NTAPI pnp_driver_entry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = pnp_dispatch_other;
  DriverObject->MajorFunction[IRP_MJ_PNP] = pnp_dispatch_pnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = pnp_dispatch_power;
  DriverObject->DriverExtension->AddDevice = pnp_add_device;
  return STATUS_SUCCESS;
}

/* Adds one instance of the driver under `name`. */
static inline struct pnp_instance *pnp_add_driver(wmisim_t *sim, const char *name) {
  struct pnp_instance *instance = &pnp.instances[pnp.count++];
  memset(instance, 0, sizeof *instance);
  snprintf(instance->name, sizeof instance->name, "%s", name);
  /* Counted before DriverEntry runs, so pnp_instance_of finds it. */
  assert_int_equal(wmisim_driver_add(sim, name, pnp_driver_entry, &instance->driver), STATUS_SUCCESS);
  return instance;
}

static inline void pnp_reset(void) {
  memset(&pnp, 0, sizeof pnp);
}

/* A spec for ROOT\WMISIM\0000 with the given function driver and no filters. */
static inline wmisim_device_spec_t pnp_spec(struct pnp_instance *function) {
  wmisim_device_spec_t spec;
  memset(&spec, 0, sizeof spec);
  spec.instance_id = "ROOT\\WMISIM\\0000";
  spec.function_driver = function->driver;
  return spec;
}

#endif /* WMISIM_TESTS_PNP_DRIVER_H */
