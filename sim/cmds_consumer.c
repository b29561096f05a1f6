/*
 * cmds_consumer.c - the statements a WMI consumer makes: list the
 * registered GUIDs, query, set, call methods, subscribe to events, and
 * open blocks (an EXPENSIVE block collects only while open).
 */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "output.h"
#include "values.h"

#define ALL_ACCESS (WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE)
#define FIRST_BUFFER 4096
#define MAX_RETRIES 8

/* ---- list ----------------------------------------------------------------------------------------- */

enum outcome cmd_list(struct exec *exec) {
  struct session *session = exec->session;
  if (exec->argc == 1) {
    struct target target;
    if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
    wmisim_guid_info_t info;
    NTSTATUS status = wmisim_wmi_guid_info(session->sim, &target.guid, &info);
    if (!NT_SUCCESS(status)) return exec_status(exec, status);
    output_guids(session, exec->statement, &target.guid, 1);
    return OUTCOME_OK;
  }
  ULONG count = 0;
  NTSTATUS status = wmisim_wmi_enumerate_guids(session->sim, NULL, &count);
  GUID *guids = malloc((count > 0 ? count : 1) * sizeof *guids);
  if (guids == NULL) return exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
  status = wmisim_wmi_enumerate_guids(session->sim, guids, &count);
  if (NT_SUCCESS(status)) output_guids(session, exec->statement, guids, count);
  free(guids);
  return NT_SUCCESS(status) ? OUTCOME_OK : exec_status(exec, status);
}

/* ---- queries ------------------------------------------------------------------------------------- */

/* A last word buffer=BYTES: the size of the first buffer, taken off the
 * arguments. False (reported) if malformed. */
static bool buffer_option(struct exec *exec, ULONG *first) {
  uint64_t bytes = FIRST_BUFFER;
  const char *last = exec->argv[exec->argc - 1];
  if (exec->argc > 1 && strncmp(last, "buffer=", 7) == 0) {
    if (!parse_u64(last + 7, &bytes) || bytes > 0x7FFFFFFF) {
      exec_error(exec, exec->argc - 1, OUTCOME_INPUT, "'%s' is not a buffer size in bytes", last);
      return false;
    }
    exec->argc--;
  }
  *first = (ULONG)bytes;
  return true;
}

/* What a client does on STATUS_BUFFER_TOO_SMALL, said aloud. */
static void retry_note(struct exec *exec, ULONG capacity, ULONG needed) {
  if (exec->session->format == OUTPUT_JSON || exec->session->options.quiet) return;
  fprintf(output_stream(exec->session), "(STATUS_BUFFER_TOO_SMALL for a %lu-byte buffer: %lu bytes needed; asking again)\n",
          (unsigned long)capacity, (unsigned long)needed);
}

/* Calls a query with a growing buffer, as WMI clients do: a first guess,
 * then the size STATUS_BUFFER_TOO_SMALL reports. */
static NTSTATUS query_loop(struct exec *exec, wmisim_block_t *block, const char *instance, ULONG first, void **buffer,
                           ULONG *size) {
  ULONG capacity = first;
  NTSTATUS status = STATUS_BUFFER_TOO_SMALL;
  *buffer = NULL;
  for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    free(*buffer);
    *buffer = malloc(capacity > 0 ? capacity : 1);
    if (*buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    *size = capacity;
    status = instance == NULL ? wmisim_wmi_query_all(block, size, *buffer)
                              : wmisim_wmi_query_single(block, instance, size, *buffer);
    if (status != STATUS_BUFFER_TOO_SMALL) break;
    retry_note(exec, capacity, *size);
    capacity = *size;
  }
  return status;
}

/* Queries into `result`; `instance` NULL for every instance. */
static NTSTATUS query_into(struct exec *exec, struct result *result, const struct target *target, const char *instance,
                           ULONG first, bool *malformed) {
  struct session *session = exec->session;
  wmisim_block_t *block;
  *malformed = false;
  NTSTATUS status = wmisim_wmi_open(session->sim, &target->guid, WMIGUID_QUERY, &block);
  if (!NT_SUCCESS(status)) return status;
  void *buffer = NULL;
  ULONG size = 0;
  status = query_loop(exec, block, instance, first, &buffer, &size);
  wmisim_wmi_close(block);
  char why[256];
  if (NT_SUCCESS(status) && !result_from_wnode(result, &target->guid, target->cls, buffer, size, why, sizeof why)) {
    exec_error(exec, 0, OUTCOME_EXPECT, "the result is not a valid WNODE: %s", why);
    *malformed = true;
  }
  free(buffer);
  return status;
}

