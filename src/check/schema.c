/*
 * schema.c - the WmiDataSchema rule: what a driver returns and accepts is
 * checked against the MOF class of the block, when a test gave the
 * checking mode the drivers' MOF (wmisim_check_attach_mof).
 *
 * The WMI service calls check_wmi_answer() for every request that came
 * back and check_wmi_event() for every event; both do nothing without a
 * schema or for a GUID the schema does not know. A WNODE the service finds
 * malformed is left to WmiMalformedWnode: one fault, one report.
 */
#include "check/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wmisim/mof.h>

#include "check/check.h"
#include "check/state.h"
#include "core/sim.h"
#include "platform/atomic.h"
#include "wmi/wmi_internal.h"

/* ---- attaching a schema -------------------------------------------------------------------- */

/* With schema_lock write-held, or at the end. */
static void attach_schema(struct check_state *state, const struct wmisim_mof_schema *schema) {
  state->schema = schema;
  atomic_store_i32(&state->schema_attached, schema != NULL);
}

void check_schema_free(struct check_state *state) {
  wmisim_mof_schema_destroy(state->owned_schema);
  state->owned_schema = NULL;
  attach_schema(state, NULL);
}

NTSTATUS wmisim_check_attach_mof(wmisim_t *sim, const struct wmisim_mof_schema *schema) {
  plat_rwlock_write_lock(&sim->check->schema_lock);
  attach_schema(sim->check, schema);
  plat_rwlock_write_unlock(&sim->check->schema_lock);
  return STATUS_SUCCESS;
}

NTSTATUS wmisim_check_load_mof(wmisim_t *sim, const char *path, struct wmisim_mof_diagnostics *diags) {
  struct check_state *state = sim->check;
  plat_rwlock_write_lock(&state->schema_lock);
  NTSTATUS status = STATUS_SUCCESS;
  if (state->owned_schema == NULL) status = wmisim_mof_schema_create(&state->owned_schema);
  if (NT_SUCCESS(status)) status = wmisim_mof_schema_load_file(state->owned_schema, path, diags);
  if (NT_SUCCESS(status)) attach_schema(state, state->owned_schema);
  plat_rwlock_write_unlock(&state->schema_lock);
  return status;
}

/* The attached schema, read-held until release_schema(); NULL (not held)
 * when there is none or checking is off. Without a schema no lock is
 * touched: two threads' requests share no written cache line here. */
static const struct wmisim_mof_schema *hold_schema(struct wmisim *sim) {
  if (!check_enabled(sim) || atomic_load_i32(&sim->check->schema_attached) == 0) return NULL;
  plat_rwlock_read_lock(&sim->check->schema_lock);
  const struct wmisim_mof_schema *schema = sim->check->schema;
  if (schema == NULL) plat_rwlock_read_unlock(&sim->check->schema_lock);
  return schema;
}

static void release_schema(struct wmisim *sim) {
  plat_rwlock_read_unlock(&sim->check->schema_lock);
}

/* ---- reporting ------------------------------------------------------------------------------ */

/* The first error of a validation, "at byte N of the <where>: message"
 * (the validator counts from the start of what it was given). */
static void first_error(const wmisim_mof_diagnostics *diags, const char *where, char *text, size_t size) {
  snprintf(text, size, "the block does not decode");
  for (size_t i = 0; i < wmisim_mof_diagnostics_count(diags); i++) {
    const wmisim_mof_diagnostic *d = wmisim_mof_diagnostics_at(diags, i);
    if (d->severity != WMISIM_MOF_ERROR) continue;
    if (d->column > 0)
      snprintf(text, size, "at byte %u of the %s: %s", d->column - 1, where, d->message);
    else
      snprintf(text, size, "%s", d->message);
    return;
  }
}

/* One check of what a driver returned, accepted or fired. Its finding is
 * kept and reported after the schema is released: a violation handler may
 * leave by longjmp and must find no lock held. */
struct answer {
  struct wmisim *sim;
  const struct wmisim_mof_schema *schema;
  const wmisim_mof_class *cls;
  struct check_site site;
  struct check_irp_ref irp;
  bool found;
  char finding[512];
};

