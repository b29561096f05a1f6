/*
 * wmisim/sim.h - simulator instances, drivers, devices and the PnP manager.
 *
 * A simulator instance (wmisim_t) is one simulated machine: its own I/O
 * manager, PnP manager, registry, pool accounting, WMI service, checking
 * mode and trace. Instances are independent, so every test can create its
 * own and nothing leaks from one to the next.
 *
 * Kernel routines that take no object (ExAllocatePoolWithTag, IoWMIOpenBlock,
 * KeQuerySystemTime, ...) act on the calling thread's current simulator: the
 * one whose driver code the thread is running, else the one the thread made
 * current with wmisim_make_current(), else the most recently created live
 * instance. Single-simulator tests never need to think about it.
 *
 * Errors are NTSTATUS values; wmisim_status_name() turns one into its name.
 */
#ifndef WMISIM_SIM_H
#define WMISIM_SIM_H

#include <wdm.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <wmisim/export.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wmisim wmisim_t;
typedef struct wmisim_driver wmisim_driver_t;
typedef struct wmisim_devnode wmisim_devnode_t;

/* ---- instances ------------------------------------------------------------------------- */

/* How the checking mode (docs/checks.md) treats a rule violation. */
typedef enum wmisim_check_mode {
  WMISIM_CHECK_OFF = 0,     /* rules are not evaluated */
  WMISIM_CHECK_REPORT = 1,  /* violations are collected; see wmisim/check.h */
  WMISIM_CHECK_FAIL_FAST = 2 /* the first violation calls the failure handler */
} wmisim_check_mode_t;

/* Where KeQuerySystemTime and WNODE time stamps come from. */
typedef enum wmisim_clock_mode {
  WMISIM_CLOCK_VIRTUAL = 0, /* starts at clock_start, advances only as the simulation runs */
  WMISIM_CLOCK_REAL = 1     /* the host's wall clock */
} wmisim_clock_mode_t;

/* Severity of a message passed to the log callback. */
typedef enum wmisim_log_level {
  WMISIM_LOG_DEBUG = 0,   /* DbgPrint and KdPrint output of drivers */
  WMISIM_LOG_INFO = 1,
  WMISIM_LOG_WARNING = 2, /* a driver bug that is not a checked rule, a refused request */
  WMISIM_LOG_ERROR = 3    /* a bug check, a violation in fail-fast mode */
} wmisim_log_level_t;

/* Receives every line the simulator logs; `message` has no trailing newline. */
typedef void (*wmisim_log_fn)(void *context, wmisim_log_level_t level, const char *message);

/* Called when a driver causes a bug check (KeBugCheckEx, a corrupt list, a
 * fatal rule). The simulated machine is dead: the handler must not return
 * into the simulator. The default prints the bug check and calls abort(). */
typedef void (*wmisim_bugcheck_fn)(void *context, ULONG code, const ULONG_PTR parameters[4],
                                   const char *description);

#define WMISIM_OPTIONS_VERSION 1

/* Options for wmisim_create. Initialise with wmisim_options_init, then set
 * what you need; fields added later keep their defaults. */
typedef struct wmisim_options {
  unsigned version;                 /* WMISIM_OPTIONS_VERSION */
  wmisim_check_mode_t check_mode;   /* default WMISIM_CHECK_REPORT */
  wmisim_clock_mode_t clock_mode;   /* default WMISIM_CLOCK_VIRTUAL */
  int64_t clock_start;              /* virtual clock origin, 100 ns since 1601;
                                       default 2026-01-01T00:00:00Z */
  uint64_t seed;                    /* seeds every random choice (stress mode); default 1 */
  uint32_t event_queue_depth;       /* WMI events buffered per simulator; default 256 */
  uint32_t max_event_size;          /* largest event WNODE accepted, bytes; default 1024,
                                       as Windows' MaxEventSize registry value */
  uint32_t drain_timeout_ms;        /* DEREGISTER waits this long for outstanding IRPs
                                       before reporting them; default 10000 */
  uint32_t max_wnode_retries;       /* WNODE_TOO_SMALL regrowths per request; default 8 */
  wmisim_log_fn log;                /* default: warnings and errors to stderr */
  void *log_context;
  bool echo_debug_output;           /* also pass DbgPrint output to the log; default true */
} wmisim_options_t;

