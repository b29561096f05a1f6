/*
 * wmisim/mof.h - WMI MOF schemas: parse, check, lay out, decode, encode,
 * validate and generate wmimofck-style driver headers.
 *
 * A driver's MOF file is its WMI contract. This API compiles the subset of
 * MOF that WDM drivers use into a schema: per class its GUID, its data items
 * in WmiDataId order with type, size, alignment and offset, its methods and
 * their input and output layouts. With a schema wmisim can show a driver's
 * data blocks as named properties, check that a driver's buffers match what
 * its MOF declares, and generate the C header driver source includes.
 *
 * Conventions:
 *  - Functions return NTSTATUS: STATUS_SUCCESS, STATUS_INVALID_PARAMETER for
 *    bad arguments, STATUS_NO_MEMORY, STATUS_BUFFER_TOO_SMALL, STATUS_NOT_FOUND,
 *    STATUS_OBJECT_NAME_NOT_FOUND (a file), STATUS_DATA_ERROR (malformed
 *    input: MOF text or a data block; details in the diagnostics list).
 *  - Objects are opaque and created and destroyed explicitly. There is no
 *    global state: objects may be used from several threads as long as one
 *    object is not changed by two threads at once. A schema that is no
 *    longer being loaded into may be read by any number of threads.
 *  - Text is UTF-8. The library converts to and from the UTF-16 that WMI
 *    buffers carry; it never uses wchar_t.
 *  - The read-only structures a schema hands out (classes, items, methods,
 *    qualifiers) stay valid until the schema is destroyed.
 *
 * docs/mof.md describes the supported MOF subset, the WDM rules checked,
 * the layout rules and header compatibility.
 */
#ifndef WMISIM_MOF_H
#define WMISIM_MOF_H

#include <stddef.h>
#include <stdio.h>
#include <ntdef.h>
#include <wmistr.h>
#include <wmisim/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- diagnostics ---------------------------------------------------------- */

typedef enum wmisim_mof_severity {
  WMISIM_MOF_ERROR = 0,
  WMISIM_MOF_WARNING = 1
} wmisim_mof_severity;

/*
 * One message about an input. For MOF text `file`, `line` and `column`
 * (1-based) locate the problem and `source_line` / `caret_line` show it, as
 * in "wmisamp.mof:12:5: error: ...". For a data block `file` is NULL, `line`
 * is 0 and `column` is the byte offset in the block plus one (0 when the
 * message is about the whole block). Strings are owned by the list.
 */
typedef struct wmisim_mof_diagnostic {
  wmisim_mof_severity severity;
  const char *file;        /* may be NULL */
  unsigned line;           /* 0 when there is no line */
  unsigned column;
  const char *message;     /* without the "error: " prefix */
  const char *source_line; /* "" when unknown */
  const char *caret_line;  /* spaces then '^' under `column`; "" when unknown */
} wmisim_mof_diagnostic;

typedef struct wmisim_mof_diagnostics wmisim_mof_diagnostics;

/* Creates an empty diagnostics list in *out. Errors: STATUS_INVALID_PARAMETER,
 * STATUS_NO_MEMORY. Free it with wmisim_mof_diagnostics_destroy(). */
WMISIM_API NTSTATUS wmisim_mof_diagnostics_create(wmisim_mof_diagnostics **out);

/* Frees the list and its messages. NULL is ignored. */
WMISIM_API void wmisim_mof_diagnostics_destroy(wmisim_mof_diagnostics *diags);

/* Removes every message from the list. */
WMISIM_API void wmisim_mof_diagnostics_clear(wmisim_mof_diagnostics *diags);

/* Number of messages in the list (0 for NULL). */
WMISIM_API size_t wmisim_mof_diagnostics_count(const wmisim_mof_diagnostics *diags);

/* Number of messages of severity WMISIM_MOF_ERROR (0 for NULL). */
WMISIM_API size_t wmisim_mof_diagnostics_error_count(const wmisim_mof_diagnostics *diags);

/* The index'th message, or NULL when index is out of range. Owned by the
 * list; valid until the list is cleared or destroyed. */
WMISIM_API const wmisim_mof_diagnostic *
wmisim_mof_diagnostics_at(const wmisim_mof_diagnostics *diags, size_t index);

/* Writes every message to `out` in the compiler style:
 *   file:line:column: error: message
 *    source line
 *    caret
 * (a data-block message prints "block+offset: error: message"). */
