/*
 * events.h - event subscriptions inside the service, shared by the kernel
 * consumer routines (IoWMISetNotificationCallback) and wmisim's consumer
 * API.
 */
#ifndef WMISIM_WMI_EVENTS_H
#define WMISIM_WMI_EVENTS_H

#include "wmi/wmi_internal.h"

/* Receives a delivered event; `lost` counts events of this GUID refused
 * (queue full) since the subscriber's previous event. */
typedef void (*wmi_event_fn)(void *context, const WNODE_HEADER *event, ULONG lost);

struct wmi_subscriber *wmi_subscribe(struct wmi_service *service, const GUID *guid, wmi_event_fn fn, void *context);
/* Safe to call from inside the subscriber's own callback. */
void wmi_unsubscribe(struct wmi_subscriber *subscriber);

/* The WNODE to deliver for a queued event: the driver's own, or a new one
 * (free()d by the caller) for an event reference resolved by a query or a
 * static-name event given its instance name. NULL drops the event. */
WNODE_HEADER *wmi_event_prepare(struct wmi_service *service, WNODE_HEADER *event);

/* Events dropped because nobody listened to `guid`, or (queue_full) because
 * the queue was full. */
uint64_t wmi_events_dropped(struct wmi_service *service, const GUID *guid, bool queue_full);

#endif /* WMISIM_WMI_EVENTS_H */
