/*
 * values.h - what the words of a statement stand for: a data block named
 * by GUID or MOF class, an instance by name or by @index, values of MOF
 * properties written as text, raw typed bytes (u32:5 str:text hex:0A0B),
 * and the comparisons of `expect value`.
 */
#ifndef WMISIM_SIM_VALUES_H
#define WMISIM_SIM_VALUES_H

#include "interp.h"

/* A data or event block. */
struct target {
  GUID guid;
  const wmisim_mof_class *cls;   /* NULL when no MOF describes it */
  char name[128];                /* the class name, or the GUID text */
};

/* Resolves argument `arg`: a GUID ({...} or bare), or a class name of a
 * loaded MOF. Reports an unknown class (OUTCOME_INPUT) itself. */
bool resolve_target(struct exec *exec, int arg, struct target *target);

/* Resolves an instance argument: "@N" is the N-th static instance name
 * of the block (0-based), anything else the name itself. Reports an index
 * out of range itself. */
bool resolve_instance(struct exec *exec, int arg, const struct target *target, strbuf_t *name);

/* Memory that parsed values point into; freed all at once. */
struct value_store {
  void **blocks;
  size_t count;
};
void value_store_free(struct value_store *store);

/* Parses `text` as a value of `item` ("5", "0x10", "-3", "True", "text",
 * "{1,2,3}" for arrays). False with `why` filled when it cannot be. */
bool parse_item_value(const wmisim_mof_item *item, const char *text, wmisim_mof_value *value,
                      struct value_store *store, char *why, size_t why_size);

/* Encodes raw typed values, one per argument from `first`, into `bytes`:
 * u8: u16: u32: u64: s8: s16: s32: s64: (integers), bool: (one byte),
 * str: (USHORT byte count and UTF-16, as WMI strings are), hex: (bytes).
 * Reports a malformed one itself (OUTCOME_INPUT). */
bool encode_raw(struct exec *exec, int first, strbuf_t *bytes);

/* Appends `text` as WMI carries a string: a USHORT byte count, then
 * UTF-16LE. False for malformed UTF-8 or more than 65535 bytes. */
bool encode_counted_string(const char *text, strbuf_t *bytes);

/* Compares a decoded value with `expected` under `op` ("==", "!=", "<",
 * "<=", ">", ">="): numbers numerically, booleans and text as they print.
 * Sets *holds; false with `why` when `expected` does not fit the value. */
bool compare_value(const wmisim_mof_value *actual, const char *op, const char *expected, bool *holds, char *why,
                   size_t why_size);

/* Compares text (a raw pseudo-property) with `expected`: == and != only. */
bool compare_text(const char *actual, const char *op, const char *expected, bool *holds, char *why, size_t why_size);

/* True for the operators compare_value accepts. */
bool is_comparison(const char *op);

#endif /* WMISIM_SIM_VALUES_H */
