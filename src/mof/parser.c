/*
 * parser.c - recursive-descent parser for the MOF subset WDM drivers use:
 * #pragma, qualified class declarations with properties and methods.
 *
 * The parser stops at the first syntax error: one clear message beats a
 * cascade of follow-on errors in a language without statement recovery.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mof/mof_internal.h"

typedef struct parser {
  mof_lexer lexer;
  const mof_source *source;
  mof_arena *arena;
  wmisim_mof_diagnostics *diags;
  mof_token current;
  const char *name_space;
  int failed;     /* a syntax error was reported */
  int no_memory;
} parser;

static void next(parser *p) {
  p->current = mof_lexer_next(&p->lexer);
  if (p->current.kind == MOF_TOKEN_ERROR && !p->failed) {
    p->failed = 1;
    if (p->current.text == NULL)
      p->no_memory = 1;
    mof_diag_at(p->diags, WMISIM_MOF_ERROR, p->source, p->current.pos, "%s",
                p->current.text ? p->current.text : "out of memory");
  }
}

/* How the current token reads in a message. */
static const char *describe(const mof_token *token, char *buffer, size_t size) {
  switch (token->kind) {
  case MOF_TOKEN_END: return "end of file";
  case MOF_TOKEN_IDENTIFIER: snprintf(buffer, size, "'%s'", token->text); return buffer;
  case MOF_TOKEN_INTEGER:
  case MOF_TOKEN_REAL: return "a number";
  case MOF_TOKEN_STRING: return "a string";
  case MOF_TOKEN_CHAR: return "a char16 literal";
  case MOF_TOKEN_PRAGMA: return "'#pragma'";
  case MOF_TOKEN_PUNCT: snprintf(buffer, size, "'%c'", token->punct); return buffer;
  default: return "an invalid token";
  }
}

static void syntax_error(parser *p, const char *expected) {
  if (p->failed)
    return;
  p->failed = 1;
  char buffer[160];
  mof_diag_at(p->diags, WMISIM_MOF_ERROR, p->source, p->current.pos, "expected %s before %s",
              expected, describe(&p->current, buffer, sizeof(buffer)));
}

static void error_here(parser *p, mof_pos pos, const char *message) {
  if (p->failed)
    return;
  p->failed = 1;
  mof_diag_at(p->diags, WMISIM_MOF_ERROR, p->source, pos, "%s", message);
}

static int is_punct(const parser *p, char c) {
  return p->current.kind == MOF_TOKEN_PUNCT && p->current.punct == c;
}

static int is_keyword(const parser *p, const char *keyword) {
  return p->current.kind == MOF_TOKEN_IDENTIFIER && mof_strcasecmp(p->current.text, keyword) == 0;
}

static int expect_punct(parser *p, char c, const char *expected) {
  if (!is_punct(p, c)) {
    syntax_error(p, expected);
    return 0;
  }
  next(p);
  return 1;
}

static const char *expect_identifier(parser *p, const char *expected, mof_pos *pos) {
  if (p->current.kind != MOF_TOKEN_IDENTIFIER) {
    syntax_error(p, expected);
    return NULL;
  }
  const char *name = p->current.text;
  if (pos != NULL)
    *pos = p->current.pos;
  next(p);
  return name;
}

/* ---- constant values ------------------------------------------------------ */

static int parse_constant(parser *p, wmisim_mof_value *value);

/* Adjacent string literals concatenate, as in C. */
static int parse_string_constant(parser *p, wmisim_mof_value *value) {
  mof_text text;
  mof_text_init(&text);
  while (p->current.kind == MOF_TOKEN_STRING) {
    mof_text_append(&text, p->current.text, p->current.text_length);
    next(p);
  }
  value->kind = WMISIM_MOF_VALUE_STRING;
  value->u.string = mof_arena_strndup(p->arena, text.data ? text.data : "", text.length);
  int ok = !text.failed && value->u.string != NULL;
  mof_text_free(&text);
  if (!ok)
    p->no_memory = p->failed = 1;
  return ok;
}

static int parse_integer_constant(parser *p, wmisim_mof_value *value) {
  const mof_token *t = &p->current;
  if (t->negative) {
    if (t->integer > (ULONGLONG)INT64_MAX + 1) {
      error_here(p, t->pos, "integer constant out of range");
      return 0;
    }
    value->kind = WMISIM_MOF_VALUE_SINT;
    value->u.sint = t->integer == (ULONGLONG)INT64_MAX + 1 ? INT64_MIN : -(LONGLONG)t->integer;
  } else if (t->integer > (ULONGLONG)INT64_MAX) {
    value->kind = WMISIM_MOF_VALUE_UINT;
    value->u.uint = t->integer;
  } else {
    value->kind = WMISIM_MOF_VALUE_SINT;
    value->u.sint = (LONGLONG)t->integer;
  }
  next(p);
  return 1;
}

