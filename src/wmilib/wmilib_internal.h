/*
 * wmilib_internal.h - WMILIB's parts: dispatch (wmilib.c), registration
 * information (reginfo.c), completion (complete.c), events (event.c).
 */
#ifndef WMISIM_WMILIB_INTERNAL_H
#define WMISIM_WMILIB_INTERNAL_H

#include <wmilib.h>

#include <stdbool.h>

/* Answers IRP_MN_REGINFO(_EX) from the GUID list and DpWmiQueryReginfo;
 * sets IoStatus and leaves the IRP for the driver to complete. */
NTSTATUS wmilib_reginfo(PWMILIB_CONTEXT context, PDEVICE_OBJECT device, PIRP irp, bool ex);

/* Sets IoStatus for an error WMILIB found itself; the driver completes. */
static inline NTSTATUS wmilib_not_completed(PIRP irp, NTSTATUS status, PSYSCTL_IRP_DISPOSITION disposition) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = 0;
  *disposition = IrpNotCompleted;
  return status;
}

#endif /* WMISIM_WMILIB_INTERNAL_H */
