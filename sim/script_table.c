/*
 * script_table.c - the commands of the script language (docs/scripts.md)
 * with their usage and what is checked before a script runs.
 */
#include <string.h>

#include "cmds.h"
#include "jobs.h"

#define ANY (~0u)

static const char *literal(const struct statement *statement, size_t word) {
  return word < statement->word_count ? statement->words[word].literal : NULL;
}

static bool check_load(const struct statement *statement, struct script_error *error) {
  const char *as = literal(statement, 2);
  if (statement->word_count == 4 && (as == NULL || strcmp(as, "as") != 0))
    return script_fail_at(statement, 2, error, "usage: load DRIVER [as NAME]");
  if (statement->word_count == 3) return script_fail_at(statement, 2, error, "usage: load DRIVER [as NAME]");
  return true;
}

static bool check_device(const struct statement *statement, struct script_error *error) {
  for (size_t i = 3; i < statement->word_count; i += 2) {
    const char *where = literal(statement, i);
    if (where == NULL || (strcmp(where, "upper") != 0 && strcmp(where, "lower") != 0))
      return script_fail_at(statement, i, error, "expected 'upper FILTER' or 'lower FILTER'");
    if (i + 1 >= statement->word_count) return script_fail_at(statement, i, error, "'%s' needs a driver name", where);
  }
  return true;
}

static bool check_advance(const struct statement *statement, struct script_error *error) {
  const char *text = literal(statement, 1);
  int64_t interval;
  if (text != NULL && !parse_duration(text, &interval))
    return script_fail_at(statement, 1, error, "'%s' is not a duration: a number and ns, us, ms, s or min", text);
  return true;
}

