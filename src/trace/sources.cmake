set(COMPONENT_SOURCES trace.c names.c)
