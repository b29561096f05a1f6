/*
 * cmds_expect.c - expectations: the status of the last operation, the
 * last result's instances and values, events received, violations
 * reported, device states. A failed expectation ends the run with exit
 * status 1 (or is counted with --keep-going and in the shell).
 */
#include <stdlib.h>
#include <string.h>

#include <wmisim/format.h>

#include "cmds.h"
#include "output.h"
#include "values.h"

static enum outcome unmet(struct exec *exec, int arg, const char *format, const char *expected, const char *actual) {
  return exec_error(exec, arg, OUTCOME_EXPECT, format, expected, actual);
}

static enum outcome expect_status(struct exec *exec) {
  struct interp *interp = exec->interp;
  NTSTATUS expected;
  if (!parse_status(exec->argv[1], &expected))
    return exec_error(exec, 1, OUTCOME_INPUT, "unknown status '%s'", exec->argv[1]);
  interp->status_unclaimed = false;
  if (interp->last_status == expected) return OUTCOME_OK;
  char want[64];
  snprintf(want, sizeof want, "%s", wmisim_status_name(expected));
  return unmet(exec, 1, "expected status %s, the last operation returned %s", want,
               wmisim_status_name(interp->last_status));
}

static bool count_arg(struct exec *exec, int arg, uint64_t *count) {
  if (parse_u64(exec->argv[arg], count)) return true;
  exec_error(exec, arg, OUTCOME_INPUT, "'%s' is not a count", exec->argv[arg]);
  return false;
}

static enum outcome expect_instances(struct exec *exec) {
  uint64_t count;
  if (!count_arg(exec, 1, &count)) return OUTCOME_INPUT;
  const struct result *last = exec->last;
  if (!last->valid) return exec_error(exec, 0, OUTCOME_EXPECT, "the last query returned no result");
  if (last->count == count) return OUTCOME_OK;
  char want[32], got[32];
  snprintf(want, sizeof want, "%llu", (unsigned long long)count);
  snprintf(got, sizeof got, "%zu", last->count);
  return unmet(exec, 1, "expected %s instance(s), the last result has %s", want, got);
}

/* ---- values ------------------------------------------------------------------------------------- */

static bool same_text(const char *a, const char *b) {
  while (*a != '\0' && (*a | 0x20) == (*b | 0x20)) a++, b++;
  return *a == '\0' && *b == '\0';
}

static const struct result_instance *select_instance(struct exec *exec, const struct result *result, int arg) {
  if (result->count == 0) {
    exec_error(exec, arg, OUTCOME_EXPECT, "the result has no instance");
    return NULL;
  }
  if (arg < 0) return &result->instances[0];
  uint64_t index;
  if (parse_u64(exec->argv[arg], &index)) {
    if (index < result->count) return &result->instances[index];
    exec_error(exec, arg, OUTCOME_EXPECT, "the result has %zu instance(s); there is no instance %s", result->count,
               exec->argv[arg]);
    return NULL;
  }
  for (size_t i = 0; i < result->count; i++)
    if (same_text(result->instances[i].name, exec->argv[arg])) return &result->instances[i];
  exec_error(exec, arg, OUTCOME_EXPECT, "the result has no instance named '%s'", exec->argv[arg]);
  return NULL;
}

/* The pseudo-properties every instance has; false if `name` is none. */
static bool pseudo_property(const struct result_instance *instance, const char *name, strbuf_t *text) {
  if (same_text(name, "InstanceName")) sb_puts(text, instance->name);
  else if (same_text(name, "Active")) sb_puts(text, "True");
  else if (same_text(name, "Size")) sb_printf(text, "%lu", (unsigned long)instance->size);
  else if (same_text(name, "Data")) {
    char *hex = malloc((size_t)instance->size * 3 + 1);
    if (hex != NULL) wmisim_format_hex(instance->data, instance->size, hex, (size_t)instance->size * 3 + 1);
    sb_puts(text, hex != NULL ? hex : "");
    free(hex);
  } else return false;
  return true;
}

