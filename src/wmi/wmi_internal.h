/*
 * wmi_internal.h - the WMI service's data model.
 *
 * A provider is a device object registered with IoWMIRegistrationControl;
 * it owns the blocks (GUIDs) its REGINFO listed. Each GUID the service has
 * seen (registered, opened or subscribed to) has a wmi_guid entry linking
 * every provider's block of that GUID, so two providers of one GUID are
 * both served. One mutex guards the tables; it is never held while an IRP
 * is in a driver.
 *
 * The request path does not take that mutex, so consumers on several
 * threads do not queue on it: a GUID is found in a table read without
 * locks (guid_table.c), its providers are reserved under the GUID entry's
 * own small lock, and a provider's counters are atomic. Whoever changes
 * an entry's block list holds both the mutex and the entry's lock, so
 * readers may hold either. A provider's memory lives while it is listed
 * or reserved (reserve.c).
 */
#ifndef WMISIM_WMI_INTERNAL_H
#define WMISIM_WMI_INTERNAL_H

#include <wmistr.h>

#include <stdbool.h>
#include <stdint.h>

#include "platform/atomic.h"
#include "platform/platform.h"
#include "wmi/service.h"

struct wmisim;
struct wmi_provider;
struct wmi_guid;

enum wmi_name_kind {
  WMI_NAMES_DYNAMIC,   /* the driver names instances in each WNODE */
  WMI_NAMES_LIST,      /* WMIREG_FLAG_INSTANCE_LIST */
  WMI_NAMES_BASENAME,  /* WMIREG_FLAG_INSTANCE_BASENAME: base + counter */
  WMI_NAMES_PDO        /* WMIREG_FLAG_INSTANCE_PDO: device instance ID + "_" + index */
};

struct wmi_block {
  struct wmi_block *next_in_provider;
  struct wmi_block *next_in_guid;
  struct wmi_provider *provider;
  struct wmi_guid *entry;
  GUID guid;
  ULONG flags;                 /* WMIREG_FLAG_* as registered */
  ULONG instance_count;
  enum wmi_name_kind name_kind;
  WCHAR *base;                 /* BASENAME: the base; PDO: "<instance id>_" */
  USHORT base_length;          /* WCHARs */
  ULONG first_index;           /* BASENAME: the counter of instance 0 */
  WCHAR **names;               /* LIST: instance_count names */
  USHORT *name_lengths;        /* WCHARs */
  char *mof_resource;          /* UTF-8, or NULL */
  bool events_enabled;
  bool collection_enabled;
  /* One thread at a time sends enable/disable requests for a block; a
   * consumer arriving meanwhile marks it dirty and the sender looks again
   * (control.c). Index 0: events, 1: collection. */
  bool control_busy[2];
  bool control_dirty[2];
  volatile int32_t cached_size; /* last WNODE size a query needed, as a first guess */
  void *volatile names_region; /* its names as QUERY_ALL_DATA carries them (names_region.c) */
};

enum wmi_provider_state {
  WMI_PROVIDER_REGISTERING,
  WMI_PROVIDER_REGISTERED,
  WMI_PROVIDER_DEREGISTERING,
  WMI_PROVIDER_DEREGISTERED
};

struct wmi_provider {
  struct wmi_provider *next;
  struct wmi_service *service;
  PDEVICE_OBJECT device;
  ULONG provider_id;           /* WNODE_HEADER.ProviderId */
  /* Written with the lock held, read anywhere: wmi_provider_state(). */
  volatile int32_t state;      /* enum wmi_provider_state */
  volatile int32_t blocked;    /* WMIREG_ACTION_BLOCK_IRPS */
  bool device_deleted;
  /* The device was deleted while requests were in progress: a reference
   * keeps it until they end (wmi_device_deleted), so a request need not
   * hold one of its own (wmi_send). Lock held. */
  bool device_pinned;
  bool deregistered;           /* the driver's DEREGISTER succeeded since its last REGISTER */
  bool listed;                 /* in service->providers */
  /* Requests in progress (reservations), references and the quiet flag
   * in one word (reserve.c). */
  volatile int64_t counts;
  volatile int32_t irps_untracked; /* IRPs in the driver beyond outstanding_irps (wmi_provider_irps) */
  plat_cond_t drained;         /* signalled when the last reservation ends */
  struct wmi_block *blocks;
  struct wmi_block *retired;   /* replaced or removed blocks awaiting a quiet moment */
  char *registry_path;         /* UTF-8 */
  char name[80];               /* the device's display name, kept past its deletion */
  volatile int64_t outstanding_irps[8]; /* ids of IRPs in the driver, for reports; 0: free */
};