WMISIM_API void wmisim_mof_diagnostics_print(const wmisim_mof_diagnostics *diags, FILE *out);

/* ---- values --------------------------------------------------------------- */

/* CIM data types a WDM data item can have. */
typedef enum wmisim_mof_type {
  WMISIM_MOF_TYPE_NONE = 0,
  WMISIM_MOF_TYPE_BOOLEAN,
  WMISIM_MOF_TYPE_SINT8,
  WMISIM_MOF_TYPE_UINT8,
  WMISIM_MOF_TYPE_SINT16,
  WMISIM_MOF_TYPE_UINT16,
  WMISIM_MOF_TYPE_SINT32,
  WMISIM_MOF_TYPE_UINT32,
  WMISIM_MOF_TYPE_SINT64,
  WMISIM_MOF_TYPE_UINT64,
  WMISIM_MOF_TYPE_REAL32,
  WMISIM_MOF_TYPE_REAL64,
  WMISIM_MOF_TYPE_CHAR16,
  WMISIM_MOF_TYPE_STRING,   /* USHORT byte count + UTF-16 */
  WMISIM_MOF_TYPE_DATETIME, /* 25 UTF-16 characters, no count */
  WMISIM_MOF_TYPE_OBJECT    /* an embedded class */
} wmisim_mof_type;

/* The MOF spelling of a type ("uint32", "string", "object"...). */
WMISIM_API const char *wmisim_mof_type_name(wmisim_mof_type type);

typedef enum wmisim_mof_value_kind {
  WMISIM_MOF_VALUE_NULL = 0, /* not set */
  WMISIM_MOF_VALUE_BOOLEAN,  /* boolean */
  WMISIM_MOF_VALUE_SINT,     /* sint8..sint64 (and integers in qualifiers) */
  WMISIM_MOF_VALUE_UINT,     /* uint8..uint64 */
  WMISIM_MOF_VALUE_REAL,     /* real32, real64 */
  WMISIM_MOF_VALUE_CHAR16,   /* one UTF-16 code unit */
  WMISIM_MOF_VALUE_STRING,   /* UTF-8 text */
  WMISIM_MOF_VALUE_DATETIME, /* the 25-character CIM datetime, as UTF-8 */
  WMISIM_MOF_VALUE_ARRAY,    /* `array.count` elements */
  WMISIM_MOF_VALUE_OBJECT    /* an embedded object */
} wmisim_mof_value_kind;

struct wmisim_mof_object;

/*
 * A tagged value: a decoded property, a value to encode, or a qualifier's
 * value. Which member is valid follows `kind`. Values handed out by the
 * library own their strings, elements and objects; a value given to the
 * library is only read (it is copied where it must be kept).
 */
typedef struct wmisim_mof_value {
  wmisim_mof_value_kind kind;
  union {
    BOOLEAN boolean;
    LONGLONG sint;
    ULONGLONG uint;
    double real;
    USHORT char16;
    const char *string; /* STRING and DATETIME, NUL-terminated UTF-8 */
    struct {
      size_t count;
      const struct wmisim_mof_value *elements;
    } array;
    const struct wmisim_mof_object *object;
  } u;
} wmisim_mof_value;

/* A qualifier as written in the MOF: `WmiDataId(3)` is SINT 3, `read` is
 * BOOLEAN TRUE, `Values{"a","b"}` is an ARRAY of STRING. */
typedef struct wmisim_mof_qualifier {
  const char *name;
  wmisim_mof_value value;
} wmisim_mof_qualifier;

/* ---- schema structures (read-only, owned by the schema) -------------------- */

typedef enum wmisim_mof_array_kind {
  WMISIM_MOF_ARRAY_NONE = 0,
  WMISIM_MOF_ARRAY_FIXED,    /* type name[N] */
  WMISIM_MOF_ARRAY_VARIABLE  /* type name[] with WmiSizeIs("Count") */
} wmisim_mof_array_kind;

struct wmisim_mof_class;

