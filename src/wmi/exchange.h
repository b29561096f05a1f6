/*
 * exchange.h - one data request to one provider, with the WNODE_TOO_SMALL
 * protocol: a provider that answers WNODE_TOO_SMALL is asked again with a
 * buffer of SizeNeeded bytes, a bounded number of times.
 */
#ifndef WMISIM_WMI_EXCHANGE_H
#define WMISIM_WMI_EXCHANGE_H

#include "wmi/wmi_internal.h"

/* Writes the input WNODE into a zeroed buffer of `size` bytes and returns
 * the DataBlockOffset the driver must keep (0 if none). */
typedef ULONG (*wmi_wnode_builder)(void *wnode, ULONG size, const struct wmi_block *block, const void *args);

/* Sends `minor` to the target's provider. On success *wnode is the
 * service-owned buffer (free with wmi_buffer_free) and *valid the bytes
 * the driver returned. A malformed answer is reported and fails with
 * STATUS_UNSUCCESSFUL. A WNODE_TOO_SMALL is asked again with the size it
 * names, except for IRP_MN_EXECUTE_METHOD: STATUS_BUFFER_TOO_SMALL, with
 * *valid the output bytes the method needs. */
NTSTATUS wmi_exchange(struct wmi_target *target, UCHAR minor, wmi_wnode_builder build, const void *args,
                      ULONG first_size, void **wnode, ULONG *valid);

/* The instance a single-instance request addresses. */
struct instance_args {
  const WCHAR *name;
  size_t length;
  ULONG index;     /* static names */
  bool dynamic;    /* no static index: the name goes in the WNODE */
};

/* Runs `attempt` against the provider that owns instance `name`: the one
 * whose static names include it, else each dynamic-name provider until one
 * does not answer STATUS_WMI_INSTANCE_NOT_FOUND. */
NTSTATUS wmi_for_instance(struct wmi_guid *entry, const WCHAR *name, size_t length,
                          NTSTATUS (*attempt)(struct wmi_target *target, struct instance_args *args, void *context),
                          void *context);

/* Size of a request WNODE: `fixed` header bytes, the counted instance
 * name, 8-byte alignment, then `data` bytes. */
ULONG wmi_instance_request_size(ULONG fixed, size_t name_length, ULONG data);

#endif /* WMISIM_WMI_EXCHANGE_H */
