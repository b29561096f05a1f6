/*
 * cdrv.h - the correct WMI driver the checking-mode corpus starts from.
 *
 * cdrv is a WDM function driver that provides three blocks through WMILIB
 * (cdrv.mof describes them):
 *   0 CDRV_DATA_GUID      2 instances of struct cdrv_data, item 2
 *                         (Threshold) settable, method 1 (Add: adds its
 *                         ULONG input to Value and returns the new Value)
 *   1 CDRV_EVENT_GUID     event-only; fired with the instance 0 Value when
 *                         a consumer enables it
 *   2 CDRV_EXPENSIVE_GUID EXPENSIVE, 1 instance (a ULONG)
 * It registers at start and deregisters at surprise removal or removal,
 * once, as the WDK says. Each buggy driver of the corpus (drivers/<Rule>.c) is
 * cdrv with one routine replaced through struct cdrv_hooks, so the
 * difference between a clean and a buggy driver is exactly the bug.
 *
 * As an upper filter (hooks->filter) cdrv has no WMI of its own and passes
 * every IRP down; buggy filters replace its system-control routine.
 */
#ifndef WMISIM_TESTS_CHECK_CDRV_H
#define WMISIM_TESTS_CHECK_CDRV_H

#include <wdm.h>
#include <wmilib.h>

#include <stdbool.h>

DEFINE_GUID(CDRV_DATA_GUID, 0x6a1e0f3c, 0x52b7, 0x4d0e, 0x8c, 0x11, 0x0c, 0x4e, 0xc4, 0x00, 0x00, 0x01);
DEFINE_GUID(CDRV_EVENT_GUID, 0x6a1e0f3c, 0x52b7, 0x4d0e, 0x8c, 0x11, 0x0c, 0x4e, 0xc4, 0x00, 0x00, 0x02);
DEFINE_GUID(CDRV_EXPENSIVE_GUID, 0x6a1e0f3c, 0x52b7, 0x4d0e, 0x8c, 0x11, 0x0c, 0x4e, 0xc4, 0x00, 0x00, 0x03);

#define CDRV_INSTANCES 2
#define CDRV_DATA_INDEX 0
#define CDRV_EVENT_INDEX 1
#define CDRV_EXPENSIVE_INDEX 2
#define CDRV_ITEM_THRESHOLD 2
#define CDRV_METHOD_ADD 1
#define CDRV_TAG 'vrdC'

/* The data block, as cdrv.mof lays it out (CheckCorpus_Data). */
struct cdrv_data {
  ULONG Value;
  ULONG Threshold;
};

/* What a corpus driver replaces; NULL keeps cdrv's correct routine. */
struct cdrv_hooks {
  bool filter;                          /* an upper filter instead of the function driver */
  bool pend_queries;                    /* (correct) queries complete later on a system thread */
  PDRIVER_DISPATCH system_control;
  PDRIVER_DISPATCH pnp;
  PDRIVER_DISPATCH power;
  PWMI_QUERY_DATABLOCK query_data_block;
  PWMI_SET_DATAITEM set_data_item;
  PWMI_EXECUTE_METHOD execute_method;
  PWMI_FUNCTION_CONTROL function_control;
  /* IRP_MN_START_DEVICE after the lower drivers started it; NULL: REGISTER. */
  NTSTATUS (*start)(PDEVICE_OBJECT device);
  /* PnP removal: what to do about WMI at surprise removal and at removal;
   * NULL: DEREGISTER once, at whichever comes first. */
  void (*surprise_removal)(PDEVICE_OBJECT device);
  void (*removal)(PDEVICE_OBJECT device);
  /* Called by AddDevice once the device exists; may fail it. */
  NTSTATUS (*add_device)(PDEVICE_OBJECT device);
};

/* Every cdrv device extension. */
struct cdrv_extension {
  PDEVICE_OBJECT self;
  PDEVICE_OBJECT pdo;
  PDEVICE_OBJECT lower;
  const struct cdrv_hooks *hooks;
  IO_REMOVE_LOCK remove_lock;
  WMILIB_CONTEXT wmilib;
  bool registered;
  struct cdrv_data data[CDRV_INSTANCES];
  ULONG expensive_count;
  bool events_enabled;
  KSPIN_LOCK lock;
  PVOID scratch;                        /* for a corpus driver's own use */
};

/* DriverEntry of a cdrv-based driver: the correct routines, except what
 * `hooks` (which must outlive the driver) replaces. */
NTSTATUS cdrv_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path, const struct cdrv_hooks *hooks);

/* The correct driver and the correct upper filter. */
DRIVER_INITIALIZE cdrv_correct_entry;
DRIVER_INITIALIZE cdrv_filter_entry;
/* The correct driver whose queries complete on another thread. */
DRIVER_INITIALIZE cdrv_pending_entry;

/* The correct routines, for corpus drivers that wrap them. */
DRIVER_DISPATCH cdrv_system_control;
DRIVER_DISPATCH cdrv_pnp;
DRIVER_DISPATCH cdrv_power;
WMI_QUERY_DATABLOCK_CALLBACK cdrv_query_data_block;
WMI_FUNCTION_CONTROL_CALLBACK cdrv_function_control;

/* Fills `count` instances from `instance` on into `buffer` as WMILIB's
 * query callback must; returns the status and sets *used. */
NTSTATUS cdrv_fill(struct cdrv_extension *ext, ULONG guid_index, ULONG instance, ULONG count, PULONG lengths,
                   ULONG avail, PUCHAR buffer, ULONG *used);

/* Fires CDRV_EVENT_GUID with `value` through WmiFireEvent. */
NTSTATUS cdrv_fire_event(PDEVICE_OBJECT device, ULONG value);

/* DEREGISTER if registered, once. */
void cdrv_deregister(PDEVICE_OBJECT device);

/* Completes `irp` with `status` and `information`; returns `status`. */
NTSTATUS cdrv_complete(PIRP irp, NTSTATUS status, ULONG_PTR information);

/* The cdrv device object of `driver` in the stack of `pdo`, or NULL. */
PDEVICE_OBJECT cdrv_device_in_stack(PDEVICE_OBJECT pdo, PDRIVER_OBJECT driver);

#endif /* WMISIM_TESTS_CHECK_CDRV_H */