/* A data item (a property with a WmiDataId), or a method parameter. */
typedef struct wmisim_mof_item {
  const char *name;
  ULONG data_id;                              /* WmiDataId (parameters: ID) */
  wmisim_mof_type type;                       /* element type for arrays */
  const struct wmisim_mof_class *object_class; /* type OBJECT: embedded class */
  wmisim_mof_array_kind array;
  ULONG array_count;                          /* ARRAY_FIXED: N */
  const struct wmisim_mof_item *size_is;      /* ARRAY_VARIABLE: the count item */
  ULONG max_len;                              /* string MaxLen, 0 = unlimited */
  BOOLEAN readable;                           /* `read` */
  BOOLEAN writable;                           /* `write` */
  /* Layout (docs/mof.md, "Layout"). */
  ULONG alignment;    /* natural alignment of the item */
  ULONG element_size; /* bytes per element when every element has one size, else 0 */
  ULONG size;         /* bytes of the whole item when fixed, else 0 */
  BOOLEAN fixed_offset; /* the offset is the same in every instance */
  ULONG offset;       /* valid when fixed_offset */
  const char *description;  /* Description qualifier or NULL */
  const char *display_name; /* DisplayName qualifier or NULL */
  size_t qualifier_count;
  const wmisim_mof_qualifier *qualifiers;
} wmisim_mof_item;

/* A method of a data block. `input` and `output` are parameter classes
 * (kind WMISIM_MOF_CLASS_PARAMETERS, items in ID order) usable with the
 * codec functions below; NULL when the method has no such parameters. */
typedef struct wmisim_mof_method {
  const char *name;
  ULONG method_id; /* WmiMethodId */
  const char *description;
  const char *header_name; /* HeaderName qualifier or NULL */
  const struct wmisim_mof_class *input;
  const struct wmisim_mof_class *output;
  size_t qualifier_count;
  const wmisim_mof_qualifier *qualifiers;
} wmisim_mof_method;

typedef enum wmisim_mof_class_kind {
  WMISIM_MOF_CLASS_BASE = 0,     /* abstract or plain base class; not a block */
  WMISIM_MOF_CLASS_DATA_BLOCK,   /* Dynamic/Static data block with InstanceName, Active */
  WMISIM_MOF_CLASS_EVENT_BLOCK,  /* data block derived from WMIEvent */
  WMISIM_MOF_CLASS_EMBEDDED,     /* WMI + guid, used as a data item type */
  WMISIM_MOF_CLASS_PARAMETERS    /* a method's input or output parameters */
} wmisim_mof_class_kind;

typedef struct wmisim_mof_class {
  const char *name;
  const char *superclass_name;              /* NULL without a base class */
  const struct wmisim_mof_class *superclass; /* NULL without a base class */
  wmisim_mof_class_kind kind;
  BOOLEAN has_guid;
  GUID guid;
  BOOLEAN bundled;         /* one of the library's base classes (docs/mof.md) */
  const char *source_file; /* file or text name it came from */
  unsigned line;           /* line of its `class` keyword */
  const char *name_space;  /* #pragma namespace in force, or NULL */
  const char *description; /* Description qualifier or NULL */
  const char *header_name; /* HeaderName qualifier or NULL */
  size_t item_count;
  const wmisim_mof_item *items; /* data items in WmiDataId order */
  size_t method_count;
  const wmisim_mof_method *methods; /* in WmiMethodId order */
  /* Layout. */
  ULONG alignment;       /* largest item alignment (1 when empty) */
  BOOLEAN fixed_size;    /* every item has a fixed size and offset */
  ULONG size;            /* fixed_size: end of the last item (wmimofck's _SIZE) */
  ULONG fixed_part_size; /* offset where the first variable item starts */
  size_t qualifier_count;
  const wmisim_mof_qualifier *qualifiers;
} wmisim_mof_class;

/* The qualifier named `name` (case-insensitive) in a list, or NULL. */
WMISIM_API const wmisim_mof_qualifier *
wmisim_mof_qualifier_find(const wmisim_mof_qualifier *qualifiers, size_t count, const char *name);

/* The data item named `name` (case-insensitive) of a class, or NULL. */
WMISIM_API const wmisim_mof_item *
wmisim_mof_class_find_item(const wmisim_mof_class *cls, const char *name);

/* The data item with WmiDataId `data_id` of a class, or NULL. */
WMISIM_API const wmisim_mof_item *
wmisim_mof_class_find_item_by_id(const wmisim_mof_class *cls, ULONG data_id);

/* The method with WmiMethodId `method_id`, or NULL. */
WMISIM_API const wmisim_mof_method *
wmisim_mof_class_find_method(const wmisim_mof_class *cls, ULONG method_id);

/* ---- schema sets ------------------------------------------------------------ */

