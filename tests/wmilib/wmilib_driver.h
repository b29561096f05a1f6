/*
 * wmilib_driver.h - a WDM driver for the WMILIB tests. Its WMILIB_CONTEXT
 * (GUID list, which callbacks exist), its DpWmiQueryReginfo answer and the
 * way its callbacks answer are set per test in wl_config; every callback
 * records in wl_record the arguments WmiSystemControl passed it, and the
 * dispatch routine records the disposition and status WmiSystemControl
 * returned.
 *
 * The dispatch routine follows the documented pattern: IrpProcessed ->
 * return the status; IrpNotCompleted -> IoCompleteRequest; IrpNotWmi and
 * IrpForward -> pass the IRP down.
 *
 * Data of instance i of the block at GuidList index g: instance_size[i]
 * bytes, byte k being wl_pattern(g, i, k). Instances are written 8-byte
 * aligned, as DpWmiQueryDataBlock's documentation asks.
 */
#ifndef WMISIM_TESTS_WMILIB_DRIVER_H
#define WMISIM_TESTS_WMILIB_DRIVER_H

#include <wdm.h>
#include <wmilib.h>

#include <stdbool.h>

DEFINE_GUID(WL_DATA_GUID, 0x6b1a3c20, 0x51e4, 0x4f0e, 0x8d, 0x2a, 0x10, 0x20, 0x30, 0x40, 0x50, 0x01);
DEFINE_GUID(WL_EVENT_GUID, 0x6b1a3c20, 0x51e4, 0x4f0e, 0x8d, 0x2a, 0x10, 0x20, 0x30, 0x40, 0x50, 0x02);
DEFINE_GUID(WL_OTHER_GUID, 0x6b1a3c20, 0x51e4, 0x4f0e, 0x8d, 0x2a, 0x10, 0x20, 0x30, 0x40, 0x50, 0x03);
DEFINE_GUID(WL_UNKNOWN_GUID, 0x6b1a3c20, 0x51e4, 0x4f0e, 0x8d, 0x2a, 0x10, 0x20, 0x30, 0x40, 0x50, 0x0f);

#define WL_MAX_GUIDS 6
#define WL_MAX_INSTANCES 8
#define WL_TAG 'bLlW'
#define WL_DATA_INSTANCES 3

/* How a data callback finishes its request. */
enum wl_pend {
  WL_COMPLETE_IN_CALLBACK,       /* WmiCompleteRequest before returning its status */
  WL_PEND_COMPLETE_AFTER_RETURN, /* STATUS_PENDING; a system thread completes it (after pend_gate, if set) */
  WL_PEND_COMPLETE_BEFORE_RETURN /* a system thread completes it while the callback waits, then STATUS_PENDING */
};

struct wl_config {
  WMIGUIDREGINFO guids[WL_MAX_GUIDS]; /* default: DATA (3 instances), EVENT (1, EVENT_ONLY), OTHER (1) */
  ULONG guid_count;
  bool register_at_start;        /* IoWMIRegistrationControl(REGISTER) at IRP_MN_START_DEVICE; default false */
  /* DpWmiQueryReginfo's answer */
  ULONG reg_flags;               /* default WMIREG_FLAG_INSTANCE_PDO */
  const WCHAR *base_name;        /* returned as a WL_TAG pool copy when set */
  const WCHAR *mof_name;         /* NULL: MofResourceName left unchanged */
  bool no_registry_path;         /* leave *RegistryPath NULL */
  bool no_pdo;                   /* leave *Pdo NULL */
  /* WMILIB_CONTEXT entries left NULL */
  bool null_reginfo, null_query, null_set_block, null_set_item, null_method, null_function_control;
  /* answers */
  ULONG instance_size[WL_MAX_INSTANCES]; /* bytes of each instance; default 8 */
  ULONG method_output;           /* bytes a method writes; default 4 */
  bool force;                    /* every data callback completes with `status` and `used` instead */
  NTSTATUS status;
  ULONG used;
  enum wl_pend pend;
  PKEVENT pend_gate;
  bool mark_pending;             /* a pending callback calls IoMarkIrpPending itself before handing the IRP off */
  bool complete_forwarded;       /* a bug: complete IrpForward/IrpNotWmi IRPs instead of passing them down */
  bool scribble_instance_count;  /* a bug: a query-all callback overwrites the WNODE's InstanceCount */
};

extern struct wl_config wl_config;

/* What one callback received the last time it ran. */
struct wl_call {
  LONG count;
  PDEVICE_OBJECT device;
  PIRP irp;
  ULONG guid_index;
  ULONG instance_index;
  ULONG instance_count;
  PULONG lengths;                /* InstanceLengthArray */
  ULONG size;                    /* BufferAvail, BufferSize or InBufferSize */
  ULONG out_size;                /* OutBufferSize */
  PUCHAR buffer;
  ULONG id;                      /* DataItemId or MethodId */
  WMIENABLEDISABLECONTROL function;
  BOOLEAN enable;
  UCHAR data[64];                /* the first input bytes at Buffer */
};

struct wl_record {
  struct wl_call reginfo, query, set_block, set_item, method, function_control;
  LONG dispatches;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS returned;             /* what WmiSystemControl returned */
};

extern struct wl_record wl_record;

/* Restores the defaults and clears the record. */
void wl_reset(void);
DRIVER_INITIALIZE wl_driver_entry;

/* The driver's function device object above `pdo`. */
PDEVICE_OBJECT wl_fdo(PDEVICE_OBJECT pdo);

/* Byte `offset` of instance `instance` of the block at GuidList index `guid_index`. */
UCHAR wl_pattern(ULONG guid_index, ULONG instance, ULONG offset);

/* Bytes a query of `count` instances from `first` needs: each instance
 * 8-byte aligned, the last one unpadded. */
ULONG wl_query_size(ULONG first, ULONG count);

#endif /* WMISIM_TESTS_WMILIB_DRIVER_H */
