/*
 * wmi_wnode_examples.c - prints, field by field, the buffers every WMI
 * request carries down and back up when consumers use the WMILIB test
 * driver: the examples of the pages in docs/wmi/ come from this output
 * (run it from the build directory: tests/wmi/wmi_wnode_examples).
 *
 * It watches the trace: a WNODE going down (WMISIM_TRACE_WNODE_IN) is
 * printed when the IRP carrying it is sent, so its minor code is known.
 */
#include <stdio.h>
#include <string.h>

#include <wmisim.h>

#include "wmi_test_driver.h"

#define MAX_IRPS 4096

struct watcher {
  UCHAR minor_of[MAX_IRPS];
  unsigned char pending[4096];  /* the last WNODE going down */
  size_t pending_size;
  uint64_t pending_irp;
};

static struct watcher watcher;

static const char *minor_name(UCHAR minor) {
  return wmisim_minor_name(IRP_MJ_SYSTEM_CONTROL, minor);
}

static void print_flags(ULONG flags) {
  static const struct {
    ULONG bit;
    const char *name;
  } names[] = {{WNODE_FLAG_ALL_DATA, "ALL_DATA"},
               {WNODE_FLAG_SINGLE_INSTANCE, "SINGLE_INSTANCE"},
               {WNODE_FLAG_SINGLE_ITEM, "SINGLE_ITEM"},
               {WNODE_FLAG_EVENT_ITEM, "EVENT_ITEM"},
               {WNODE_FLAG_FIXED_INSTANCE_SIZE, "FIXED_INSTANCE_SIZE"},
               {WNODE_FLAG_TOO_SMALL, "TOO_SMALL"},
               {WNODE_FLAG_STATIC_INSTANCE_NAMES, "STATIC_INSTANCE_NAMES"},
               {WNODE_FLAG_INTERNAL, "INTERNAL"},
               {WNODE_FLAG_EVENT_REFERENCE, "EVENT_REFERENCE"},
               {WNODE_FLAG_METHOD_ITEM, "METHOD_ITEM"},
               {WNODE_FLAG_PDO_INSTANCE_NAMES, "PDO_INSTANCE_NAMES"},
               {WNODE_FLAG_TRACED_GUID, "TRACED_GUID"}};
  printf("0x%08lX", (unsigned long)flags);
  const char *separator = " (";
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (flags & names[i].bit) {
      printf("%sWNODE_FLAG_%s", separator, names[i].name);
      separator = " | ";
    }
  if (separator[0] == ' ' && separator[1] == '|') printf(")");
  printf("\n");
}

static void print_name(const char *field, const unsigned char *base, size_t size, ULONG offset) {
  USHORT bytes = 0;
  if ((size_t)offset + 2 > size) return;
  memcpy(&bytes, base + offset, 2);
  printf("  %-26s at 0x%lX: USHORT %u, \"", field, (unsigned long)offset, bytes);
  for (size_t i = 0; i < bytes / 2u && (size_t)offset + 2 + 2 * i + 1 < size; i++) putchar(base[offset + 2 + 2 * i]);
  printf("\"\n");
}

static void print_bytes(const char *field, const unsigned char *base, size_t size, ULONG offset, ULONG length) {
  printf("  %-26s at 0x%lX: %lu bytes", field, (unsigned long)offset, (unsigned long)length);
  for (ULONG i = 0; i < length && i < 16 && (size_t)offset + i < size; i++) printf(" %02X", base[offset + i]);
  printf("\n");
}

static void print_header(const WNODE_HEADER *h) {
  char guid[39];
  wmisim_guid_format(&h->Guid, guid);
  printf("  WnodeHeader.BufferSize     %lu\n", (unsigned long)h->BufferSize);
  printf("  WnodeHeader.ProviderId     %lu\n", (unsigned long)h->ProviderId);
  printf("  WnodeHeader.Version        %lu\n", (unsigned long)h->Version);
  printf("  WnodeHeader.Linkage        %lu\n", (unsigned long)h->Linkage);
  printf("  WnodeHeader.TimeStamp      %lld\n", (long long)h->TimeStamp.QuadPart);
  printf("  WnodeHeader.Guid           %s\n", guid);
  printf("  WnodeHeader.ClientContext  %lu\n", (unsigned long)h->ClientContext);
  printf("  WnodeHeader.Flags          ");
  print_flags(h->Flags);
}

