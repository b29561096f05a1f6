set(COMPONENT_SOURCES text.c status.c guid.c)
