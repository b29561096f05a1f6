/*
 * resource.c - where a driver's MOF lives: a driver reports a
 * MofResourceName (on Windows, the name of a MOF resource compiled into its
 * image); wmisim looks for `<MofResourceName>.mof` beside the driver.
 */
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

/* Names that would leave the driver's directory are refused. */
static int name_is_safe(const char *name) {
  if (name[0] == '\0' || strchr(name, '/') != NULL || strchr(name, '\\') != NULL ||
      strchr(name, ':') != NULL)
    return 0;
  return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

NTSTATUS wmisim_mof_resource_path(const char *driver_path, const char *resource_name,
                                  char *buffer, size_t buffer_size, size_t *needed) {
  if (driver_path == NULL || resource_name == NULL || needed == NULL ||
      !name_is_safe(resource_name))
    return STATUS_INVALID_PARAMETER;
  size_t directory = strlen(driver_path);
  while (directory > 0 && driver_path[directory - 1] != '/' && driver_path[directory - 1] != '\\')
    directory--;
  const char *suffix = mof_has_suffix_nocase(resource_name, ".mof") ? "" : ".mof";
  char *path = directory > 0
                   ? mof_format("%.*s%s%s", (int)directory, driver_path, resource_name, suffix)
                   : mof_format("./%s%s", resource_name, suffix);
  if (path == NULL)
    return STATUS_NO_MEMORY;
  size_t length = strlen(path);
  *needed = length;
  NTSTATUS status = STATUS_BUFFER_TOO_SMALL;
  if (buffer != NULL && buffer_size > length) {
    memcpy(buffer, path, length + 1);
    status = STATUS_SUCCESS;
  }
  free(path);
  return status;
}

NTSTATUS wmisim_mof_resource_path_utf16(const char *driver_path, const WCHAR *name,
                                        USHORT length_bytes, char *buffer, size_t buffer_size,
                                        size_t *needed) {
  if (name == NULL && length_bytes > 0)
    return STATUS_INVALID_PARAMETER;
  size_t count = length_bytes / sizeof(WCHAR);
  unsigned char *bytes = malloc(count * 2 + 1);
  if (bytes == NULL)
    return STATUS_NO_MEMORY;
  for (size_t i = 0; i < count; i++) { /* to little-endian bytes, whatever the host */
    bytes[2 * i] = (unsigned char)(name[i] & 0xff);
    bytes[2 * i + 1] = (unsigned char)(name[i] >> 8);
  }
  char *utf8 = mof_utf16le_to_utf8(bytes, count);
  free(bytes);
  if (utf8 == NULL)
    return STATUS_NO_MEMORY;
  NTSTATUS status = wmisim_mof_resource_path(driver_path, utf8, buffer, buffer_size, needed);
  free(utf8);
  return status;
}

NTSTATUS wmisim_mof_schema_load_for_driver(wmisim_mof_schema *schema, const char *driver_path,
                                           const char *resource_name,
                                           wmisim_mof_diagnostics *diags) {
  size_t needed = 0;
  NTSTATUS status = wmisim_mof_resource_path(driver_path, resource_name, NULL, 0, &needed);
  if (status != STATUS_BUFFER_TOO_SMALL)
    return status;
  char *path = malloc(needed + 1);
  if (path == NULL)
    return STATUS_NO_MEMORY;
  status = wmisim_mof_resource_path(driver_path, resource_name, path, needed + 1, &needed);
  if (NT_SUCCESS(status))
    status = wmisim_mof_schema_load_file(schema, path, diags);
  free(path);
  return status;
}
