set(COMPONENT_SOURCES object.c)
