/*
 * library.c - Win32 DLLs, GUID text (RPC runtime) and consoles.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <io.h>
#include <rpc.h>
#include <stdio.h>
#include <string.h>

#include "platform/platform.h"

void *plat_library_open(const char *path, char *error, size_t error_size) {
  HMODULE module = LoadLibraryA(path);
  if (module == NULL && error_size > 0)
    snprintf(error, error_size, "LoadLibrary failed with Win32 error %lu", (unsigned long)GetLastError());
  return (void *)module;
}

void *plat_library_symbol(void *library, const char *name) {
  return (void *)(uintptr_t)GetProcAddress((HMODULE)library, name);
}

void plat_library_close(void *library) {
  if (library != NULL) FreeLibrary((HMODULE)library);
}

const char *plat_library_suffix(void) { return ".dll"; }

_Static_assert(sizeof(UUID) == sizeof(plat_guid_t), "GUID layouts differ");

bool plat_guid_parse(const char *text, plat_guid_t *guid) {
  UUID uuid;
  if (strlen(text) != 36) return false;
  if (UuidFromStringA((RPC_CSTR)(uintptr_t)text, &uuid) != RPC_S_OK) return false;
  memcpy(guid, &uuid, sizeof uuid);
  return true;
}

void plat_guid_format(const plat_guid_t *guid, char text[37]) {
  snprintf(text, 37, "%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", (unsigned long)guid->data1,
           guid->data2, guid->data3, guid->data4[0], guid->data4[1], guid->data4[2], guid->data4[3],
           guid->data4[4], guid->data4[5], guid->data4[6], guid->data4[7]);
}

bool plat_is_terminal(int stream) { return _isatty(stream) != 0; }
