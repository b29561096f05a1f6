/*
 * names.c - instance names: static names from registration (a list, a
 * base name plus a counter, or the PDO's device instance ID plus "_" and
 * the index), and the routines that hand names and ids to drivers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "ex/pool.h"
#include "io/io.h"
#include "ke/thread.h"
#include "pnp/pnp.h"
#include "rtl/text.h"
#include "wmi/wmi_internal.h"

#define NAME_TAG 0x4e696d57u /* 'WmiN' */

/* Decimal digits by hand: a query of all data names every instance. */
static size_t append_number(WCHAR *out, size_t at, size_t capacity, ULONG value) {
  WCHAR digits[10];
  size_t n = 0;
  do {
    digits[n++] = (WCHAR)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (; n > 0; at++)
    if (at < capacity) out[at] = digits[--n]; else --n;
  return at;
}

static size_t decimal_digits(ULONG value) {
  size_t n = 1;
  for (; value >= 10; value /= 10) n++;
  return n;
}

/* BASENAME and PDO names: a fixed base, then a decimal counter. */
static bool has_counter(const struct wmi_block *block) {
  return block->name_kind == WMI_NAMES_BASENAME || block->name_kind == WMI_NAMES_PDO;
}

static ULONG counter_of(const struct wmi_block *block, ULONG index) {
  return block->name_kind == WMI_NAMES_BASENAME ? block->first_index + index : index;
}

size_t wmi_instance_name_length(const struct wmi_block *block, ULONG index) {
  if (has_counter(block)) return block->base_length + decimal_digits(counter_of(block, index));
  if (block->name_kind == WMI_NAMES_LIST) return index < block->instance_count ? block->name_lengths[index] : 0;
  return 0;
}

size_t wmi_instance_name(const struct wmi_block *block, ULONG index, WCHAR *out, size_t capacity) {
  size_t length = 0;
  switch (block->name_kind) {
  case WMI_NAMES_LIST:
    if (index >= block->instance_count) return 0;
    length = block->name_lengths[index];
    memcpy(out, block->names[index], (length < capacity ? length : capacity) * sizeof(WCHAR));
    return length;
  case WMI_NAMES_BASENAME:
  case WMI_NAMES_PDO:
    length = block->base_length;
    memcpy(out, block->base, (length < capacity ? length : capacity) * sizeof(WCHAR));
    return append_number(out, length, capacity, counter_of(block, index));
  default:
    return 0;
  }
}

uint64_t wmi_instance_names_room(const struct wmi_block *block, ULONG count, ULONG (*room)(size_t length)) {
  uint64_t total = 0;
  if (!has_counter(block)) {
    for (ULONG i = 0; i < count; i++) total += room(wmi_instance_name_length(block, i));
    return total;
  }
  for (ULONG i = 0; i < count;) { /* a run: the counters up to the next power of ten */
    uint64_t value = counter_of(block, i), end = 10;
    while (end <= value) end *= 10;
    uint64_t run = end - value < (uint64_t)(count - i) ? end - value : (uint64_t)(count - i);
    total += run * room(wmi_instance_name_length(block, i));
    i += (ULONG)run;
  }
  return total;
}

/* Adds one to the decimal number that ends `name`; false if it needs a
 * digit more than `capacity` leaves room for. */
static bool increment_digits(WCHAR *name, size_t start, size_t *length, size_t capacity) {
  size_t at = *length;
  while (at > start && name[at - 1] == '9') name[--at] = '0';
  if (at > start) {
    name[at - 1]++;
    return true;
  }
  if (*length >= capacity) return false;
  name[start] = '1'; /* 99 -> 100: all zeros now, one more at the end */
  name[(*length)++] = '0';
  return true;
}

size_t wmi_instance_name_next(const struct wmi_block *block, ULONG index, WCHAR *name, size_t length,
                              size_t capacity) {
  /* Rebuilt: other kinds, the first name, a cut one, and a counter that wrapped past 0xFFFFFFFF. */
  if (!has_counter(block) || index == 0 || length >= capacity || length <= block->base_length ||
      counter_of(block, index) != counter_of(block, index - 1) + 1)
    return wmi_instance_name(block, index, name, capacity);
  return increment_digits(name, block->base_length, &length, capacity) ? length
                                                                       : wmi_instance_name(block, index, name, capacity);
}

static bool parse_index(const WCHAR *digits, size_t length, ULONG *value) {
  if (length == 0 || length > 9 || (length > 1 && digits[0] == '0')) return false;
  ULONG v = 0;
  for (size_t i = 0; i < length; i++) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    v = v * 10 + (ULONG)(digits[i] - '0');
  }
  *value = v;
  return true;
}

bool wmi_find_instance(const struct wmi_block *block, const WCHAR *name, size_t length, ULONG *index) {
  switch (block->name_kind) {
  case WMI_NAMES_LIST:
    for (ULONG i = 0; i < block->instance_count; i++)
      if (text_wequal(block->names[i], block->name_lengths[i], name, length, true)) {
        *index = i;
        return true;
      }
    return false;
  case WMI_NAMES_BASENAME:
  case WMI_NAMES_PDO: {
    ULONG value;
    if (length <= block->base_length || !text_wequal(block->base, block->base_length, name, block->base_length, true) ||
        !parse_index(name + block->base_length, length - block->base_length, &value))
      return false;
    ULONG first = block->name_kind == WMI_NAMES_BASENAME ? block->first_index : 0;
    if (value < first || value - first >= block->instance_count) return false;
    *index = value - first;
    return true;
  }
  default:
    return false;
  }
}

