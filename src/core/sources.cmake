set(COMPONENT_SOURCES sim.c log.c clock.c debug.c)
