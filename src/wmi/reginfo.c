/*
 * reginfo.c - asking a provider for its registration information
 * (IRP_MN_REGINFO_EX, or IRP_MN_REGINFO from drivers that predate it) and
 * reading the WMIREGINFO chain it returns.
 *
 * Everything in a WMIREGINFO is an offset the driver chose; each is checked
 * against the bytes the driver really returned before it is followed. A
 * malformed answer is reported naming the driver, the field and the offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "platform/atomic.h"
#include "pnp/pnp.h"
#include "rtl/text.h"
#include "wmi/wmi_internal.h"

#define REGINFO_FIRST_SIZE 256        /* small on purpose: most drivers answer with a size probe */
#define REGINFO_MAX_SIZE (16u << 20)
#define REGINFO_MAX_CHAIN 64
#define MAX_STATIC_INSTANCES (1u << 24)
#define MAX_PDOS 64 /* distinct PDOs named in one answer */
#define KIND_FLAGS (WMIREG_FLAG_INSTANCE_LIST | WMIREG_FLAG_INSTANCE_BASENAME | WMIREG_FLAG_INSTANCE_PDO)

/* The PDOs an answer named, each with the number of WMIREGGUIDs naming it:
 * a device may list any number of GUIDs, all naming its one PDO. */
struct named_pdos {
  PDEVICE_OBJECT pdo[MAX_PDOS];
  int32_t count[MAX_PDOS];
  size_t distinct;
};

static void note_pdo(struct named_pdos *named, PDEVICE_OBJECT pdo) {
  for (size_t i = 0; i < named->distinct; i++)
    if (named->pdo[i] == pdo) {
      named->count[i]++;
      return;
    }
  if (named->distinct == MAX_PDOS) return;
  named->pdo[named->distinct] = pdo;
  named->count[named->distinct++] = 1;
}

struct parser {
  struct wmi_provider *provider;
  const unsigned char *buffer;
  ULONG size;                 /* bytes the driver returned */
  ULONG at;                   /* offset of the WMIREGINFO being read */
  ULONG length;               /* its BufferSize */
  bool ex;
  char why[320];
};

static char *copy_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy != NULL) memcpy(copy, s, n);
  return copy;
}

