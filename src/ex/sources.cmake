set(COMPONENT_SOURCES pool.c lists.c lookaside.c)