struct wmi_guid {
  struct wmi_guid *next;       /* every entry, newest first (entries live until the service ends) */
  GUID guid;
  volatile int32_t lock;       /* with the service lock, guards `blocks` (wmi_guid_entry_lock) */
  struct wmi_block *blocks;    /* every provider's block of this GUID */
  int data_opens;              /* open data-block objects with data access */
  int subscribers;             /* notification registrations */
  ULONG next_base_index;       /* BASENAME counters handed out so far */
  ULONG next_instance_id;      /* IoWMIAllocateInstanceIds */
  uint64_t events_not_enabled; /* events written while nobody listened */
};

struct wmi_subscriber;
struct wmi_event_queue;
struct wmi_guid_table;
struct wmi_guid_slab;
struct pending;

struct wmi_service {
  struct wmisim *sim;
  plat_mutex_t lock;
  plat_cond_t irp_done;        /* broadcast when an IRP completes while late_waiters is set */
  volatile int32_t late_waiters;
  struct wmi_guid_table *volatile guid_table; /* read without the lock (guid_table.c) */
  struct wmi_guid *guids;      /* every entry, newest first */
  struct wmi_guid_slab *guid_slabs; /* their memory */
  size_t guid_count;
  struct wmi_provider *providers;
  ULONG next_provider_id;
  struct wmi_subscriber *subscribers;
  struct wmi_event_queue *events;
  struct pending *abandoned;   /* requests their senders gave up on, not completed (request.c) */
  uint64_t id;                 /* unique in the process (senders.c) */
  volatile int32_t senders_lock; /* guards `senders` */
  struct wmi_sender *senders;  /* each sending thread's IRPs in drivers (senders.c) */
};

/* ---- GUID entries (guid_table.c) ---------------------------------------------------------- */

/* With the lock held. `create` makes an entry for an unknown GUID. */
struct wmi_guid *wmi_guid_lookup(struct wmi_service *service, const GUID *guid, bool create);
/* Without the lock: the entry of a GUID, or NULL. Entries are never freed
 * before the service, so the pointer stays valid. */
struct wmi_guid *wmi_guid_find(struct wmi_service *service, const GUID *guid);
/* The entry of a GUID that some provider has registered now (the service
 * lock taken), or NULL: what a data block object opened for data keeps, and
 * its requests use without looking the GUID up again (entries live as long
 * as the service). */
struct wmi_guid *wmi_guid_registered(struct wmi_service *service, const GUID *guid);
/* The entry's own lock, for its block list; never held across a call out. */
void wmi_guid_entry_lock(struct wmi_guid *entry);
void wmi_guid_entry_unlock(struct wmi_guid *entry);
bool wmi_guid_table_init(struct wmi_service *service);
/* Frees every entry and table (the service is going). */
void wmi_guid_table_destroy(struct wmi_service *service);

/* ---- tables (service.c) ----------------------------------------------------------------- */

struct wmi_service *wmi_of(struct wmisim *sim);
struct wmi_provider *wmi_provider_of_device(struct wmi_service *service, PDEVICE_OBJECT device);
struct wmi_provider *wmi_provider_by_id(struct wmi_service *service, ULONG provider_id);
static inline enum wmi_provider_state wmi_provider_state(const struct wmi_provider *provider) {
  return (enum wmi_provider_state)atomic_load_i32(&provider->state);
}
/* With the lock held. */
void wmi_provider_set_state(struct wmi_provider *provider, enum wmi_provider_state state);
/* A provider takes requests: registered and not blocked. */
bool wmi_provider_active(const struct wmi_provider *provider);
/* Links and unlinks a block in its GUID's list (lock held). */
void wmi_block_link(struct wmi_service *service, struct wmi_block *block);
void wmi_block_unlink(struct wmi_block *block);
void wmi_block_free(struct wmi_block *block);
/* Unlists a provider that is deregistered, deleted and idle (lock held);
 * its memory goes with its last reference. */
void wmi_provider_release_if_done(struct wmi_provider *provider);
/* Drops a reference; the last frees the provider (no lock needed: an
 * unlisted provider is reachable from nowhere). */