static bool within(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

/* A field with a bad value: `field_at` is the field's own offset in what
 * the driver returned, `value` what it holds. */
static bool reject(struct parser *p, const char *field, uint64_t field_at, uint64_t value, const char *problem) {
  snprintf(p->why, sizeof p->why, "WMIREGINFO at offset 0x%lx: %s (at offset 0x%llx) is 0x%llx, which %s",
           (unsigned long)p->at, field, (unsigned long long)field_at, (unsigned long long)value, problem);
  return false;
}

/* A string the field leads to is bad: `string_at` is its offset in what the
 * driver returned. */
static bool reject_string(struct parser *p, const char *field, uint64_t string_at, const char *problem) {
  snprintf(p->why, sizeof p->why, "WMIREGINFO at offset 0x%lx: the %s string at offset 0x%llx %s",
           (unsigned long)p->at, field, (unsigned long long)string_at, problem);
  return false;
}

/* Offset of WmiRegGuid[index].<member> in what the driver returned. */
static uint64_t guid_field_at(const struct parser *p, ULONG index, size_t member) {
  return (uint64_t)p->at + FIELD_OFFSET(WMIREGINFOW, WmiRegGuid) + (uint64_t)index * sizeof(WMIREGGUIDW) + member;
}

/* A counted string (USHORT byte length, then WCHARs) at `offset` within
 * the current WMIREGINFO; copies it. `field_at` locates the field that
 * holds `offset`, for the report. */
static bool read_counted(struct parser *p, const char *field, uint64_t field_at, ULONG offset, WCHAR **text,
                         USHORT *chars) {
  if (!within(offset, sizeof(USHORT), p->length))
    return reject(p, field, field_at, offset, "is outside the WMIREGINFO");
  uint64_t string_at = (uint64_t)p->at + offset;
  USHORT bytes;
  memcpy(&bytes, p->buffer + string_at, sizeof bytes);
  if (bytes % 2 != 0) return reject_string(p, field, string_at, "has an odd byte length");
  if (!within((uint64_t)offset + sizeof(USHORT), bytes, p->length))
    return reject_string(p, field, string_at, "runs past the WMIREGINFO's BufferSize");
  *text = malloc(bytes + sizeof(WCHAR));
  if (*text == NULL) return reject_string(p, field, string_at, "could not be copied");
  memcpy(*text, p->buffer + string_at + sizeof(USHORT), bytes);
  (*text)[bytes / 2] = 0;
  *chars = (USHORT)(bytes / 2);
  return true;
}

static bool read_utf8(struct parser *p, const char *field, uint64_t field_at, ULONG offset, char **out) {
  WCHAR *text;
  USHORT chars;
  if (!read_counted(p, field, field_at, offset, &text, &chars)) return false;
  *out = text_utf8_dup(text, chars);
  free(text);
  return *out != NULL;
}

static bool read_list(struct parser *p, ULONG index, const WMIREGGUIDW *g, struct wmi_reg_block *block) {
  uint64_t list_at = guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, InstanceNameList));
  /* Every name takes at least its USHORT length: bound the count first. */
  if ((uint64_t)g->InstanceCount * sizeof(USHORT) > p->length)
    return reject(p, "WmiRegGuid.InstanceCount", guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, InstanceCount)),
                  g->InstanceCount, "is more names than BufferSize can hold");
  block->names = calloc(g->InstanceCount ? g->InstanceCount : 1, sizeof *block->names);
  block->name_lengths = calloc(g->InstanceCount ? g->InstanceCount : 1, sizeof *block->name_lengths);
  if (block->names == NULL || block->name_lengths == NULL)
    return reject(p, "WmiRegGuid.InstanceNameList", list_at, g->InstanceNameList, "could not be copied");
  uint64_t offset = g->InstanceNameList;
  for (ULONG i = 0; i < g->InstanceCount; i++) {
    if (i > 0 && offset > p->length)
      return reject_string(p, "WmiRegGuid.InstanceNameList", (uint64_t)p->at + offset, "is outside the WMIREGINFO");
    if (!read_counted(p, "WmiRegGuid.InstanceNameList", list_at, (ULONG)offset, &block->names[i],
                      &block->name_lengths[i]))
      return false;
    offset += sizeof(USHORT) + (uint64_t)block->name_lengths[i] * sizeof(WCHAR);
  }
  return true;
}

/* The PDO the driver named, found among the simulator's live device
 * objects before anything is read through the pointer: a driver's garbage
 * pointer is reported, never followed. */
static PDEVICE_OBJECT live_device(struct wmisim *sim, ULONG_PTR value, bool *is_pdo) {
  PDEVICE_OBJECT found = NULL;
  plat_mutex_lock(&sim->io->lock);
  for (struct io_device *d = sim->io->devices; d != NULL && found == NULL; d = d->next)
    if ((ULONG_PTR)&d->object == value && !d->deleted) {
      found = &d->object;
      *is_pdo = d->is_pdo;
    }
  plat_mutex_unlock(&sim->io->lock);
  return found;
}

/* Pdo holds the PDO itself (as WMILIB and KMDF write it, and as the
 * WMIREGGUID page says); an offset to a pointer to it, as the
 * IRP_MN_REGINFO_EX page words it, is accepted too. */
static bool read_pdo(struct parser *p, ULONG index, const WMIREGGUIDW *g, PDEVICE_OBJECT *pdo) {
  struct wmisim *sim = p->provider->service->sim;
  uint64_t field_at = guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, Pdo));
  bool is_pdo = false;
  *pdo = live_device(sim, g->Pdo, &is_pdo);
  if (*pdo == NULL && within(g->Pdo, sizeof(ULONG_PTR), p->length)) {
    ULONG_PTR value;
    memcpy(&value, p->buffer + p->at + g->Pdo, sizeof value);
    *pdo = live_device(sim, value, &is_pdo);
  }
  if (*pdo == NULL) return reject(p, "WmiRegGuid.Pdo", field_at, g->Pdo, "is not a device object");
  if (!is_pdo || pnp_instance_id_of(*pdo) == NULL) {
    *pdo = NULL;
    return reject(p, "WmiRegGuid.Pdo", field_at, g->Pdo, "is not a PDO of a device node");
  }
  return true;
}

