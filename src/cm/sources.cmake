set(COMPONENT_SOURCES registry.c)
