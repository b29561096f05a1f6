/*
 * cm_internal.h - the configuration manager's pieces as they see each other.
 *
 * One registry per simulator: a tree of keys under \REGISTRY guarded by one
 * mutex. Key and value names compare case-insensitively and keep their case.
 * Keys are reference counted: the tree holds one reference while a key is
 * linked, every handle and every routine walking the tree without the lock
 * holds another, so a deleted key lives on (answering STATUS_KEY_DELETED)
 * until its last handle is closed. The registry itself outlives cm_destroy
 * while such references remain, because leaked handles are closed after it
 * (ob_destroy_state runs later).
 *
 * Functions named *_locked, and the tree functions (tree.c), expect the
 * registry's lock to be held; the others take it themselves. The lock is
 * never held while driver code runs (QueryRoutine callbacks).
 */
#ifndef WMISIM_CM_INTERNAL_H
#define WMISIM_CM_INTERNAL_H

#include "cm/registry.h"

#include <stdint.h>

#include "platform/platform.h"

/* Limits: key and value names as Windows documents them ("Registry element
 * size limits"); value data at the 1 MB of the standard hive format, so a
 * runaway driver cannot exhaust the host; tree depth 512 levels. */
#define CM_MAX_KEY_NAME_CHARS 255
#define CM_MAX_VALUE_NAME_CHARS 16383
#define CM_MAX_VALUE_DATA_BYTES (1024u * 1024u)
#define CM_MAX_DEPTH 512

/* Pool tag of the strings RtlQueryRegistryValues allocates for DIRECT
 * UNICODE_STRING entries ('RegS'); the caller frees them with ExFreePool. */
#define CM_RTL_STRING_TAG 0x53676552u

struct cm_value {
  WCHAR *name;                 /* terminated copy; "" for the default value */
  size_t name_length;          /* in WCHARs */
  ULONG type;
  ULONG size;
  unsigned char *data;         /* `size` bytes followed by CM_DATA_PADDING zero bytes */
};

/* Zero bytes kept after value data: a whole zero WCHAR follows even data
 * of odd size, so strings read from it always end. */
#define CM_DATA_PADDING 4

struct cm_key {
  struct cm_registry *registry;
  struct cm_key *parent;       /* NULL for the root and for deleted keys */
  WCHAR *name;                 /* terminated copy, case preserved */
  size_t name_length;
  WCHAR *class_name;           /* ZwCreateKey's Class, or NULL */
  size_t class_length;
  int64_t last_write;          /* 100 ns since 1601, from the simulator clock */
  bool is_volatile;
  bool permanent;              /* \REGISTRY and the hive roots: never deleted */
  bool deleted;
  int32_t refs;                /* the tree's reference + retained ones */
  struct cm_key **children;    /* sorted by upcased name */
  size_t child_count, child_capacity;
  struct cm_value *values;     /* in creation order */
  size_t value_count, value_capacity;
};

struct cm_registry {
  plat_mutex_t lock;
  struct wmisim *sim;          /* its clock stamps LastWriteTime; NULL: host clock */
  struct cm_key *root;         /* \REGISTRY; NULL after cm_destroy */
  size_t retained;             /* references held by handles and walkers */
  bool destroyed;
};

/* A value copied out of the tree, so it can be used without the lock. */
struct cm_value_copy {
  WCHAR *name;                 /* terminated */
  size_t name_length;
  ULONG type;
  ULONG size;
  unsigned char *data;         /* `size` bytes followed by CM_DATA_PADDING zero bytes */
};

/* ---- tree.c: keys and values (lock held) ---------------------------------------------------- */

int cm_name_compare(const WCHAR *a, size_t a_length, const WCHAR *b, size_t b_length);
int64_t cm_now(const struct cm_registry *registry);
void cm_key_touch(struct cm_key *key);

/* A new unlinked key holding one reference (the tree's, once linked). */
struct cm_key *cm_key_new(struct cm_registry *registry, const WCHAR *name, size_t length);
struct cm_key *cm_key_child(const struct cm_key *parent, const WCHAR *name, size_t length);
/* Links a new child. STATUS_INVALID_PARAMETER for an empty or too long name
 * or a tree too deep, STATUS_CHILD_MUST_BE_VOLATILE under a volatile key. */