static void print_all_data(const unsigned char *b, size_t size) {
  const WNODE_ALL_DATA *all = (const WNODE_ALL_DATA *)b;
  printf("  DataBlockOffset            0x%lX\n", (unsigned long)all->DataBlockOffset);
  printf("  InstanceCount              %lu\n", (unsigned long)all->InstanceCount);
  printf("  OffsetInstanceNameOffsets  0x%lX\n", (unsigned long)all->OffsetInstanceNameOffsets);
  for (ULONG i = 0; i < all->InstanceCount && i < 8; i++) {
    ULONG offset, length;
    if (all->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
      if (i == 0) printf("  FixedInstanceSize          %lu\n", (unsigned long)all->FixedInstanceSize);
      offset = all->DataBlockOffset + i * ((all->FixedInstanceSize + 7u) & ~7u);
      length = all->FixedInstanceSize;
    } else {
      offset = all->OffsetInstanceDataAndLength[i].OffsetInstanceData;
      length = all->OffsetInstanceDataAndLength[i].LengthInstanceData;
      printf("  OffsetInstanceDataAndLength[%lu] {0x%lX, %lu}\n", (unsigned long)i, (unsigned long)offset,
             (unsigned long)length);
    }
    char field[40];
    snprintf(field, sizeof field, "instance %lu data", (unsigned long)i);
    print_bytes(field, b, size, offset, length);
    if (all->OffsetInstanceNameOffsets != 0 && all->OffsetInstanceNameOffsets + 4 * (i + 1) <= size) {
      ULONG name_at;
      memcpy(&name_at, b + all->OffsetInstanceNameOffsets + 4 * i, 4);
      snprintf(field, sizeof field, "instance %lu name", (unsigned long)i);
      print_name(field, b, size, name_at);
    }
  }
}

/* WNODE_SINGLE_INSTANCE, WNODE_SINGLE_ITEM and WNODE_METHOD_ITEM. */
static void print_single(const unsigned char *b, size_t size) {
  const WNODE_HEADER *h = (const WNODE_HEADER *)b;
  ULONG fields[5];
  memcpy(fields, b + sizeof *h, sizeof fields);
  printf("  OffsetInstanceName         0x%lX\n", (unsigned long)fields[0]);
  printf("  InstanceIndex              %lu\n", (unsigned long)fields[1]);
  ULONG data_at = fields[2], data_size = fields[3];
  if (h->Flags & (WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_METHOD_ITEM)) {
    printf("  %-26s %lu\n", h->Flags & WNODE_FLAG_SINGLE_ITEM ? "ItemId" : "MethodId", (unsigned long)fields[2]);
    data_at = fields[3];
    data_size = fields[4];
  }
  printf("  DataBlockOffset            0x%lX\n", (unsigned long)data_at);
  printf("  %-26s %lu\n", h->Flags & WNODE_FLAG_SINGLE_ITEM ? "SizeDataItem" : "SizeDataBlock", (unsigned long)data_size);
  if (fields[0] != 0) print_name("instance name", b, size, fields[0]);
  if (data_size != 0) print_bytes("data", b, size, data_at, data_size);
}

