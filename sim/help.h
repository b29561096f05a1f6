/*
 * help.h - the help texts of the wmisim command and its subcommands
 * (`wmisim --help`, `wmisim help CMD`, `wmisim CMD --help`).
 */
#ifndef WMISIM_SIM_HELP_H
#define WMISIM_SIM_HELP_H

#include <stdio.h>

/* The subcommand's help, or NULL for an unknown one. */
const char *help_text(const char *command);

/* The overview: usage, subcommands, exit statuses. */
void help_overview(FILE *out);

#endif /* WMISIM_SIM_HELP_H */
