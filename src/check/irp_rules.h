/*
 * irp_rules.h - the IRP-handling rules, evaluated at the points where the
 * I/O manager sees an IRP change hands.
 */
#ifndef WMISIM_CHECK_IRP_RULES_H
#define WMISIM_CHECK_IRP_RULES_H

#include <stdbool.h>

#include "io/io.h"

/* Before IoCallDriver moves `irp` to `target`; `sender` is the sending
 * driver's frame, NULL when the IRP's originator sends it. */
void irp_rules_before_send(struct wmisim *sim, struct io_frame *sender, PDEVICE_OBJECT target, PIRP irp);

/* After a dispatch routine returned `status`; `completed_elsewhere` is true
 * if the IRP was completed during the call by anyone. */
void irp_rules_dispatch_returned(struct wmisim *sim, struct io_frame *frame, NTSTATUS status,
                                 bool completed_elsewhere);

/* When IoCompleteRequest starts, with the completing stack location current. */
void irp_rules_completing(struct wmisim *sim, PIRP irp, PDEVICE_OBJECT completer);

/* After a completion routine returned anything but STATUS_MORE_PROCESSING_REQUIRED. */
void irp_rules_completion_routine_returned(struct wmisim *sim, PIRP irp, PDEVICE_OBJECT device, bool at_originator);

/* When an IRP a driver allocated is completed all the way to its originator. */
void irp_rules_completed_to_originator(struct wmisim *sim, PIRP irp, struct io_irp_track *track);

/* True for the minor codes of IRP_MJ_SYSTEM_CONTROL that are WMI requests. */
bool irp_rules_is_wmi_minor(UCHAR minor);

#endif /* WMISIM_CHECK_IRP_RULES_H */
