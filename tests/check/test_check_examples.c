/*
 * test_check_examples.c - every example driver (examples/, loaded as the
 * module wmisim itself loads) is clean under the stress mode, with its MOF
 * file given to the checking mode: no violation in thousands of valid and
 * edge-case requests with several seeds, nor when its device is removed
 * and the simulator destroyed afterwards.
 *
 * The build defines CHECK_EXAMPLE_<NAME> to the module of each example it
 * built; the MOF file is beside it (<module directory>/<name>.mof). The
 * simulators run on the real clock, so this test only asserts that no
 * rule is broken, never what time stamps say.
 */
#include "check_test.h"

#include <wmisim/stress.h>

#define STEPS 1500
#define SEEDS 3

struct example {
  const char *name;        /* the example, and the driver its device is stressed with */
  const char *module;
  const char *lower;       /* a filter's function driver below it (its module), or NULL */
  const char *lower_name;
};

static const struct example examples[] = {
#ifdef CHECK_EXAMPLE_DISKTEMP
  {"disktemp", CHECK_EXAMPLE_DISKTEMP, NULL, NULL},
#endif
#ifdef CHECK_EXAMPLE_I8042PORT
  {"i8042port", CHECK_EXAMPLE_I8042PORT, NULL, NULL},
#endif
#ifdef CHECK_EXAMPLE_FANCONTROL
  {"fancontrol", CHECK_EXAMPLE_FANCONTROL, NULL, NULL},
#endif
#ifdef CHECK_EXAMPLE_NOWMILIB
  {"nowmilib", CHECK_EXAMPLE_NOWMILIB, NULL, NULL},
#endif
#ifdef CHECK_EXAMPLE_LIFECYCLE
  {"lifecycle", CHECK_EXAMPLE_LIFECYCLE, NULL, NULL},
#endif
#if defined(CHECK_EXAMPLE_FILTER) && defined(CHECK_EXAMPLE_DISKTEMP)
  {"filter", CHECK_EXAMPLE_FILTER, CHECK_EXAMPLE_DISKTEMP, "disktemp"},
#endif
};

/* The MOF file beside a module: <directory>/<name>.mof. */
static void load_mof_beside(wmisim_t *sim, const char *module, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s", module);
  char *slash = strrchr(path, '/');
  char *backslash = strrchr(path, '\\');
  if (backslash != NULL && (slash == NULL || backslash > slash)) slash = backslash;
  size_t directory = slash != NULL ? (size_t)(slash - path) + 1 : 0;
  snprintf(path + directory, sizeof path - directory, "%s.mof", name);
  assert_int_equal(wmisim_check_load_mof(sim, path, NULL), STATUS_SUCCESS);
}

static wmisim_driver_t *load(wmisim_t *sim, const char *module, const char *name) {
  wmisim_driver_t *driver = NULL;
  char error[256] = "";
  NTSTATUS status = wmisim_driver_load(sim, module, name, &driver, error, sizeof error);
  if (!NT_SUCCESS(status)) print_error("%s: %s\n", module, error);
  assert_int_equal(status, STATUS_SUCCESS);
  return driver;
}

/* A simulator with the example's started device and its MOF attached. */
static wmisim_t *example_device(const struct example *e, wmisim_devnode_t **node) {
  wmisim_options_t options;
  ct_options(&options);
  /* Real time: lifecycle completes its SelfTest from a timer, which only a
   * moving clock fires; the stress mode waits on one thread and moves no
   * virtual clock (docs/checks.md). Correct drivers never hit the bound. */
  options.clock_mode = WMISIM_CLOCK_REAL;
  options.drain_timeout_ms = 10000;
  wmisim_t *sim = ct_sim_create(&options);
  load_mof_beside(sim, e->module, e->name);
  wmisim_driver_t *driver = load(sim, e->module, e->name);
  wmisim_driver_t *function = driver, *upper = NULL;
  if (e->lower != NULL) {
    load_mof_beside(sim, e->lower, e->lower_name);
    function = load(sim, e->lower, e->lower_name);
    upper = driver;
  }
  assert_int_equal(ct_device(sim, CT_INSTANCE_ID, function, upper, node), STATUS_SUCCESS);
  return sim;
}

static void test_example_is_clean_under_stress(void **state) {
  const struct example *e = *state;
  wmisim_devnode_t *node;
  wmisim_t *sim = example_device(e, &node);
  for (uint64_t seed = 1; seed <= SEEDS; seed++) {
    wmisim_stress_options_t options;
    wmisim_stress_options_init(&options);
    options.seed = seed;
    options.steps = STEPS;
    wmisim_stress_result_t result;
    assert_int_equal(wmisim_stress_run(sim, NULL, &options, &result), STATUS_SUCCESS);
    for (uint32_t i = 0; i < result.finding_count; i++) {
      char line[1024];
      wmisim_stress_finding_format(&result, &result.findings[i], line, sizeof line);
      print_error("  %s: %s\n", e->name, line);
    }
    assert_int_equal(result.violations, 0);
    assert_int_equal(result.requests_sent, STEPS);
  }
  assert_int_equal(wmisim_device_remove(node), STATUS_SUCCESS);
  wmisim_destroy(sim);
  wmisim_assert_no_violations(NULL);
}

int main(void) {
  enum { COUNT = sizeof examples / sizeof examples[0] };
  struct CMUnitTest tests[COUNT > 0 ? COUNT : 1];
  static char names[COUNT > 0 ? COUNT : 1][96];
  for (size_t i = 0; i < COUNT; i++) {
    snprintf(names[i], sizeof names[i], "test_example_%s_is_clean_under_stress", examples[i].name);
    tests[i] = (struct CMUnitTest){names[i], test_example_is_clean_under_stress, NULL, NULL, (void *)&examples[i]};
  }
  ct_filter_from_environment();
  return _cmocka_run_group_tests("examples under stress", tests, COUNT, NULL, NULL);
}