static void print_reginfo(const unsigned char *b, size_t size) {
  if (size == sizeof(ULONG)) {
    ULONG needed;
    memcpy(&needed, b, sizeof needed);
    printf("  (size probe) first ULONG   %lu\n", (unsigned long)needed);
    return;
  }
  const WMIREGINFOW *info = (const WMIREGINFOW *)b;
  printf("  BufferSize                 %lu\n", (unsigned long)info->BufferSize);
  printf("  NextWmiRegInfo             %lu\n", (unsigned long)info->NextWmiRegInfo);
  printf("  RegistryPath               0x%lX\n", (unsigned long)info->RegistryPath);
  printf("  MofResourceName            0x%lX\n", (unsigned long)info->MofResourceName);
  printf("  GuidCount                  %lu\n", (unsigned long)info->GuidCount);
  for (ULONG i = 0; i < info->GuidCount && i < 8; i++) {
    char guid[39];
    wmisim_guid_format(&info->WmiRegGuid[i].Guid, guid);
    printf("  WmiRegGuid[%lu]              %s Flags 0x%lX InstanceCount %lu %s\n", (unsigned long)i, guid,
           (unsigned long)info->WmiRegGuid[i].Flags, (unsigned long)info->WmiRegGuid[i].InstanceCount,
           info->WmiRegGuid[i].Flags & WMIREG_FLAG_INSTANCE_PDO ? "Pdo <the PDO>" : "");
  }
  if (info->MofResourceName != 0) print_name("MOF resource name", b, size, info->MofResourceName);
  if (info->RegistryPath != 0) print_name("registry path", b, size, info->RegistryPath);
}

static void print_buffer(UCHAR minor, bool output, const unsigned char *b, size_t size, uint64_t irp) {
  printf("\n%s IRP #%llu %s (%zu bytes%s):\n", output ? "<-" : "->", (unsigned long long)irp, minor_name(minor), size,
         output ? " returned" : " in the buffer");
  if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX) {
    if (output) print_reginfo(b, size);
    else printf("  (zeroed; Parameters.WMI.DataPath is WMIREGISTER or WMIUPDATE)\n");
    return;
  }
  if (size < sizeof(WNODE_HEADER)) {
    printf("  (no WNODE)\n");
    return;
  }
  const WNODE_HEADER *h = (const WNODE_HEADER *)b;
  print_header(h);
  if (h->Flags & WNODE_FLAG_TOO_SMALL) printf("  SizeNeeded                 %lu\n", (unsigned long)((const WNODE_TOO_SMALL *)b)->SizeNeeded);
  else if (h->Flags & WNODE_FLAG_ALL_DATA) print_all_data(b, size);
  else if (h->Flags & (WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_METHOD_ITEM)) print_single(b, size);
}

static void watch(void *context, const wmisim_trace_event_t *event) {
  (void)context;
  switch (event->kind) {
  case WMISIM_TRACE_WNODE_IN:
    watcher.pending_size = event->size < sizeof watcher.pending ? event->size : sizeof watcher.pending;
    memcpy(watcher.pending, event->data, watcher.pending_size);
    watcher.pending_irp = event->irp;
    break;
  case WMISIM_TRACE_IRP_SENT:
    if (event->major != IRP_MJ_SYSTEM_CONTROL || event->depth != 1 || event->irp >= MAX_IRPS) break;
    watcher.minor_of[event->irp] = (UCHAR)event->minor;
    if (event->irp == watcher.pending_irp)
      print_buffer((UCHAR)event->minor, false, watcher.pending, watcher.pending_size, event->irp);
    break;
  case WMISIM_TRACE_WNODE_OUT:
    if (event->irp < MAX_IRPS) print_buffer(watcher.minor_of[event->irp], true, event->data, event->size, event->irp);
    break;
  case WMISIM_TRACE_WMI_EVENT:
    printf("\n== event delivered to consumers (%zu bytes):\n", event->size);
    print_header(event->data);
    if (((const WNODE_HEADER *)event->data)->Flags & WNODE_FLAG_SINGLE_INSTANCE) print_single(event->data, event->size);
    break;
  default:
    break;
  }
}

static void print_result(const char *what, NTSTATUS status, const void *buffer, ULONG size) {
  printf("\n== %s: %s, %lu bytes for the consumer\n", what, wmisim_status_name(status), (unsigned long)size);
  if (!NT_SUCCESS(status) || buffer == NULL || size < sizeof(WNODE_HEADER)) return;
  const WNODE_HEADER *h = buffer;
  print_header(h);
  if (h->Flags & WNODE_FLAG_ALL_DATA) print_all_data(buffer, size);
  else print_single(buffer, size);
}

static void section(const char *title) {
  printf("\n\n#### %s\n", title);
}

