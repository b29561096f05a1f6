set(COMPONENT_SOURCES
  text.c status.c guid.c
  rtl_internal.c casemap.c codepage.c memory.c ustring.c ustring_alloc.c utf8.c integer.c time_fields.c
  version.c format.c debug_print.c strsafe_core.c strsafe_char.c strsafe_ustr.c)
