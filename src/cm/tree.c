/*
 * tree.c - the key tree: keys with case-insensitive, case-preserving names,
 * their values, reference counts and deletion. Every function here runs
 * with the registry's lock held.
 */
#include "cm/cm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "rtl/text.h"

/* Orders names as the hive's subkey index does: by upcased characters. */
int cm_name_compare(const WCHAR *a, size_t a_length, const WCHAR *b, size_t b_length) {
  size_t n = a_length < b_length ? a_length : b_length;
  for (size_t i = 0; i < n; i++) {
    WCHAR x = text_upcase(a[i]), y = text_upcase(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a_length == b_length) return 0;
  return a_length < b_length ? -1 : 1;
}

int64_t cm_now(const struct cm_registry *registry) {
  return sim_clock_now(registry->sim);
}

void cm_key_touch(struct cm_key *key) {
  key->last_write = cm_now(key->registry);
}

static WCHAR *copy_name(const WCHAR *name, size_t length) {
  WCHAR *copy = malloc((length + 1) * sizeof(WCHAR));
  if (copy == NULL) return NULL;
  if (length != 0) memcpy(copy, name, length * sizeof(WCHAR));
  copy[length] = 0;
  return copy;
}

/* A copy of `size` bytes followed by CM_DATA_PADDING zero bytes, so string
 * data reads as terminated whatever the caller stored. */
static unsigned char *copy_data(const void *data, ULONG size) {
  unsigned char *copy = malloc((size_t)size + CM_DATA_PADDING);
  if (copy == NULL) return NULL;
  if (size != 0) memcpy(copy, data, size);
  memset(copy + size, 0, CM_DATA_PADDING);
  return copy;
}

/* ---- keys ----------------------------------------------------------------------------------- */

struct cm_key *cm_key_new(struct cm_registry *registry, const WCHAR *name, size_t length) {
  struct cm_key *key = calloc(1, sizeof *key);
  if (key == NULL) return NULL;
  key->name = copy_name(name, length);
  if (key->name == NULL) {
    free(key);
    return NULL;
  }
  key->name_length = length;
  key->registry = registry;
  key->refs = 1;
  key->last_write = cm_now(registry);
  return key;
}

static void key_free(struct cm_key *key) {
  for (size_t i = 0; i < key->value_count; i++) {
    free(key->values[i].name);
    free(key->values[i].data);
  }
  free(key->values);
  free(key->children);
  free(key->class_name);
  free(key->name);
  free(key);
}

/* Binary search in the sorted children: the index of `name`, or where it
 * would be inserted. */
static size_t child_slot(const struct cm_key *parent, const WCHAR *name, size_t length, bool *found) {
  size_t low = 0, high = parent->child_count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const struct cm_key *child = parent->children[middle];
    int order = cm_name_compare(child->name, child->name_length, name, length);
    if (order == 0) {
      *found = true;
      return middle;
    }
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  *found = false;
  return low;
}

struct cm_key *cm_key_child(const struct cm_key *parent, const WCHAR *name, size_t length) {
  bool found;
  size_t slot = child_slot(parent, name, length, &found);
  return found ? parent->children[slot] : NULL;
}

size_t cm_key_depth(const struct cm_key *key) {
  size_t depth = 0;
  for (const struct cm_key *k = key->parent; k != NULL; k = k->parent) depth++;
  return depth;
}

NTSTATUS cm_key_add_child(struct cm_key *parent, const WCHAR *name, size_t length, bool is_volatile,
                          struct cm_key **out) {
  if (length == 0 || length > CM_MAX_KEY_NAME_CHARS || cm_key_depth(parent) + 1 >= CM_MAX_DEPTH)
    return STATUS_INVALID_PARAMETER;
  if (parent->is_volatile && !is_volatile) return STATUS_CHILD_MUST_BE_VOLATILE;
  bool found;
  size_t slot = child_slot(parent, name, length, &found);
  if (found) return STATUS_OBJECT_NAME_COLLISION;
  if (parent->child_count == parent->child_capacity) {
    size_t capacity = parent->child_capacity ? parent->child_capacity * 2 : 4;
    struct cm_key **children = realloc(parent->children, capacity * sizeof *children);
    if (children == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    parent->children = children;
    parent->child_capacity = capacity;
  }
  struct cm_key *child = cm_key_new(parent->registry, name, length);
  if (child == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  child->is_volatile = is_volatile;
  child->parent = parent;
  memmove(parent->children + slot + 1, parent->children + slot,
          (parent->child_count - slot) * sizeof *parent->children);
  parent->children[slot] = child;
  parent->child_count++;
  cm_key_touch(parent);
  *out = child;
  return STATUS_SUCCESS;
}

/* Removes a key from its parent and drops the tree's reference: the key is
 * freed now, or when the last handle to it is closed. */
static void detach(struct cm_key *key) {
  struct cm_key *parent = key->parent;
  if (parent != NULL) {
    for (size_t i = 0; i < parent->child_count; i++) {
      if (parent->children[i] != key) continue;
      memmove(parent->children + i, parent->children + i + 1, (parent->child_count - i - 1) * sizeof(key));
      parent->child_count--;
      break;
    }
    cm_key_touch(parent);
  }
  key->parent = NULL;
  key->deleted = true;
  if (--key->refs == 0) key_free(key);
}

NTSTATUS cm_key_delete(struct cm_key *key) {
  if (key->deleted) return STATUS_KEY_DELETED;
  if (key->permanent || key->child_count != 0) return STATUS_CANNOT_DELETE;
  detach(key);
  return STATUS_SUCCESS;
}

void cm_key_delete_tree(struct cm_key *key) {
  /* From the last child, so detaching does not move the ones still to go. */
  while (key->child_count != 0) cm_key_delete_tree(key->children[key->child_count - 1]);
  detach(key);
}

/* ---- values --------------------------------------------------------------------------------- */

struct cm_value *cm_value_find(const struct cm_key *key, const WCHAR *name, size_t length) {
  for (size_t i = 0; i < key->value_count; i++) {
    struct cm_value *value = &key->values[i];
    if (text_wequal(value->name, value->name_length, name, length, true)) return value;
  }
  return NULL;
}

NTSTATUS cm_value_set(struct cm_key *key, const WCHAR *name, size_t length, ULONG type, const void *data,
                      ULONG size) {
  if (length > CM_MAX_VALUE_NAME_CHARS) return STATUS_INVALID_PARAMETER;
  if (size > CM_MAX_VALUE_DATA_BYTES) return STATUS_INSUFFICIENT_RESOURCES;
  unsigned char *copy = copy_data(data, size);
  if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  struct cm_value *value = cm_value_find(key, name, length);
  if (value == NULL) {
    if (key->value_count == key->value_capacity) {
      size_t capacity = key->value_capacity ? key->value_capacity * 2 : 4;
      struct cm_value *values = realloc(key->values, capacity * sizeof *values);
      if (values == NULL) {
        free(copy);
        return STATUS_INSUFFICIENT_RESOURCES;
      }
      key->values = values;
      key->value_capacity = capacity;
    }
    WCHAR *name_copy = copy_name(name, length);
    if (name_copy == NULL) {
      free(copy);
      return STATUS_INSUFFICIENT_RESOURCES;
    }
    value = &key->values[key->value_count++];
    value->name = name_copy;
    value->name_length = length;
  } else {
    free(value->data);
  }
  value->type = type;
  value->size = size;
  value->data = copy;
  cm_key_touch(key);
  return STATUS_SUCCESS;
}

NTSTATUS cm_value_delete(struct cm_key *key, const WCHAR *name, size_t length) {
  struct cm_value *value = cm_value_find(key, name, length);
  if (value == NULL) return STATUS_OBJECT_NAME_NOT_FOUND;
  free(value->name);
  free(value->data);
  size_t index = (size_t)(value - key->values);
  memmove(value, value + 1, (key->value_count - index - 1) * sizeof *value);
  key->value_count--;
  cm_key_touch(key);
  return STATUS_SUCCESS;
}

NTSTATUS cm_value_change(struct cm_key *key, const WCHAR *name, size_t length, const struct cm_change *change) {
  if (key->deleted) return STATUS_KEY_DELETED;
  if (change->remove) return cm_value_delete(key, name, length);
  return cm_value_set(key, name, length, change->type, change->data, change->size);
}

NTSTATUS cm_value_copy(const struct cm_value *value, struct cm_value_copy *copy) {
  copy->name = copy_name(value->name, value->name_length);
  copy->data = copy_data(value->data, value->size);
  if (copy->name == NULL || copy->data == NULL) {
    cm_value_copy_free(copy);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  copy->name_length = value->name_length;
  copy->type = value->type;
  copy->size = value->size;
  return STATUS_SUCCESS;
}

void cm_value_copy_free(struct cm_value_copy *copy) {
  free(copy->name);
  free(copy->data);
  copy->name = NULL;
  copy->data = NULL;
}

/* ---- references ----------------------------------------------------------------------------- */

void cm_key_retain(struct cm_key *key) {
  key->refs++;
  key->registry->retained++;
}

bool cm_key_release_locked(struct cm_key *key) {
  struct cm_registry *registry = key->registry;
  registry->retained--;
  if (--key->refs == 0) key_free(key);
  return registry->destroyed && registry->retained == 0;
}

void cm_key_release(struct cm_key *key) {
  struct cm_registry *registry = key->registry;
  plat_mutex_lock(&registry->lock);
  bool free_registry = cm_key_release_locked(key);
  plat_mutex_unlock(&registry->lock);
  if (free_registry) cm_registry_free(registry);
}

void cm_registry_free(struct cm_registry *registry) {
  plat_mutex_destroy(&registry->lock);
  free(registry);
}
