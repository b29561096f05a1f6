set(COMPONENT_SOURCES wmilib.c reginfo.c complete.c event.c pending.c guid_index.c)
