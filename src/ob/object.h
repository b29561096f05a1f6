/*
 * object.h - the object manager: reference-counted objects and handles.
 *
 * Objects the simulator creates for drivers (driver and device objects)
 * carry a header immediately before the object, as on Windows, holding the
 * reference count; the memory goes away when the count reaches zero.
 * Handles (registry keys, system threads) are small integers in a table
 * per simulator, closed with ZwClose.
 */
#ifndef WMISIM_OB_OBJECT_H
#define WMISIM_OB_OBJECT_H

#include <wdm.h>

#include <stdbool.h>
#include <stdint.h>

struct wmisim;

enum ob_type { OB_TYPE_DRIVER = 1, OB_TYPE_DEVICE, OB_TYPE_REGISTRY_KEY, OB_TYPE_THREAD, OB_TYPE_OTHER };

struct ob_header {
  uint32_t magic;
  uint32_t type;                   /* enum ob_type */
  volatile int32_t references;
  int32_t reserved;
  void (*destroy)(struct ob_header *header); /* frees the memory holding the object */
  struct wmisim *sim;
};

#define OB_HEADER_MAGIC 0x4f424a31u /* "OBJ1" */

/* Initialises a header with one reference (the creator's). */
void ob_header_init(struct ob_header *header, struct wmisim *sim, enum ob_type type,
                    void (*destroy)(struct ob_header *header));

/* The header of an object, or NULL if `object` does not have one. */
struct ob_header *ob_header_of(const void *object);

void ob_reference(struct ob_header *header);
/* Drops a reference; destroys the object at zero. Returns the new count. */
int32_t ob_dereference(struct ob_header *header);

/* ---- handles ----------------------------------------------------------------------------- */

typedef void (*ob_close_fn)(void *object);

struct ob_state *ob_create_state(void);
/* Closes leftover handles (reported as leaks) and frees the table. */
void ob_destroy_state(struct wmisim *sim, struct ob_state *state);

/* Creates a handle for `object`; `close` runs on ZwClose. */
NTSTATUS ob_handle_create(struct wmisim *sim, enum ob_type type, void *object, ob_close_fn close, HANDLE *handle);
/* The object behind a handle of `type`: STATUS_INVALID_HANDLE when the handle
 * is not open, STATUS_OBJECT_TYPE_MISMATCH when it is another type's. */
NTSTATUS ob_handle_lookup(struct wmisim *sim, HANDLE handle, enum ob_type type, void **object);
NTSTATUS ob_handle_close(struct wmisim *sim, HANDLE handle);

#endif /* WMISIM_OB_OBJECT_H */