static int parse_array_constant(parser *p, wmisim_mof_value *value, char close) {
  mof_vec elements;
  mof_vec_init(&elements, sizeof(wmisim_mof_value));
  next(p); /* '{' or '(' */
  while (!is_punct(p, close)) {
    wmisim_mof_value *element = mof_vec_push(&elements);
    if (element == NULL) {
      p->no_memory = p->failed = 1;
      break;
    }
    if (!parse_constant(p, element))
      break;
    if (!is_punct(p, ','))
      break;
    next(p);
  }
  int ok = !p->failed && expect_punct(p, close, close == '}' ? "'}'" : "')'");
  size_t count = elements.count;
  value->kind = WMISIM_MOF_VALUE_ARRAY;
  value->u.array.elements = mof_vec_finish(&elements, p->arena, &ok);
  value->u.array.count = count;
  return ok;
}

static int parse_constant(parser *p, wmisim_mof_value *value) {
  memset(value, 0, sizeof(*value));
  switch (p->current.kind) {
  case MOF_TOKEN_STRING:
    return parse_string_constant(p, value);
  case MOF_TOKEN_INTEGER:
    return parse_integer_constant(p, value);
  case MOF_TOKEN_REAL:
    value->kind = WMISIM_MOF_VALUE_REAL;
    value->u.real = p->current.negative ? -p->current.real : p->current.real;
    next(p);
    return 1;
  case MOF_TOKEN_CHAR:
    value->kind = WMISIM_MOF_VALUE_CHAR16;
    value->u.char16 = p->current.char16;
    next(p);
    return 1;
  case MOF_TOKEN_IDENTIFIER:
    if (is_keyword(p, "true") || is_keyword(p, "false")) {
      value->kind = WMISIM_MOF_VALUE_BOOLEAN;
      value->u.boolean = is_keyword(p, "true");
      next(p);
      return 1;
    }
    if (is_keyword(p, "null")) {
      value->kind = WMISIM_MOF_VALUE_NULL;
      next(p);
      return 1;
    }
    break;
  case MOF_TOKEN_PUNCT:
    if (p->current.punct == '{')
      return parse_array_constant(p, value, '}');
    break;
  default:
    break;
  }
  syntax_error(p, "a constant value");
  return 0;
}

/* ---- qualifiers ------------------------------------------------------------- */

/* Flavors (": amended", ": ToInstance ToSubclass") are accepted and ignored:
 * they steer localisation and propagation, not the data block. */
static void skip_flavors(parser *p) {
  if (!is_punct(p, ':'))
    return;
  next(p);
  if (p->current.kind != MOF_TOKEN_IDENTIFIER) {
    syntax_error(p, "a qualifier flavor");
    return;
  }
  while (p->current.kind == MOF_TOKEN_IDENTIFIER)
    next(p);
}

static int parse_qualifier(parser *p, wmisim_mof_qualifier *q, mof_pos *pos) {
  q->name = expect_identifier(p, "a qualifier name", pos);
  if (q->name == NULL)
    return 0;
  if (is_punct(p, '(')) {
    next(p);
    if (is_punct(p, '{') ? !parse_array_constant(p, &q->value, '}')
                         : !parse_constant(p, &q->value))
      return 0;
    if (is_punct(p, ',')) { /* Values("a", "b") spelled with parentheses */
      wmisim_mof_value first = q->value;
      mof_vec elements;
      mof_vec_init(&elements, sizeof(wmisim_mof_value));
      wmisim_mof_value *slot = mof_vec_push(&elements);
      if (slot != NULL)
        *slot = first;
      while (slot != NULL && is_punct(p, ',')) {
        next(p);
        slot = mof_vec_push(&elements);
        if (slot != NULL && !parse_constant(p, slot))
          break;
      }
      int ok = slot != NULL && !p->failed;
      size_t count = elements.count;
      q->value.kind = WMISIM_MOF_VALUE_ARRAY;
      q->value.u.array.elements = mof_vec_finish(&elements, p->arena, &ok);
      q->value.u.array.count = count;
      if (!ok)
        return 0;
    }
    if (!expect_punct(p, ')', "')'"))
      return 0;
  } else if (is_punct(p, '{')) {
    if (!parse_array_constant(p, &q->value, '}'))
      return 0;
  } else {
    q->value.kind = WMISIM_MOF_VALUE_BOOLEAN;
    q->value.u.boolean = TRUE;
  }
  skip_flavors(p);
  return !p->failed;
}

