/*
 * wmi_test_driver.h - two small WDM drivers for tests of the WMI service.
 *
 * The WMILIB test driver provides WMI blocks through WMILIB. Blocks
 * (GuidList order):
 *   0 TEST_DATA_GUID      data block, `instances` instances of
 *                         struct test_data, settable, with method 1
 *                         (adds its ULONG input to Value, returns it)
 *   1 TEST_EVENT_GUID     event-only block, one instance
 *   2 TEST_EXPENSIVE_GUID EXPENSIVE data block, one instance (a ULONG)
 *   3 TEST_EXTRA_GUID     data block, one instance (a ULONG); listed only
 *                         after test_driver_set_guid_count(fdo, 4)
 * Set test_driver_config before wmisim_driver_add; test_driver_reset()
 * restores the defaults.
 *
 * The raw driver handles IRP_MJ_SYSTEM_CONTROL itself, through a routine
 * the test supplies (raw_driver_config.system_control), for what WMILIB
 * cannot produce: malformed registration information, dynamic instance
 * names, bad WNODEs. It registers at start and deregisters at surprise
 * removal or removal, once.
 */
#ifndef WMISIM_TEST_WMI_TEST_DRIVER_H
#define WMISIM_TEST_WMI_TEST_DRIVER_H

#include <wdm.h>
#include <wmilib.h>

#include <stdbool.h>

DEFINE_GUID(TEST_DATA_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01);
DEFINE_GUID(TEST_EVENT_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02);
DEFINE_GUID(TEST_EXPENSIVE_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x03);
DEFINE_GUID(TEST_EXTRA_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x04);

#define TEST_MAX_INSTANCES 128 /* more in test_driver_config.instances: AddDevice fails */
#define TEST_METHOD_ADD 1
#define TEST_ITEM_THRESHOLD 2
#define TEST_GUID_COUNT 4

struct test_data {
  ULONG Value;
  ULONG Threshold;
};

struct test_driver_config {
  ULONG instances;              /* of TEST_DATA_GUID; default 2 */
  ULONG reg_flags;              /* RegFlags from DpWmiQueryReginfo; default WMIREG_FLAG_INSTANCE_PDO */
  const WCHAR *base_name;       /* with WMIREG_FLAG_INSTANCE_BASENAME */
  bool register_at_start;       /* default true */
  bool deregister_at_surprise;  /* default true */
  bool deregister_at_remove;    /* default true: only if not deregistered at surprise */
  bool deregister_twice;        /* deregister at remove even after surprise removal */
  bool pend_queries;            /* DpWmiQueryDataBlock pends; a system thread completes it */
  PKEVENT pend_gate;            /* the pending completion waits for this event first */
  PKEVENT pend_started;         /* set when a query has been pended (or has blocked) */
  bool block_queries;           /* DpWmiQueryDataBlock waits for pend_gate itself, then completes */
  bool deregister_in_dispatch;  /* DpWmiQueryDataBlock calls DEREGISTER */
  bool no_set_callbacks;        /* SetWmiDataBlock/SetWmiDataItem NULL */
  bool no_method_callback;      /* ExecuteWmiMethod NULL */
  ULONG method_output;          /* output bytes the Add method writes; 0: sizeof(ULONG) */
  bool no_reginfo_ex;           /* IRP_MN_REGINFO_EX fails with STATUS_NOT_SUPPORTED (a Windows 2000 driver) */
};

extern struct test_driver_config test_driver_config;

/* Counters of what the driver saw, reset by test_driver_reset(). */
struct test_driver_counters {
  volatile LONG queries;
  volatile LONG sets;
  volatile LONG methods;
  volatile LONG events_enabled;     /* enables minus disables of TEST_EVENT_GUID */
  volatile LONG collection_enabled; /* enables minus disables of TEST_EXPENSIVE_GUID */
  volatile LONG enable_calls;
  volatile LONG reginfo_calls;      /* DpWmiQueryReginfo calls */
  volatile LONG system_control;     /* IRP_MJ_SYSTEM_CONTROL IRPs that reached the driver */
  volatile LONG reginfo_irps;       /* IRP_MN_REGINFO requests */
  volatile LONG reginfo_ex_irps;    /* IRP_MN_REGINFO_EX requests */
  ULONG_PTR last_reginfo_data_path; /* Parameters.WMI.DataPath of the last REGINFO(_EX) */
  ULONG reginfo_buffer_sizes[8];    /* Parameters.WMI.BufferSize of the first REGINFO(_EX) requests */
};

extern struct test_driver_counters test_driver_counters;

void test_driver_reset(void);
DRIVER_INITIALIZE test_driver_entry;

/* Fires TEST_EVENT_GUID for the device's FDO through WmiFireEvent. */
NTSTATUS test_driver_fire_event(PDEVICE_OBJECT fdo, ULONG value);

/* The function device object the driver created for a PDO. */
PDEVICE_OBJECT test_driver_fdo(PDEVICE_OBJECT pdo);

/* Current data of instance `index`. */
struct test_data test_driver_data(PDEVICE_OBJECT fdo, ULONG index);

/* What the next REGINFO answer lists: the instance count of TEST_DATA_GUID,
 * the flags of block `index` (WMIREG_FLAG_REMOVE_GUID removes it), and how
 * many blocks (3, or 4 with TEST_EXTRA_GUID). Follow with
 * IoWMIRegistrationControl(fdo, WMIREG_ACTION_UPDATE_GUIDS). */
void test_driver_set_instances(PDEVICE_OBJECT fdo, ULONG count);
void test_driver_set_guid_flags(PDEVICE_OBJECT fdo, ULONG index, ULONG flags);
void test_driver_set_guid_count(PDEVICE_OBJECT fdo, ULONG count);

/* ---- the raw driver -------------------------------------------------------------------------- */

/* Handles every IRP_MJ_SYSTEM_CONTROL IRP that reaches the raw driver's
 * device and completes it (raw_complete helps). */
typedef NTSTATUS (NTAPI *raw_system_control_fn)(PDEVICE_OBJECT device, PIRP irp, void *context);

struct raw_driver_config {
  raw_system_control_fn system_control; /* NULL: forwarded to the PDO */
  void *context;
  bool register_at_start;               /* default true */
  NTSTATUS register_status;             /* what REGISTER at start returned */
};

extern struct raw_driver_config raw_driver_config;

void raw_driver_reset(void);
DRIVER_INITIALIZE raw_driver_entry;

/* The raw driver's device object for a PDO. */
PDEVICE_OBJECT raw_driver_device(PDEVICE_OBJECT pdo);

/* Completes `irp` with `status` and `information`; returns `status`. */
NTSTATUS raw_complete(PIRP irp, NTSTATUS status, ULONG_PTR information);

/* Answers IRP_MN_REGINFO(_EX) with the `size` bytes at `reginfo`, or with
 * the size probe (the size needed in the first ULONG, STATUS_SUCCESS,
 * Information sizeof(ULONG)) when the buffer is smaller. */
NTSTATUS raw_answer_reginfo(PIRP irp, const void *reginfo, ULONG size);

#endif /* WMISIM_TEST_WMI_TEST_DRIVER_H */