typedef struct wmisim_mof_schema wmisim_mof_schema;

/* Creates an empty schema set in *out that already knows the bundled base
 * classes (WMIEvent, MSWmi_*, MSPower_*; see docs/mof.md), so MOF loaded
 * into it can inherit from them. Errors: STATUS_INVALID_PARAMETER,
 * STATUS_NO_MEMORY. Free with wmisim_mof_schema_destroy(). */
WMISIM_API NTSTATUS wmisim_mof_schema_create(wmisim_mof_schema **out);

/* Frees the schema and every structure it handed out. NULL is ignored. */
WMISIM_API void wmisim_mof_schema_destroy(wmisim_mof_schema *schema);

/*
 * Parses `length` bytes of MOF `text` (named `name` in messages), checks the
 * WDM rules, lays the classes out and adds them to the schema. The text may
 * use classes loaded earlier and the bundled base classes. Loading is all or
 * nothing: on any error nothing is added. Messages (errors and warnings) are
 * appended to `diags` when it is not NULL.
 * Errors: STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY, STATUS_DATA_ERROR
 * (syntax or rule errors, including a class name or GUID already in the
 * schema; see diags).
 */
WMISIM_API NTSTATUS wmisim_mof_schema_load_text(wmisim_mof_schema *schema, const char *name,
                                                const char *text, size_t length,
                                                wmisim_mof_diagnostics *diags);

/* Like wmisim_mof_schema_load_text() for the file at `path`.
 * Additional error: STATUS_OBJECT_NAME_NOT_FOUND when the file cannot be read. */
WMISIM_API NTSTATUS wmisim_mof_schema_load_file(wmisim_mof_schema *schema, const char *path,
                                                wmisim_mof_diagnostics *diags);

/* Number of classes loaded into the schema (the bundled base classes are not
 * counted), and the index'th one in load order (NULL when out of range). */
WMISIM_API size_t wmisim_mof_schema_class_count(const wmisim_mof_schema *schema);
WMISIM_API const wmisim_mof_class *wmisim_mof_schema_class_at(const wmisim_mof_schema *schema,
                                                              size_t index);

/* The class named `name` (case-insensitive, as WMI class names are),
 * including the bundled base classes; NULL when unknown. */
WMISIM_API const wmisim_mof_class *wmisim_mof_schema_find_class(const wmisim_mof_schema *schema,
                                                                const char *name);

/* The data or event block whose guid qualifier is `guid`, including the
 * bundled blocks (MSPower_DeviceEnable...); NULL when unknown. */
WMISIM_API const wmisim_mof_class *wmisim_mof_schema_find_guid(const wmisim_mof_schema *schema,
                                                               const GUID *guid);

/* ---- driver MOF resources --------------------------------------------------- */

/*
 * The MOF file that holds the schema of a driver's MofResourceName: the file
 * `<directory of driver_path>/<resource_name>.mof` (".mof" is not added when
 * the name already ends with it, in any case). A driver path without a
 * directory means the current directory. Writes the NUL-terminated path into
 * `buffer` and its length without the NUL into *needed.
 * Errors: STATUS_INVALID_PARAMETER (NULL arguments, an empty name, or a name
 * with a path separator or ".." that could escape the directory),
 * STATUS_BUFFER_TOO_SMALL (*needed tells the length required, minus the NUL).
 */
WMISIM_API NTSTATUS wmisim_mof_resource_path(const char *driver_path, const char *resource_name,
                                             char *buffer, size_t buffer_size, size_t *needed);

/* The same for a MofResourceName in UTF-16 (`length_bytes` bytes, as in a
 * UNICODE_STRING), the form a driver reports it in. */
WMISIM_API NTSTATUS wmisim_mof_resource_path_utf16(const char *driver_path, const WCHAR *name,
                                                   USHORT length_bytes, char *buffer,
                                                   size_t buffer_size, size_t *needed);

/* Loads the MOF file of a driver's MofResourceName into the schema (the path
 * rule of wmisim_mof_resource_path()). Errors: those of
 * wmisim_mof_resource_path() and wmisim_mof_schema_load_file(). */
WMISIM_API NTSTATUS wmisim_mof_schema_load_for_driver(wmisim_mof_schema *schema,
                                                      const char *driver_path,
                                                      const char *resource_name,
                                                      wmisim_mof_diagnostics *diags);

/* ---- decoded objects and encoding ------------------------------------------- */

