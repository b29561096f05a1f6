/* Placeholder until the configuration manager lands. */
#include "cm/registry.h"

#include <stdlib.h>

struct cm_registry {
  int unused;
};

struct cm_registry *cm_create(void) {
  return calloc(1, sizeof(struct cm_registry));
}

void cm_destroy(struct cm_registry *registry) {
  free(registry);
}

void cm_create_service_key(struct cm_registry *registry, const char *service_name) {
  (void)registry;
  (void)service_name;
}

NTSTATUS cm_open_path(struct wmisim *sim, const char *path, bool create, HANDLE *handle) {
  (void)sim;
  (void)path;
  (void)create;
  (void)handle;
  return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS cm_set_value(struct cm_registry *registry, const char *key_path, const char *value_name, ULONG type,
                      const void *data, ULONG size) {
  (void)registry;
  (void)key_path;
  (void)value_name;
  (void)type;
  (void)data;
  (void)size;
  return STATUS_NOT_IMPLEMENTED;
}