enum outcome cmd_query(struct exec *exec) {
  struct target target;
  ULONG first;
  if (!buffer_option(exec, &first)) return OUTCOME_INPUT;
  int argc = exec->argc;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  strbuf_t instance;
  sb_init(&instance);
  if (argc == 2 && !resolve_instance(exec, 1, &target, &instance)) return OUTCOME_INPUT;
  struct result *result = exec_new_result(exec);
  bool malformed;
  NTSTATUS status = query_into(exec, result, &target, argc == 2 ? sb_text(&instance) : NULL,
                               first, &malformed);
  sb_free(&instance);
  if (malformed) return OUTCOME_EXPECT;
  if (!NT_SUCCESS(status)) return exec_status(exec, status);
  output_result(exec->session, exec->statement, result);
  return OUTCOME_OK;
}

/* ---- sets ---------------------------------------------------------------------------------------- */

static const wmisim_mof_class *need_class(struct exec *exec, const struct target *target, const char *what) {
  if (target->cls == NULL)
    exec_error(exec, 0, OUTCOME_INPUT, "no MOF describes %s, so %s cannot be given by name: use 'data' and typed "
               "values, or load its MOF with 'mof FILE'", target->name, what);
  return target->cls;
}

/* Applies Name=Value words from `first` to `object`. */
static bool assign(struct exec *exec, int first, wmisim_mof_object *object) {
  struct value_store store = {0};
  bool ok = true;
  for (int i = first; ok && i < exec->argc; i++) {
    char *equals = strchr(exec->argv[i], '=');
    if (equals == NULL || equals == exec->argv[i]) {
      exec_error(exec, i, OUTCOME_INPUT, "'%s' is not Name=Value", exec->argv[i]);
      ok = false;
      break;
    }
    *equals = '\0';
    const wmisim_mof_item *item = wmisim_mof_class_find_item(object->cls, exec->argv[i]);
    wmisim_mof_value value;
    char why[256] = "";
    if (item == NULL) {
      exec_error(exec, i, OUTCOME_INPUT, "%s has no property '%s'", object->cls->name, exec->argv[i]);
      ok = false;
    } else if (!parse_item_value(item, equals + 1, &value, &store, why, sizeof why) ||
               !NT_SUCCESS(wmisim_mof_object_set(object, item->name, &value))) {
      exec_error(exec, i, OUTCOME_INPUT, "%s: %s", item->name, why[0] != '\0' ? why : "value out of range");
      ok = false;
    }
    *equals = '=';
  }
  value_store_free(&store);
  return ok;
}

/* Encodes `object` into `bytes`. */
static bool encode(struct exec *exec, const wmisim_mof_object *object, strbuf_t *bytes) {
  ULONG needed = 0;
  wmisim_mof_encode(object, NULL, 0, &needed);
  char *buffer = malloc(needed > 0 ? needed : 1);
  bool ok = buffer != NULL && NT_SUCCESS(wmisim_mof_encode(object, buffer, needed, &needed));
  if (ok) sb_append(bytes, buffer, needed);
  else exec_error(exec, 0, OUTCOME_INPUT, "the values do not encode as %s", object->cls->name);
  free(buffer);
  return ok;
}

#define SET_WHOLE_INSTANCE (-1)

/* Sends the set: the whole instance, or item `item`. */
static enum outcome send_set(struct exec *exec, const struct target *target, const char *instance, long long item,
                             const strbuf_t *bytes) {
  wmisim_block_t *block;
  NTSTATUS status = wmisim_wmi_open(exec->session->sim, &target->guid, WMIGUID_SET, &block);
  if (NT_SUCCESS(status)) {
    status = item == SET_WHOLE_INSTANCE
                 ? wmisim_wmi_set_single(block, instance, (ULONG)bytes->length, sb_text(bytes))
                 : wmisim_wmi_set_item(block, instance, (ULONG)item, (ULONG)bytes->length, sb_text(bytes));
    wmisim_wmi_close(block);
  }
  if (!NT_SUCCESS(status)) return exec_status(exec, status);
  output_done(exec->session, exec->statement);
  return OUTCOME_OK;
}

/* The instance's current data decoded, for a set by property name (the
 * last result stays what it was). */
static wmisim_mof_object *current(struct exec *exec, const struct target *target, const char *instance,
                                  NTSTATUS *status) {
  bool malformed;
  struct result now = {0};
  *status = query_into(exec, &now, target, instance, FIRST_BUFFER, &malformed);
  if (malformed) *status = STATUS_UNSUCCESSFUL;
  wmisim_mof_object *object = NULL;
  if (NT_SUCCESS(*status) && now.count == 1) {
    object = now.instances[0].object;
    now.instances[0].object = NULL;
  }
  result_clear(&now);
  return object;
}

