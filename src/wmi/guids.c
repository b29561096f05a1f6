/*
 * guids.c - the definitions of the WMI GUIDs the service itself uses.
 */
#include <initguid.h>
#include <wmiguid.h>
