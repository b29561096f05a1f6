set(COMPONENT_SOURCES stress.c targets.c plan.c send.c)