static bool read_pdo_names(struct parser *p, ULONG index, const WMIREGGUIDW *g, struct wmi_reg_block *block,
                           PDEVICE_OBJECT *pdo) {
  if (!read_pdo(p, index, g, pdo)) return false;
  char base[300];
  snprintf(base, sizeof base, "%s_", pnp_instance_id_of(*pdo));
  size_t length;
  block->base = text_utf16_dup(base, &length);
  block->base_length = (USHORT)length;
  return block->base != NULL;
}

static bool read_guid(struct parser *p, ULONG index, const WMIREGGUIDW *g, struct wmi_reg_block *block,
                      PDEVICE_OBJECT *pdo) {
  block->guid = g->Guid;
  block->flags = g->Flags;
  block->instance_count = g->InstanceCount;
  *pdo = NULL;
  ULONG kind = g->Flags & KIND_FLAGS;
  if (kind != 0 && (kind & (kind - 1)) != 0)
    return reject(p, "WmiRegGuid.Flags", guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, Flags)), g->Flags,
                  "sets more than one instance-name kind");
  if (kind != 0 && g->InstanceCount > MAX_STATIC_INSTANCES && !(g->Flags & WMIREG_FLAG_REMOVE_GUID))
    return reject(p, "WmiRegGuid.InstanceCount", guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, InstanceCount)),
                  g->InstanceCount, "is beyond any static instance list");
  if (g->Flags & WMIREG_FLAG_REMOVE_GUID) {
    /* A removal names no instances, but a PDO it carries was referenced
     * for WMI like any other (WMILIB and KMDF do so for every WMIREGGUID). */
    bool is_pdo = false;
    PDEVICE_OBJECT named = NULL;
    if (kind == WMIREG_FLAG_INSTANCE_PDO) named = live_device(p->provider->service->sim, g->Pdo, &is_pdo);
    if (named != NULL && is_pdo) *pdo = named;
    block->name_kind = WMI_NAMES_DYNAMIC;
    return true;
  }
  switch (kind) {
  case WMIREG_FLAG_INSTANCE_LIST:
    block->name_kind = WMI_NAMES_LIST;
    return read_list(p, index, g, block);
  case WMIREG_FLAG_INSTANCE_BASENAME:
    block->name_kind = WMI_NAMES_BASENAME;
    return read_counted(p, "WmiRegGuid.BaseNameOffset", guid_field_at(p, index, FIELD_OFFSET(WMIREGGUIDW, BaseNameOffset)),
                        g->BaseNameOffset, &block->base, &block->base_length);
  case WMIREG_FLAG_INSTANCE_PDO:
    block->name_kind = WMI_NAMES_PDO;
    return read_pdo_names(p, index, g, block, pdo);
  default:
    block->name_kind = WMI_NAMES_DYNAMIC;
    return true;
  }
}

static bool grow(struct wmi_reginfo *info, size_t more) {
  struct wmi_reg_block *blocks = realloc(info->blocks, (info->count + more) * sizeof *blocks);
  if (blocks == NULL) return false;
  memset(blocks + info->count, 0, more * sizeof *blocks);
  info->blocks = blocks;
  return true;
}