/* Fills `options` with the defaults. */
WMISIM_API void wmisim_options_init(wmisim_options_t *options);

/* Creates a simulator. `options` may be NULL for the defaults. Returns
 * STATUS_INVALID_PARAMETER for an unknown options version or mode,
 * STATUS_INSUFFICIENT_RESOURCES if a thread or allocation fails. */
WMISIM_API NTSTATUS wmisim_create(const wmisim_options_t *options, wmisim_t **sim);

/* Removes every device (surprise removal for started ones is NOT implied:
 * devices get IRP_MN_REMOVE_DEVICE), unloads every driver, stops the
 * simulator's threads and frees everything. Leaks and violations found on
 * the way are reported before it returns. NULL is ignored. */
WMISIM_API void wmisim_destroy(wmisim_t *sim);

/* Makes `sim` the calling thread's current simulator (NULL clears it). */
WMISIM_API void wmisim_make_current(wmisim_t *sim);

/* The calling thread's current simulator, or NULL if none exists. */
WMISIM_API wmisim_t *wmisim_current(void);

/* Replaces the log callback (NULL restores the default). */
WMISIM_API void wmisim_set_log(wmisim_t *sim, wmisim_log_fn log, void *context);

/* Replaces the bug-check handler (NULL restores the default). */
WMISIM_API void wmisim_set_bugcheck_handler(wmisim_t *sim, wmisim_bugcheck_fn handler, void *context);

/* The options the simulator runs with. */
WMISIM_API const wmisim_options_t *wmisim_options(const wmisim_t *sim);

/* ---- time -------------------------------------------------------------------------------- */

/* The simulator's system time (what KeQuerySystemTime returns). */
WMISIM_API int64_t wmisim_clock_now(wmisim_t *sim);

/* Moves the virtual clock forward: expired kernel timers fire, and
 * KeWaitFor*Object waits whose timeout the new time passes return
 * STATUS_TIMEOUT at once, so a test can drive a driver's timeouts without
 * waiting for them. Returns STATUS_INVALID_DEVICE_STATE with a real clock. */
WMISIM_API NTSTATUS wmisim_clock_advance(wmisim_t *sim, int64_t interval_100ns);

/* ---- drivers ------------------------------------------------------------------------------ */

/* Creates a driver object named `name` (its service name, e.g. "disktemp")
 * and calls `entry` (DriverEntry) with it and its registry path
 * \Registry\Machine\System\CurrentControlSet\Services\<name>. A failing
 * DriverEntry's status is returned and the driver object deleted. */
WMISIM_API NTSTATUS wmisim_driver_add(wmisim_t *sim, const char *name, PDRIVER_INITIALIZE entry,
                                      wmisim_driver_t **driver);

/* Loads a driver built as a shared library (.so, .dll) that exports
 * DriverEntry, then proceeds as wmisim_driver_add. `name` NULL takes the
 * file's base name without its suffix. STATUS_OBJECT_NAME_NOT_FOUND: no such
 * file or no DriverEntry; STATUS_INVALID_IMAGE_FORMAT: not a loadable library.
 * `error`, if not NULL, receives a readable reason. */
WMISIM_API NTSTATUS wmisim_driver_load(wmisim_t *sim, const char *path, const char *name,
                                       wmisim_driver_t **driver, char *error, size_t error_size);

/* The address of `symbol` in the shared library a driver was loaded from
 * with wmisim_driver_load (e.g. a function its module exports to let a
 * tool play the hardware); NULL if the library has no such export or the
 * driver was added with wmisim_driver_add. Valid while the simulator
 * lives: the library stays loaded until wmisim_destroy. */
WMISIM_API void *wmisim_driver_symbol(wmisim_driver_t *driver, const char *symbol);

/* Calls DriverUnload, deletes device objects it left (with a warning in the
 * log; a legacy driver deletes its control devices there), reports pool the
 * driver still holds and deletes the driver object. Returns
 * STATUS_DEVICE_BUSY, calling nothing, while a device of the driver is in a
 * PnP device stack: remove the device first. */