/* PROP OP VALUE at argv[first..first+2] of one instance. */
static enum outcome compare_property(struct exec *exec, const struct result_instance *instance, int first) {
  const char *name = exec->argv[first], *op = exec->argv[first + 1], *expected = exec->argv[first + 2];
  bool holds = false;
  char why[256] = "", actual[1024] = "";
  strbuf_t text;
  sb_init(&text);
  const wmisim_mof_property *property = instance->object != NULL ? wmisim_mof_object_get(instance->object, name) : NULL;
  bool ok;
  if (property != NULL) {
    ok = compare_value(&property->value, op, expected, &holds, why, sizeof why);
    wmisim_format_mof_value(&property->value, WMISIM_VALUE_TEXT, actual, sizeof actual);
  } else if (pseudo_property(instance, name, &text)) {
    ok = compare_text(sb_text(&text), op, expected, &holds, why, sizeof why);
    snprintf(actual, sizeof actual, "%s", sb_text(&text));
  } else {
    sb_free(&text);
    return exec_error(exec, first, OUTCOME_INPUT, "no property '%s'%s", name,
                      instance->object == NULL ? " (without a MOF only InstanceName, Active, Size and Data)" : "");
  }
  sb_free(&text);
  if (!ok) return exec_error(exec, first + 2, OUTCOME_INPUT, "%s", why);
  if (holds) return OUTCOME_OK;
  return exec_error(exec, first + 2, OUTCOME_EXPECT, "expected %s %s %s, it is %s", name, op, expected, actual);
}

static enum outcome expect_value(struct exec *exec) {
  const struct result *last = exec->last;
  if (!last->valid) return exec_error(exec, 0, OUTCOME_EXPECT, "the last query or method call returned no result");
  int selector = exec->argc == 5 ? 1 : -1;
  const struct result_instance *instance = select_instance(exec, last, selector);
  if (instance == NULL) return OUTCOME_EXPECT;
  return compare_property(exec, instance, exec->argc == 5 ? 2 : 1);
}

static enum outcome expect_event(struct exec *exec) {
  const struct result *last = &exec->session->last_event;
  if (!last->valid) return exec_error(exec, 0, OUTCOME_EXPECT, "no event has been received yet");
  const struct result_instance *instance = select_instance(exec, last, -1);
  return instance != NULL ? compare_property(exec, instance, 1) : OUTCOME_EXPECT;
}

static enum outcome expect_events(struct exec *exec) {
  struct target target;
  uint64_t count;
  if (!resolve_target(exec, 1, &target) || !count_arg(exec, 2, &count)) return OUTCOME_INPUT;
  struct subscription_entry *entry = subscription_of(exec->session, &target.guid);
  if (entry == NULL) return exec_error(exec, 1, OUTCOME_INPUT, "never subscribed to %s", target.name);
  session_lock(&exec->session->event_lock);
  uint64_t received = entry->received;
  session_unlock(&exec->session->event_lock);
  if (received == count) return OUTCOME_OK;
  return exec_error(exec, 2, OUTCOME_EXPECT, "expected %llu event(s) of %s, %llu received",
                    (unsigned long long)count, target.name, (unsigned long long)received);
}

/* ---- violations and states ------------------------------------------------------------------------ */

static enum outcome expect_violations(struct exec *exec) {
  struct session *session = exec->session;
  uint64_t count;
  if (!count_arg(exec, 1, &count)) return OUTCOME_INPUT;
  wmisim_wait_idle(session->sim, 10000);
  session_lock(&session->violation_lock);
  size_t unclaimed = 0;
  for (size_t i = 0; i < session->violation_count; i++)
    if (!session->violations[i].expected) {
      unclaimed++;
      session->violations[i].expected = true;
    }
  session_unlock(&session->violation_lock);
  if (unclaimed == count) return OUTCOME_OK;
  return exec_error(exec, 1, OUTCOME_EXPECT, "expected %llu new violation(s), %zu were reported",
                    (unsigned long long)count, unclaimed);
}

static enum outcome expect_violation(struct exec *exec) {
  struct session *session = exec->session;
  const char *rule = exec->argv[1];
  if (wmisim_rule_find(rule) == NULL)
    return exec_error(exec, 1, OUTCOME_INPUT, "unknown rule '%s' (docs/checks.md lists them)", rule);
  wmisim_wait_idle(session->sim, 10000);
  bool found = false;
  session_lock(&session->violation_lock);
  for (size_t i = 0; i < session->violation_count && !found; i++)
    if (!session->violations[i].expected && strcmp(session->violations[i].rule, rule) == 0)
      session->violations[i].expected = found = true;
  session_unlock(&session->violation_lock);
  if (found) return OUTCOME_OK;
  return exec_error(exec, 1, OUTCOME_EXPECT, "expected a violation of %s; none was reported%s", rule,
                    wmisim_check_mode(session->sim) == WMISIM_CHECK_OFF ? " (the checking mode is off)" : "");
}

