/*
 * wmi_test_driver.h - a small, configurable WDM driver that provides WMI
 * blocks through WMILIB, for tests of the WMI service.
 *
 * Blocks (GuidList order):
 *   0 TEST_DATA_GUID      data block, `instances` instances of
 *                         struct test_data, settable, with method 1
 *                         (adds its ULONG input to Value, returns it)
 *   1 TEST_EVENT_GUID     event-only block, one instance
 *   2 TEST_EXPENSIVE_GUID EXPENSIVE data block, one instance
 *
 * Set test_driver_config before wmisim_driver_add; test_driver_reset()
 * restores the defaults.
 */
#ifndef WMISIM_TEST_WMI_TEST_DRIVER_H
#define WMISIM_TEST_WMI_TEST_DRIVER_H

#include <wdm.h>
#include <wmilib.h>

#include <stdbool.h>

DEFINE_GUID(TEST_DATA_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01);
DEFINE_GUID(TEST_EVENT_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02);
DEFINE_GUID(TEST_EXPENSIVE_GUID, 0x1f0e6f0a, 0x7e21, 0x4c1b, 0x9a, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x03);

#define TEST_MAX_INSTANCES 16
#define TEST_METHOD_ADD 1
#define TEST_ITEM_THRESHOLD 2

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
  bool deregister_in_dispatch;  /* DpWmiQueryDataBlock calls DEREGISTER */
  bool no_set_callbacks;        /* SetWmiDataBlock/SetWmiDataItem NULL */
  bool no_method_callback;      /* ExecuteWmiMethod NULL */
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
  volatile LONG reginfo_calls;
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

#endif /* WMISIM_TEST_WMI_TEST_DRIVER_H */
