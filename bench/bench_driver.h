/*
 * bench_driver.h - the WMILIB driver the benchmark measures.
 *
 * One driver ("benchwmi"), any number of devices. Each device lists
 * `guids` data blocks in its WMILIB GuidList (GUIDs derived from the
 * device's index, see bench_guid), each with `instances` instances of a
 * 16-byte block named after the PDO (WMIREG_FLAG_INSTANCE_PDO), and
 * optionally one event-only block (bench_event_guid) last. Every block
 * answers queries, CHANGE_SINGLE_ITEM of item BENCH_ITEM_VALUE and method
 * BENCH_METHOD_ADD. A device can be told to leave queries pending until the
 * benchmark completes them (the DEREGISTER drain).
 *
 * Set bench_driver_config before wmisim_device_add: AddDevice reads it.
 */
#ifndef WMISIM_BENCH_DRIVER_H
#define WMISIM_BENCH_DRIVER_H

#include <wdm.h>
#include <wmilib.h>

#include <stdbool.h>

#define BENCH_BLOCK_SIZE 16u
#define BENCH_ITEM_VALUE 1u
#define BENCH_METHOD_ADD 1u

/* One instance of every data block. */
struct bench_block {
  ULONG instance;
  ULONG guid_index;
  ULONGLONG value;
};

_Static_assert(sizeof(struct bench_block) == BENCH_BLOCK_SIZE, "the benchmark's block is 16 bytes");

struct bench_driver_config {
  ULONG guids;       /* data blocks per device; default 1 */
  ULONG instances;   /* instances of each; default 1 */
  bool event_guid;   /* also list bench_event_guid (event only); default false */
};

extern struct bench_driver_config bench_driver_config;

/* Restores the defaults; devices added later use them. */
void bench_driver_reset(void);

DRIVER_INITIALIZE bench_driver_entry;

/* The GUID of data block `index` of the device added `device`-th (0, 1,
 * ...): distinct for every pair, spread over all 128 bits. */
void bench_guid(ULONG device, ULONG index, GUID *guid);

/* The event-only GUID every device with event_guid lists. */
extern const GUID bench_event_guid;

/* The function device object the driver created above `pdo`. */
PDEVICE_OBJECT bench_driver_fdo(PDEVICE_OBJECT pdo);

/* Which device (0, 1, ...) an FDO is. */
ULONG bench_driver_device_index(PDEVICE_OBJECT fdo);

/* From now on the device's QueryWmiDataBlock leaves each query pending and
 * sets `pended` (if not NULL); bench_driver_complete_pended finishes it. */
void bench_driver_pend_queries(PDEVICE_OBJECT fdo, bool pend, PKEVENT pended);

/* Completes the query the device left pending; false if there is none. */
bool bench_driver_complete_pended(PDEVICE_OBJECT fdo);

/* Fires bench_event_guid for the device through WmiFireEvent with a
 * 16-byte payload; the status WmiFireEvent returned. */
NTSTATUS bench_driver_fire_event(PDEVICE_OBJECT fdo, ULONG value);

/* Registers or deregisters the device with WMI, as the driver does at
 * start and removal. */
NTSTATUS bench_driver_register(PDEVICE_OBJECT fdo, bool registered);

#endif /* WMISIM_BENCH_DRIVER_H */