static void on_event(void *context, const WNODE_HEADER *event, ULONG lost) {
  (void)context, (void)event, (void)lost;
}

int main(void) {
  test_driver_reset();
  wmisim_t *sim;
  if (wmisim_create(NULL, &sim) != STATUS_SUCCESS) return 1;
  wmisim_trace_subscription_t *trace;
  wmisim_trace_subscribe(sim, watch, NULL, &trace);
  wmisim_driver_t *driver;
  wmisim_driver_add(sim, "wmitest", test_driver_entry, &driver);
  wmisim_device_spec_t spec = {.instance_id = "ROOT\\WMISIM\\0000", .function_driver = driver};
  wmisim_devnode_t *node;
  wmisim_device_add(sim, &spec, &node);
  section("registration (wmisim_device_start: the driver calls IoWMIRegistrationControl(REGISTER))");
  wmisim_device_start(node);
  PDEVICE_OBJECT fdo = wmisim_device_pdo(node)->AttachedDevice;
  printf("\nFDO ProviderId (IoWMIDeviceObjectToProviderId) = %lu\n", (unsigned long)IoWMIDeviceObjectToProviderId(fdo));

  wmisim_block_t *block;
  wmisim_wmi_open(sim, &TEST_DATA_GUID, WMIGUID_QUERY | WMIGUID_SET | WMIGUID_EXECUTE, &block);
  unsigned char buffer[2048];
  ULONG size = sizeof buffer;
  section("query all data (wmisim_wmi_query_all)");
  NTSTATUS status = wmisim_wmi_query_all(block, &size, buffer);
  print_result("query all data", status, buffer, size);
  section("query single instance (wmisim_wmi_query_single \"ROOT\\\\WMISIM\\\\0000_1\")");
  size = sizeof buffer;
  status = wmisim_wmi_query_single(block, "ROOT\\WMISIM\\0000_1", &size, buffer);
  print_result("query single instance", status, buffer, size);
  section("change single instance (wmisim_wmi_set_single, struct test_data {7, 8})");
  struct test_data data = {7, 8};
  printf("\n== %s\n", wmisim_status_name(wmisim_wmi_set_single(block, "ROOT\\WMISIM\\0000_0", sizeof data, &data)));
  section("change single item (wmisim_wmi_set_item, item 2, ULONG 77)");
  ULONG threshold = 77;
  printf("\n== %s\n",
         wmisim_status_name(wmisim_wmi_set_item(block, "ROOT\\WMISIM\\0000_0", TEST_ITEM_THRESHOLD, 4, &threshold)));
  section("execute method (wmisim_wmi_execute_method, method 1, ULONG 5 in, room for 16 bytes out)");
  ULONG io[4] = {5}, out = sizeof io;
  status = wmisim_wmi_execute_method(block, "ROOT\\WMISIM\\0000_0", TEST_METHOD_ADD, 4, io, &out, io);
  printf("\n== %s: %lu bytes out, ULONG %lu\n", wmisim_status_name(status), (unsigned long)out, (unsigned long)io[0]);
  wmisim_wmi_close(block);
  section("enable and disable collection (open and close the EXPENSIVE block)");
  wmisim_wmi_open(sim, &TEST_EXPENSIVE_GUID, WMIGUID_QUERY, &block);
  wmisim_wmi_close(block);
  section("enable events, an event, disable events (subscribe, WmiFireEvent, unsubscribe)");
  wmisim_subscription_t *subscription;
  wmisim_wmi_subscribe(sim, &TEST_EVENT_GUID, on_event, NULL, &subscription);
  test_driver_fire_event(fdo, 42);
  wmisim_wait_idle(sim, 5000);
  wmisim_wmi_unsubscribe(subscription);
  section("update (IoWMIRegistrationControl(UPDATE_GUIDS) after the instance count became 3)");
  test_driver_set_instances(fdo, 3);
  IoWMIRegistrationControl(fdo, WMIREG_ACTION_UPDATE_GUIDS);
  wmisim_trace_unsubscribe(trace);
  wmisim_destroy(sim);
  return 0;
}