static int parse_qualifier_list(parser *p, mof_qualifier_list *list) {
  memset(list, 0, sizeof(*list));
  if (!is_punct(p, '['))
    return 1;
  next(p);
  mof_vec items, positions;
  mof_vec_init(&items, sizeof(wmisim_mof_qualifier));
  mof_vec_init(&positions, sizeof(mof_pos));
  for (;;) {
    wmisim_mof_qualifier *q = mof_vec_push(&items);
    mof_pos *pos = mof_vec_push(&positions);
    if (q == NULL || pos == NULL) {
      p->no_memory = p->failed = 1;
      break;
    }
    if (!parse_qualifier(p, q, pos))
      break;
    if (is_punct(p, ']')) {
      next(p);
      break;
    }
    if (!expect_punct(p, ',', "',' or ']' in the qualifier list"))
      break;
  }
  int ok = !p->failed;
  list->count = items.count;
  list->items = mof_vec_finish(&items, p->arena, &ok);
  list->positions = mof_vec_finish(&positions, p->arena, &ok);
  if (!ok && !p->failed)
    p->no_memory = p->failed = 1;
  return ok;
}

/* ---- properties, methods, classes ------------------------------------------ */

static int parse_array_suffix(parser *p, mof_ast_property *prop) {
  if (!is_punct(p, '['))
    return 1;
  prop->is_array = 1;
  prop->array_pos = p->current.pos;
  next(p);
  if (p->current.kind == MOF_TOKEN_IDENTIFIER && !p->failed) {
    /* "uint32 Value [WmiDataId(2)..." is a missing ';', not an array. */
    p->failed = 1;
    mof_pos after_name = prop->pos;
    after_name.column += (unsigned)strlen(prop->name);
    mof_diag_at(p->diags, WMISIM_MOF_ERROR, p->source, after_name,
                "expected ';' after the declaration of '%s'", prop->name);
    return 0;
  }
  if (p->current.kind == MOF_TOKEN_INTEGER) {
    if (p->current.negative || p->current.integer == 0 || p->current.integer > 0xffffff) {
      error_here(p, p->current.pos, "array size must be between 1 and 16777215");
      return 0;
    }
    prop->array_count = (ULONG)p->current.integer;
    next(p);
  }
  return expect_punct(p, ']', "']'");
}

/* `type name` with an optional `ref`, which WDM blocks cannot carry. */
static int parse_typed_name(parser *p, mof_ast_property *prop, const char *what) {
  prop->type_name = expect_identifier(p, "a data type", &prop->type_pos);
  if (prop->type_name == NULL)
    return 0;
  if (is_keyword(p, "ref")) {
    error_here(p, p->current.pos, "references (ref) are not supported in WMI data blocks");
    return 0;
  }
  prop->name = expect_identifier(p, what, &prop->pos);
  return prop->name != NULL;
}

static int parse_parameters(parser *p, mof_ast_method *method) {
  mof_vec params;
  mof_vec_init(&params, sizeof(mof_ast_property));
  next(p); /* '(' */
  while (!is_punct(p, ')') && !p->failed) {
    mof_ast_property *param = mof_vec_push(&params);
    if (param == NULL) {
      p->no_memory = p->failed = 1;
      break;
    }
    if (!parse_qualifier_list(p, &param->qualifiers) ||
        !parse_typed_name(p, param, "a parameter name") || !parse_array_suffix(p, param))
      break;
    if (!is_punct(p, ','))
      break;
    next(p);
  }
  int ok = !p->failed && expect_punct(p, ')', "')' or ',' in the parameter list");
  method->parameter_count = params.count;
  method->parameters = mof_vec_finish(&params, p->arena, &ok);
  return ok;
}

static void skip_default_value(parser *p) {
  if (!is_punct(p, '='))
    return;
  next(p);
  wmisim_mof_value ignored;
  parse_constant(p, &ignored);
}

/* One feature: a property or a method. */
static int parse_feature(parser *p, mof_vec *properties, mof_vec *methods) {
  mof_ast_property head;
  memset(&head, 0, sizeof(head));
  if (!parse_qualifier_list(p, &head.qualifiers) ||
      !parse_typed_name(p, &head, "a property or method name"))
    return 0;
  if (is_punct(p, '(')) {
    mof_ast_method *method = mof_vec_push(methods);
    if (method == NULL) {
      p->no_memory = p->failed = 1;
      return 0;
    }
    method->qualifiers = head.qualifiers;
    method->return_type = head.type_name;
    method->return_pos = head.type_pos;
    method->name = head.name;
    method->pos = head.pos;
    if (!parse_parameters(p, method))
      return 0;
  } else {
    if (!parse_array_suffix(p, &head))
      return 0;
    skip_default_value(p);
    mof_ast_property *prop = mof_vec_push(properties);
    if (prop == NULL) {
      p->no_memory = p->failed = 1;
      return 0;
    }
    *prop = head;
  }
  return expect_punct(p, ';', "';'");
}

