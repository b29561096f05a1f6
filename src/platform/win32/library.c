/*
 * library.c - Win32 DLLs, GUID text (RPC runtime) and consoles.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <io.h>
#include <rpc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

/* Win32's text for an error loading `path`, without the trailing line
 * break, and with the path where the text says "%1" (error 193: "%1 is not
 * a valid Win32 application."). */
static void describe_error(DWORD code, const char *path, char *text, size_t size) {
  char message[256] = "";
  DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, message,
                           (DWORD)sizeof message, NULL);
  while (n > 0 && (message[n - 1] == '\r' || message[n - 1] == '\n' || message[n - 1] == ' ')) message[--n] = '\0';
  int used = snprintf(text, size, "LoadLibrary failed with Win32 error %lu%s", (unsigned long)code, n > 0 ? ": " : "");
  for (const char *m = message; *m != '\0' && used >= 0 && (size_t)used + 1 < size; m++) {
    if (m[0] == '%' && m[1] == '1') {
      used += snprintf(text + used, size - (size_t)used, "%s", path);
      m++;
    } else {
      text[used++] = *m;
      text[used] = '\0';
    }
  }
}

void *plat_library_open(const char *path, char *error, size_t error_size) {
  /* LoadLibrary wants backslashes; CMake and users write forward ones. */
  size_t length = strlen(path);
  char *native = malloc(length + 1);
  if (native == NULL) {
    if (error_size > 0) snprintf(error, error_size, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i <= length; i++) native[i] = path[i] == '/' ? '\\' : path[i];
  /* A full path makes the loader look for the module's own DLLs (such as
   * libwmisim.dll) beside it first. No error dialog for a bad image. */
  bool full = (length > 2 && native[1] == ':' && native[2] == '\\') || (native[0] == '\\' && native[1] == '\\');
  DWORD previous_mode = 0;
  bool mode_set = SetThreadErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX, &previous_mode) != 0;
  HMODULE module = LoadLibraryExA(native, NULL, full ? LOAD_WITH_ALTERED_SEARCH_PATH : 0);
  DWORD code = GetLastError();
  if (mode_set) SetThreadErrorMode(previous_mode, NULL);
  if (module == NULL && error_size > 0) describe_error(code, path, error, error_size);
  free(native);
  return (void *)module;
}

#if defined(_WIN32) && !defined(_WIN64) && (defined(__i386__) || defined(_M_IX86))
/* A stdcall routine such as DriverEntry is exported decorated on 32-bit
 * x86 unless a .def file names it: "DriverEntry@8" by MinGW's automatic
 * exports, "_DriverEntry@8" by MSVC's __declspec(dllexport). Finds the
 * export named `name`, optionally after "_", followed by "@<digits>". */
static FARPROC decorated_symbol(HMODULE module, const char *name) {
  const unsigned char *base = (const unsigned char *)module;
  const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
  if (dos->e_magic != IMAGE_DOS_SIGNATURE) return NULL;
  const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
  if (nt->Signature != IMAGE_NT_SIGNATURE) return NULL;
  const IMAGE_DATA_DIRECTORY *entry = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
  if (entry->VirtualAddress == 0 || entry->Size == 0) return NULL;
  const IMAGE_EXPORT_DIRECTORY *exports = (const IMAGE_EXPORT_DIRECTORY *)(base + entry->VirtualAddress);
  const DWORD *names = (const DWORD *)(base + exports->AddressOfNames);
  size_t length = strlen(name);
  for (DWORD i = 0; i < exports->NumberOfNames; i++) {
    const char *candidate = (const char *)(base + names[i]);
    const char *p = candidate[0] == '_' ? candidate + 1 : candidate;
    if (strncmp(p, name, length) != 0 || p[length] != '@' || p[length + 1] == '\0') continue;
    if (strspn(p + length + 1, "0123456789") != strlen(p + length + 1)) continue;
    return GetProcAddress(module, candidate);
  }
  return NULL;
}
#endif

void *plat_library_symbol(void *library, const char *name) {
  FARPROC symbol = GetProcAddress((HMODULE)library, name);
#if defined(_WIN32) && !defined(_WIN64) && (defined(__i386__) || defined(_M_IX86))
  if (symbol == NULL) symbol = decorated_symbol((HMODULE)library, name);
#endif
  return (void *)(uintptr_t)symbol;
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
