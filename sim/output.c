/*
 * output.c - results, events, statuses and GUID lists on the result
 * stream, in the session's format.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "records.h"

/* A background statement's thread writes into its own file (jobs.c). */
static _Thread_local FILE *stream_override;

FILE *output_stream(struct session *session) {
  return stream_override != NULL ? stream_override : session->out;
}

void output_redirect(FILE *stream) {
  stream_override = stream;
}

/* ---- statements ---------------------------------------------------------------------------------- */

void output_echo(struct session *session, const struct statement *statement) {
  if (session->options.quiet) return;
  if (!session->options.echo || session->format == OUTPUT_JSON) return;
  size_t start = 0;
  const char *source = statement->source != NULL ? statement->source : "";
  while (start < statement->code_length && (source[start] == ' ' || source[start] == '\t')) start++;
  fprintf(output_stream(session), "> %.*s\n", (int)(statement->code_length - start), source + start);
}

/* {"line":N,"command":"name" ... the caller adds fields and the "}". */
static void json_begin(strbuf_t *json, const struct statement *statement) {
  sb_printf(json, "{\"line\":%u,\"command\":", statement->line);
  json_string(json, statement->command->name);
}

static void json_end(struct session *session, strbuf_t *json) {
  sb_puts(json, "}\n");
  fputs(sb_text(json), output_stream(session));
  sb_free(json);
}

static void json_status(strbuf_t *json, NTSTATUS status) {
  sb_puts(json, ",\"status\":");
  json_string(json, wmisim_status_name(status));
}

void output_status(struct session *session, const struct statement *statement, NTSTATUS status) {
  if (session->options.quiet) return;
  if (session->format != OUTPUT_JSON) {
    fprintf(output_stream(session), "status: %s (0x%08lX)\n\n", wmisim_status_name(status), (unsigned long)(ULONG)status);
    return;
  }
  strbuf_t json;
  sb_init(&json);
  json_begin(&json, statement);
  json_status(&json, status);
  json_end(session, &json);
}

/* {"line":N,"command":"name","status":"STATUS_SUCCESS" into a new `json`. */
static void json_success(strbuf_t *json, const struct statement *statement) {
  sb_init(json);
  json_begin(json, statement);
  json_status(json, STATUS_SUCCESS);
}

void output_done(struct session *session, const struct statement *statement) {
  if (session->options.quiet) return;
  if (session->format != OUTPUT_JSON || statement->line <= session->options.quiet_lines) return;
  strbuf_t json;
  json_success(&json, statement);
  json_end(session, &json);
}

void output_text(struct session *session, const struct statement *statement, const char *text) {
  if (session->options.quiet) return;
  if (session->format != OUTPUT_JSON) {
    fprintf(output_stream(session), "%s\n", text);
    return;
  }
  strbuf_t json;
  sb_init(&json);
  json_begin(&json, statement);
  sb_puts(&json, ",\"text\":");
  json_string(&json, text);
  json_end(session, &json);
}

static void print_records(struct session *session, const struct records *records) {
  if (session->format == OUTPUT_TABLE) records_print_table(records, output_stream(session));
  else records_print_list(records, output_stream(session));
}

/* ---- instances ----------------------------------------------------------------------------------- */

static void value_cell(struct records *records, const char *name, const wmisim_mof_value *value,
                       wmisim_value_style_t style) {
  size_t text_size = wmisim_format_mof_value(value, style, NULL, 0) + 1;
  size_t json_size = wmisim_format_mof_value(value, WMISIM_VALUE_JSON, NULL, 0) + 1;
  char *text = malloc(text_size), *json = malloc(json_size);
  if (text != NULL && json != NULL) {
    wmisim_format_mof_value(value, style, text, text_size);
    wmisim_format_mof_value(value, WMISIM_VALUE_JSON, json, json_size);
    bool number = value->kind == WMISIM_MOF_VALUE_SINT || value->kind == WMISIM_MOF_VALUE_UINT ||
                  value->kind == WMISIM_MOF_VALUE_REAL;
    records_add(records, name, text, json, number && style != WMISIM_VALUE_TEXT_HEX);
  } else {
    records->failed = true;
  }
  free(text);
  free(json);
}

/* Without a MOF class: the bytes, and the little-endian 32-bit values
 * most blocks are made of. */