WMISIM_API NTSTATUS wmisim_driver_unload(wmisim_driver_t *driver);

/* The driver's DRIVER_OBJECT. */
WMISIM_API PDRIVER_OBJECT wmisim_driver_object(wmisim_driver_t *driver);

/* The driver's service name. */
WMISIM_API const char *wmisim_driver_name(const wmisim_driver_t *driver);

/* Looks a driver up by service name; NULL if none. */
WMISIM_API wmisim_driver_t *wmisim_driver_find(wmisim_t *sim, const char *name);

/* ---- devices and the PnP manager ------------------------------------------------------------ */

/* A device to enumerate on the simulator's root bus. */
typedef struct wmisim_device_spec {
  const char *instance_id;             /* device instance ID, e.g. "ROOT\\WMISIM\\0000" (required) */
  const char *hardware_id;             /* default: the instance ID without its last component */
  const char *description;             /* DevicePropertyDeviceDescription; default "wmisim device" */
  const char *friendly_name;           /* DevicePropertyFriendlyName; default none */
  wmisim_driver_t *function_driver;    /* required */
  wmisim_driver_t *const *lower_filters; /* attached below the function driver, in order */
  size_t lower_filter_count;
  wmisim_driver_t *const *upper_filters; /* attached above it, in order */
  size_t upper_filter_count;
} wmisim_device_spec_t;

/* PnP state of a device node, as the PnP manager sees it. */
typedef enum wmisim_device_state {
  WMISIM_DEVICE_ADDED,            /* stack built, not started */
  WMISIM_DEVICE_STARTED,
  WMISIM_DEVICE_STOPPED,          /* after IRP_MN_STOP_DEVICE */
  WMISIM_DEVICE_SURPRISE_REMOVED, /* after IRP_MN_SURPRISE_REMOVAL, before removal */
  WMISIM_DEVICE_REMOVED,          /* after IRP_MN_REMOVE_DEVICE; the node stays until destroy */
  WMISIM_DEVICE_FAILED            /* AddDevice or START failed */
} wmisim_device_state_t;

/* Creates the PDO for `spec->instance_id` on the simulated root bus and
 * builds its stack: lower filters', the function driver's and upper
 * filters' AddDevice routines in that order. The device is not started.
 * STATUS_OBJECT_NAME_COLLISION if the instance ID exists; an AddDevice
 * failure is returned and the partial stack torn down. */
WMISIM_API NTSTATUS wmisim_device_add(wmisim_t *sim, const wmisim_device_spec_t *spec,
                                      wmisim_devnode_t **node);

/* Sends IRP_MN_START_DEVICE down the stack and waits for it. */
WMISIM_API NTSTATUS wmisim_device_start(wmisim_devnode_t *node);

/* IRP_MN_QUERY_STOP_DEVICE then, if it succeeds, IRP_MN_STOP_DEVICE; a
 * failed query is followed by IRP_MN_CANCEL_STOP_DEVICE and returned. */
WMISIM_API NTSTATUS wmisim_device_stop(wmisim_devnode_t *node);

/* IRP_MN_QUERY_REMOVE_DEVICE then, if it succeeds, IRP_MN_REMOVE_DEVICE; a
 * failed query is followed by IRP_MN_CANCEL_REMOVE_DEVICE and returned. */
WMISIM_API NTSTATUS wmisim_device_remove(wmisim_devnode_t *node);

/* IRP_MN_SURPRISE_REMOVAL, then IRP_MN_REMOVE_DEVICE, as when hardware
 * disappears. Requests already in flight keep running. */
WMISIM_API NTSTATUS wmisim_device_surprise_remove(wmisim_devnode_t *node);

/* Only IRP_MN_SURPRISE_REMOVAL, so a test can act between it and the
 * removal; finish with wmisim_device_remove_after_surprise(). */
WMISIM_API NTSTATUS wmisim_device_surprise_removal(wmisim_devnode_t *node);
WMISIM_API NTSTATUS wmisim_device_remove_after_surprise(wmisim_devnode_t *node);

/* Sends a system power IRP (IRP_MN_SET_POWER, SystemPowerState) down the
 * stack, as the power manager does on sleep and wake. */