static bool check_let(const struct statement *statement, struct script_error *error) {
  const char *name = literal(statement, 1), *equals = literal(statement, 2);
  if (name == NULL || name[0] == '\0' || (name[0] >= '0' && name[0] <= '9') ||
      strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
    return script_fail_at(statement, 1, error, "a variable name is letters, digits and _, not starting with a digit");
  if (equals == NULL || strcmp(equals, "=") != 0) return script_fail_at(statement, 2, error, "usage: let NAME = VALUE");
  return true;
}

static bool check_format(const struct statement *statement, struct script_error *error) {
  const char *text = literal(statement, 1);
  enum output_format format;
  if (text != NULL && !parse_format(text, &format))
    return script_fail_at(statement, 1, error, "'%s' is not a format: list, table or json", text);
  return true;
}

static bool check_trace(const struct statement *statement, struct script_error *error) {
  const char *text = literal(statement, 1);
  if (text != NULL && strcmp(text, "on") != 0 && strcmp(text, "off") != 0)
    return script_fail_at(statement, 1, error, "usage: trace on|off");
  return true;
}

/* A set or call with data: at least one value after 'data'. */
static bool check_data(const struct statement *statement, size_t from, struct script_error *error) {
  for (size_t i = from; i < statement->word_count; i++) {
    const char *word = literal(statement, i);
    if (word != NULL && strcmp(word, "data") == 0 && i + 1 == statement->word_count)
      return script_fail_at(statement, i, error, "'data' needs typed values, e.g. data u32:5");
  }
  return true;
}

static bool check_set(const struct statement *statement, struct script_error *error) {
  return check_data(statement, 3, error);
}

static bool check_setitem(const struct statement *statement, struct script_error *error) {
  return check_data(statement, 4, error);
}

const struct script_command script_commands[] = {
  {"load", 1, 3, "load DRIVER [as NAME]", "load a driver file, or a bundled example by name, and run DriverEntry",
   check_load, cmd_load, true, false},
  {"unload", 1, 1, "unload NAME", "call DriverUnload of a driver whose devices are gone", NULL, cmd_unload, true, false},
  {"mof", 1, 1, "mof FILE", "load a MOF file so blocks show by property name", NULL, cmd_mof, false, false},
  {"device", 2, ANY, "device ID DRIVER [upper FILTER]... [lower FILTER]...",
   "enumerate device ID on the root bus and build its stack (not started)", check_device, cmd_device, true, false},
  {"start", 1, 1, "start DEVICE", "IRP_MN_START_DEVICE", NULL, cmd_pnp, true, false},
  {"stop", 1, 1, "stop DEVICE", "IRP_MN_QUERY_STOP_DEVICE, then IRP_MN_STOP_DEVICE", NULL, cmd_pnp, true, false},
  {"remove", 1, 1, "remove DEVICE", "IRP_MN_QUERY_REMOVE_DEVICE then IRP_MN_REMOVE_DEVICE (after 'surprise': "
   "only the removal)", NULL, cmd_pnp, true, false},
  {"surprise-remove", 1, 1, "surprise-remove DEVICE", "IRP_MN_SURPRISE_REMOVAL, then IRP_MN_REMOVE_DEVICE", NULL,
   cmd_pnp, true, false},
  {"surprise", 1, 1, "surprise DEVICE", "only IRP_MN_SURPRISE_REMOVAL; 'remove' finishes it", NULL, cmd_pnp, true, false},
  {"hardware", 3, 3, "hardware DRIVER FUNCTION VALUE",
   "call VOID FUNCTION(LONG VALUE) exported by the driver's module, to play its hardware", NULL, cmd_hardware, true, false},
  {"advance", 1, 1, "advance DURATION", "move the virtual clock (10ms, 2s): timers and DPCs run", check_advance,
   cmd_advance, true, false},
  {"wait", 0, 0, "wait", "wait until work items, DPCs and event deliveries are done", NULL, cmd_wait, true, false},
  {"list", 0, 1, "list [TARGET]", "the registered GUIDs with flags and instance names", NULL, cmd_list, true, false},
  {"query", 1, 3, "query TARGET [INSTANCE] [buffer=BYTES]",
   "query all instances, or one (IRP_MN_QUERY_ALL_DATA, _SINGLE_INSTANCE)", NULL, cmd_query, true, false},
  {"set", 3, ANY, "set TARGET INSTANCE NAME=VALUE... | data VALUE...",
   "change an instance (IRP_MN_CHANGE_SINGLE_INSTANCE)", check_set, cmd_set, true, false},
  {"setitem", 4, ANY, "setitem TARGET INSTANCE ITEM VALUE | data VALUE...",
   "change one item (IRP_MN_CHANGE_SINGLE_ITEM)", check_setitem, cmd_setitem, true, false},
  {"call", 3, ANY, "call TARGET INSTANCE METHOD [NAME=VALUE... | data VALUE...]",
   "execute a method (IRP_MN_EXECUTE_METHOD)", check_set, cmd_call, true, false},
  {"subscribe", 1, 1, "subscribe TARGET", "receive the events of a block (IRP_MN_ENABLE_EVENTS)", NULL,
   cmd_subscribe, true, false},
  {"unsubscribe", 1, 1, "unsubscribe TARGET", "stop receiving them (IRP_MN_DISABLE_EVENTS)", NULL, cmd_unsubscribe,
   true, false},
  {"open", 1, 1, "open TARGET", "hold a block open (an EXPENSIVE one: IRP_MN_ENABLE_COLLECTION)", NULL, cmd_open,
   true, false},
  {"close", 1, 1, "close TARGET", "close it (IRP_MN_DISABLE_COLLECTION for the last)", NULL, cmd_close, true, false},
  {"spawn", 2, ANY, "spawn NAME STATEMENT...", "run a request, PnP action or hardware call on a thread of its own (see join, await)",
   check_spawn, cmd_spawn, false, false},
  {"await", 1, 2, "await pending [MINOR] | await irp MINOR | await note TEXT",
   "wait until the trace shows it (after the last spawn or await)", check_await, cmd_await, false, true},
  {"join", 1, 1, "join NAME", "wait for a spawned statement; its output, status and result come now", NULL, cmd_join, true,
   true},
  {"expect", 1, ANY, "expect status|instances|value|event|events|violations|violation|state ...",
   "check the run; a failed expectation fails the run", check_expect, cmd_expect, false, false},
  {"let", 3, 3, "let NAME = VALUE", "set a variable, used as $NAME or ${NAME}", check_let, cmd_let, false, false},
  {"print", 0, ANY, "print [TEXT]...", "print a line", NULL, cmd_print, false, false},
  {"format", 1, 1, "format list|table|json", "how results are printed from now on", check_format, cmd_format, false, false},
  {"trace", 1, 1, "trace on|off", "start or stop the trace (--trace chooses its format)", check_trace, cmd_trace,
   false, false},
  {"help", 0, 1, "help [COMMAND]", "list the commands, or show one", NULL, cmd_help, false, false},
  {"exit", 0, 1, "exit [STATUS]", "end the run with an exit status (default 0)", NULL, cmd_exit, false, false},
  {NULL, 0, 0, NULL, NULL, NULL, NULL, false, false},
};

const struct script_command *script_command_find(const char *name) {
  for (const struct script_command *c = script_commands; c->name != NULL; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}
