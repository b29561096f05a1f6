/*
 * service.h - the WMI service as the other layers see it.
 */
#ifndef WMISIM_WMI_SERVICE_H
#define WMISIM_WMI_SERVICE_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;
struct wmi_service;

struct wmi_service *wmi_service_create(struct wmisim *sim);
void wmi_service_destroy(struct wmi_service *service);

/* IoDeleteDevice on a device: a registered device is reported and
 * deregistered so no request reaches freed memory. */
void wmi_device_deleted(struct wmisim *sim, PDEVICE_OBJECT device);

/* After IRP_MN_SURPRISE_REMOVAL completed on `device`'s stack: reports
 * devices of the stack still registered. */
void wmi_surprise_removal_done(struct wmisim *sim, PDEVICE_OBJECT device);

/* Waits until no event is queued for delivery; false at the deadline. */
bool wmi_service_wait_idle(struct wmi_service *service, uint64_t deadline_ns);

#endif /* WMISIM_WMI_SERVICE_H */
