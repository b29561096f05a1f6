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

static NTSTATUS malformed(struct wmi_target *target, UCHAR minor, uint64_t irp_id, const char *why) {
  struct check_site site = {target->provider->device, NULL, "DispatchSystemControl"};
  struct check_irp_ref ref = {irp_id, IRP_MJ_SYSTEM_CONTROL, minor};
  check_report_irp(target->provider->service->sim, CHECK_WMI_MALFORMED_WNODE, &site, &ref,
                   "%s answered %s with a bad WNODE: %s", target->provider->name,
                   wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, minor), why);
  return STATUS_UNSUCCESSFUL;
}

/* What the block's registration says of a WNODE_ALL_DATA: WMI names static
 * instances from the registration, so there cannot be more than were
 * registered; a dynamic-name block must name its instances itself. */
static bool names_fit_block(const struct wmi_block *block, UCHAR minor, const void *wnode, char *why, size_t size) {
  if (minor != IRP_MN_QUERY_ALL_DATA) return true;
  const WNODE_ALL_DATA *all = wnode;
  if (block->name_kind != WMI_NAMES_DYNAMIC) {
    if (all->InstanceCount <= block->instance_count) return true;
    snprintf(why, size, "InstanceCount %lu exceeds the %lu static instances registered",
             (unsigned long)all->InstanceCount, (unsigned long)block->instance_count);
    return false;
  }
  if (all->InstanceCount == 0 ||
      (all->OffsetInstanceNameOffsets != 0 && !(all->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES)))
    return true;
  snprintf(why, size, "the block has dynamic instance names but the WNODE_ALL_DATA names none of its %lu instances",
           (unsigned long)all->InstanceCount);
  return false;
}

NTSTATUS wmi_exchange(struct wmi_target *target, UCHAR minor, wmi_wnode_builder build, const void *args,
                      ULONG first_size, void **wnode, ULONG *valid) {
  struct wmisim *sim = target->provider->service->sim;
  ULONG size = first_size;
  uint64_t irp_id = 0;
  for (uint32_t attempt = 0; attempt <= sim->options.max_wnode_retries; attempt++) {
    void *buffer = wmi_buffer_alloc(size);
    if (buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    ULONG data_offset = build(buffer, size, target->block, args);
    struct wmi_request request = {minor, &target->block->guid, 0, buffer, size, 0, 0, 0, 0, true};
    NTSTATUS status = wmi_send(target->provider, &request, false);
    irp_id = request.irp_id;
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
    if (request.information > size) {
      /* The I/O manager's InformationTooLarge rule reported it already. */
      wmi_buffer_free(buffer);
      trace_note(sim, "WMI", "%s returned IoStatus.Information %llu for a %lu-byte buffer; the answer is not used",
                 target->provider->name, (unsigned long long)request.information, (unsigned long)size);
      return STATUS_UNSUCCESSFUL;
    }
    if (!wmi_check_returned_wnode(minor, buffer, returned, size, data_offset, why, sizeof why)) {
      wmi_buffer_free(buffer);
      return malformed(target, minor, irp_id, why);
    }
    const WNODE_HEADER *header = buffer;
    if (!(header->Flags & WNODE_FLAG_TOO_SMALL) && !names_fit_block(target->block, minor, buffer, why, sizeof why)) {
      wmi_buffer_free(buffer);
      return malformed(target, minor, irp_id, why);
    }
    if (!(header->Flags & WNODE_FLAG_TOO_SMALL)) {
      *wnode = buffer;
      *valid = returned;
      return status;
    }
    ULONG needed = ((const WNODE_TOO_SMALL *)buffer)->SizeNeeded;
    wmi_buffer_free(buffer);
    if (needed > MAX_WNODE_SIZE) return malformed(target, minor, irp_id, "WNODE_TOO_SMALL asks for more than 64 MB");
    if (minor == IRP_MN_EXECUTE_METHOD) {
      /* The method did not run, and the caller's buffer bounds its output:
       * asking again with more room would run it with output the caller
       * cannot take, and again when the caller retries. */
      *valid = needed > data_offset ? needed - data_offset : 0;
      return STATUS_BUFFER_TOO_SMALL;
    }
    trace_note(sim, "WMI", "%s answered WNODE_TOO_SMALL: %lu bytes needed, asking again", target->provider->name,
               (unsigned long)needed);
    atomic_store_i32(&target->block->cached_size, (int32_t)needed);
    size = needed;
  }
  return malformed(target, minor, irp_id, "it kept answering WNODE_TOO_SMALL");
}
