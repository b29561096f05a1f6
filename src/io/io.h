/*
 * io.h - the I/O manager's internal interface: driver and device objects,
 * IRP tracking and dispatch frames.
 *
 * Every IRP the I/O manager allocates carries a tracking record in front of
 * it (the IRP layout itself is Windows'). Every call into a dispatch routine
 * pushes a frame on the calling thread, so the checking mode can tell what
 * the routine did with the IRP by the time it returns.
 */
#ifndef WMISIM_IO_IO_H
#define WMISIM_IO_IO_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

#include "ob/object.h"
#include "platform/platform.h"

struct wmisim;
struct pnp_devnode;
struct wmi_provider;

/* ---- driver and device objects ---------------------------------------------------------- */

struct io_driver {
  struct io_driver *next;          /* the simulator's driver list */
  struct wmisim *sim;
  char *name;                      /* service name */
  WCHAR *service_key;              /* registry path buffer (RegistryPath) */
  UNICODE_STRING registry_path;
  void *library;                   /* shared library handle, if loaded from a file */
  struct io_driver_extension *extensions;
  bool unloaded;
  struct ob_header header;         /* immediately before the object */
  DRIVER_OBJECT object;
  DRIVER_EXTENSION extension;
};

struct io_device {
  uint32_t magic;
  uint32_t id;                     /* stable per simulator: 1, 2, ... */
  struct wmisim *sim;
  struct io_driver *driver;
  struct io_device *next;          /* the simulator's device list */
  PDEVICE_OBJECT attached_to;      /* the device this one is attached above */
  struct pnp_devnode *devnode;
  struct wmi_provider *wmi;        /* WMI registration, owned by the WMI service */
  char display_name[80];           /* \Device\Name, or driver-name#id */
  WCHAR *name_buffer;
  UNICODE_STRING name;
  bool deleted;
  bool is_pdo;
  bool has_class_guid;
  char *sddl;                      /* IoCreateDeviceSecure's DefaultSDDLString (UTF-8), or NULL */
  GUID class_guid;                 /* ... and its DeviceClassGuid, if has_class_guid */
  struct ob_header header;         /* immediately before the object */
  DEVICE_OBJECT object;            /* followed by the device extension */
};

#define IO_DEVICE_MAGIC 0x44455631u  /* "DEV1" */
#define IO_DEVICE_DELETED_MAGIC 0x44454c31u  /* "DEL1": deleted, memory in the quarantine */

/* The wmisim record of a device object, or NULL if `device` is not one. */
struct io_device *io_device_of(PDEVICE_OBJECT device);
struct io_driver *io_driver_of(PDRIVER_OBJECT driver);

/* Never NULL: "" for a pointer that is not a device object. */
const char *io_device_display_name(PDEVICE_OBJECT device);
const char *io_device_driver_name(PDEVICE_OBJECT device);
const char *io_driver_name(const struct io_driver *driver);

/* The simulator a device object belongs to, or NULL. */
struct wmisim *io_device_sim(PDEVICE_OBJECT device);

/* Creates a device object for `driver` (the bus driver's PDOs use it too). */
NTSTATUS io_create_device(struct io_driver *driver, ULONG extension_size, PUNICODE_STRING name,
                          DEVICE_TYPE type, ULONG characteristics, PDEVICE_OBJECT *device);

/* Creates a driver object and runs its DriverEntry. */
NTSTATUS io_create_driver(struct wmisim *sim, const char *name, PDRIVER_INITIALIZE entry, void *library,
                          struct io_driver **out);

/* Calls DriverUnload (if any), reports leaked pool, frees the driver. */
void io_unload_driver(struct io_driver *driver);

/* Keeps a driver's shared library loaded until the simulator is destroyed,
 * since a timer or completion routine of it may still be referenced. */
void io_retire_library(struct wmisim *sim, void *library);

/* ---- IRP tracking ------------------------------------------------------------------------------- */

enum io_irp_origin {
  IRP_ORIGIN_ALLOCATED,        /* IoAllocateIrp by a driver */
  IRP_ORIGIN_SYNCHRONOUS,      /* IoBuildSynchronousFsdRequest / IoBuildDeviceIoControlRequest */
  IRP_ORIGIN_ASYNCHRONOUS,     /* IoBuildAsynchronousFsdRequest */
  IRP_ORIGIN_SIMULATOR,        /* sent by the simulator (WMI service, PnP manager, power manager) */
  IRP_ORIGIN_EXTERNAL          /* IoInitializeIrp on memory wmisim did not allocate */
};

