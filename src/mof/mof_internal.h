/*
 * mof_internal.h - shared internals of the MOF component.
 *
 * Pipeline of one load: lexer.c turns text into tokens, parser.c builds the
 * syntax tree (mof_ast_*), model.c resolves names and inheritance into the
 * public wmisim_mof_class structures, rules.c checks the WDM rules and
 * layout.c computes offsets. Everything a load allocates lives in its
 * arena (arena.c), so a failed load is dropped whole and a schema frees in
 * one sweep.
 */
#ifndef WMISIM_MOF_INTERNAL_H
#define WMISIM_MOF_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <wmisim/mof.h>
#include <ntstatus.h>

/* ---- arena (arena.c) ------------------------------------------------------- */

typedef struct mof_arena mof_arena;

mof_arena *mof_arena_create(void);
void mof_arena_destroy(mof_arena *arena);
/* Zeroed, 16-byte aligned memory that lives as long as the arena; NULL when
 * out of memory. */
void *mof_arena_alloc(mof_arena *arena, size_t size);
char *mof_arena_strdup(mof_arena *arena, const char *text);
char *mof_arena_strndup(mof_arena *arena, const char *text, size_t length);
void *mof_arena_memdup(mof_arena *arena, const void *data, size_t size);

/* Growable array of fixed-size elements in malloc'ed memory; copied into an
 * arena when complete. */
typedef struct mof_vec {
  void *data;
  size_t count;
  size_t capacity;
  size_t element_size;
} mof_vec;

void mof_vec_init(mof_vec *vec, size_t element_size);
void mof_vec_free(mof_vec *vec);
/* Appends a zeroed element and returns it; NULL when out of memory. */
void *mof_vec_push(mof_vec *vec);
/* Copies the elements into the arena (NULL for an empty vector) and frees
 * the vector. *ok is cleared when out of memory. */
void *mof_vec_finish(mof_vec *vec, mof_arena *arena, int *ok);

/* ---- text helpers (text.c) -------------------------------------------------- */

int mof_strcasecmp(const char *a, const char *b);
int mof_has_suffix_nocase(const char *text, const char *suffix);

/* Appends UTF-16 for the UTF-8 `text` to a growable UTF-16 buffer.
 * Returns the number of code units, or -1 for invalid UTF-8 or no memory. */
long mof_utf8_to_utf16(const char *text, USHORT **out_units);
/* A malloc'ed NUL-terminated UTF-8 copy of `count` UTF-16 code units read
 * little-endian from `bytes` (unpaired surrogates become U+FFFD); NULL when
 * out of memory. */
char *mof_utf16le_to_utf8(const unsigned char *bytes, size_t count);

/* printf into a malloc'ed string; NULL when out of memory. */
char *mof_vformat(const char *format, va_list args);
char *mof_format(const char *format, ...) WMISIM_PRINTF(1, 2);
/* printf into the arena; NULL when out of memory. */
char *mof_format_arena(mof_arena *arena, const char *format, ...) WMISIM_PRINTF(2, 3);

/* Growable text buffer for the header generator and messages. */
typedef struct mof_text {
  char *data;
  size_t length;
  size_t capacity;
  int failed; /* set once an append ran out of memory */
} mof_text;

void mof_text_init(mof_text *text);
void mof_text_free(mof_text *text);
void mof_text_append(mof_text *text, const char *data, size_t length);
void mof_text_puts(mof_text *text, const char *data);
void mof_text_printf(mof_text *text, const char *format, ...) WMISIM_PRINTF(2, 3);

/* ---- diagnostics (diag.c) --------------------------------------------------- */

/* A source being compiled: diagnostics quote its lines. */
typedef struct mof_source {
  const char *name;
  const char *text;
  size_t length;
} mof_source;

typedef struct mof_pos {
  unsigned line;
  unsigned column;
} mof_pos;

/* Adds a message located in `source` at `pos`. No-op when diags is NULL.
 * Returns STATUS_NO_MEMORY when the message could not be stored. */
NTSTATUS mof_diag_at(wmisim_mof_diagnostics *diags, wmisim_mof_severity severity,
                     const mof_source *source, mof_pos pos, const char *format, ...)
    WMISIM_PRINTF(5, 6);
/* Adds a message about a data block at byte `offset` (-1: the whole block). */
NTSTATUS mof_diag_block(wmisim_mof_diagnostics *diags, long offset, const char *format, ...)
    WMISIM_PRINTF(3, 4);
/* Adds a message without a location. */
NTSTATUS mof_diag_plain(wmisim_mof_diagnostics *diags, const char *file, const char *format, ...)
    WMISIM_PRINTF(3, 4);

/* ---- lexer (lexer.c) -------------------------------------------------------- */

typedef enum mof_token_kind {
  MOF_TOKEN_END = 0,
  MOF_TOKEN_IDENTIFIER,
  MOF_TOKEN_INTEGER,
  MOF_TOKEN_REAL,
  MOF_TOKEN_STRING,  /* one literal, escapes resolved */
  MOF_TOKEN_CHAR,    /* 'c' */
  MOF_TOKEN_PRAGMA,  /* #pragma */
  MOF_TOKEN_PUNCT,   /* one of [ ] ( ) { } ; , : = */
  MOF_TOKEN_ERROR    /* the lexer's message is in `text` */
} mof_token_kind;

typedef struct mof_token {
  mof_token_kind kind;
  mof_pos pos;
  char punct;            /* MOF_TOKEN_PUNCT */
  char *text;            /* identifier, string (UTF-8), error message; arena */
  size_t text_length;
  ULONGLONG integer;     /* magnitude of an INTEGER */
  int negative;          /* a leading '-' */
  double real;
  USHORT char16;
} mof_token;