NTSTATUS cm_key_add_child(struct cm_key *parent, const WCHAR *name, size_t length, bool is_volatile,
                          struct cm_key **child);
/* Unlinks a key without subkeys: STATUS_CANNOT_DELETE if it has some or is
 * permanent, STATUS_KEY_DELETED if already deleted. */
NTSTATUS cm_key_delete(struct cm_key *key);
/* Unlinks a key and everything below it, permanent keys included. */
void cm_key_delete_tree(struct cm_key *key);
size_t cm_key_depth(const struct cm_key *key);

struct cm_value *cm_value_find(const struct cm_key *key, const WCHAR *name, size_t length);
/* STATUS_INVALID_PARAMETER for a too long name, STATUS_INSUFFICIENT_RESOURCES
 * for data over CM_MAX_VALUE_DATA_BYTES or no memory. */
NTSTATUS cm_value_set(struct cm_key *key, const WCHAR *name, size_t length, ULONG type, const void *data,
                      ULONG size);
NTSTATUS cm_value_delete(struct cm_key *key, const WCHAR *name, size_t length);

/* Setting or deleting a value, as one request. */
struct cm_change {
  bool remove;
  ULONG type;
  const void *data;
  ULONG size;
};
/* cm_value_set or cm_value_delete; STATUS_KEY_DELETED on a deleted key. */
NTSTATUS cm_value_change(struct cm_key *key, const WCHAR *name, size_t length, const struct cm_change *change);
NTSTATUS cm_value_copy(const struct cm_value *value, struct cm_value_copy *copy);
void cm_value_copy_free(struct cm_value_copy *copy);

/* Holding a key beyond the lock (a handle, a walker). */
void cm_key_retain(struct cm_key *key);
/* Drops a retained reference; true if the registry must now be freed
 * (destroyed and nothing retained), which the caller does after unlocking. */
bool cm_key_release_locked(struct cm_key *key);
void cm_key_release(struct cm_key *key);
void cm_registry_free(struct cm_registry *registry);

/* ---- path.c: names and paths ------------------------------------------------------------------ */

/* Splits the next component off a backslash-separated path, skipping empty
 * ones; false at the end. */
bool cm_next_component(const WCHAR **path, size_t *length, const WCHAR **name, size_t *name_length);
size_t cm_component_count(const WCHAR *path, size_t length);
/* The characters before the first zero among `count`. */
size_t cm_string_chars(const WCHAR *chars, size_t count);

enum cm_walk_mode { CM_WALK_OPEN, CM_WALK_CREATE_LEAF, CM_WALK_CREATE_ALL };

/* Follows a relative path from `start` (lock held). CREATE_LEAF creates the
 * last component only (ZwCreateKey), CREATE_ALL every missing one (the
 * simulator's own keys; volatility is then inherited). A missing key is
 * STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS cm_walk(struct cm_key *start, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                 bool is_volatile, struct cm_key **key, bool *created);

/* Checks that an absolute path starts with \REGISTRY and returns the rest
 * (lock held). STATUS_OBJECT_PATH_SYNTAX_BAD if not absolute. */
NTSTATUS cm_absolute_rest(const WCHAR *path, size_t length, const WCHAR **rest, size_t *rest_length);

/* Follows an absolute UTF-16 or UTF-8 path from \REGISTRY (lock held). */
NTSTATUS cm_walk_absolute_locked(struct cm_registry *registry, const WCHAR *path, size_t length,
                                 enum cm_walk_mode mode, struct cm_key **key);
NTSTATUS cm_walk_utf8_locked(struct cm_registry *registry, const char *path, enum cm_walk_mode mode,
                             struct cm_key **key);

/* Converts a UTF-8 path of the public API or the simulator (absolute NT
 * path, or HKLM\..., HKEY_LOCAL_MACHINE\..., HKU\..., HKEY_USERS\...) to a
 * malloc'd UTF-16 absolute path. STATUS_OBJECT_PATH_SYNTAX_BAD if it is
 * neither; STATUS_INSUFFICIENT_RESOURCES. */
