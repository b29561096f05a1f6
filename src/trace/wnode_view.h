/*
 * wnode_view.h - what a WMI request's buffer holds, as a small tree of
 * named values the trace writers render: WNODE header fields, instance
 * names, data in hexadecimal and, when a MOF class is known for the GUID,
 * the data by property name. REGINFO answers are decoded as WMIREGINFO.
 *
 * Every leaf carries two renderings: `text` for people (NULL: not shown in
 * text) and `json`, a ready JSON value (NULL: not in JSON).
 */
#ifndef WMISIM_TRACE_WNODE_VIEW_H
#define WMISIM_TRACE_WNODE_VIEW_H

#include <wmisim/mof.h>

#include <stdbool.h>
#include <stddef.h>

typedef enum wv_kind { WV_LEAF, WV_OBJECT, WV_ARRAY } wv_kind_t;

typedef struct wv_node {
  wv_kind_t kind;
  char *name;              /* "" for array elements */
  char *text;              /* leaves */
  char *json;              /* leaves */
  struct wv_node *first;   /* objects and arrays */
  struct wv_node *last;
  struct wv_node *next;
} wv_node_t;

/* What a buffer is about: the request, the direction and the schema. */
struct wv_request {
  int minor;               /* IRP_MN_* of IRP_MJ_SYSTEM_CONTROL, or -1 for a WMI event */
  bool output;             /* the buffer coming back up */
  const wmisim_mof_schema *schema; /* may be NULL */
};

/* Describes `size` bytes at `data`. Returns NULL only when out of memory;
 * a malformed buffer gives a tree with a "Problem" leaf. */
wv_node_t *wv_describe(const struct wv_request *request, const void *data, size_t size);

/* Frees a tree; NULL is ignored. */
void wv_free(wv_node_t *node);

/* The direct child named `name`, or NULL. */
const wv_node_t *wv_child(const wv_node_t *node, const char *name);

/* Number of direct children. */
size_t wv_count(const wv_node_t *node);

#endif /* WMISIM_TRACE_WNODE_VIEW_H */