static const char *const state_names[] = {"added", "started", "stopped", "surprise-removed", "removed", "failed"};

static enum outcome expect_state(struct exec *exec) {
  wmisim_devnode_t *node = wmisim_device_find(exec->session->sim, exec->argv[1]);
  if (node == NULL) return exec_error(exec, 1, OUTCOME_INPUT, "no device '%s'", exec->argv[1]);
  wmisim_device_state_t state = wmisim_device_state(node);
  const char *actual = (size_t)state < sizeof state_names / sizeof *state_names ? state_names[state] : "?";
  if (strcmp(actual, exec->argv[2]) == 0) return OUTCOME_OK;
  return unmet(exec, 2, "expected the device %s, it is %s", exec->argv[2], actual);
}

bool expect_state_name(const char *name) {
  for (size_t i = 0; i < sizeof state_names / sizeof *state_names; i++)
    if (strcmp(state_names[i], name) == 0) return true;
  return false;
}

/* ---- dispatch ------------------------------------------------------------------------------------- */

static const struct expectation {
  const char *kind;
  int min_args, max_args; /* after the kind */
  enum outcome (*run)(struct exec *exec);
  const char *usage;
} expectations[] = {
  {"status", 1, 1, expect_status, "expect status STATUS"},
  {"instances", 1, 1, expect_instances, "expect instances COUNT"},
  {"value", 3, 4, expect_value, "expect value [INSTANCE] PROPERTY OP VALUE"},
  {"event", 3, 3, expect_event, "expect event PROPERTY OP VALUE"},
  {"events", 2, 2, expect_events, "expect events TARGET COUNT"},
  {"violations", 1, 1, expect_violations, "expect violations COUNT"},
  {"violation", 1, 1, expect_violation, "expect violation RULE"},
  {"state", 2, 2, expect_state, "expect state DEVICE STATE"},
};

static const struct expectation *expectation(const char *kind) {
  for (size_t i = 0; i < sizeof expectations / sizeof *expectations; i++)
    if (strcmp(expectations[i].kind, kind) == 0) return &expectations[i];
  return NULL;
}

enum outcome cmd_expect(struct exec *exec) {
  return expectation(exec->argv[0])->run(exec);
}

bool check_expect(const struct statement *statement, struct script_error *error) {
  const struct word *kind = &statement->words[1];
  const struct expectation *e = kind->literal != NULL ? expectation(kind->literal) : NULL;
  if (e == NULL)
    return script_fail_at(statement, 1, error,
                          "expect what? status, instances, value, event, events, violations, violation or state");
  int args = (int)statement->word_count - 2;
  if (args < e->min_args || args > e->max_args)
    return script_fail_at(statement, args < e->min_args ? 1 : (size_t)e->max_args + 2, error, "usage: %s", e->usage);
  const struct word *last = &statement->words[statement->word_count - 1];
  if (strcmp(e->kind, "status") == 0 && last->literal != NULL) {
    NTSTATUS status;
    if (!parse_status(last->literal, &status))
      return script_fail_at(statement, 2, error, "unknown status '%s'", last->literal);
  }
  if ((strcmp(e->kind, "value") == 0 || strcmp(e->kind, "event") == 0)) {
    const struct word *op = &statement->words[statement->word_count - 2];
    if (op->literal != NULL && !is_comparison(op->literal))
      return script_fail_at(statement, statement->word_count - 2, error,
                            "'%s' is not a comparison: ==, !=, <, <=, > or >=", op->literal);
  }
  if (strcmp(e->kind, "state") == 0 && last->literal != NULL && !expect_state_name(last->literal))
    return script_fail_at(statement, 3, error,
                          "'%s' is not a state: added, started, stopped, surprise-removed, removed or failed",
                          last->literal);
  return true;
}
