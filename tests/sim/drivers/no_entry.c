/*
 * no_entry.c - a shared library that is no driver: it exports no
 * DriverEntry.
 */
int NotADriver(void);

int NotADriver(void) {
  return 1;
}
