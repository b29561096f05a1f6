/* Placeholder until the WMI service lands. */
#include "wmi/service.h"

#include <stdlib.h>

struct wmi_service {
  int unused;
};

struct wmi_service *wmi_service_create(struct wmisim *sim) {
  (void)sim;
  return calloc(1, sizeof(struct wmi_service));
}

void wmi_service_destroy(struct wmi_service *service) {
  free(service);
}

void wmi_device_deleted(struct wmisim *sim, PDEVICE_OBJECT device) {
  (void)sim;
  (void)device;
}

void wmi_surprise_removal_done(struct wmisim *sim, PDEVICE_OBJECT device) {
  (void)sim;
  (void)device;
}

bool wmi_service_wait_idle(struct wmi_service *service, uint64_t deadline_ns) {
  (void)service;
  (void)deadline_ns;
  return true;
}