static void raw_cells(struct records *records, const struct result_instance *instance) {
  records_add_number(records, "Size", instance->size);
  char *hex = malloc((size_t)instance->size * 3 + 1);
  if (hex == NULL) {
    records->failed = true;
    return;
  }
  wmisim_format_hex(instance->data, instance->size, hex, (size_t)instance->size * 3 + 1);
  records_add_string(records, "Data", hex);
  free(hex);
  if (instance->size == 0 || instance->size % 4 != 0 || instance->size > 64) return;
  strbuf_t text, json;
  sb_init(&text);
  sb_init(&json);
  for (ULONG at = 0; at < instance->size; at += 4) {
    ULONG value;
    memcpy(&value, instance->data + at, sizeof value);
    sb_printf(&text, "%s%lu", at == 0 ? "{" : ", ", (unsigned long)value);
    sb_printf(&json, "%s%lu", at == 0 ? "[" : ",", (unsigned long)value);
  }
  sb_puts(&text, "}");
  sb_puts(&json, "]");
  records_add(records, "AsUInt32", sb_text(&text), sb_text(&json), false);
  sb_free(&text);
  sb_free(&json);
}

/* The cells of one instance, added to the record begun last. */
static void instance_cells(struct session *session, struct records *records, const struct result_instance *instance,
                           bool with_name) {
  if (with_name) {
    if (instance->name[0] != '\0' || !instance->has_index) records_add_string(records, "InstanceName", instance->name);
    else records_add_number(records, "InstanceIndex", instance->index);
    records_add_bool(records, "Active", true);
  }
  if (instance->object == NULL) {
    raw_cells(records, instance);
    return;
  }
  wmisim_value_style_t style = session->format == OUTPUT_LIST ? WMISIM_VALUE_TEXT_HEX : WMISIM_VALUE_TEXT;
  for (size_t i = 0; i < instance->object->property_count; i++) {
    const wmisim_mof_property *property = &instance->object->properties[i];
    value_cell(records, property->item->name, &property->value, style);
  }
}

static void json_target(strbuf_t *json, const struct result *result) {
  char guid[39];
  wmisim_guid_format(&result->guid, guid);
  sb_puts(json, ",\"guid\":");
  json_string(json, guid);
  sb_puts(json, ",\"class\":");
  if (result->block != NULL) json_string(json, result->block->name);
  else sb_puts(json, "null");
  if (result->method != NULL) {
    sb_puts(json, ",\"method\":");
    json_string(json, result->method);
  }
}

void output_result(struct session *session, const struct statement *statement, const struct result *result) {
  if (session->options.quiet) return;
  bool method = strcmp(statement->command->name, "call") == 0;
  struct records records = {0};
  for (size_t i = 0; i < result->count; i++) {
    records_begin(&records);
    instance_cells(session, &records, &result->instances[i], !method);
  }
  if (session->format != OUTPUT_JSON) {
    print_records(session, &records);
  } else {
    strbuf_t json;
    json_success(&json, statement);
    json_target(&json, result);
    if (method && records.count == 1) {
      sb_puts(&json, ",\"output\":");
      records_json_record(&records.items[0], &json);
    } else {
      sb_puts(&json, ",\"instances\":");
      records_json(&records, &json);
    }
    json_end(session, &json);
  }
  records_free(&records);
}

/* ---- events ------------------------------------------------------------------------------------- */

void output_event(struct session *session, const struct event_copy *event) {
  const wmisim_mof_class *cls = session_class_of(session, &event->guid);
  char guid[39], why[128];
  wmisim_guid_format(&event->guid, guid);
  result_clear(&session->last_event);
  if (!result_from_wnode(&session->last_event, &event->guid, cls, event->wnode, event->size, why, sizeof why)) {
    fflush(output_stream(session));
    fprintf(stderr, "wmisim: event %s: malformed WNODE: %s\n", guid, why);
    return;
  }
  if (session->options.quiet) return; /* `expect event` still sees it */
  struct records records = {0};
  for (size_t i = 0; i < session->last_event.count; i++) {
    records_begin(&records);
    records_add_string(&records, "Event", cls != NULL ? cls->name : guid);
    if (event->lost > 0) records_add_number(&records, "Lost", event->lost);
    instance_cells(session, &records, &session->last_event.instances[i], true);
  }
  if (session->format != OUTPUT_JSON) {
    records_print_list(&records, output_stream(session));
  } else {
    strbuf_t json;
    sb_init(&json);
    sb_puts(&json, "{\"event\":");
    json_string(&json, cls != NULL ? cls->name : guid);
    sb_puts(&json, ",\"guid\":");
    json_string(&json, guid);
    sb_printf(&json, ",\"lost\":%lu,\"instances\":", (unsigned long)event->lost);
    records_json(&records, &json);
    sb_puts(&json, "}\n");
    fputs(sb_text(&json), output_stream(session));
    sb_free(&json);
  }
  records_free(&records);
}

