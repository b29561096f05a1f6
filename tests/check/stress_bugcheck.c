/*
 * stress_bugcheck.c - a driver's bug check during a stress run is
 * announced with the seed, step and request that reproduce it before the
 * simulator's bug-check handler ends the machine. Run by
 * expect_output.cmake: the handler here prints the bug check and exits 3.
 */
#include "check_test.h"

#include <wmisim/stress.h>

#include "drivers/cdrv.h"

NTSTATUS NTAPI stress_bugcheck_entry(PDRIVER_OBJECT driver, PUNICODE_STRING path);

static void print_log(void *context, wmisim_log_level_t level, const char *message) {
  (void)context;
  if (level >= WMISIM_LOG_ERROR) fprintf(stderr, "log: %s\n", message);
}

static void end_the_machine(void *context, ULONG code, const ULONG_PTR parameters[4], const char *description) {
  (void)context;
  fprintf(stderr, "bug check handler: 0x%08lX (%lu) %s\n", (unsigned long)code, (unsigned long)parameters[0],
          description);
  exit(3);
}

int main(void) {
  wmisim_options_t options;
  ct_options(&options);
  options.log = print_log;
  wmisim_t *sim = NULL;
  if (!NT_SUCCESS(wmisim_create(&options, &sim))) return 1;
  wmisim_set_bugcheck_handler(sim, end_the_machine, NULL);
  wmisim_driver_t *driver = NULL;
  wmisim_device_spec_t spec;
  memset(&spec, 0, sizeof spec);
  spec.instance_id = CT_INSTANCE_ID;
  wmisim_devnode_t *node = NULL;
  if (!NT_SUCCESS(wmisim_driver_add(sim, "cdrv", stress_bugcheck_entry, &driver))) return 1;
  spec.function_driver = driver;
  if (!NT_SUCCESS(wmisim_device_add(sim, &spec, &node)) || !NT_SUCCESS(wmisim_device_start(node))) return 1;
  wmisim_stress_options_t stress;
  wmisim_stress_options_init(&stress);
  stress.seed = 0x2a;
  stress.steps = 1000;
  wmisim_stress_run(sim, cdrv_device_in_stack(wmisim_device_pdo(node), wmisim_driver_object(driver)), &stress, NULL);
  fprintf(stderr, "not reached: the run ended without a bug check\n");
  return 1;
}
