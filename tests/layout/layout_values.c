/*
 * layout_values.c - the values of every layout item, with wmisim's WDK
 * headers or (LAYOUT_MINGW) with mingw-w64's, as one array of 64-bit words.
 *
 * The layout comparison compiles this file with the mingw-w64 cross
 * compilers and never runs the result: the array sits alone in the object's
 * ".wmlay" section, from which objcopy extracts it. Natively it is compiled
 * into the test program, which reads it directly as LAYOUT_ARRAY.
 */
#ifdef LAYOUT_MINGW
/* mingw-w64's DDK: ddk/ntddk.h, ddk/wdm.h, ddk/wmilib.h; wmistr.h and
 * ntstatus.h from its main include directory. WINNT makes wmistr.h define
 * the WMIGUID_* access rights, as <windows.h> would. */
#  define WINNT 1
#  include <ntddk.h>
#  include <wdm.h>
#  include <wmistr.h>
#  include <wmilib.h>
#  include <ntstatus.h>
#else
#  include <ntddk.h>
#  include <wdm.h>
#  include <wmistr.h>
#  include <wmilib.h>
#  include <wmiguid.h>
#  include <wdmguid.h>
#  include <wdmsec.h>
#  include <ntstatus.h>
#endif

#include "layout_entries.h"

#ifndef LAYOUT_ARRAY
#  define LAYOUT_ARRAY wmisim_layout_values
#endif

#if defined(__GNUC__)
__attribute__((used, section(".wmlay")))
#endif
const uint64_t LAYOUT_ARRAY[] = {
  LAYOUT_MAGIC_BEGIN,
#include "layout_items.h"
  LAYOUT_MAGIC_END
};
