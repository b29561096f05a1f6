set(COMPONENT_SOURCES consumer.c registry_view.c wnode_walk.c)