static void report(struct answer *a, const char *what, const char *detail) {
  snprintf(a->finding, sizeof a->finding, "%s of class %s %s", what, a->cls->name, detail);
  a->found = true;
}

static void report_finding(struct answer *a) {
  if (a->found) check_report_irp(a->sim, CHECK_WMI_DATA_SCHEMA, &a->site, &a->irp, "%s", a->finding);
}

/* Validates `size` bytes of `data` against `cls`; reports the first error. */
static void check_block(struct answer *a, const wmisim_mof_class *cls, const void *data, ULONG size,
                        const char *what) {
  wmisim_mof_diagnostics *diags = NULL;
  if (!NT_SUCCESS(wmisim_mof_diagnostics_create(&diags))) return;
  if (wmisim_mof_validate_block(cls, data, size, diags) == STATUS_DATA_ERROR) {
    char text[320];
    first_error(diags, "block", text, sizeof text);
    report(a, what, text);
  }
  wmisim_mof_diagnostics_destroy(diags);
}

/* ---- what a driver returned ----------------------------------------------------------------- */

/* Query results, decoded through the WNODE's GUID: a driver that changed
 * the GUID in the header is checked against the GUID it was asked for. */
static void check_query(struct answer *a, const GUID *guid, const void *wnode, ULONG size) {
  unsigned char *copy = NULL;
  if (!IsEqualGUID(&((const WNODE_HEADER *)wnode)->Guid, guid)) {
    copy = malloc(size);
    if (copy == NULL) return;
    memcpy(copy, wnode, size);
    ((WNODE_HEADER *)copy)->Guid = *guid;
    wnode = copy;
  }
  wmisim_mof_diagnostics *diags = NULL;
  if (NT_SUCCESS(wmisim_mof_diagnostics_create(&diags))) {
    if (wmisim_mof_validate_wnode(a->schema, wnode, size, diags) == STATUS_DATA_ERROR) {
      char text[320];
      first_error(diags, "WNODE", text, sizeof text);
      report(a, "the data returned for a block", text);
    }
    wmisim_mof_diagnostics_destroy(diags);
  }
  free(copy);
}

static void check_method_output(struct answer *a, const WNODE_METHOD_ITEM *method) {
  const wmisim_mof_method *m = wmisim_mof_class_find_method(a->cls, method->MethodId);
  char what[96];
  if (m == NULL) {
    snprintf(what, sizeof what, "method id %lu succeeded although it is no method", (unsigned long)method->MethodId);
    report(a, what, "in the MOF");
    return;
  }
  snprintf(what, sizeof what, "the output of method %s", m->name);
  if (m->output != NULL)
    check_block(a, m->output, (const unsigned char *)method + method->DataBlockOffset, method->SizeDataBlock, what);
  else if (method->SizeDataBlock != 0)
    report(a, what, "has no out parameters, but the driver returned output bytes");
}

/* ---- what a driver accepted ---------------------------------------------------------------- */

static bool input_within(const WNODE_HEADER *header, ULONG buffer_size, ULONG fixed, ULONG offset, ULONG length) {
  ULONG size = header->BufferSize < buffer_size ? header->BufferSize : buffer_size;
  return size >= fixed && offset <= size && length <= size - offset;
}

static void check_set_instance(struct answer *a, const WNODE_SINGLE_INSTANCE *set, ULONG buffer_size) {
  if (!input_within(&set->WnodeHeader, buffer_size, sizeof *set, set->DataBlockOffset, set->SizeDataBlock)) return;
  check_block(a, a->cls, (const unsigned char *)set + set->DataBlockOffset, set->SizeDataBlock,
              "CHANGE_SINGLE_INSTANCE data accepted for a block");
}

