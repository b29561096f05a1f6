/*
 * guid.c - GUID text in registry form, through the platform's GUID
 * routines (libuuid on Linux, the RPC runtime on Windows).
 */
#include <stdio.h>
#include <string.h>

#include "core/sim.h"
#include "platform/platform.h"
#include "rtl/text.h"

#define GUID_TAG 0x64697547u /* 'Guid' */

_Static_assert(sizeof(GUID) == sizeof(plat_guid_t), "GUID and plat_guid_t differ");

NTSTATUS wmisim_guid_parse(const char *text, GUID *guid) {
  if (text == NULL || guid == NULL) return STATUS_INVALID_PARAMETER;
  char bare[37];
  size_t length = strlen(text);
  if (length == 38 && text[0] == '{' && text[37] == '}') {
    memcpy(bare, text + 1, 36);
  } else if (length == 36) {
    memcpy(bare, text, 36);
  } else {
    return STATUS_INVALID_PARAMETER;
  }
  bare[36] = '\0';
  plat_guid_t parsed;
  if (!plat_guid_parse(bare, &parsed)) return STATUS_INVALID_PARAMETER;
  memcpy(guid, &parsed, sizeof *guid);
  return STATUS_SUCCESS;
}

void wmisim_guid_format(const GUID *guid, char text[39]) {
  plat_guid_t value;
  memcpy(&value, guid, sizeof value);
  char bare[37];
  plat_guid_format(&value, bare);
  snprintf(text, 39, "{%s}", bare);
}

NTSTATUS NTAPI RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString) {
  char text[39];
  wmisim_guid_format(Guid, text);
  PWCHAR buffer = ExAllocatePoolWithTag(PagedPool, 39 * sizeof(WCHAR), GUID_TAG);
  if (buffer == NULL) return STATUS_NO_MEMORY;
  text_utf8_to_utf16(text, 38, buffer, 38);
  buffer[38] = 0;
  GuidString->Buffer = buffer;
  GuidString->Length = 38 * sizeof(WCHAR);
  GuidString->MaximumLength = 39 * sizeof(WCHAR);
  return STATUS_SUCCESS;
}

/* Windows accepts only the braced registry form here. */
NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid) {
  if (GuidString == NULL || GuidString->Buffer == NULL || GuidString->Length != 38 * sizeof(WCHAR))
    return STATUS_INVALID_PARAMETER;
  char text[39];
  for (int i = 0; i < 38; i++) {
    WCHAR c = GuidString->Buffer[i];
    if (c > 0x7f) return STATUS_INVALID_PARAMETER;
    text[i] = (char)c;
  }
  text[38] = '\0';
  if (text[0] != '{' || text[37] != '}') return STATUS_INVALID_PARAMETER;
  return wmisim_guid_parse(text, Guid);
}