static int parse_class_body(parser *p, mof_ast_class *cls) {
  mof_vec properties, methods;
  mof_vec_init(&properties, sizeof(mof_ast_property));
  mof_vec_init(&methods, sizeof(mof_ast_method));
  while (!is_punct(p, '}') && !p->failed) {
    if (p->current.kind == MOF_TOKEN_END) {
      syntax_error(p, "'}' to close the class");
      break;
    }
    if (!parse_feature(p, &properties, &methods))
      break;
  }
  int ok = !p->failed;
  cls->property_count = properties.count;
  cls->properties = mof_vec_finish(&properties, p->arena, &ok);
  cls->method_count = methods.count;
  cls->methods = mof_vec_finish(&methods, p->arena, &ok);
  if (!ok)
    return 0;
  next(p); /* '}' */
  return expect_punct(p, ';', "';' after the class");
}

static int parse_class(parser *p, mof_ast_class *cls) {
  if (!parse_qualifier_list(p, &cls->qualifiers))
    return 0;
  if (is_keyword(p, "instance")) {
    error_here(p, p->current.pos, "instance declarations are not supported");
    return 0;
  }
  if (is_keyword(p, "qualifier")) {
    error_here(p, p->current.pos, "qualifier declarations are not supported");
    return 0;
  }
  if (!is_keyword(p, "class")) {
    syntax_error(p, "'class'");
    return 0;
  }
  next(p);
  cls->name = expect_identifier(p, "a class name", &cls->pos);
  if (cls->name == NULL)
    return 0;
  if (is_punct(p, ':')) {
    next(p);
    cls->superclass = expect_identifier(p, "a base class name", &cls->superclass_pos);
    if (cls->superclass == NULL)
      return 0;
  }
  cls->name_space = p->name_space;
  if (!expect_punct(p, '{', "'{'"))
    return 0;
  return parse_class_body(p, cls);
}

/* #pragma name [("argument")]; the ones WDM MOF uses are understood. */
static int parse_pragma(parser *p) {
  next(p);
  mof_pos pos;
  const char *name = expect_identifier(p, "a pragma name", &pos);
  if (name == NULL)
    return 0;
  wmisim_mof_value argument = {WMISIM_MOF_VALUE_NULL, {0}};
  if (is_punct(p, '(')) {
    next(p);
    if (!parse_constant(p, &argument))
      return 0;
    while (is_punct(p, ',') && !p->failed) { /* deleteclass("X", NOFAIL) */
      next(p);
      if (p->current.kind == MOF_TOKEN_IDENTIFIER)
        next(p);
      else
        parse_constant(p, &(wmisim_mof_value){WMISIM_MOF_VALUE_NULL, {0}});
    }
    if (!expect_punct(p, ')', "')'"))
      return 0;
  }
  if (mof_strcasecmp(name, "namespace") == 0) {
    if (argument.kind != WMISIM_MOF_VALUE_STRING) {
      error_here(p, pos, "#pragma namespace needs a string argument");
      return 0;
    }
    p->name_space = argument.u.string;
    return 1;
  }
  static const char *const accepted[] = {"classflags", "autorecover", "locale",
                                         "instanceflags", "amendment"};
  for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
    if (mof_strcasecmp(name, accepted[i]) == 0)
      return 1;
  if (mof_strcasecmp(name, "include") == 0)
    error_here(p, pos, "#pragma include is not supported; load each MOF file into the schema");
  else if (!p->failed) {
    p->failed = 1;
    mof_diag_at(p->diags, WMISIM_MOF_ERROR, p->source, pos, "unsupported #pragma '%s'", name);
  }
  return 0;
}

NTSTATUS mof_parse(const mof_source *source, mof_arena *arena, mof_ast *ast,
                   wmisim_mof_diagnostics *diags) {
  parser p;
  memset(&p, 0, sizeof(p));
  p.source = source;
  p.arena = arena;
  p.diags = diags;
  mof_lexer_init(&p.lexer, source, arena);
  next(&p);
  mof_vec classes;
  mof_vec_init(&classes, sizeof(mof_ast_class));
  while (!p.failed && p.current.kind != MOF_TOKEN_END) {
    if (p.current.kind == MOF_TOKEN_PRAGMA) {
      parse_pragma(&p);
      continue;
    }
    mof_ast_class *cls = mof_vec_push(&classes);
    if (cls == NULL) {
      p.no_memory = p.failed = 1;
      break;
    }
    parse_class(&p, cls);
  }
  int ok = !p.failed;
  ast->class_count = classes.count;
  ast->classes = mof_vec_finish(&classes, arena, &ok);
  if (p.no_memory || (!ok && !p.failed))
    return STATUS_NO_MEMORY;
  return p.failed ? STATUS_DATA_ERROR : STATUS_SUCCESS;
}
