/*
 * change.c - IRP_MN_CHANGE_SINGLE_INSTANCE, IRP_MN_CHANGE_SINGLE_ITEM and
 * IRP_MN_EXECUTE_METHOD for consumers.
 */
#include <string.h>

#include "core/sim.h"
#include "wmi/exchange.h"

struct change {
  struct instance_args *instance;
  ULONG id;                 /* item or method id */
  ULONG version;
  ULONG size;               /* input data size */
  const void *data;
};

static ULONG put_name(void *wnode, ULONG fixed, const struct instance_args *instance) {
  return wmi_put_instance_name(wnode, fixed, instance->name, instance->length);
}

static ULONG flags_for(const struct instance_args *instance, ULONG kind) {
  return kind | (instance->dynamic ? 0 : WNODE_FLAG_STATIC_INSTANCE_NAMES);
}

static ULONG build_set_instance(void *wnode, ULONG size, const struct wmi_block *block, const void *raw) {
  const struct change *c = raw;
  WNODE_SINGLE_INSTANCE *single = wnode;
  wmi_fill_header(wnode, block, size, flags_for(c->instance, WNODE_FLAG_SINGLE_INSTANCE));
  single->WnodeHeader.Version = c->version;
  single->OffsetInstanceName = sizeof *single;
  single->InstanceIndex = c->instance->dynamic ? 0 : c->instance->index;
  single->DataBlockOffset = put_name(wnode, sizeof *single, c->instance);
  single->SizeDataBlock = c->size;
  if (c->size != 0) memcpy((unsigned char *)wnode + single->DataBlockOffset, c->data, c->size);
  single->WnodeHeader.BufferSize = single->DataBlockOffset + c->size;
  return single->DataBlockOffset;
}

static ULONG build_set_item(void *wnode, ULONG size, const struct wmi_block *block, const void *raw) {
  const struct change *c = raw;
  WNODE_SINGLE_ITEM *item = wnode;
  wmi_fill_header(wnode, block, size, flags_for(c->instance, WNODE_FLAG_SINGLE_ITEM));
  item->WnodeHeader.Version = c->version;
  item->OffsetInstanceName = sizeof *item;
  item->InstanceIndex = c->instance->dynamic ? 0 : c->instance->index;
  item->ItemId = c->id;
  item->DataBlockOffset = put_name(wnode, sizeof *item, c->instance);
  item->SizeDataItem = c->size;
  if (c->size != 0) memcpy((unsigned char *)wnode + item->DataBlockOffset, c->data, c->size);
  item->WnodeHeader.BufferSize = item->DataBlockOffset + c->size;
  return item->DataBlockOffset;
}

static ULONG build_method(void *wnode, ULONG size, const struct wmi_block *block, const void *raw) {
  const struct change *c = raw;
  WNODE_METHOD_ITEM *method = wnode;
  wmi_fill_header(wnode, block, size, flags_for(c->instance, WNODE_FLAG_METHOD_ITEM));
  method->OffsetInstanceName = sizeof *method;
  method->InstanceIndex = c->instance->dynamic ? 0 : c->instance->index;
  method->MethodId = c->id;
  method->DataBlockOffset = put_name(wnode, sizeof *method, c->instance);
  method->SizeDataBlock = c->size;
  if (c->size != 0) memcpy((unsigned char *)wnode + method->DataBlockOffset, c->data, c->size);
  /* The WNODE_HEADER page: in IRP_MN_CHANGE_XXX and IRP_MN_EXECUTE_METHOD
   * requests the header's BufferSize is the size of the input; the IRP's
   * Parameters.WMI.BufferSize is the room for output. */
  method->WnodeHeader.BufferSize = method->DataBlockOffset + c->size;
  return method->DataBlockOffset;
}

