/*
 * help.c - help texts. docs/wmisim.1.md says the same at more length; keep
 * them in step.
 */
#include "help.h"

#include <string.h>

#include "commands.h"

#define SESSION_OPTIONS                                                                                \
  "  --format list|table|json  how results print (default list; json: one object per line)\n"         \
  "  --check off|report|fail-fast\n"                                                                   \
  "                           the checking mode (default report; fail-fast stops at the first\n"       \
  "                           violation)\n"                                                            \
  "  --trace text|jsonl|mermaid\n"                                                                     \
  "                           trace every IRP from the start ('trace on|off' in scripts)\n"            \
  "  --trace-format text|jsonl|mermaid\n"                                                              \
  "                           the format 'trace on' uses, without tracing from the start\n"           \
  "  --trace-out FILE         write the trace to FILE instead of standard output\n"                    \
  "  --colour auto|always|never\n"                                                                     \
  "                           colour the text trace (auto: on a terminal, unless NO_COLOR)\n"          \
  "  --seed N                 seed of every random choice (default 1)\n"                               \
  "  --echo, --no-echo        print each statement as '> statement' before its result\n"               \
  "  -q, --quiet              print no results, only the trace (and errors on standard error)\n"      \
  "  -k, --keep-going         report failures and go on; the exit status still says so\n"              \
  "  -v, --verbose            also print the drivers' DbgPrint output (standard error)\n"              \
  "  -D, --define NAME=VALUE  set variable NAME for the script ($NAME)\n"                               \
  "  --examples-dir DIR       look for bundled examples in DIR first\n"

static const char run_help[] =
    "usage: wmisim run [options] SCRIPT\n"
    "\n"
    "Runs a scenario script (docs/scripts.md): load drivers, add and start devices, act\n"
    "as a WMI consumer, check expectations. The script is parsed first; a malformed one\n"
    "is reported as FILE:LINE:COLUMN and nothing runs. SCRIPT '-' reads standard input.\n"
    "\n"
    "options:\n" SESSION_OPTIONS
    "\n"
    "Echo is on except with --format json. Exit status: 0 every expectation held; 1 an\n"
    "expectation failed or an operation failed unclaimed by 'expect status'; 2 usage;\n"
    "3 malformed script or input (unknown class, file); 4 a driver could not be loaded;\n"
    "5 a violation no 'expect violation' claimed; 6 a driver caused a bug check.\n";

static const char shell_help[] =
    "usage: wmisim shell [options] [--prompt|--no-prompt]\n"
    "\n"
    "Reads statements of the script language from standard input, one line at a time,\n"
    "and runs each at once; errors are reported and the shell goes on. 'help' lists the\n"
    "statements, 'exit' or end of input ends the shell. The prompt 'wmisim> ' is shown\n"
    "when standard input is a terminal (--prompt, --no-prompt force it). Input can be\n"
    "piped: echo 'load disktemp' | wmisim shell.\n"
    "\n"
    "options:\n" SESSION_OPTIONS
    "\n"
    "Echo is off by default. Exit status as 'wmisim run': 1 if any expectation or\n"
    "operation failed, 5 for unclaimed violations, or the status given to 'exit'.\n";

static const char examples_help[] =
    "usage: wmisim examples [--examples-dir DIR]\n"
    "\n"
    "Lists the bundled example drivers, what each shows, and where its module was found.\n"
    "Load one in a script by name: 'load disktemp'.\n"
    "Exit status: 0, or 2 for usage errors.\n";

static const char oneshot_help[] =
    "usage: wmisim list  --driver DRIVER [--device ID] [options] [TARGET]\n"
    "       wmisim query --driver DRIVER [--device ID] [options] TARGET [INSTANCE]\n"
    "       wmisim set   --driver DRIVER [--device ID] [options] TARGET INSTANCE NAME=VALUE...\n"
    "       wmisim setitem --driver DRIVER [--device ID] [options] TARGET INSTANCE ITEM VALUE\n"
    "       wmisim call  --driver DRIVER [--device ID] [options] TARGET INSTANCE METHOD [NAME=VALUE...]\n"
    "\n"
    "One statement against one device: loads DRIVER (a file, or a bundled example by\n"
    "name), adds device ID (default ROOT\\<DRIVER>\\0000) and starts it, then runs the\n"
    "statement of the same name (docs/scripts.md). TARGET is a GUID or a MOF class name.\n"
    "\n"
    "options:\n"
    "  --driver DRIVER          the driver (required)\n"
    "  --device ID              the device instance ID\n" SESSION_OPTIONS
    "\n"
    "Echo is off. Exit status as 'wmisim run'; an operation that fails gives 1.\n";

static const char help_help[] =
    "usage: wmisim help [COMMAND]\n"
    "\n"
    "Shows the overview, or a command's help (as 'wmisim COMMAND --help').\n";

static const char mof_help[] =
    "usage: wmisim mof check|header|schema ...\n"
    "\n"
    "Compiles and checks MOF files and generates wmimofck-style headers; see\n"
    "'wmisim mof --help' and docs/mof.md.\n";

const char *help_text(const char *command) {
  static const struct {
    const char *name;
    const char *text;
  } texts[] = {{"run", run_help},      {"shell", shell_help},     {"examples", examples_help},
               {"list", oneshot_help}, {"query", oneshot_help},   {"set", oneshot_help},
               {"setitem", oneshot_help}, {"call", oneshot_help}, {"help", help_help},
               {"mof", mof_help}};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
    if (strcmp(texts[i].name, command) == 0) return texts[i].text;
  return NULL;
}

void help_overview(FILE *out) {
  fputs("usage: wmisim <command> [options] [arguments]\n"
        "       wmisim --version\n"
        "\n"
        "Simulates the Windows WMI kernel component: loads WDM drivers built as shared\n"
        "libraries, runs them under a simulated I/O manager, PnP manager and WMI service,\n"
        "and acts as a WMI consumer.\n"
        "\n"
        "commands:\n"
        "  run SCRIPT         run a scenario script with expectations\n"
        "  shell              the script language, a line at a time from standard input\n"
        "  examples           list the bundled example drivers\n"
        "  list, query, set, setitem, call\n"
        "                     one consumer statement against one driver's device\n"
        "  mof                compile and check MOF files, generate driver headers\n"
        "  help [COMMAND]     this overview, or a command's options\n"
        "\n"
        "Exit status: 0 success; 1 failure or unmet expectation; 2 usage; 3 bad input\n"
        "(script, MOF, unknown class or file); 4 driver not loadable; 5 unclaimed\n"
        "violation; 6 bug check; 70 internal error.\n"
        "\n"
        "Run 'wmisim help COMMAND' for a command's options; man wmisim for everything.\n",
        out);
}

int wmisim_cmd_help(int argc, char **argv) {
  if (argc < 2) {
    help_overview(stdout);
    return WMISIM_EXIT_OK;
  }
  const char *text = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ? help_help : help_text(argv[1]);
  if (text == NULL) {
    fprintf(stderr, "wmisim help: no command '%s'\n", argv[1]);
    help_overview(stderr);
    return WMISIM_EXIT_USAGE;
  }
  fputs(text, stdout);
  return WMISIM_EXIT_OK;
}
