set(COMPONENT_SOURCES state.c driver.c device.c irp.c call.c complete.c cancel.c build.c removelock.c
    workitem.c mdl.c misc.c symlink.c loader.c secure.c)