static NTSTATUS set_attempt(struct wmi_target *target, struct instance_args *instance, void *context) {
  struct change *c = context;
  c->instance = instance;
  bool item = c->id != (ULONG)-1;
  ULONG fixed = item ? (ULONG)sizeof(WNODE_SINGLE_ITEM) : (ULONG)sizeof(WNODE_SINGLE_INSTANCE);
  void *wnode = NULL;
  ULONG valid;
  NTSTATUS status = wmi_exchange(target, item ? IRP_MN_CHANGE_SINGLE_ITEM : IRP_MN_CHANGE_SINGLE_INSTANCE,
                                 item ? build_set_item : build_set_instance, c,
                                 wmi_instance_request_size(fixed, instance->length, c->size), &wnode, &valid);
  wmi_buffer_free(wnode);
  return status;
}

NTSTATUS wmi_set_single(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG version, ULONG size,
                        const void *data) {
  struct change c = {NULL, (ULONG)-1, version, size, data};
  return wmi_for_instance(entry, name, length, set_attempt, &c);
}

NTSTATUS wmi_set_item(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG item, ULONG version,
                      ULONG size, const void *data) {
  if (item == (ULONG)-1) return STATUS_WMI_ITEMID_NOT_FOUND;
  struct change c = {NULL, item, version, size, data};
  return wmi_for_instance(entry, name, length, set_attempt, &c);
}

/* ---- methods -------------------------------------------------------------------------------- */

struct method_call {
  struct change change;
  ULONG *out_size;
  void *out;
};

static ULONG build_probe(void *wnode, ULONG size, const struct wmi_block *block, const void *raw) {
  const struct instance_args *instance = raw;
  WNODE_SINGLE_INSTANCE *single = wnode;
  wmi_fill_header(wnode, block, size, flags_for(instance, WNODE_FLAG_SINGLE_INSTANCE));
  single->OffsetInstanceName = sizeof *single;
  single->InstanceIndex = instance->dynamic ? 0 : instance->index;
  single->DataBlockOffset = put_name(wnode, sizeof *single, instance);
  return single->DataBlockOffset;
}

/* WMI queries the instance before running a method on it. */
static NTSTATUS probe_instance(struct wmi_target *target, struct instance_args *instance) {
  void *wnode = NULL;
  ULONG valid;
  NTSTATUS status = wmi_exchange(target, IRP_MN_QUERY_SINGLE_INSTANCE, build_probe, instance,
                                 wmi_instance_request_size(sizeof(WNODE_SINGLE_INSTANCE), instance->length, 256),
                                 &wnode, &valid);
  wmi_buffer_free(wnode);
  return status;
}

static NTSTATUS method_attempt(struct wmi_target *target, struct instance_args *instance, void *context) {
  struct method_call *call = context;
  call->change.instance = instance;
  NTSTATUS status = probe_instance(target, instance);
  if (!NT_SUCCESS(status)) return status;
  ULONG room = call->change.size > *call->out_size ? call->change.size : *call->out_size;
  void *wnode = NULL;
  ULONG valid;
  status = wmi_exchange(target, IRP_MN_EXECUTE_METHOD, build_method, &call->change,
                        wmi_instance_request_size(sizeof(WNODE_METHOD_ITEM), instance->length, room), &wnode, &valid);
  if (status == STATUS_BUFFER_TOO_SMALL) *call->out_size = valid;
  if (!NT_SUCCESS(status)) return status;
  const WNODE_METHOD_ITEM *method = wnode;
  if (call->out == NULL || *call->out_size < method->SizeDataBlock) {
    status = method->SizeDataBlock == 0 ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
  } else {
    memcpy(call->out, (const unsigned char *)wnode + method->DataBlockOffset, method->SizeDataBlock);
  }
  *call->out_size = method->SizeDataBlock;
  wmi_buffer_free(wnode);
  return status;
}

NTSTATUS wmi_execute_method(struct wmi_guid *entry, const WCHAR *name, size_t length, ULONG method, ULONG in_size,
                            const void *in, ULONG *out_size, void *out) {
  struct method_call call = {{NULL, method, 0, in_size, in}, out_size, out};
  return wmi_for_instance(entry, name, length, method_attempt, &call);
}