enum outcome cmd_set(struct exec *exec) {
  struct target target;
  strbuf_t instance, bytes;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  sb_init(&instance);
  sb_init(&bytes);
  enum outcome outcome = OUTCOME_INPUT;
  NTSTATUS status;
  if (!resolve_instance(exec, 1, &target, &instance)) goto out;
  if (strcmp(exec->argv[2], "data") == 0) {
    if (!encode_raw(exec, 3, &bytes)) goto out;
  } else {
    if (need_class(exec, &target, "properties") == NULL) goto out;
    wmisim_mof_object *object = current(exec, &target, sb_text(&instance), &status);
    if (object == NULL) {
      outcome = NT_SUCCESS(status) ? exec_error(exec, 1, OUTCOME_EXPECT, "the instance does not decode as %s",
                                                target.name)
                                   : exec_status(exec, status);
      goto out;
    }
    bool ok = assign(exec, 2, object) && encode(exec, object, &bytes);
    wmisim_mof_object_destroy(object);
    if (!ok) goto out;
  }
  outcome = send_set(exec, &target, sb_text(&instance), SET_WHOLE_INSTANCE, &bytes);
out:
  sb_free(&instance);
  sb_free(&bytes);
  return outcome;
}

/* One item's bytes, by its MOF type: fixed-size items as laid out, a
 * string as a counted string. */
static bool item_bytes(struct exec *exec, const wmisim_mof_class *cls, const wmisim_mof_item *item, int arg,
                       strbuf_t *bytes) {
  if (item->array == WMISIM_MOF_ARRAY_NONE && item->type == WMISIM_MOF_TYPE_STRING) {
    if (encode_counted_string(exec->argv[arg], bytes)) return true;
    exec_error(exec, arg, OUTCOME_INPUT, "'%s' is not a string WMI can carry", exec->argv[arg]);
    return false;
  }
  if (item->size == 0 || !item->fixed_offset) {
    exec_error(exec, 2, OUTCOME_INPUT, "%s has no fixed size or place: give its bytes with 'data'", item->name);
    return false;
  }
  struct value_store store = {0};
  wmisim_mof_value value;
  wmisim_mof_object *object = NULL;
  char why[256] = "value out of range";
  strbuf_t block;
  sb_init(&block);
  bool ok = parse_item_value(item, exec->argv[arg], &value, &store, why, sizeof why) &&
            NT_SUCCESS(wmisim_mof_object_create(cls, &object)) &&
            NT_SUCCESS(wmisim_mof_object_set(object, item->name, &value));
  if (!ok) exec_error(exec, arg, OUTCOME_INPUT, "%s: %s", item->name, why);
  else ok = encode(exec, object, &block);
  if (ok) sb_append(bytes, sb_text(&block) + item->offset, item->size);
  wmisim_mof_object_destroy(object);
  value_store_free(&store);
  sb_free(&block);
  return ok;
}

enum outcome cmd_setitem(struct exec *exec) {
  struct target target;
  strbuf_t instance, bytes;
  if (!resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  sb_init(&instance);
  sb_init(&bytes);
  enum outcome outcome = OUTCOME_INPUT;
  uint64_t id = 0;
  const wmisim_mof_item *item = NULL;
  if (!resolve_instance(exec, 1, &target, &instance)) goto out;
  if (!parse_u64(exec->argv[2], &id)) {
    if (need_class(exec, &target, "items") == NULL) goto out;
    if ((item = wmisim_mof_class_find_item(target.cls, exec->argv[2])) == NULL) {
      exec_error(exec, 2, OUTCOME_INPUT, "%s has no property '%s'", target.name, exec->argv[2]);
      goto out;
    }
    id = item->data_id;
  } else if (target.cls != NULL) {
    item = wmisim_mof_class_find_item_by_id(target.cls, (ULONG)id);
  }
  if (strcmp(exec->argv[3], "data") == 0) {
    if (!encode_raw(exec, 4, &bytes)) goto out;
  } else if (exec->argc != 4) {
    exec_error(exec, 4, OUTCOME_INPUT, "one value, or 'data' and typed values");
    goto out;
  } else if (item == NULL) {
    exec_error(exec, 2, OUTCOME_INPUT, "no MOF describes item %s of %s: give its bytes with 'data'", exec->argv[2],
               target.name);
    goto out;
  } else if (!item_bytes(exec, target.cls, item, 3, &bytes)) {
    goto out;
  }
  outcome = send_set(exec, &target, sb_text(&instance), (long long)id, &bytes);
out:
  sb_free(&instance);
  sb_free(&bytes);
  return outcome;
}

/* ---- methods ------------------------------------------------------------------------------------- */

static const wmisim_mof_method *find_method(const wmisim_mof_class *cls, const char *name) {
  for (size_t i = 0; cls != NULL && i < cls->method_count; i++) {
    const char *a = cls->methods[i].name, *b = name;
    while (*a != '\0' && (*a | 0x20) == (*b | 0x20)) a++, b++;
    if (*a == '\0' && *b == '\0') return &cls->methods[i];
  }
  return NULL;
}

/* The method's input: typed values after 'data', or parameters by name. */
static bool method_input(struct exec *exec, const wmisim_mof_method *method, strbuf_t *bytes) {
  if (exec->argc > 3 && strcmp(exec->argv[3], "data") == 0) return encode_raw(exec, 4, bytes);
  if (method == NULL || method->input == NULL) {
    if (exec->argc == 3) return true;
    exec_error(exec, 3, OUTCOME_INPUT, "%s: no MOF declares the input parameters; give them with 'data'",
               exec->argv[2]);
    return false;
  }
  wmisim_mof_object *input;
  if (!NT_SUCCESS(wmisim_mof_object_create(method->input, &input))) {
    exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
    return false;
  }
  bool ok = assign(exec, 3, input) && encode(exec, input, bytes);
  wmisim_mof_object_destroy(input);
  return ok;
}

static NTSTATUS execute(struct exec *exec, const struct target *target, const char *instance, ULONG id,
                        const strbuf_t *input, ULONG first, void **output, ULONG *size) {
  wmisim_block_t *block;
  NTSTATUS status = wmisim_wmi_open(exec->session->sim, &target->guid, WMIGUID_EXECUTE, &block);
  if (!NT_SUCCESS(status)) return status;
  ULONG capacity = first;
  for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    free(*output);
    *output = malloc(capacity > 0 ? capacity : 1);
    if (*output == NULL) {
      status = STATUS_INSUFFICIENT_RESOURCES;
      break;
    }
    *size = capacity;
    status = wmisim_wmi_execute_method(block, instance, id, (ULONG)input->length, sb_text(input), size, *output);
    if (status != STATUS_BUFFER_TOO_SMALL) break;
    retry_note(exec, capacity, *size);
    capacity = *size;
  }
  wmisim_wmi_close(block);
  return status;
}