typedef struct mof_lexer {
  const mof_source *source;
  mof_arena *arena;
  size_t offset;
  unsigned line;
  unsigned column;
} mof_lexer;

void mof_lexer_init(mof_lexer *lexer, const mof_source *source, mof_arena *arena);
/* Reads the next token. Out of memory is reported as MOF_TOKEN_ERROR. */
mof_token mof_lexer_next(mof_lexer *lexer);

/* ---- syntax tree (parser.c) --------------------------------------------------- */

typedef struct mof_qualifier_list {
  size_t count;
  wmisim_mof_qualifier *items;
  mof_pos *positions; /* where each qualifier's name stands */
} mof_qualifier_list;

typedef struct mof_ast_property {
  mof_qualifier_list qualifiers;
  const char *type_name;
  mof_pos type_pos;
  const char *name;
  mof_pos pos;
  int is_array;
  ULONG array_count; /* 0 for [] */
  mof_pos array_pos;
} mof_ast_property;

typedef struct mof_ast_method {
  mof_qualifier_list qualifiers;
  const char *return_type;
  mof_pos return_pos;
  const char *name;
  mof_pos pos;
  size_t parameter_count;
  mof_ast_property *parameters;
} mof_ast_method;

typedef struct mof_ast_class {
  mof_qualifier_list qualifiers;
  const char *name;
  mof_pos pos;
  const char *superclass;
  mof_pos superclass_pos;
  const char *name_space;
  size_t property_count;
  mof_ast_property *properties;
  size_t method_count;
  mof_ast_method *methods;
} mof_ast_class;

typedef struct mof_ast {
  size_t class_count;
  mof_ast_class *classes;
} mof_ast;

/* Parses the whole source into *ast (allocated in `arena`). Syntax errors go
 * to diags; returns STATUS_DATA_ERROR after the first one. */
NTSTATUS mof_parse(const mof_source *source, mof_arena *arena, mof_ast *ast,
                   wmisim_mof_diagnostics *diags);

/* ---- model, rules and layout (model.c, rules.c, layout.c) ------------------- */

/* A declaration and the source it was written in (inherited declarations
 * come from another file). */
typedef struct mof_decl {
  const mof_ast_property *ast;
  const mof_source *source;
} mof_decl;

typedef struct mof_method_decl {
  const mof_ast_method *ast;
  const mof_source *source;
} mof_method_decl;

/* Internal view of a class: the public structure first (so a public
 * pointer converts back), then what the checks need to point at the source. */
typedef struct mof_class {
  wmisim_mof_class pub;
  const mof_ast_class *ast;
  const mof_source *source;
  size_t decl_count;              /* own and inherited properties */
  mof_decl *decls;
  size_t method_decl_count;       /* own and inherited methods */
  mof_method_decl *method_decls;
  mof_decl *item_decls;           /* per public item, its declaration */
  const mof_decl *instance_name;  /* InstanceName declaration or NULL */
  const mof_decl *active;         /* Active declaration or NULL */
  int laid_out;                   /* 0 new, 1 in progress, 2 done */
} mof_class;

static inline mof_class *mof_class_of(const wmisim_mof_class *cls) {
  return (mof_class *)(void *)(uintptr_t)cls;
}

/* Finds a class visible to a load: first the load's own, then the schema's. */
typedef const wmisim_mof_class *(*mof_class_lookup)(void *context, const char *name);

typedef struct mof_unit {
  mof_arena *arena;
  mof_source source;
  size_t class_count;
  mof_class **classes;
} mof_unit;

/* Builds the classes of `ast` into `unit`. Name, type and inheritance errors
 * go to diags (STATUS_DATA_ERROR). */
NTSTATUS mof_build_model(mof_unit *unit, const mof_ast *ast, mof_class_lookup lookup,
                         void *lookup_context, wmisim_mof_diagnostics *diags);

/* Checks the WDM rules on a built unit; `guid_taken` says whether a GUID is
 * already used in the schema. */
typedef int (*mof_guid_taken)(void *context, const GUID *guid);
NTSTATUS mof_check_rules(mof_unit *unit, mof_guid_taken guid_taken, void *context,
                         wmisim_mof_diagnostics *diags);

/* Computes the layout of every class of the unit. */
void mof_compute_layout(mof_unit *unit);
void mof_layout_class(mof_class *cls);

/* Size and alignment of one element of a CIM type (strings: 2 / 0 size). */
ULONG mof_type_alignment(wmisim_mof_type type);
ULONG mof_type_fixed_size(wmisim_mof_type type);
int mof_type_is_integer(wmisim_mof_type type);
wmisim_mof_type mof_type_from_name(const char *name);

/* Parses "{xxxxxxxx-xxxx-...}" or without braces. Returns 1 on success. */
int mof_parse_guid(const char *text, GUID *guid);

/* ---- values (value.c) -------------------------------------------------------- */

/* Deep-copies `value` into *out (malloc'ed parts). */
NTSTATUS mof_value_copy(wmisim_mof_value *out, const wmisim_mof_value *value);
/* Frees the malloc'ed parts of a value and sets it to NULL kind. */
void mof_value_clear(wmisim_mof_value *value);
/* Allocates an object of `cls` with NULL properties. */
wmisim_mof_object *mof_object_new(const wmisim_mof_class *cls);

/* ---- bundled base classes (base_classes.c) ------------------------------------ */

extern const char mof_base_classes_name[];
extern const char mof_base_classes_text[];

#endif /* WMISIM_MOF_INTERNAL_H */
