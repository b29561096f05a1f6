/*
 * wmilib_internal.h - WMILIB's parts: dispatch (wmilib.c), registration
 * information (reginfo.c), completion (complete.c), events (event.c).
 */
#ifndef WMISIM_WMILIB_INTERNAL_H
#define WMISIM_WMILIB_INTERNAL_H

#include <wmilib.h>

#include <stdbool.h>
#include <stdint.h>

/* Answers IRP_MN_REGINFO(_EX) from the GUID list and DpWmiQueryReginfo;
 * sets IoStatus and leaves the IRP for the driver to complete. */
NTSTATUS wmilib_reginfo(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, bool ex);

/* The index of `guid` in the context's GuidList, MAXULONG if none
 * (guid_index.c). */
ULONG wmilib_find_guid(PWMILIB_CONTEXT context, const GUID *guid);

/* A callback in progress, for marking its IRP pending (pending.c). */
struct wmilib_call {
  struct wmilib_call *next;
  struct wmilib_call *outer;  /* the call this thread was in when this one began */
  PIRP irp;
  CHAR location;       /* the driver's stack location */
  uint64_t thread;     /* the thread running the callback */
  bool marked;         /* marked pending by an early completion */
};

/* Around the callback WmiSystemControl calls; `pended` when it returned
 * STATUS_PENDING: the IRP is then marked pending unless it already is. */
void wmilib_call_begin(struct wmilib_call *call, PIRP irp);
void wmilib_call_end(struct wmilib_call *call, bool pended);

/* WmiCompleteRequest, before completing: an IRP whose callback is still
 * running on another thread is marked pending first. */
void wmilib_call_completing(PIRP irp);

/* Sets IoStatus for an error WMILIB found itself; the driver completes. */
static inline NTSTATUS wmilib_not_completed(PIRP irp, NTSTATUS status, PSYSCTL_IRP_DISPOSITION disposition) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = 0;
  *disposition = IrpNotCompleted;
  return status;
}

#endif /* WMISIM_WMILIB_INTERNAL_H */