static bool read_one(struct parser *p, struct wmi_reginfo *info, struct named_pdos *pdos) {
  WMIREGINFOW header;
  if (!within(p->at, sizeof header, p->size))
    return reject(p, "WMIREGINFO", p->at, p->at, "leaves no room for a WMIREGINFO in the returned data");
  memcpy(&header, p->buffer + p->at, sizeof header);
  p->length = header.BufferSize;
  if (header.BufferSize < sizeof header || !within(p->at, header.BufferSize, p->size))
    return reject(p, "BufferSize", p->at + FIELD_OFFSET(WMIREGINFOW, BufferSize), header.BufferSize,
                  "does not fit the returned data");
  if ((uint64_t)sizeof header + (uint64_t)header.GuidCount * sizeof(WMIREGGUIDW) > header.BufferSize)
    return reject(p, "GuidCount", p->at + FIELD_OFFSET(WMIREGINFOW, GuidCount), header.GuidCount,
                  "needs more WMIREGGUIDs than BufferSize holds");
  char *mof = NULL;
  if (header.RegistryPath != 0 && info->registry_path == NULL &&
      !read_utf8(p, "RegistryPath", p->at + FIELD_OFFSET(WMIREGINFOW, RegistryPath), header.RegistryPath,
                 &info->registry_path))
    return false;
  if (header.MofResourceName != 0 &&
      !read_utf8(p, "MofResourceName", p->at + FIELD_OFFSET(WMIREGINFOW, MofResourceName), header.MofResourceName,
                 &mof))
    return false;
  if (!grow(info, header.GuidCount)) {
    free(mof);
    return reject(p, "GuidCount", p->at + FIELD_OFFSET(WMIREGINFOW, GuidCount), header.GuidCount,
                  "could not be copied");
  }
  for (ULONG i = 0; i < header.GuidCount; i++) {
    WMIREGGUIDW g;
    memcpy(&g, p->buffer + p->at + sizeof header + i * sizeof g, sizeof g);
    struct wmi_reg_block *block = &info->blocks[info->count];
    PDEVICE_OBJECT pdo;
    bool ok = read_guid(p, i, &g, block, &pdo);
    info->count++;
    if (!ok) {
      free(mof);
      return false;
    }
    if (pdo != NULL) note_pdo(pdos, pdo);
    if (mof != NULL) block->mof_resource = copy_text(mof);
  }
  free(mof);
  return true;
}

static bool parse(struct parser *p, struct wmi_reginfo *info, struct named_pdos *pdos) {
  p->at = 0;
  for (int links = 0; links < REGINFO_MAX_CHAIN; links++) {
    if (!read_one(p, info, pdos)) return false;
    ULONG next;
    ULONG next_at = p->at + (ULONG)FIELD_OFFSET(WMIREGINFOW, NextWmiRegInfo);
    memcpy(&next, p->buffer + next_at, sizeof next);
    if (next == 0) return true;
    if (next < p->length || (uint64_t)p->at + next >= p->size)
      return reject(p, "NextWmiRegInfo", next_at, next, "overlaps this WMIREGINFO or leaves the returned data");
    p->at += next;
  }
  return reject(p, "NextWmiRegInfo", p->at, 0, "chains more than 64 WMIREGINFO structures");
}

void wmi_reginfo_free(struct wmi_reginfo *info) {
  for (size_t i = 0; i < info->count; i++) {
    struct wmi_reg_block *b = &info->blocks[i];
    if (b->names != NULL)
      for (ULONG n = 0; n < b->instance_count; n++) free(b->names[n]);
    free(b->names);
    free(b->name_lengths);
    free(b->base);
    free(b->mof_resource);
  }
  free(info->blocks);
  free(info->registry_path);
  memset(info, 0, sizeof *info);
}

static NTSTATUS report_malformed(struct wmi_provider *provider, const char *why) {
  struct check_site site = {provider->device, NULL, "DispatchSystemControl"};
  check_report(provider->service->sim, CHECK_WMI_MALFORMED_REGINFO, &site, "%s returned a malformed WMIREGINFO: %s",
               io_device_display_name(provider->device), why);
  return STATUS_UNSUCCESSFUL;
}

/* The references on the device node's own PDO before an IRP_MN_REGINFO_EX
 * went out, so the ones its driver took for the answer can be counted. */
struct pdo_snapshot {
  PDEVICE_OBJECT pdo;
  int32_t references;
};

static void snapshot_pdo(struct wmi_provider *provider, struct pdo_snapshot *snapshot) {
  snapshot->pdo = pnp_pdo_of(provider->device);
  struct ob_header *header = snapshot->pdo != NULL ? ob_header_of(snapshot->pdo) : NULL;
  snapshot->references = header != NULL ? atomic_load_i32(&header->references) : 0;
  if (header == NULL) snapshot->pdo = NULL;
}

/* WMI dereferences each PDO a REGINFO_EX answer names, once per WMIREGGUID,
 * as the IRP_MN_REGINFO_EX page says. Dropping a reference the driver never
 * took would free the PDO under the PnP manager, so for the device node's
 * own PDO only the references the driver took during the request are
 * dropped, and a shortfall is reported. */
