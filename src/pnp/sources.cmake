set(COMPONENT_SOURCES devnode.c transitions.c send.c bus.c property.c interface.c power.c)