void wmi_provider_drop(struct wmi_provider *provider);
/* ---- reservations (reserve.c) ---- */
/* A new provider's counts: its list reference. */
void wmi_provider_counts_init(struct wmi_provider *provider);
/* Reservations in progress. */
int32_t wmi_provider_outstanding(const struct wmi_provider *provider);
/* Reserves without ending one (for the entry lock, under which the
 * service lock cannot be taken): false if the provider takes no requests;
 * then *held says whether a reservation was taken anyway (the state
 * changed meanwhile), which the caller ends with wmi_provider_release once
 * it holds no lock. */
bool wmi_provider_try_reserve(struct wmi_provider *provider, bool *held);
/* Sets the quiet flag without running the work (lock held): the last
 * request to end runs it. */
void wmi_provider_await_quiet(struct wmi_provider *provider);
/* Clears the quiet flag (wmi_provider_quiet, lock held). */
void wmi_provider_quiet_done(struct wmi_provider *provider);
/* Drops the reference wmi_device_deleted took for requests in progress
 * (lock held, or the provider unreachable). */
void wmi_provider_unpin_device(struct wmi_provider *provider);
/* Frees a provider and its blocks (the service is going, or its last
 * reference went). */
void wmi_provider_free(struct wmi_provider *provider);
/* Called with the lock held when a provider's last outstanding request
 * finished: completes a deregistration that could not wait, frees
 * retired blocks, and frees the provider if it is done. */
void wmi_provider_quiet(struct wmi_provider *provider);
/* Reserves a provider for a request sequence: it cannot finish
 * deregistering, nor its memory go, while reserved. False if it takes no
 * requests. With the lock held. */
bool wmi_provider_reserve(struct wmi_provider *provider);
/* Ends a reservation, the lock held. */
void wmi_provider_unreserve(struct wmi_provider *provider);
/* A reservation taken whatever the provider's state (a request already
 * admitted, or in registration). */
void wmi_provider_hold(struct wmi_provider *provider);
/* IRPs the service sent to the provider that are still in its driver;
 * their ids appended to `ids` if not NULL (wmi_irp_ids_append; `used`
 * may be NULL without `ids`). */
int wmi_provider_irps(const struct wmi_provider *provider, char *ids, size_t size, size_t *used);

/* ---- sending threads' IRPs in drivers (senders.c) ---------------------------------------- */

struct wmi_sender;
void wmi_senders_init(struct wmi_service *service);
void wmi_senders_free(struct wmi_service *service);
/* Notes IRP `irp_id` to `provider` in the calling thread's record, with
 * plain stores; returns the record and sets *entry, or NULL if the record
 * is full or could not be made (the caller keeps the IRP in the
 * provider's table instead). */
struct wmi_sender *wmi_sender_note(struct wmi_service *service, struct wmi_provider *provider, uint64_t irp_id,
                                   int *entry);
/* Clears an entry wmi_sender_note made, on the same thread. */
void wmi_sender_clear(struct wmi_sender *record, int entry);
/* The lock of the records' list: held to read records with the providers'
 * tables (wmi_provider_irps), or to move an IRP from one to the other. */
void wmi_senders_lock(struct wmi_service *service);
void wmi_senders_unlock(struct wmi_service *service);
/* The IRPs to `provider` noted in senders' records, the lock held; their
 * ids appended to `ids` as wmi_irp_ids_append does. */
int wmi_senders_irps(struct wmi_service *service, const struct wmi_provider *provider, char *ids, size_t size,
                     size_t *used);
/* Appends " #<id>" to the text of `size` bytes at `ids`, *used of them
 * used so far, while room lasts; nothing if `ids` is NULL. */
void wmi_irp_ids_append(char *ids, size_t size, size_t *used, int64_t id);
/* Ends a reservation without the lock (taken only if the provider's last
 * request must run wmi_provider_quiet). */
void wmi_provider_release(struct wmi_provider *provider);
/* Marks that the provider's last request must run wmi_provider_quiet and
 * runs it now if none is outstanding (lock held). */
void wmi_provider_want_quiet(struct wmi_provider *provider);

/* The first static instance name `device` registered for `guid`, as a
 * pool-allocated string. */
NTSTATUS wmi_device_instance_name(struct wmi_service *service, const GUID *guid, PDEVICE_OBJECT device,
                                  PUNICODE_STRING name);

/* ---- registration information (reginfo.c) ----------------------------------------------- */

/* One WMIREGGUID, decoded and validated, with its instance names copied. */
struct wmi_reg_block {
  GUID guid;
  ULONG flags;
  ULONG instance_count;
  enum wmi_name_kind name_kind;
  WCHAR *base;
  USHORT base_length;
  WCHAR **names;
  USHORT *name_lengths;
  char *mof_resource;
};

