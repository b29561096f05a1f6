/*
 * rtl_internal.c - helpers the run-time library's files share.
 */
#include "rtl/rtl_internal.h"

#include <stdarg.h>
#include <stdio.h>

#include "check/check.h"
#include "core/sim.h"

void *rtl_allocate_string(SIZE_T bytes) {
  return ExAllocatePoolWithTag(PagedPool, bytes, RTL_STRING_TAG);
}

void rtl_bad_call(const char *routine, const char *format, ...) {
  char text[256];
  va_list args;
  va_start(args, format);
  vsnprintf(text, sizeof text, format, args);
  va_end(args);
  struct check_site site = {NULL, NULL, routine};
  check_report(sim_current(), CHECK_BAD_PARAMETER, &site, "%s", text);
}
