/*
 * names.c - names of IRP major and minor codes.
 */
#include <stdio.h>

#include "io/io.h"
#include "ke/thread.h"

static const char *const major_names[IRP_MJ_MAXIMUM_FUNCTION + 1] = {
  "IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE", "IRP_MJ_READ", "IRP_MJ_WRITE",
  "IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA", "IRP_MJ_SET_EA",
  "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION", "IRP_MJ_SET_VOLUME_INFORMATION",
  "IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
  "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN", "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP",
  "IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
  "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA", "IRP_MJ_PNP"};

static const char *const pnp_names[] = {
  "IRP_MN_START_DEVICE", "IRP_MN_QUERY_REMOVE_DEVICE", "IRP_MN_REMOVE_DEVICE", "IRP_MN_CANCEL_REMOVE_DEVICE",
  "IRP_MN_STOP_DEVICE", "IRP_MN_QUERY_STOP_DEVICE", "IRP_MN_CANCEL_STOP_DEVICE", "IRP_MN_QUERY_DEVICE_RELATIONS",
  "IRP_MN_QUERY_INTERFACE", "IRP_MN_QUERY_CAPABILITIES", "IRP_MN_QUERY_RESOURCES",
  "IRP_MN_QUERY_RESOURCE_REQUIREMENTS", "IRP_MN_QUERY_DEVICE_TEXT", "IRP_MN_FILTER_RESOURCE_REQUIREMENTS", NULL,
  "IRP_MN_READ_CONFIG", "IRP_MN_WRITE_CONFIG", "IRP_MN_EJECT", "IRP_MN_SET_LOCK", "IRP_MN_QUERY_ID",
  "IRP_MN_QUERY_PNP_DEVICE_STATE", "IRP_MN_QUERY_BUS_INFORMATION", "IRP_MN_DEVICE_USAGE_NOTIFICATION",
  "IRP_MN_SURPRISE_REMOVAL", NULL, "IRP_MN_DEVICE_ENUMERATED"};

static const char *const wmi_names[] = {
  "IRP_MN_QUERY_ALL_DATA", "IRP_MN_QUERY_SINGLE_INSTANCE", "IRP_MN_CHANGE_SINGLE_INSTANCE",
  "IRP_MN_CHANGE_SINGLE_ITEM", "IRP_MN_ENABLE_EVENTS", "IRP_MN_DISABLE_EVENTS", "IRP_MN_ENABLE_COLLECTION",
  "IRP_MN_DISABLE_COLLECTION", "IRP_MN_REGINFO", "IRP_MN_EXECUTE_METHOD", NULL, "IRP_MN_REGINFO_EX"};

static const char *const power_names[] = {"IRP_MN_WAIT_WAKE", "IRP_MN_POWER_SEQUENCE", "IRP_MN_SET_POWER",
                                          "IRP_MN_QUERY_POWER"};

/* Unknown codes are formatted into a per-thread buffer. */
static const char *unknown(const char *prefix, int code) {
  static _Thread_local char buffer[32];
  snprintf(buffer, sizeof buffer, "%s0x%02x", prefix, (unsigned)code & 0xff);
  return buffer;
}

const char *io_major_name(int major) {
  if (major < 0) return "";
  if (major <= IRP_MJ_MAXIMUM_FUNCTION) return major_names[major];
  return unknown("IRP_MJ_", major);
}

static const char *lookup(const char *const *names, size_t count, int minor) {
  return minor >= 0 && (size_t)minor < count ? names[minor] : NULL;
}

const char *io_minor_name(int major, int minor) {
  if (minor < 0) return "";
  const char *name = NULL;
  switch (major) {
  case IRP_MJ_PNP: name = lookup(pnp_names, sizeof pnp_names / sizeof *pnp_names, minor); break;
  case IRP_MJ_SYSTEM_CONTROL: name = lookup(wmi_names, sizeof wmi_names / sizeof *wmi_names, minor); break;
  case IRP_MJ_POWER: name = lookup(power_names, sizeof power_names / sizeof *power_names, minor); break;
  default: break;
  }
  return name != NULL ? name : unknown("IRP_MN_", minor);
}

const char *wmisim_major_name(int major) {
  return io_major_name(major);
}

const char *wmisim_minor_name(int major, int minor) {
  return io_minor_name(major, minor);
}