WMISIM_API NTSTATUS wmisim_device_set_system_power(wmisim_devnode_t *node, SYSTEM_POWER_STATE state);

WMISIM_API wmisim_device_state_t wmisim_device_state(const wmisim_devnode_t *node);
WMISIM_API PDEVICE_OBJECT wmisim_device_pdo(wmisim_devnode_t *node);
/* The top of the device's stack (what IoGetAttachedDevice(PDO) returns). */
WMISIM_API PDEVICE_OBJECT wmisim_device_top(wmisim_devnode_t *node);
WMISIM_API const char *wmisim_device_instance_id(const wmisim_devnode_t *node);
/* Looks a device node up by instance ID (case-insensitive); NULL if none. */
WMISIM_API wmisim_devnode_t *wmisim_device_find(wmisim_t *sim, const char *instance_id);
/* The device node a device object belongs to; NULL if it is not in a stack. */
WMISIM_API wmisim_devnode_t *wmisim_device_of(PDEVICE_OBJECT device);

/* The device interfaces registered for a device: writes up to `capacity`
 * symbolic link names (UTF-8, \??\ROOT#WMISIM#0000#{guid}) and their
 * enabled states (either array may be NULL) and returns the total count. */
WMISIM_API size_t wmisim_device_interfaces(wmisim_devnode_t *node, char (*links)[256], bool *enabled,
                                           size_t capacity);

/* Waits until the simulator is quiet: no work item, DPC, expired timer or
 * WMI event delivery pending. Returns false if `timeout_ms` passed first. */
WMISIM_API bool wmisim_wait_idle(wmisim_t *sim, uint32_t timeout_ms);

/* ---- IRQL ------------------------------------------------------------------------------------ */

/* Runs `routine(context)` on the calling thread at `irql`, then restores
 * the IRQL: a test's way to call driver code as if from a DPC. */
WMISIM_API void wmisim_call_at_irql(KIRQL irql, void (*routine)(void *context), void *context);

/* ---- pool ---------------------------------------------------------------------------------- */

/* Outstanding pool of one tag (tag 0: every tag). */
typedef struct wmisim_pool_usage {
  ULONG tag;
  uint64_t blocks;        /* allocations not freed */
  uint64_t bytes;         /* their total size */
  uint64_t allocations;   /* allocations ever made with the tag */
} wmisim_pool_usage_t;

/* Outstanding pool of `tag` in this simulator (0: all tags). */
WMISIM_API wmisim_pool_usage_t wmisim_pool_usage(wmisim_t *sim, ULONG tag);

/* Outstanding pool, one entry per tag, tags in ascending order. Writes up to
 * `capacity` entries and sets *count to the number of tags with outstanding
 * blocks (which may exceed capacity). */
WMISIM_API void wmisim_pool_report(wmisim_t *sim, wmisim_pool_usage_t *entries, size_t capacity,
                                   size_t *count);

/* Formats a pool tag ('pmsW' as stored) as its four characters ("Wsmp"). */
WMISIM_API void wmisim_pool_tag_text(ULONG tag, char text[5]);

/* ---- statuses and GUIDs ---------------------------------------------------------------- */

/* "STATUS_SUCCESS", "STATUS_WMI_GUID_NOT_FOUND", ...; for an unknown value
 * "0x%08X" in a static buffer per thread. */
WMISIM_API const char *wmisim_status_name(NTSTATUS status);

/* The status named `name`: "STATUS_WMI_GUID_NOT_FOUND", the same without
 * "STATUS_" (case-insensitive either way), or a number in decimal or 0x
 * hexadecimal. Returns STATUS_INVALID_PARAMETER (leaving *status alone)
 * for a name wmisim does not know. */
WMISIM_API NTSTATUS wmisim_status_parse(const char *name, NTSTATUS *status);

/* Parses a GUID in registry form "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}"
 * or without braces. Returns STATUS_INVALID_PARAMETER if malformed. */
WMISIM_API NTSTATUS wmisim_guid_parse(const char *text, GUID *guid);

/* Formats a GUID in registry form, braces included, upper case: 38
 * characters and a terminator. */
WMISIM_API void wmisim_guid_format(const GUID *guid, char text[39]);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_SIM_H */