typedef void (*io_final_completion_fn)(PIRP irp, void *context);

struct io_irp_track {
  uint32_t magic;
  enum io_irp_origin origin;
  struct wmisim *sim;
  uint64_t id;
  volatile int32_t refs;           /* the IRP's own + one per use in progress */
  volatile int32_t completions;    /* IoCompleteRequest calls made (two racing may count once) */
  volatile int32_t freed;
  volatile int32_t finished;       /* final completion reached */
  struct io_driver *owner;         /* driver that allocated it */
  /* The allocating thread's shard (ke_thread()->shard): state kept per IRP
   * in shared tables (WMILIB's calls in progress) is placed by it, so the
   * IRPs of threads working at the same time use different cache lines. */
  unsigned home;
  PDEVICE_OBJECT completed_by;     /* device whose driver called IoCompleteRequest */
  io_final_completion_fn final_completion; /* simulator IRPs: called at final completion */
  void *final_context;
  size_t allocation_size;
  void *copy_back_to;              /* built buffered IRPs: caller's output buffer */
  ULONG copy_back_length;
};

#define IRP_TRACK_MAGIC 0x49525054u  /* "IRPT" */
#define IRP_ALLOCATION_TRACKED 0x80  /* IRP.AllocationFlags: tracking record precedes the IRP */

/* The tracking record of an IRP, or NULL for one the I/O manager never saw. */
struct io_irp_track *io_irp_track_of(PIRP irp);

/* The simulator to report misuse of a freed IRP to: its own, unless that
 * has been destroyed since (the IRP waited in another thread's
 * quarantine), then the caller's. */
struct wmisim *io_freed_irp_sim(const struct io_irp_track *track);

/* A small number that IRPs in use on different threads at once rarely
 * share: the allocating thread's shard for a tracked IRP, else a hash of
 * its address. The same for an IRP all its life. */
unsigned io_irp_home(PIRP irp);

/* Allocates a tracked IRP of any origin. */
PIRP io_allocate_irp_for(struct wmisim *sim, CCHAR stack_size, enum io_irp_origin origin);
PIRP io_irp_of_track(struct io_irp_track *track);

/* Allocates an IRP the simulator itself sends; `final` runs when the IRP is
 * completed (not for stopped completion), with the IRP still allocated: the
 * caller frees it with io_free_sim_irp. A `clock_step` other than 0 moves
 * the virtual clock as sim_clock_step would, right after the IRP's id is
 * taken (sim_next_irp_id_stepping), and *clock_before (if not NULL)
 * receives the clock before that. */
PIRP io_allocate_sim_irp(struct wmisim *sim, CCHAR stack_size, io_final_completion_fn final, void *context,
                         int64_t clock_step, int64_t *clock_before);
void io_free_sim_irp(PIRP irp);

/* Final completion of an IRP built by IoBuild*Request: copies results to
 * the caller, signals its event and frees the IRP. */
void io_finish_built_irp(PIRP irp, struct io_irp_track *track);

/* Keeps an IRP's memory alive across a use; drop with io_irp_release. */
void io_irp_retain(struct io_irp_track *track);
void io_irp_release(struct io_irp_track *track);

/* Whether IoCallDriver and IoCompleteRequest need to keep the IRP's memory
 * alive while they use it. An IRP the simulator sent is freed only by its
 * sender after IoCallDriver has returned, or by its final completion when
 * the sender gave up, which nothing in IoCompleteRequest follows; a
 * driver's IRP may be freed by a completion routine at any point. */
static inline bool io_irp_needs_retain(const struct io_irp_track *track) {
  return track != NULL && track->origin != IRP_ORIGIN_SIMULATOR;
}

/* For reports: the IRP's id and its current major and minor codes. */
void io_irp_describe(PIRP irp, uint64_t *id, int *major, int *minor);

const char *io_major_name(int major);
const char *io_minor_name(int major, int minor);

/* ---- dispatch frames ------------------------------------------------------------------------ */