/* The statement's result becomes the method's output: one unnamed instance. */
static bool method_result(struct exec *exec, const struct target *target, const wmisim_mof_method *method,
                          const void *output, ULONG size) {
  struct result *last = exec_new_result(exec);
  last->valid = true;
  last->guid = target->guid;
  last->cls = method != NULL ? method->output : NULL;
  last->block = target->cls;
  last->method = method != NULL ? method->name : NULL;
  last->instances = calloc(1, sizeof *last->instances);
  if (last->instances == NULL) return false;
  struct result_instance *instance = &last->instances[0];
  instance->name = sim_strdup("");
  instance->data = malloc(size > 0 ? size : 1);
  if (instance->name == NULL || instance->data == NULL) {
    free(instance->name);
    free(instance->data);
    return false;
  }
  memcpy(instance->data, output, size);
  instance->size = size;
  last->count = 1;
  if (last->cls != NULL && !NT_SUCCESS(wmisim_mof_decode(last->cls, output, size, &instance->object, NULL, NULL)))
    instance->object = NULL;
  return true;
}

enum outcome cmd_call(struct exec *exec) {
  struct target target;
  ULONG first;
  if (!buffer_option(exec, &first) || !resolve_target(exec, 0, &target)) return OUTCOME_INPUT;
  strbuf_t instance, input;
  sb_init(&instance);
  sb_init(&input);
  enum outcome outcome = OUTCOME_INPUT;
  uint64_t id = 0;
  const wmisim_mof_method *method = NULL;
  void *output = NULL;
  ULONG size = 0;
  if (!resolve_instance(exec, 1, &target, &instance)) goto out;
  if (parse_u64(exec->argv[2], &id)) {
    method = target.cls != NULL ? wmisim_mof_class_find_method(target.cls, (ULONG)id) : NULL;
  } else if (need_class(exec, &target, "methods") == NULL) {
    goto out;
  } else if ((method = find_method(target.cls, exec->argv[2])) == NULL) {
    exec_error(exec, 2, OUTCOME_INPUT, "%s has no method '%s'", target.name, exec->argv[2]);
    goto out;
  } else {
    id = method->method_id;
  }
  if (!method_input(exec, method, &input)) goto out;
  NTSTATUS status = execute(exec, &target, sb_text(&instance), (ULONG)id, &input, first, &output, &size);
  if (!NT_SUCCESS(status)) {
    outcome = exec_status(exec, status);
  } else if (!method_result(exec, &target, method, output, size)) {
    outcome = exec_error(exec, -1, OUTCOME_INTERNAL, "out of memory");
  } else {
    output_result(exec->session, exec->statement, exec->last);
    outcome = OUTCOME_OK;
  }
out:
  free(output);
  sb_free(&instance);
  sb_free(&input);
  return outcome;
}