static void check_set_item(struct answer *a, const WNODE_SINGLE_ITEM *set, ULONG buffer_size) {
  if (!input_within(&set->WnodeHeader, buffer_size, sizeof *set, set->DataBlockOffset, set->SizeDataItem)) return;
  const wmisim_mof_item *item = wmisim_mof_class_find_item_by_id(a->cls, set->ItemId);
  char detail[160];
  if (item == NULL) {
    snprintf(detail, sizeof detail, "has no item with WmiDataId %lu", (unsigned long)set->ItemId);
  } else if (!item->writable) {
    snprintf(detail, sizeof detail, "declares item %s (WmiDataId %lu) without `write`", item->name,
             (unsigned long)set->ItemId);
  } else if (item->size != 0 && set->SizeDataItem != item->size) {
    snprintf(detail, sizeof detail, "lays item %s out in %lu bytes; the driver accepted %lu", item->name,
             (unsigned long)item->size, (unsigned long)set->SizeDataItem);
  } else {
    return;
  }
  report(a, "a CHANGE_SINGLE_ITEM the driver accepted: the block", detail);
}

static void check_answer(struct answer *a, UCHAR minor, const GUID *guid, const void *wnode, ULONG valid,
                         ULONG buffer_size) {
  switch (minor) {
  case IRP_MN_CHANGE_SINGLE_INSTANCE: check_set_instance(a, wnode, buffer_size); return;
  case IRP_MN_CHANGE_SINGLE_ITEM: check_set_item(a, wnode, buffer_size); return;
  case IRP_MN_QUERY_ALL_DATA:
  case IRP_MN_QUERY_SINGLE_INSTANCE:
  case IRP_MN_EXECUTE_METHOD: break;
  default: return;
  }
  char why[256];
  const WNODE_HEADER *header = wnode;
  if (valid < sizeof *header || (header->Flags & WNODE_FLAG_TOO_SMALL)) return;
  if (!wmi_check_returned_wnode(minor, wnode, valid, buffer_size, 0, why, sizeof why)) return;
  if (minor == IRP_MN_EXECUTE_METHOD)
    check_method_output(a, wnode);
  else
    check_query(a, guid, wnode, header->BufferSize);
}

void check_wmi_answer(struct wmisim *sim, PDEVICE_OBJECT provider, uint64_t irp_id, UCHAR minor, const GUID *guid,
                      const void *wnode, ULONG valid, ULONG buffer_size, NTSTATUS status) {
  if (guid == NULL || wnode == NULL || !NT_SUCCESS(status)) return;
  const struct wmisim_mof_schema *schema = hold_schema(sim);
  if (schema == NULL) return;
  const wmisim_mof_class *cls = wmisim_mof_schema_find_guid(schema, guid);
  struct answer a = {sim, schema, cls, {provider, NULL, "DispatchSystemControl"},
                     {irp_id, IRP_MJ_SYSTEM_CONTROL, minor}, false, ""};
  if (cls != NULL) check_answer(&a, minor, guid, wnode, valid, buffer_size);
  release_schema(sim);
  report_finding(&a);
}

/* ---- events ---------------------------------------------------------------------------------- */

static void check_event(struct answer *a, const WNODE_HEADER *event) {
  wmisim_mof_diagnostics *diags = NULL;
  if (!NT_SUCCESS(wmisim_mof_diagnostics_create(&diags))) return;
  if (wmisim_mof_validate_wnode(a->schema, event, event->BufferSize, diags) == STATUS_DATA_ERROR) {
    char text[320];
    first_error(diags, "WNODE", text, sizeof text);
    report(a, "an event", text);
  }
  wmisim_mof_diagnostics_destroy(diags);
}

void check_wmi_event(struct wmisim *sim, PDEVICE_OBJECT source, const WNODE_HEADER *event) {
  if (event == NULL) return;
  const struct wmisim_mof_schema *schema = hold_schema(sim);
  if (schema == NULL) return;
  const wmisim_mof_class *cls = wmisim_mof_schema_find_guid(schema, &event->Guid);
  struct answer a = {sim, schema, cls, {source, NULL, "IoWMIWriteEvent"}, {0, -1, -1}, false, ""};
  if (cls != NULL) check_event(&a, event);
  release_schema(sim);
  report_finding(&a);
}
