/*
 * exchange.c - a data request's round trip with WNODE_TOO_SMALL regrowth
 * and validation of what comes back.
 */
#include "wmi/exchange.h"

#include <stdio.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "platform/atomic.h"

#define MAX_WNODE_SIZE (64u << 20)

static bool returns_wnode(UCHAR minor) {
  return minor == IRP_MN_QUERY_ALL_DATA || minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_EXECUTE_METHOD;
}

static NTSTATUS malformed(struct wmi_target *target, UCHAR minor, const char *why) {
  struct check_site site = {target->provider->device, NULL, "DispatchSystemControl"};
  check_report(target->provider->service->sim, CHECK_WMI_MALFORMED_WNODE, &site, "%s answered %s with a bad WNODE: %s",
               target->provider->name, wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, minor), why);
  return STATUS_UNSUCCESSFUL;
}

/* WMI names static instances from registration: a WNODE_ALL_DATA of a
 * static-name block cannot have more instances than were registered. */
static bool static_count_fits(const struct wmi_block *block, UCHAR minor, const void *wnode, char *why, size_t size) {
  if (minor != IRP_MN_QUERY_ALL_DATA || block->name_kind == WMI_NAMES_DYNAMIC) return true;
  ULONG count = ((const WNODE_ALL_DATA *)wnode)->InstanceCount;
  if (count <= block->instance_count) return true;
  snprintf(why, size, "InstanceCount %lu exceeds the %lu static instances registered", (unsigned long)count,
           (unsigned long)block->instance_count);
  return false;
}

NTSTATUS wmi_exchange(struct wmi_target *target, UCHAR minor, wmi_wnode_builder build, const void *args,
                      ULONG first_size, void **wnode, ULONG *valid) {
  struct wmisim *sim = target->provider->service->sim;
  ULONG size = first_size;
  for (uint32_t attempt = 0; attempt <= sim->options.max_wnode_retries; attempt++) {
    void *buffer = wmi_buffer_alloc(size);
    if (buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    ULONG data_offset = build(buffer, size, target->block, args);
    struct wmi_request request = {minor, &target->block->guid, 0, buffer, size, 0, 0};
    NTSTATUS status = wmi_send(target->provider, &request, false);
    if (request.buffer == NULL) return status; /* abandoned to a late completion */
    ULONG returned = request.information < size ? (ULONG)request.information : size;
    if (!NT_SUCCESS(status) || !returns_wnode(minor)) {
      if (NT_SUCCESS(status)) {
        *wnode = buffer;
        *valid = returned;
      } else {
        wmi_buffer_free(buffer);
      }
      return status;
    }
    char why[256];
    if (!wmi_check_returned_wnode(minor, buffer, returned, size, data_offset, why, sizeof why)) {
      wmi_buffer_free(buffer);
      return malformed(target, minor, why);
    }
    const WNODE_HEADER *header = buffer;
    if (!(header->Flags & WNODE_FLAG_TOO_SMALL) && !static_count_fits(target->block, minor, buffer, why, sizeof why)) {
      wmi_buffer_free(buffer);
      return malformed(target, minor, why);
    }
    if (!(header->Flags & WNODE_FLAG_TOO_SMALL)) {
      *wnode = buffer;
      *valid = returned;
      return status;
    }
    ULONG needed = ((const WNODE_TOO_SMALL *)buffer)->SizeNeeded;
    wmi_buffer_free(buffer);
    if (needed > MAX_WNODE_SIZE) return malformed(target, minor, "WNODE_TOO_SMALL asks for more than 64 MB");
    trace_note(sim, "WMI", "%s answered WNODE_TOO_SMALL: %lu bytes needed, asking again", target->provider->name,
               (unsigned long)needed);
    atomic_store_i32(&target->block->cached_size, (int32_t)needed);
    size = needed;
  }
  return malformed(target, minor, "it kept answering WNODE_TOO_SMALL");
}