/* One property of an object: its item and its value. */
typedef struct wmisim_mof_property {
  const wmisim_mof_item *item;
  wmisim_mof_value value;
} wmisim_mof_property;

/* An instance of a class (or a method's parameters) as named values. The
 * properties follow the class's items, one per item, in WmiDataId order. */
typedef struct wmisim_mof_object {
  const wmisim_mof_class *cls;
  size_t property_count;
  wmisim_mof_property *properties;
} wmisim_mof_object;

/* Creates an object of class `cls` with every property NULL (unset), to be
 * filled with wmisim_mof_object_set() and encoded. Errors:
 * STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY. */
WMISIM_API NTSTATUS wmisim_mof_object_create(const wmisim_mof_class *cls,
                                             wmisim_mof_object **out);

/* Frees an object made by this API, with its values. NULL is ignored. */
WMISIM_API void wmisim_mof_object_destroy(wmisim_mof_object *object);

/* The property named `name` (case-insensitive), or NULL. */
WMISIM_API const wmisim_mof_property *wmisim_mof_object_get(const wmisim_mof_object *object,
                                                            const char *name);

/*
 * Sets property `name` to a deep copy of `value`. The value's kind must fit
 * the item: BOOLEAN for boolean; SINT or UINT for integer types (range
 * checked); REAL for reals; CHAR16 for char16; STRING for string; DATETIME
 * or STRING (25 characters) for datetime; OBJECT of the item's class for
 * embedded objects; ARRAY of those for arrays (fixed arrays need exactly N
 * elements; a variable array's count item is set by the encoder when left
 * unset); NULL to unset.
 * Errors: STATUS_INVALID_PARAMETER (unknown name, wrong kind, out of range),
 * STATUS_NO_MEMORY.
 */
WMISIM_API NTSTATUS wmisim_mof_object_set(wmisim_mof_object *object, const char *name,
                                          const wmisim_mof_value *value);

/*
 * Decodes one data block of class `cls` (or a method's input or output
 * buffer, with a parameters class) from `size` bytes at `data`, which must
 * start where the block starts (WMI aligns blocks on 8 bytes). On success
 * *out receives a new object (free it with wmisim_mof_object_destroy()) and
 * *consumed, when not NULL, the bytes the items occupy.
 * Errors: STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY, STATUS_DATA_ERROR (the
 * block is shorter than its items or malformed; a message goes to `diags`).
 */
WMISIM_API NTSTATUS wmisim_mof_decode(const wmisim_mof_class *cls, const void *data, ULONG size,
                                      wmisim_mof_object **out, ULONG *consumed,
                                      wmisim_mof_diagnostics *diags);

/*
 * Encodes `object` into the layout of its class at `buffer`. *needed always
 * receives the bytes the block takes. Unset scalars encode as zero, unset
 * strings as empty, unset arrays as zero elements. A variable array's
 * WmiSizeIs item left unset is set to the array's length.
 * Errors: STATUS_INVALID_PARAMETER (NULL arguments, a count item that
 * disagrees with its array, a string longer than MaxLen or 32767
 * characters), STATUS_BUFFER_TOO_SMALL (buffer_size < *needed; buffer may be
 * NULL to ask the size), STATUS_NO_MEMORY.
 */
WMISIM_API NTSTATUS wmisim_mof_encode(const wmisim_mof_object *object, void *buffer,
                                      ULONG buffer_size, ULONG *needed);

/* ---- WNODE decoding -------------------------------------------------------- */

/* One instance found in a WNODE. */
typedef struct wmisim_mof_wnode_instance {
  const char *instance_name; /* UTF-8 dynamic name, or NULL with static names */
  ULONG instance_index;      /* static names: the instance's index */
  wmisim_mof_object *object; /* decoded block (a single item for WNODE_SINGLE_ITEM) */
} wmisim_mof_wnode_instance;

/* The instances of one WNODE, or of a chain of WNODE_ALL_DATA linked by
 * WnodeHeader.Linkage. */
typedef struct wmisim_mof_wnode_data {
  const wmisim_mof_class *cls; /* the class of WnodeHeader.Guid */
  ULONG flags;                 /* WnodeHeader.Flags of the first WNODE */
  size_t instance_count;
  wmisim_mof_wnode_instance *instances;
} wmisim_mof_wnode_data;

