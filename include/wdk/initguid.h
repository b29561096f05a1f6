/*
 * initguid.h - make the DEFINE_GUID lines that follow define their GUIDs.
 *
 * Part of wmisim's WDK-compatible headers. Include it before the headers
 * whose GUIDs a translation unit should define, as on Windows.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include <ntdef.h>
#include <guiddef.h>