void wmi_block_take_names(struct wmi_block *block, struct wmi_reg_block *reg) {
  block->name_kind = reg->name_kind;
  block->base = reg->base;
  block->base_length = reg->base_length;
  block->names = reg->names;
  block->name_lengths = reg->name_lengths;
  reg->base = NULL;
  reg->names = NULL;
  reg->name_lengths = NULL;
  /* Base names get fresh counters per GUID, so two providers with the same
   * base never produce the same name. */
  if (block->name_kind == WMI_NAMES_BASENAME && block->entry != NULL) {
    block->first_index = block->entry->next_base_index;
    block->entry->next_base_index += block->instance_count;
  }
}

/* ---- routines for drivers -------------------------------------------------------------------- */

static NTSTATUS pool_unicode(const WCHAR *text, size_t length, PUNICODE_STRING out) {
  PWCHAR buffer = ExAllocatePoolWithTag(PagedPool, (length + 1) * sizeof(WCHAR), NAME_TAG);
  if (buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  memcpy(buffer, text, length * sizeof(WCHAR));
  buffer[length] = 0;
  out->Buffer = buffer;
  out->Length = (USHORT)(length * sizeof(WCHAR));
  out->MaximumLength = (USHORT)((length + 1) * sizeof(WCHAR));
  return STATUS_SUCCESS;
}

/* On 32-bit x86 the WDK makes this a macro that truncates the device
 * object's address, and drivers use that; register.c hands out the same. */
#if !defined(IoWMIDeviceObjectToProviderId)
ULONG NTAPI IoWMIDeviceObjectToProviderId(PDEVICE_OBJECT DeviceObject) {
  struct io_device *record = io_device_of(DeviceObject);
  return record != NULL ? record->id : 0;
}
#endif

NTSTATUS NTAPI IoWMIAllocateInstanceIds(GUID *Guid, ULONG InstanceCount, ULONG *FirstInstanceId) {
  struct wmisim *sim = sim_current();
  struct kthread *thread = ke_thread();
  if (thread->irql > PASSIVE_LEVEL) {
    struct check_site site = {NULL, NULL, "IoWMIAllocateInstanceIds"};
    check_report(sim, CHECK_WMI_IRQL_PASSIVE, &site, "IoWMIAllocateInstanceIds called at IRQL %u", thread->irql);
  }
  struct wmi_service *service = wmi_of(sim);
  if (service == NULL || Guid == NULL || FirstInstanceId == NULL) return STATUS_INVALID_PARAMETER;
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, Guid, true);
  NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
  if (entry != NULL) {
    *FirstInstanceId = entry->next_instance_id;
    entry->next_instance_id += InstanceCount;
    status = STATUS_SUCCESS;
  }
  plat_mutex_unlock(&service->lock);
  return status;
}

/* The PDO's device instance ID, the symbolic link, or both joined by "_".
 * The page: with CombineNames both must be given, otherwise only one. */
NTSTATUS NTAPI IoWMISuggestInstanceName(PDEVICE_OBJECT PhysicalDeviceObject, PUNICODE_STRING SymbolicLinkName,
                                        BOOLEAN CombineNames, PUNICODE_STRING SuggestedInstanceName) {
  if (SuggestedInstanceName == NULL) return STATUS_INVALID_PARAMETER;
  const char *instance = PhysicalDeviceObject != NULL ? pnp_instance_id_of(PhysicalDeviceObject) : NULL;
  bool link = SymbolicLinkName != NULL && SymbolicLinkName->Buffer != NULL && SymbolicLinkName->Length != 0;
  if ((instance == NULL && !link) || (CombineNames && (instance == NULL || !link))) {
    struct check_site site = {PhysicalDeviceObject, NULL, "IoWMISuggestInstanceName"};
    check_report(sim_current(), CHECK_BAD_PARAMETER, &site,
                 "IoWMISuggestInstanceName needs %s (PhysicalDeviceObject %s, SymbolicLinkName %s)",
                 CombineNames ? "both a PDO and a symbolic link with CombineNames" : "a PDO or a symbolic link",
                 instance != NULL ? "given" : "missing or not a PDO", link ? "given" : "missing");
    return STATUS_INVALID_PARAMETER;
  }
  WCHAR text[1024];
  size_t length = 0;
  if (instance != NULL) length = text_utf8_to_utf16(instance, strlen(instance), text, 512);
  if (link && (instance == NULL || CombineNames)) {
    if (length != 0) text[length++] = '_';
    size_t chars = SymbolicLinkName->Length / sizeof(WCHAR);
    if (chars > 500) chars = 500;
    memcpy(text + length, SymbolicLinkName->Buffer, chars * sizeof(WCHAR));
    length += chars;
  }
  return pool_unicode(text, length, SuggestedInstanceName);
}

/* The first instance name the device registered for the object's GUID. */
NTSTATUS wmi_device_instance_name(struct wmi_service *service, const GUID *guid, PDEVICE_OBJECT device,
                                  PUNICODE_STRING name) {
  WCHAR text[512];
  size_t length = 0;
  bool found = false;
  plat_mutex_lock(&service->lock);
  struct wmi_guid *entry = wmi_guid_lookup(service, guid, false);
  for (struct wmi_block *b = entry != NULL ? entry->blocks : NULL; b != NULL && !found; b = b->next_in_guid)
    if (b->provider->device == device && b->name_kind != WMI_NAMES_DYNAMIC && b->instance_count > 0) {
      length = wmi_instance_name(b, 0, text, 512);
      found = true;
    }
  plat_mutex_unlock(&service->lock);
  if (!found) return STATUS_WMI_INSTANCE_NOT_FOUND;
  return pool_unicode(text, length < 512 ? length : 511, name);
}
