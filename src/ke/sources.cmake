set(COMPONENT_SOURCES thread.c irql.c dispatcher.c objects.c workers.c timers.c time.c system_thread.c)
