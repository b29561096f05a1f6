/*
 * state.h - the checking mode's per-simulator state, shared by the files
 * of src/check/.
 */
#ifndef WMISIM_CHECK_STATE_H
#define WMISIM_CHECK_STATE_H

#include <wmisim/check.h>

#include "platform/platform.h"

#define CHECK_CONTEXT_SIZE 384

struct stored_violation;

struct check_state {
  struct check_state_head head;    /* first: check_enabled reads it */
  plat_mutex_t lock;               /* guards every field above schema_lock */
  wmisim_violation_fn handler;
  void *handler_context;
  struct stored_violation **items;
  size_t count, capacity;
  uint64_t sequence;
  char context[CHECK_CONTEXT_SIZE];/* copied into each violation; "" for none */
  /* WmiDataSchema's classes: read-held while a request or event is checked
   * against them, write-held to load or attach, so a MOF loaded on one
   * thread never changes under a check running on another. */
  plat_rwlock_t schema_lock;
  volatile int32_t schema_attached;         /* schema != NULL, read without the lock */
  const struct wmisim_mof_schema *schema;   /* or NULL (under schema_lock) */
  struct wmisim_mof_schema *owned_schema;   /* the one wmisim_check_load_mof made */
};

/* Frees the schema the simulator owns (schema.c). */
void check_schema_free(struct check_state *state);

#endif /* WMISIM_CHECK_STATE_H */
