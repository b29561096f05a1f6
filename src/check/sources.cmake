set(COMPONENT_SOURCES check.c rules.c irp_rules.c schema.c)
