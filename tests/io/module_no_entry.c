/*
 * module_no_entry.c - a shared library that is not a driver: it exports no
 * DriverEntry, so loading it fails with STATUS_OBJECT_NAME_NOT_FOUND.
 */
int NotADriverEntry(void);

int NotADriverEntry(void) {
  return 42;
}