struct wmi_reginfo {
  struct wmi_reg_block *blocks;
  size_t count;
  char *registry_path;
};

/* Sends IRP_MN_REGINFO_EX (falling back to IRP_MN_REGINFO) with `data_path`
 * WMIREGISTER or WMIUPDATE, probing the size, and parses the answer. */
NTSTATUS wmi_fetch_reginfo(struct wmi_provider *provider, ULONG_PTR data_path, struct wmi_reginfo *info);
void wmi_reginfo_free(struct wmi_reginfo *info);

/* ---- instance names (names.c) --------------------------------------------------------------- */

/* Instance `index` of a static-name block: writes up to `capacity` WCHARs,
 * returns the length. */
size_t wmi_instance_name(const struct wmi_block *block, ULONG index, WCHAR *out, size_t capacity);
/* The length wmi_instance_name returns, without writing the name. */
size_t wmi_instance_name_length(const struct wmi_block *block, ULONG index);
/* The sum of room(length) over instances 0 .. count-1: by runs of names of
 * one length for counter names, so a block's names are sized without
 * being counted one by one. */
uint64_t wmi_instance_names_room(const struct wmi_block *block, ULONG count, ULONG (*room)(size_t length));
/* Turns `name` (capacity WCHARs), which holds instance index-1's name of
 * `length` WCHARs, into instance index's, and returns its length: counter
 * names step their decimal digits in place instead of being rebuilt. For
 * index 0, or when the previous name was cut short, the same as
 * wmi_instance_name. */
size_t wmi_instance_name_next(const struct wmi_block *block, ULONG index, WCHAR *name, size_t length,
                              size_t capacity);
/* ---- the names a QUERY_ALL_DATA answer carries (names_region.c) ----------------------------- */

/* WCHARs of an instance name a consumer's WNODE_ALL_DATA carries; longer
 * names are cut. */
#define WMI_MAX_CONSUMER_NAME 512
/* Bytes wmi_write_names_region writes for names 0 .. count-1 (0 for
 * dynamic names). */
uint64_t wmi_names_region_size(const struct wmi_block *block, ULONG count);
/* Writes the OffsetInstanceNameOffsets array at `out + base` and the
 * counted names after it, offsets relative to `out`; returns where they
 * end. `out` need not be aligned; the padding is zeroed. Renders the
 * block's names on its first call and copies them afterwards. */
ULONG wmi_write_names_region(struct wmi_block *block, ULONG count, unsigned char *out, ULONG base);
/* Frees the rendered names with their block. */
void wmi_names_region_free(struct wmi_block *block);

/* Finds the static instance named `name` in a block; false if none. */
bool wmi_find_instance(const struct wmi_block *block, const WCHAR *name, size_t length, ULONG *index);
/* Moves a registration's names into a block, assigning BASENAME counters. */
void wmi_block_take_names(struct wmi_block *block, struct wmi_reg_block *reg);

/* ---- requests (request.c) ------------------------------------------------------------------ */

/* A request's buffer: the WNODE in, the WNODE out. */
struct wmi_request {
  UCHAR minor;
  const GUID *guid;            /* DataPath, or NULL with data_path */
  ULONG_PTR data_path;         /* WMIREGISTER / WMIUPDATE for REGINFO */
  void *buffer;                /* the WNODE (service-owned, guarded) */
  ULONG buffer_size;
  ULONG_PTR information;       /* IoStatus.Information */
  NTSTATUS status;
  uint64_t irp_id;             /* set by wmi_send: the IRP's id, for reports after it is freed */
  ULONG_PTR provider_id;       /* Parameters.WMI.ProviderId if not 0 (the stress mode's foreign
                                  ProviderIds); 0: the provider's device, as WMI sends */
  bool stamp;                  /* the buffer is a WNODE of wmi_fill_header's: wmi_send sets its
                                  TimeStamp to the clock as it sends it */
};

/* Allocates a zeroed, guard-banded request buffer. */
void *wmi_buffer_alloc(ULONG size);
void wmi_buffer_free(void *buffer);

/* At service destruction: frees the IRPs and buffers of requests that were
 * given up on and never completed. */
void wmi_release_abandoned(struct wmi_service *service);

/* With the service lock held: a request given up on is being completed
 * now (its IRP no longer counts, but its completion still uses the
 * service until it leaves the abandoned list). */
