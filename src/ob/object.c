/*
 * object.c - reference counts and handle tables.
 */
#include "ob/object.h"

#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "platform/atomic.h"

void ob_header_init(struct ob_header *header, struct wmisim *sim, enum ob_type type,
                    void (*destroy)(struct ob_header *header)) {
  header->magic = OB_HEADER_MAGIC;
  header->type = type;
  header->references = 1;
  header->reserved = 0;
  header->destroy = destroy;
  header->sim = sim;
}

struct ob_header *ob_header_of(const void *object) {
  if (object == NULL || ((uintptr_t)object & 7) != 0) return NULL;
  struct ob_header *header = (struct ob_header *)object - 1;
  return header->magic == OB_HEADER_MAGIC ? header : NULL;
}

void ob_reference(struct ob_header *header) {
  atomic_add_i32(&header->references, 1);
}

int32_t ob_dereference(struct ob_header *header) {
  int32_t count = atomic_add_i32(&header->references, -1);
  if (count == 0) {
    header->magic = 0;
    header->destroy(header);
  } else if (count < 0) {
    check_report(header->sim, CHECK_OBJECT_REFERENCE, NULL, "object %p dereferenced below zero",
                 (void *)(header + 1));
  }
  return count;
}

LONG_PTR FASTCALL ObfReferenceObject(PVOID Object) {
  struct ob_header *header = ob_header_of(Object);
  if (header == NULL) {
    check_report(sim_current(), CHECK_OBJECT_REFERENCE, NULL, "ObReferenceObject(%p): not an object", Object);
    return 0;
  }
  return atomic_add_i32(&header->references, 1);
}

LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object) {
  struct ob_header *header = ob_header_of(Object);
  if (header == NULL) {
    check_report(sim_current(), CHECK_OBJECT_REFERENCE, NULL, "ObDereferenceObject(%p): not an object", Object);
    return 0;
  }
  return ob_dereference(header);
}

LONG_PTR FASTCALL ObfReferenceObjectWithTag(PVOID Object, ULONG Tag) {
  (void)Tag;
  return ObfReferenceObject(Object);
}

LONG_PTR FASTCALL ObfDereferenceObjectWithTag(PVOID Object, ULONG Tag) {
  (void)Tag;
  return ObfDereferenceObject(Object);
}

/* Object types are names only: wmisim checks objects by their header. */
static struct _OBJECT_TYPE *const no_type = NULL;
POBJECT_TYPE *IoFileObjectType = (POBJECT_TYPE *)&no_type;
POBJECT_TYPE *ExEventObjectType = (POBJECT_TYPE *)&no_type;
POBJECT_TYPE *PsThreadType = (POBJECT_TYPE *)&no_type;
POBJECT_TYPE *IoDeviceObjectType = (POBJECT_TYPE *)&no_type;

NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode) {
  (void)DesiredAccess;
  (void)ObjectType;
  (void)AccessMode;
  if (ob_header_of(Object) == NULL) return STATUS_OBJECT_TYPE_MISMATCH;
  ObfReferenceObject(Object);
  return STATUS_SUCCESS;
}

/* ---- handles: slot i is handle value 4 * (i + 1), as Windows numbers them ----------------- */

struct ob_handle_entry {
  enum ob_type type;
  void *object;
  ob_close_fn close;
};

struct ob_state {
  plat_mutex_t lock;
  struct ob_handle_entry *entries;
  size_t count, capacity;
};

struct ob_state *ob_create_state(void) {
  struct ob_state *state = calloc(1, sizeof *state);
  if (state != NULL) plat_mutex_init(&state->lock);
  return state;
}

void ob_destroy_state(struct wmisim *sim, struct ob_state *state) {
  for (size_t i = 0; i < state->count; i++) {
    struct ob_handle_entry *entry = &state->entries[i];
    if (entry->object == NULL) continue;
    sim_log(sim, WMISIM_LOG_WARNING, "handle 0x%zx was never closed", 4 * (i + 1));
    if (entry->close != NULL) entry->close(entry->object);
  }
  free(state->entries);
  plat_mutex_destroy(&state->lock);
  free(state);
}

NTSTATUS ob_handle_create(struct wmisim *sim, enum ob_type type, void *object, ob_close_fn close, HANDLE *handle) {
  struct ob_state *state = sim->ob;
  plat_mutex_lock(&state->lock);
  size_t slot = 0;
  while (slot < state->count && state->entries[slot].object != NULL) slot++;
  if (slot == state->count) {
    if (state->count == state->capacity) {
      size_t capacity = state->capacity ? state->capacity * 2 : 32;
      struct ob_handle_entry *entries = realloc(state->entries, capacity * sizeof *entries);
      if (entries == NULL) {
        plat_mutex_unlock(&state->lock);
        return STATUS_INSUFFICIENT_RESOURCES;
      }
      state->entries = entries;
      state->capacity = capacity;
    }
    state->count++;
  }
  state->entries[slot] = (struct ob_handle_entry){type, object, close};
  plat_mutex_unlock(&state->lock);
  *handle = (HANDLE)(uintptr_t)(4 * (slot + 1));
  return STATUS_SUCCESS;
}

static struct ob_handle_entry *entry_of(struct ob_state *state, HANDLE handle) {
  uintptr_t value = (uintptr_t)handle;
  if (value == 0 || value % 4 != 0 || value / 4 > state->count) return NULL;
  struct ob_handle_entry *entry = &state->entries[value / 4 - 1];
  return entry->object != NULL ? entry : NULL;
}

NTSTATUS ob_handle_lookup(struct wmisim *sim, HANDLE handle, enum ob_type type, void **object) {
  *object = NULL;
  if (sim == NULL) return STATUS_INVALID_HANDLE;
  plat_mutex_lock(&sim->ob->lock);
  struct ob_handle_entry *entry = entry_of(sim->ob, handle);
  NTSTATUS status = STATUS_INVALID_HANDLE;
  if (entry != NULL) {
    status = entry->type == type ? STATUS_SUCCESS : STATUS_OBJECT_TYPE_MISMATCH;
    if (NT_SUCCESS(status)) *object = entry->object;
  }
  plat_mutex_unlock(&sim->ob->lock);
  return status;
}

NTSTATUS ob_handle_close(struct wmisim *sim, HANDLE handle) {
  if (sim == NULL) return STATUS_INVALID_HANDLE;
  plat_mutex_lock(&sim->ob->lock);
  struct ob_handle_entry *entry = entry_of(sim->ob, handle);
  if (entry == NULL) {
    plat_mutex_unlock(&sim->ob->lock);
    return STATUS_INVALID_HANDLE;
  }
  struct ob_handle_entry closing = *entry;
  entry->object = NULL;
  plat_mutex_unlock(&sim->ob->lock);
  if (closing.close != NULL) closing.close(closing.object);
  return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwClose(HANDLE Handle) {
  return ob_handle_close(sim_current(), Handle);
}