struct io_frame {
  struct io_frame *outer;
  PIRP irp;
  struct io_irp_track *track;
  PDEVICE_OBJECT device;
  struct io_driver *driver;
  const char *routine;             /* "DispatchSystemControl", ... for reports */
  UCHAR major, minor;
  KIRQL irql;
  CHAR location;                   /* CurrentLocation at entry */
  bool marked_pending;             /* IoMarkIrpPending on this frame's IRP */
  bool completed;                  /* IoCompleteRequest on this frame's IRP */
  bool forwarded;                  /* IoCallDriver/PoCallDriver with this IRP */
  NTSTATUS forward_status;
  NTSTATUS completion_status;      /* IoStatus.Status when completed */
  bool completion_routine_set;
  int remove_lock_balance;         /* acquisitions minus releases during the frame */
  int wmilib_disposition;          /* WmiSystemControl's disposition, or -1 */
  ULONG_PTR wmi_provider;          /* Parameters.WMI.ProviderId at entry (system control) */
  ULONG wmi_buffer_size;           /* Parameters.WMI.BufferSize at entry */
};

/* The innermost frame of the calling thread dispatching `irp`, or NULL. */
struct io_frame *io_frame_for(PIRP irp);
/* The frame of the calling thread dispatching `irp` at stack location
 * `location` (the driver that owns that location), or NULL. */
struct io_frame *io_frame_at(PIRP irp, CHAR location);

/* IoCallDriver for a caller that keeps `device` alive until the call
 * returns (a reference from IoGetAttachedDeviceReference, or the WMI
 * service's reservation of its provider): the call takes no reference of
 * its own. */
NTSTATUS io_call_referenced(PDEVICE_OBJECT device, PIRP irp);

/* Sends an IRP the simulator built to the top of `device`'s stack. */
NTSTATUS io_send_irp(PDEVICE_OBJECT device, PIRP irp);

/* ---- per-simulator state -------------------------------------------------------------------- */

/* Memory of device objects a driver deleted stays readable, marked as
 * deleted, until IO_QUARANTINE_SIZE later deletions have passed (or the
 * simulator ends), so a second IoDeleteDevice or a late reference is
 * reported instead of reading freed memory. Freed IRPs wait likewise, in
 * the freeing thread's quarantine (ke_quarantine): they are freed on
 * every request, on any thread. */
#define IO_QUARANTINE_SIZE 64

struct io_quarantined {
  void *memory;
  void (*release)(void *memory);
};

struct io_quarantine {
  volatile int32_t busy;           /* its lock */
  uint32_t next;
  struct io_quarantined slots[IO_QUARANTINE_SIZE];
};

/* Device stacks are read on every request (IoGetAttachedDeviceReference)
 * and changed rarely: a reader takes its thread's shard of the lock, a
 * writer all of them. */
#define IO_STACK_SHARDS 4

struct io_stack_shard {
  plat_rwlock_t lock;
  char apart[64];
};

struct io_state {
  plat_mutex_t lock;               /* guards the lists and the symbolic links */
  /* Device stacks (AttachedDevice, attached_to): written with `lock` held
   * too (io_stacks_write_lock), read with a shard (io_stacks_read_lock). */
  struct io_stack_shard stacks[IO_STACK_SHARDS];
  struct io_driver *drivers;
  struct io_device *devices;
  uint32_t next_device_id;
  struct io_symlink *symlinks;
  KSPIN_LOCK cancel_lock;
  KIRQL cancel_irql;
  void **libraries;                /* shared libraries to close at the end */
  size_t library_count;
  struct io_quarantine quarantine;  /* deleted devices */
};

/* The calling thread's shard of the stack lock; release it with the
 * returned shard. */
struct io_stack_shard *io_stacks_read_lock(struct io_state *state);
void io_stacks_read_unlock(struct io_stack_shard *shard);
void io_stacks_write_lock(struct io_state *state);
void io_stacks_write_unlock(struct io_state *state);

struct io_state *io_create_state(struct wmisim *sim);
void io_destroy_state(struct wmisim *sim, struct io_state *state);
void io_free_symlinks(struct io_state *state);

/* Puts a deleted device's memory in the quarantine; `release` frees it
 * when it leaves. Without a simulator it is released at once. */
void io_quarantine(struct wmisim *sim, void *memory, void (*release)(void *memory));

/* Trace and check hooks the I/O manager calls; see trace/trace.h. */
#include "trace/trace.h"

#endif /* WMISIM_IO_IO_H */