bool wmi_abandoned_completing(const struct wmi_service *service);

/* Sends `request` to the provider's stack and waits for it. Fails with
 * STATUS_WMI_GUID_NOT_FOUND without sending if the provider is not active
 * (`allow_registering` admits REGINFO during registration). Checks guard
 * bytes and reports overruns. The caller holds a reservation on the
 * provider (wmi_provider_reserve), except with `allow_registering`. */
NTSTATUS wmi_send(struct wmi_provider *provider, struct wmi_request *request, bool allow_registering);

/* ---- WNODEs (wnode.c) ------------------------------------------------------------------------ */

/* Fills a WNODE_HEADER the way WMI does for a request to `block`, but for
 * the TimeStamp, which wmi_send sets (wmi_request.stamp). */
void wmi_fill_header(WNODE_HEADER *header, const struct wmi_block *block, ULONG buffer_size, ULONG flags);
/* Writes an instance name (counted string) at `offset`; returns the offset
 * after it, 8-byte aligned, where instance data goes. */
ULONG wmi_put_instance_name(void *wnode, ULONG offset, const WCHAR *name, size_t length);

/* Validates a WNODE a driver returned for `minor` within `valid` bytes of
 * a `buffer_size` buffer; `expected_data_offset` (0: any) is the
 * DataBlockOffset the request carried, which drivers must not change. On
 * failure writes a reason and returns false. */
bool wmi_check_returned_wnode(UCHAR minor, const void *wnode, ULONG valid, ULONG buffer_size,
                              ULONG expected_data_offset, char *why, size_t why_size);

/* ---- operations (query.c, change.c, control.c) -------------------------------------------- */

/* A block serving a request, its provider reserved. */
struct wmi_target {
  struct wmi_provider *provider;
  struct wmi_block *block;
};

#define WMI_MAX_TARGETS 64

/* Reserves the providers of a GUID's data blocks (event-only blocks are
 * skipped unless `events`); returns how many. `entry` is the GUID's
 * (wmi_guid_find; NULL: never registered, none). */
size_t wmi_reserve_targets(struct wmi_guid *entry, bool events, struct wmi_target *targets, size_t capacity);
/* Ends the reservations wmi_reserve_targets took (no lock needed). */
void wmi_release_targets(struct wmi_target *targets, size_t count);

/* Finds the target and static index serving instance `name` among reserved
 * targets. For dynamic-name blocks *index is unused and the caller tries
 * each; returns false if no static block has it and none is dynamic. */
bool wmi_locate_instance(struct wmi_target *targets, size_t count, const WCHAR *name, size_t length,
                         size_t *which, ULONG *index, bool *dynamic);

/* The consumer operations, on the GUID whose entry is `entry`: what a
 * data block object keeps (wmi_guid_registered), or wmi_guid_find's answer;
 * NULL is a GUID never registered (STATUS_WMI_GUID_NOT_FOUND). Buffers
 * follow the IoWMI* protocol: on STATUS_BUFFER_TOO_SMALL *size receives
 * the size needed. */
NTSTATUS wmi_query_all(struct wmi_guid *entry, ULONG *size, void *out);
NTSTATUS wmi_query_single(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG *size, void *out);
NTSTATUS wmi_set_single(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG version, ULONG size,
                        const void *data);
NTSTATUS wmi_set_item(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG item, ULONG version,
                      ULONG size, const void *data);
NTSTATUS wmi_execute_method(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG method, ULONG in_size,
                            const void *in, ULONG *out_size, void *out);

/* Counts consumers of a GUID; the first and the last send ENABLE/DISABLE
 * (events for subscribers, collection of EXPENSIVE blocks for opens). */
void wmi_add_subscriber(struct wmi_service *service, const GUID *guid, int delta);
void wmi_add_data_open(struct wmi_service *service, const GUID *guid, int delta);
/* Brings a newly registered block's enabled states in line with its GUID's
 * subscribers and opens. */
void wmi_enable_new_block(struct wmi_block *block);

struct wmi_event_queue *wmi_events_create(struct wmi_service *service);
void wmi_events_destroy(struct wmi_event_queue *queue);
bool wmi_events_wait_idle(struct wmi_event_queue *queue, uint64_t deadline_ns);
/* Delivers a WNODE the service itself raises (registration changes). */
void wmi_events_raise_internal(struct wmi_service *service, const GUID *guid, const WCHAR *text);

#endif /* WMISIM_WMI_INTERNAL_H */
