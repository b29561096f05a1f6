/*
 * cmds.h - the run functions of the script commands (script_table.c puts
 * them in the command table) and the static checks they share.
 */
#ifndef WMISIM_SIM_CMDS_H
#define WMISIM_SIM_CMDS_H

#include "interp.h"

/* cmds_setup.c */
enum outcome cmd_load(struct exec *exec);
enum outcome cmd_unload(struct exec *exec);
enum outcome cmd_mof(struct exec *exec);
enum outcome cmd_device(struct exec *exec);
enum outcome cmd_pnp(struct exec *exec);
enum outcome cmd_hardware(struct exec *exec);
enum outcome cmd_advance(struct exec *exec);
enum outcome cmd_wait(struct exec *exec);

/* cmds_consumer.c */
enum outcome cmd_list(struct exec *exec);
enum outcome cmd_query(struct exec *exec);
enum outcome cmd_set(struct exec *exec);
enum outcome cmd_setitem(struct exec *exec);
enum outcome cmd_call(struct exec *exec);

/* cmds_events.c */
enum outcome cmd_subscribe(struct exec *exec);
enum outcome cmd_unsubscribe(struct exec *exec);
enum outcome cmd_open(struct exec *exec);
enum outcome cmd_close(struct exec *exec);
/* The subscription entry of a GUID (active or ended), or NULL. */
struct subscription_entry *subscription_of(struct session *session, const GUID *guid);

/* cmds_expect.c */
enum outcome cmd_expect(struct exec *exec);
bool check_expect(const struct statement *statement, struct script_error *error);
bool expect_state_name(const char *name);

/* cmds_misc.c */
enum outcome cmd_let(struct exec *exec);
enum outcome cmd_print(struct exec *exec);
enum outcome cmd_format(struct exec *exec);
enum outcome cmd_trace(struct exec *exec);
enum outcome cmd_help(struct exec *exec);
enum outcome cmd_exit(struct exec *exec);
bool parse_format(const char *text, enum output_format *format);

#endif /* WMISIM_SIM_CMDS_H */
