/*
 * library.c - POSIX shared libraries, GUID text (libuuid) and terminals.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "platform/platform.h"

void *plat_library_open(const char *path, char *error, size_t error_size) {
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library == NULL && error_size > 0) {
    const char *why = dlerror();
    snprintf(error, error_size, "%s", why != NULL ? why : "unknown dlopen error");
  }
  return library;
}

void *plat_library_symbol(void *library, const char *name) {
  return dlsym(library, name);
}

void plat_library_close(void *library) {
  if (library != NULL) dlclose(library);
}

const char *plat_library_suffix(void) {
#if defined(__APPLE__)
  return ".dylib";
#else
  return ".so";
#endif
}

/* libuuid keeps a UUID in RFC 4122 (big-endian) byte order; a Windows GUID
 * keeps Data1-3 as native little-endian integers. */
bool plat_guid_parse(const char *text, plat_guid_t *guid) {
  uuid_t bytes;
  if (strlen(text) != 36 || uuid_parse(text, bytes) != 0) return false;
  guid->data1 = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
  guid->data2 = (uint16_t)(bytes[4] << 8 | bytes[5]);
  guid->data3 = (uint16_t)(bytes[6] << 8 | bytes[7]);
  memcpy(guid->data4, bytes + 8, 8);
  return true;
}

void plat_guid_format(const plat_guid_t *guid, char text[37]) {
  uuid_t bytes;
  bytes[0] = (unsigned char)(guid->data1 >> 24);
  bytes[1] = (unsigned char)(guid->data1 >> 16);
  bytes[2] = (unsigned char)(guid->data1 >> 8);
  bytes[3] = (unsigned char)guid->data1;
  bytes[4] = (unsigned char)(guid->data2 >> 8);
  bytes[5] = (unsigned char)guid->data2;
  bytes[6] = (unsigned char)(guid->data3 >> 8);
  bytes[7] = (unsigned char)guid->data3;
  memcpy(bytes + 8, guid->data4, 8);
  uuid_unparse_upper(bytes, text);
}

bool plat_is_terminal(int stream) {
  return isatty(stream) == 1;
}
