set(COMPONENT_SOURCES
  tree.c
  path.c
  access.c
  info.c
  registry.c
  zw_key.c
  zw_value.c)