NTSTATUS cm_utf8_path(const char *path, WCHAR **wide, size_t *length);

/* The absolute key RTL_REGISTRY_xxx stands for (ASCII), or NULL. */
const char *cm_relative_base(ULONG relative_to);

/* ---- access.c: locking, handles, retained keys ---------------------------------------------- */

/* Locks the simulator's registry; NULL if there is none. */
struct cm_registry *cm_lock(struct wmisim *sim);
void cm_unlock(struct cm_registry *registry);

/* Reports a registry routine called above PASSIVE_LEVEL. */
void cm_check_passive(struct wmisim *sim, const char *routine);
/* Reports a bad argument and returns STATUS_INVALID_PARAMETER. */
NTSTATUS cm_bad_parameter(struct wmisim *sim, const char *routine, const char *what);
/* The IRQL and output-pointer checks of the ZwQuery and ZwEnumerate
 * routines: STATUS_INVALID_PARAMETER (reported) for a NULL ResultLength or
 * a NULL buffer with a nonzero Length. */
NTSTATUS cm_check_output(struct wmisim *sim, const char *routine, const void *buffer, ULONG length,
                         const ULONG *result_length);
/* True if a counted string is well formed (NULL is). */
bool cm_string_valid(const UNICODE_STRING *string);

/* Creates a handle to `key` in the simulator's table (lock held). */
NTSTATUS cm_handle_create_locked(struct wmisim *sim, struct cm_key *key, HANDLE *handle);
/* The key behind a handle (lock held): STATUS_INVALID_HANDLE, or
 * STATUS_KEY_DELETED (the key is still returned). */
NTSTATUS cm_handle_key_locked(struct wmisim *sim, HANDLE handle, struct cm_key **key);

/* Retains a key with the lock taken here. */
void cm_retain_key(struct cm_key *key);
/* A retained key from a handle, or from an absolute UTF-16 or UTF-8 path. */
NTSTATUS cm_retain_handle(struct wmisim *sim, HANDLE handle, struct cm_key **key);
NTSTATUS cm_retain_path(struct cm_registry *registry, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                        struct cm_key **key);
NTSTATUS cm_retain_utf8_path(struct cm_registry *registry, const char *path, enum cm_walk_mode mode,
                             struct cm_key **key);
/* A retained key below a retained key. */
NTSTATUS cm_retain_subkey(struct cm_key *key, const WCHAR *path, size_t length, enum cm_walk_mode mode,
                          struct cm_key **subkey);

/* Copies a value of a retained key, by name or by index (NULL name). */
NTSTATUS cm_copy_value(struct cm_key *key, const WCHAR *name, size_t length, ULONG index,
                       struct cm_value_copy *copy);
/* cm_value_change on a retained key. */
NTSTATUS cm_change_value(struct cm_key *key, const WCHAR *name, size_t length, const struct cm_change *change);

/* ---- info.c: the KEY_*_INFORMATION structures ------------------------------------------------ */

/* Fills a KEY_VALUE_* structure with the ZwQueryValueKey buffer protocol:
 * STATUS_BUFFER_TOO_SMALL when not even the fixed part fits (nothing
 * written), STATUS_BUFFER_OVERFLOW when only part of it was written;
 * *result is always the size the whole structure needs. */
NTSTATUS cm_value_information(const struct cm_value *value, KEY_VALUE_INFORMATION_CLASS info_class, void *buffer,
                              ULONG length, ULONG *result);
/* The same for KEY_BASIC/NODE/FULL_INFORMATION of a key. */
NTSTATUS cm_key_information(const struct cm_key *key, KEY_INFORMATION_CLASS info_class, void *buffer,
                            ULONG length, ULONG *result);

/* ---- rtl_registry.c ------------------------------------------------------------------------ */

/* Resolves RtlXxxRegistry's (RelativeTo, Path) to a retained key; `mode`
 * CM_WALK_CREATE_LEAF creates the last key as RtlWriteRegistryValue does. */
NTSTATUS cm_rtl_retain(struct wmisim *sim, const char *routine, ULONG relative_to, PCWSTR path,
                       enum cm_walk_mode mode, struct cm_key **key);

#endif /* WMISIM_CM_INTERNAL_H */
