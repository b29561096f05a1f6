/*
 * layout_headers.c - every public header, compiled with the mingw-w64 cross
 * compilers and the project's warnings: the headers must work on Windows
 * too, where _WIN32 is defined and mingw-w64's own C headers come first.
 * INITGUID makes the GUID headers define what they declare.
 */
#include <initguid.h>
#include <ntddk.h>
#include <wdm.h>
#include <wmistr.h>
#include <wmilib.h>
#include <wmiguid.h>
#include <wdmguid.h>
#include <wdmsec.h>
#include <ntstatus.h>
#include <wmisim.h>

/* Keeps the translation unit from being empty of definitions. */
int wmisim_layout_headers_compiled(void);
int wmisim_layout_headers_compiled(void) {
  return (int)sizeof(IRP);
}