/*
 * Decodes a WNODE_ALL_DATA (following Linkage), WNODE_SINGLE_INSTANCE,
 * WNODE_SINGLE_ITEM or WNODE_EVENT_ITEM of `size` bytes, using the class of
 * its GUID in `schema`. Free the result with wmisim_mof_wnode_data_destroy().
 * Errors: STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY, STATUS_NOT_FOUND (no
 * class for the GUID), STATUS_NOT_SUPPORTED (another WNODE kind),
 * STATUS_DATA_ERROR (offsets or sizes out of bounds, bad blocks; see diags).
 */
WMISIM_API NTSTATUS wmisim_mof_decode_wnode(const wmisim_mof_schema *schema,
                                            const WNODE_HEADER *wnode, ULONG size,
                                            wmisim_mof_wnode_data **out,
                                            wmisim_mof_diagnostics *diags);

/* Frees decoded WNODE data. NULL is ignored. */
WMISIM_API void wmisim_mof_wnode_data_destroy(wmisim_mof_wnode_data *data);

/* ---- validation (the checking mode's view of a driver's buffers) ----------- */

/*
 * Checks a data block a driver returned for class `cls` against the schema:
 * the block holds every item (size), string byte counts are even and within
 * the block and MaxLen, WmiSizeIs counts fit the block, datetimes hold 25
 * characters. Every problem becomes a message in `diags` (column = offset+1).
 * Returns STATUS_SUCCESS when the block is valid, STATUS_DATA_ERROR when not,
 * STATUS_INVALID_PARAMETER for bad arguments.
 */
WMISIM_API NTSTATUS wmisim_mof_validate_block(const wmisim_mof_class *cls, const void *data,
                                              ULONG size, wmisim_mof_diagnostics *diags);

/*
 * Checks a WNODE a driver filled (query results and events): the header's
 * BufferSize, offsets within the buffer, data blocks on 8-byte boundaries,
 * FixedInstanceSize or OffsetInstanceDataAndLength consistent with the
 * blocks, instance names within bounds, then every block as
 * wmisim_mof_validate_block(). Returns as wmisim_mof_validate_block(), or
 * STATUS_NOT_FOUND when the schema has no class for the WNODE's GUID.
 */
WMISIM_API NTSTATUS wmisim_mof_validate_wnode(const wmisim_mof_schema *schema,
                                              const WNODE_HEADER *wnode, ULONG size,
                                              wmisim_mof_diagnostics *diags);

/*
 * Checks a set request against the items' `write` qualifiers: `new_block`
 * (what a client sets) may differ from `old_block` (the current instance)
 * only in writable items. Each read-only item that changes gets a message.
 * Returns STATUS_SUCCESS, STATUS_WMI_READ_ONLY when a read-only item would
 * change, STATUS_DATA_ERROR when a block does not decode,
 * STATUS_INVALID_PARAMETER for bad arguments.
 */
WMISIM_API NTSTATUS wmisim_mof_validate_set(const wmisim_mof_class *cls, const void *old_block,
                                            ULONG old_size, const void *new_block,
                                            ULONG new_size, wmisim_mof_diagnostics *diags);

/* ---- header generation ------------------------------------------------------ */

enum {
  WMISIM_MOF_HEADER_METHODS = 0x1,     /* wmimofck -m: method _IN/_OUT structures */
  WMISIM_MOF_HEADER_ALL_MEMBERS = 0x2  /* wmimofck -u: members for MaxLen strings too */
};

/*
 * Generates the C header wmimofck -h writes for the classes loaded into
 * `schema` (not the bundled ones), in wmimofck's naming, order and layout.
 * `guard_name` is the base of the include guard (wmimofck uses the output
 * file's name: "wmidata" gives _wmidata_h_); characters that cannot be in
 * an identifier become '_'. `flags` combines WMISIM_MOF_HEADER_*. On
 * success *text receives the NUL-terminated header (free it with
 * wmisim_mof_free()) and *length, when not NULL, its length.
 * Errors: STATUS_INVALID_PARAMETER, STATUS_NO_MEMORY.
 */
WMISIM_API NTSTATUS wmisim_mof_generate_header(const wmisim_mof_schema *schema,
                                               const char *guard_name, unsigned flags,
                                               char **text, size_t *length);

/* Frees memory the API returned to the caller (generated headers). */
WMISIM_API void wmisim_mof_free(void *memory);

#ifdef __cplusplus
}
#endif

#endif /* WMISIM_MOF_H */
