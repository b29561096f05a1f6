/*
 * debug_print.c - DbgPrint and DbgPrintEx: driver debug output to the
 * simulator's log and trace.
 */
#include <stdarg.h>

#include "core/sim.h"
#include "rtl/format.h"
#include "rtl/rtl_internal.h"
#include "trace/trace.h"

/* Windows transmits at most 512 bytes per call; the rest is lost. Here
 * that is 511 bytes of text and the terminator. */
#define DEBUG_PRINT_MAX 512

/* Formats into `text` (UTF-8: the line leaves the simulation), cut at a
 * character boundary, without one trailing newline. */
static void format_line(char text[DEBUG_PRINT_MAX], PCSTR format, va_list args) {
  struct fmt_output out = {text, DEBUG_PRINT_MAX, 1, FMT_UTF8};
  size_t needed = fmt_format(&out, format, args);
  size_t n = needed < DEBUG_PRINT_MAX - 1 ? needed : DEBUG_PRINT_MAX - 1;
  if (needed > n)
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
  if (n > 0 && text[n - 1] == '\n') {
    n--;
    if (n > 0 && text[n - 1] == '\r') n--;
  }
  text[n] = '\0';
}

/* Every message passes, as with all component filter masks set to
 * 0xFFFFFFFF (docs/fidelity.md, "Run-time library"); ComponentId and Level are not used. */
static ULONG debug_vprint(PCSTR routine, PCSTR format, va_list args) {
  if (format == NULL) {
    rtl_bad_call(routine, "Format is NULL");
    return (ULONG)STATUS_INVALID_PARAMETER;
  }
  char text[DEBUG_PRINT_MAX];
  format_line(text, format, args);
  struct wmisim *sim = sim_current();
  if (sim == NULL || sim->options.echo_debug_output) sim_log(sim, WMISIM_LOG_DEBUG, "%s", text);
  if (sim != NULL) trace_note(sim, "DbgPrint", "%s", text);
  return STATUS_SUCCESS;
}

ULONG __cdecl DbgPrint(PCSTR Format, ...) {
  va_list args;
  va_start(args, Format);
  ULONG status = debug_vprint("DbgPrint", Format, args);
  va_end(args);
  return status;
}

ULONG __cdecl DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...) {
  (void)ComponentId;
  (void)Level;
  va_list args;
  va_start(args, Format);
  ULONG status = debug_vprint("DbgPrintEx", Format, args);
  va_end(args);
  return status;
}
