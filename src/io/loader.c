/*
 * loader.c - loading drivers built as shared libraries.
 */
#include <stdio.h>
#include <string.h>

#include "core/sim.h"
#include "io/io.h"
#include "platform/platform.h"

static void report(char *error, size_t size, const char *format, const char *a, const char *b) {
  if (error != NULL && size > 0) snprintf(error, size, format, a, b);
}

/* The file's base name without directory and suffix: the service name. */
static void name_from_path(const char *path, char *name, size_t size) {
  const char *base = path;
  for (const char *p = path; *p != '\0'; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  snprintf(name, size, "%s", base);
  if (strncmp(name, "lib", 3) == 0 && strlen(name) > 3) memmove(name, name + 3, strlen(name + 3) + 1);
  char *dot = strchr(name, '.');
  if (dot != NULL) *dot = '\0';
}

NTSTATUS wmisim_driver_load(wmisim_t *sim, const char *path, const char *name, wmisim_driver_t **out,
                            char *error, size_t error_size) {
  if (sim == NULL || path == NULL || out == NULL) return STATUS_INVALID_PARAMETER;
  *out = NULL;
  FILE *probe = fopen(path, "rb");
  if (probe == NULL) {
    report(error, error_size, "%s: no such file%s", path, "");
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  fclose(probe);
  char reason[512] = "";
  void *library = plat_library_open(path, reason, sizeof reason);
  if (library == NULL) {
    report(error, error_size, "%s: not a loadable driver library: %s", path, reason);
    return STATUS_INVALID_IMAGE_FORMAT;
  }
  PDRIVER_INITIALIZE entry = (PDRIVER_INITIALIZE)(uintptr_t)plat_library_symbol(library, "DriverEntry");
  if (entry == NULL) {
    plat_library_close(library);
    report(error, error_size, "%s: exports no DriverEntry%s", path, "");
    return STATUS_OBJECT_NAME_NOT_FOUND;
  }
  char derived[256];
  if (name == NULL) {
    name_from_path(path, derived, sizeof derived);
    name = derived;
  }
  struct io_driver *driver;
  NTSTATUS status = io_create_driver(sim, name, entry, library, &driver);
  if (!NT_SUCCESS(status)) {
    plat_library_close(library);
    report(error, error_size, "%s: DriverEntry failed with %s", path, wmisim_status_name(status));
    return status;
  }
  *out = (wmisim_driver_t *)driver;
  return STATUS_SUCCESS;
}

void *wmisim_driver_symbol(wmisim_driver_t *driver, const char *symbol) {
  struct io_driver *record = (struct io_driver *)driver;
  if (record == NULL || symbol == NULL || record->library == NULL) return NULL;
  return plat_library_symbol(record->library, symbol);
}
