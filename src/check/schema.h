/*
 * schema.h - the WmiDataSchema rule's hooks in the WMI service.
 */
#ifndef WMISIM_CHECK_SCHEMA_H
#define WMISIM_CHECK_SCHEMA_H

#include <wdm.h>
#include <wmistr.h>

#include <stdint.h>

struct wmisim;

/* After a WMI request to `provider` came back with `status`: checks what
 * the driver returned (`valid` bytes of the `buffer_size`-byte `wnode`) or
 * accepted (the input WNODE of a set) against the attached MOF class of
 * `guid`. No effect without a schema, for unknown GUIDs or failures. */
void check_wmi_answer(struct wmisim *sim, PDEVICE_OBJECT provider, uint64_t irp_id, UCHAR minor, const GUID *guid,
                      const void *wnode, ULONG valid, ULONG buffer_size, NTSTATUS status);

/* When IoWMIWriteEvent accepts an event of `source` (may be NULL):
 * checks it against the attached MOF class of its GUID. */
void check_wmi_event(struct wmisim *sim, PDEVICE_OBJECT source, const WNODE_HEADER *event);

#endif /* WMISIM_CHECK_SCHEMA_H */
