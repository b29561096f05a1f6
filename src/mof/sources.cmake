# The MOF component: parse, check and lay out WDM MOF; decode, encode and
# validate data blocks; generate wmimofck-style headers.
set(COMPONENT_SOURCES
  arena.c
  text.c
  diag.c
  lexer.c
  parser.c
  model.c
  rules.c
  layout.c
  schema.c
  base_classes.c
  value.c
  codec.c
  wnode.c
  validate.c
  header.c
  resource.c)