/* ---- GUID lists ---------------------------------------------------------------------------------- */

static void guid_cells(struct session *session, struct records *records, const GUID *guid, bool brief) {
  wmisim_guid_info_t info;
  char text[39], flags[256];
  wmisim_guid_format(guid, text);
  if (!NT_SUCCESS(wmisim_wmi_guid_info(session->sim, guid, &info))) return;
  const wmisim_mof_class *cls = session_class_of(session, guid);
  wmisim_format_reg_flags(info.flags, flags, sizeof flags);
  records_begin(records);
  records_add_string(records, "Guid", text);
  records_add_string(records, "Class", cls != NULL ? cls->name : "");
  records_add_string(records, "Flags", flags);
  if (info.dynamic_names) records_add(records, "Instances", "dynamic", "\"dynamic\"", false);
  else records_add_number(records, "Instances", info.instance_count);
  if (brief) return;
  char names[16][256];
  size_t count = wmisim_wmi_instance_names(session->sim, guid, &names[0][0], sizeof names[0], 16);
  strbuf_t list, json;
  sb_init(&list);
  sb_init(&json);
  sb_puts(&list, "{");
  sb_puts(&json, "[");
  for (size_t i = 0; i < count && i < 16; i++) {
    sb_printf(&list, "%s%s", i > 0 ? ", " : "", names[i]);
    if (i > 0) sb_putc(&json, ',');
    json_string(&json, names[i]);
  }
  if (count > 16) sb_printf(&list, ", ... (%zu in all)", count);
  sb_puts(&list, "}");
  sb_puts(&json, "]");
  records_add(records, "InstanceNames", sb_text(&list), sb_text(&json), false);
  sb_free(&list);
  sb_free(&json);
  records_add_number(records, "Providers", info.provider_count);
  records_add_bool(records, "Expensive", info.expensive);
  records_add_bool(records, "EventOnly", info.event_only);
  records_add_bool(records, "EventsEnabled", info.events_enabled);
  records_add_bool(records, "Collecting", info.collecting);
  records_add_number(records, "Subscribers", info.subscribers);
  records_add_string(records, "MofResource", info.mof_resource);
}

void output_guids(struct session *session, const struct statement *statement, const GUID *guids, size_t count) {
  if (session->options.quiet) return;
  struct records records = {0};
  for (size_t i = 0; i < count; i++) guid_cells(session, &records, &guids[i], session->format == OUTPUT_TABLE);
  if (session->format != OUTPUT_JSON && count == 0) {
    fputs("No GUIDs are registered.\n\n", output_stream(session));
  } else if (session->format != OUTPUT_JSON) {
    print_records(session, &records);
  } else {
    strbuf_t json;
    json_success(&json, statement);
    sb_puts(&json, ",\"guids\":");
    records_json(&records, &json);
    json_end(session, &json);
  }
  records_free(&records);
}

/* ---- WNODEs into results --------------------------------------------------------------------------- */

static bool add_instance(struct result *result, const wmisim_wnode_instance_t *found, const wmisim_mof_class *cls) {
  struct result_instance *grown = realloc(result->instances, (result->count + 1) * sizeof *grown);
  if (grown == NULL) return false;
  result->instances = grown;
  struct result_instance *instance = &grown[result->count];
  memset(instance, 0, sizeof *instance);
  instance->name = sim_strdup(found->name);
  instance->data = malloc(found->size > 0 ? found->size : 1);
  if (instance->name == NULL || instance->data == NULL) {
    free(instance->name);
    free(instance->data);
    return false;
  }
  memcpy(instance->data, found->data, found->size);
  instance->size = found->size;
  instance->has_index = (found->wnode->Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) != 0;
  instance->index = found->index;
  /* A block that does not decode by its class is shown as bytes. */
  if (cls != NULL && !NT_SUCCESS(wmisim_mof_decode(cls, found->data, found->size, &instance->object, NULL, NULL)))
    instance->object = NULL;
  result->count++;
  return true;
}

bool result_from_wnode(struct result *result, const GUID *guid, const wmisim_mof_class *cls, const void *wnode,
                       size_t size, char *why, size_t why_size) {
  result_clear(result);
  result->valid = true;
  result->guid = *guid;
  result->cls = cls;
  result->block = cls;
  wmisim_wnode_walk_t walk;
  if (!wmisim_wnode_walk_init(&walk, wnode, size, why, why_size)) return false;
  wmisim_wnode_instance_t found;
  while (wmisim_wnode_next(&walk, &found))
    if (!add_instance(result, &found, cls)) {
      snprintf(why, why_size, "out of memory");
      return false;
    }
  return true;
}
