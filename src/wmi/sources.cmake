set(COMPONENT_SOURCES service.c register.c reginfo.c names.c names_region.c request.c wnode.c exchange.c control.c query.c change.c
    events.c event_prepare.c iowmi.c guids.c guid_table.c reserve.c senders.c)
