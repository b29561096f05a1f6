/*
 * wmisim/consumer.h - a WMI data consumer, modelled on the user-mode wmium
 * API (WmiOpenBlock, WmiQueryAllData, WmiExecuteMethod, ...).
 *
 * Every call goes through the simulator's WMI service exactly as a
 * consumer's request does on Windows: the service finds the providers of
 * the GUID, builds the IRP_MJ_SYSTEM_CONTROL request with its WNODE, sends
 * it to the top of the provider's device stack and checks what comes back.
 *
 * Instance names are UTF-8 here ("ROOT\\WMISIM\\0000_0"). Results are
 * WNODEs in Windows' layout (see <wmistr.h>); walk them with
 * wmisim/wnode.h instead of computing offsets by hand. Statuses are the
 * NTSTATUS values the kernel-mode IoWMI* routines return; buffers follow
 * their protocol: on STATUS_BUFFER_TOO_SMALL *size receives the size
 * needed.
 */
#ifndef WMISIM_CONSUMER_H
#define WMISIM_CONSUMER_H

#include <wmistr.h>
#include <wmisim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wmisim_block wmisim_block_t;
typedef struct wmisim_subscription wmisim_subscription_t;

/* Opens a data block by GUID with WMIGUID_* access rights. Opening an
 * EXPENSIVE block for data access makes its providers start collecting
 * (IRP_MN_ENABLE_COLLECTION for the first consumer). Returns
 * STATUS_WMI_GUID_NOT_FOUND if data access is asked for a GUID no provider
 * registered. */
WMISIM_API NTSTATUS wmisim_wmi_open(wmisim_t *sim, const GUID *guid, ULONG access, wmisim_block_t **block);

/* Closes a block (the last close of an EXPENSIVE block sends
 * IRP_MN_DISABLE_COLLECTION). NULL is ignored. */
WMISIM_API void wmisim_wmi_close(wmisim_block_t *block);

/* Every instance from every provider: a chain of WNODE_ALL_DATA linked
 * through WnodeHeader.Linkage, instance names included. */
WMISIM_API NTSTATUS wmisim_wmi_query_all(wmisim_block_t *block, ULONG *size, void *buffer);

/* One instance, as a WNODE_SINGLE_INSTANCE. STATUS_WMI_INSTANCE_NOT_FOUND
 * if no provider has it. */
WMISIM_API NTSTATUS wmisim_wmi_query_single(wmisim_block_t *block, const char *instance, ULONG *size, void *buffer);

/* Replaces an instance's data (IRP_MN_CHANGE_SINGLE_INSTANCE). */
WMISIM_API NTSTATUS wmisim_wmi_set_single(wmisim_block_t *block, const char *instance, ULONG size, const void *data);

/* Changes one item of an instance (IRP_MN_CHANGE_SINGLE_ITEM). */
WMISIM_API NTSTATUS wmisim_wmi_set_item(wmisim_block_t *block, const char *instance, ULONG item_id, ULONG size,
                                        const void *data);

/* Runs method `method_id` on an instance. `output` may be the same buffer
 * as `input`; *output_size is its capacity on entry and the bytes of
 * output on return. */
WMISIM_API NTSTATUS wmisim_wmi_execute_method(wmisim_block_t *block, const char *instance, ULONG method_id,
                                              ULONG input_size, const void *input, ULONG *output_size, void *output);

/* Receives an event. `lost` counts events of this GUID refused since the
 * previous call because the event queue was full. Runs on the simulator's
 * event thread; `event` is valid only during the call. */
typedef void (*wmisim_event_fn)(void *context, const WNODE_HEADER *event, ULONG lost);

/* Subscribes to the events of a GUID (the first subscriber makes its
 * providers enable the event: IRP_MN_ENABLE_EVENTS). A GUID nobody has
 * registered yet may be subscribed to; providers registering later are
 * enabled at once. */
WMISIM_API NTSTATUS wmisim_wmi_subscribe(wmisim_t *sim, const GUID *guid, wmisim_event_fn fn, void *context,
                                         wmisim_subscription_t **subscription);

/* Ends a subscription (the last one sends IRP_MN_DISABLE_EVENTS). Safe from
 * inside the subscription's own callback. NULL is ignored. */
WMISIM_API void wmisim_wmi_unsubscribe(wmisim_subscription_t *subscription);

/* The registered GUIDs, in ascending order: writes up to *count GUIDs and
 * sets *count to the number registered (STATUS_BUFFER_TOO_SMALL if more). */
WMISIM_API NTSTATUS wmisim_wmi_enumerate_guids(wmisim_t *sim, GUID *guids, ULONG *count);

/* What the WMI service knows of a GUID. */
typedef struct wmisim_guid_info {
  ULONG provider_count;     /* providers that registered it (more than one: a duplicate) */
  ULONG instance_count;     /* static instances over all providers */
  ULONG flags;              /* WMIREG_FLAG_* of the first provider */
  bool expensive;           /* WMIREG_FLAG_EXPENSIVE */
  bool event_only;          /* WMIREG_FLAG_EVENT_ONLY_GUID */
  bool dynamic_names;       /* some provider names instances itself */
  bool events_enabled;      /* some provider has the event enabled */
  bool collecting;          /* some provider has collection enabled */
  ULONG subscribers;
  uint64_t events_dropped;  /* events written while nobody listened */
  char mof_resource[128];   /* MofResourceName of the first provider, UTF-8, or "" */
} wmisim_guid_info_t;

/* STATUS_WMI_GUID_NOT_FOUND if no provider registered the GUID. */
WMISIM_API NTSTATUS wmisim_wmi_guid_info(wmisim_t *sim, const GUID *guid, wmisim_guid_info_t *info);

/* The static instance names of a GUID over all providers, UTF-8, in
 * registration order: writes up to `capacity` names into `names` (each
 * `name_size` bytes) and returns how many there are. */
WMISIM_API size_t wmisim_wmi_instance_names(wmisim_t *sim, const GUID *guid, char *names, size_t name_size,
                                            size_t capacity);

/* Events dropped by the service: nobody subscribed to `guid` (queue_full
 * false) or the event queue was full (true; all GUIDs). */
WMISIM_API uint64_t wmisim_wmi_events_dropped(wmisim_t *sim, const GUID *guid, bool queue_full);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_CONSUMER_H */