static void release_pdos(struct wmi_provider *provider, const struct named_pdos *pdos,
                         const struct pdo_snapshot *snapshot) {
  int32_t named = 0;
  for (size_t i = 0; i < pdos->distinct; i++) {
    if (pdos->pdo[i] == snapshot->pdo)
      named = pdos->count[i];
    else
      for (int32_t n = 0; n < pdos->count[i]; n++) ObfDereferenceObject(pdos->pdo[i]);
  }
  if (named == 0) return;
  int32_t taken = atomic_load_i32(&ob_header_of(snapshot->pdo)->references) - snapshot->references;
  for (int32_t i = 0; i < named && i < taken; i++) ObfDereferenceObject(snapshot->pdo);
  if (taken >= named) return;
  struct check_site site = {provider->device, NULL, "DispatchSystemControl"};
  check_report(provider->service->sim, CHECK_WMI_MALFORMED_REGINFO, &site,
               "%s named PDO %s in %d WMIREGGUID(s) of its IRP_MN_REGINFO_EX answer but took %d reference(s) with "
               "ObReferenceObject; WMI drops one per WMIREGGUID",
               io_device_display_name(provider->device), io_device_display_name(snapshot->pdo), named,
               taken > 0 ? taken : 0);
}

/* The WMIREGINFO answered; PDO references are released for REGINFO_EX. */
static NTSTATUS read_answer(struct wmi_provider *provider, struct wmi_request *request, bool ex,
                            const struct pdo_snapshot *snapshot, struct wmi_reginfo *info) {
  struct parser parser = {provider, request->buffer, 0, 0, 0, ex, ""};
  parser.size = request->information < request->buffer_size ? (ULONG)request->information : request->buffer_size;
  struct named_pdos pdos = {{NULL}, {0}, 0};
  bool ok = parse(&parser, info, &pdos);
  if (ex) release_pdos(provider, &pdos, snapshot);
  if (ok) return STATUS_SUCCESS;
  wmi_reginfo_free(info);
  return report_malformed(provider, parser.why);
}

/* A size probe: the needed size in the first ULONG, with STATUS_SUCCESS and
 * Information sizeof(ULONG) (WMILIB, KMDF), or with STATUS_BUFFER_TOO_SMALL
 * as the IRP_MN_REGINFO(_EX) pages describe it (a failed IRP, so
 * Information need not say anything). */
static bool is_size_probe(const struct wmi_request *request, NTSTATUS status, ULONG *needed) {
  bool probe = request->buffer != NULL && ((NT_SUCCESS(status) && request->information == sizeof(ULONG)) ||
                                           status == STATUS_BUFFER_TOO_SMALL);
  if (probe) memcpy(needed, request->buffer, sizeof *needed);
  return probe;
}

NTSTATUS wmi_fetch_reginfo(struct wmi_provider *provider, ULONG_PTR data_path, struct wmi_reginfo *info) {
  memset(info, 0, sizeof *info);
  UCHAR minor = IRP_MN_REGINFO_EX;
  ULONG size = REGINFO_FIRST_SIZE;
  for (int attempt = 0; attempt < 8; attempt++) {
    struct wmi_request request = {minor, NULL, data_path, wmi_buffer_alloc(size), size, 0, 0, 0, 0, false};
    if (request.buffer == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    struct pdo_snapshot snapshot;
    snapshot_pdo(provider, &snapshot);
    NTSTATUS status = wmi_send(provider, &request, true);
    ULONG needed = 0;
    if (minor == IRP_MN_REGINFO_EX && request.information == 0 &&
        (status == STATUS_NOT_SUPPORTED || status == STATUS_INVALID_DEVICE_REQUEST)) {
      minor = IRP_MN_REGINFO; /* a driver from before Windows XP */
    } else if (is_size_probe(&request, status, &needed)) {
      if (needed <= size || needed > REGINFO_MAX_SIZE) {
        char why[128];
        snprintf(why, sizeof why, "the size probe asks for %lu bytes after a %lu-byte buffer", (unsigned long)needed,
                 (unsigned long)size);
        wmi_buffer_free(request.buffer);
        return report_malformed(provider, why);
      }
      size = needed;
    } else {
      if (NT_SUCCESS(status)) status = read_answer(provider, &request, minor == IRP_MN_REGINFO_EX, &snapshot, info);
      wmi_buffer_free(request.buffer);
      return status;
    }
    wmi_buffer_free(request.buffer);
  }
  return report_malformed(provider, "the driver kept asking for a larger buffer");
}
