set(COMPONENT_SOURCES service.c)
