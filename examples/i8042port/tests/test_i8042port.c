/*
 * test_i8042port.c - the i8042port example driver end to end through the
 * consumer API: the keyboard and mouse port blocks (fixed items, then a
 * string), the single-item idle-time block, sets of items and of whole
 * blocks with the driver's validation, and too-small buffers. Blocks are
 * decoded with, and checked against, i8042port.mof.
 */
#include "example_test.h"

#include "i8042portwmi.h"

DRIVER_INITIALIZE DriverEntry;

#define CONTROLLER "ROOT\\I8042PORT\\0000"
#define PORTS "ROOT\\I8042PORT\\0000_0"
#define KEYBOARD_TYPE "Enhanced (101- or 102-key)"
#define MOUSE_TYPE "PS/2 wheel mouse"

struct fixture {
  wmisim_t *sim;
  wmisim_driver_t *driver;
  wmisim_block_t *keyboard;
  wmisim_block_t *mouse;
  wmisim_block_t *idle;
};

static struct fixture start(void) {
  struct fixture f;
  f.sim = ex_sim_create();
  f.driver = ex_driver(f.sim, "i8042port", DriverEntry);
  ex_device(f.sim, f.driver, CONTROLLER);
  f.keyboard = ex_open(f.sim, &I8042Port_KeyboardPort_GUID, WMIGUID_QUERY | WMIGUID_SET);
  f.mouse = ex_open(f.sim, &I8042Port_MousePort_GUID, WMIGUID_QUERY | WMIGUID_SET);
  f.idle = ex_open(f.sim, &I8042Port_InputIdleTime_GUID, WMIGUID_QUERY | WMIGUID_SET);
  return f;
}

static void finish(struct fixture *f) {
  wmisim_wmi_close(f->keyboard);
  wmisim_wmi_close(f->mouse);
  wmisim_wmi_close(f->idle);
  wmisim_destroy(f->sim);
  assert_no_violations();
}

/* A block's WNODE_SINGLE_INSTANCE as the consumer API returns it. */
struct reply {
  unsigned char wnode[1024];
  ULONG size;
  wmisim_wnode_instance_t instance;
};

static void query(wmisim_block_t *block, struct reply *reply) {
  reply->size = sizeof reply->wnode;
  assert_int_equal(wmisim_wmi_query_single(block, PORTS, &reply->size, reply->wnode), STATUS_SUCCESS);
  assert_true(wmisim_wnode_find(reply->wnode, reply->size, PORTS, &reply->instance));
}

static I8042Port_KeyboardPort keyboard_fixed_items(struct fixture *f) {
  struct reply reply;
  query(f->keyboard, &reply);
  I8042Port_KeyboardPort keyboard;
  memcpy(&keyboard, reply.instance.data, FIELD_OFFSET(I8042Port_KeyboardPort, KeyboardType));
  return keyboard;
}

static ULONG mouse_sample_rate(struct fixture *f) {
  struct reply reply;
  query(f->mouse, &reply);
  I8042Port_MousePort mouse;
  memcpy(&mouse, reply.instance.data, FIELD_OFFSET(I8042Port_MousePort, MouseType));
  return mouse.SampleRate;
}

static ULONG idle_milliseconds(struct fixture *f) {
  I8042Port_InputIdleTime idle;
  ex_query_single(f->idle, PORTS, &idle, I8042Port_InputIdleTime_SIZE);
  return idle.IdleMilliseconds;
}

static NTSTATUS set_keyboard_item(struct fixture *f, ULONG id, const void *value, ULONG size) {
  return wmisim_wmi_set_item(f->keyboard, PORTS, id, size, value);
}

/* ---- the blocks ------------------------------------------------------------------------------- */

static void test_the_keyboard_block_has_its_fixed_items_first_and_the_string_last(void **state) {
  (void)state;
  struct fixture f = start();
  struct reply reply;
  query(f.keyboard, &reply);
  /* 5 ULONGs and 2 USHORTs, then the USHORT byte count and the characters. */
  const ULONG fixed = FIELD_OFFSET(I8042Port_KeyboardPort, KeyboardType);
  assert_int_equal(fixed, 24);
  assert_int_equal(reply.instance.size, fixed + sizeof(USHORT) + 2 * strlen(KEYBOARD_TYPE));
  USHORT count;
  memcpy(&count, (const unsigned char *)reply.instance.data + fixed, sizeof count);
  assert_int_equal(count, 2 * strlen(KEYBOARD_TYPE));

  struct ex_decoded decoded = ex_decode(reply.wnode, reply.size);
  assert_int_equal(decoded.data->instance_count, 1);
  const wmisim_mof_object *keyboard = decoded.data->instances[0].object;
  assert_string_equal(ex_property(keyboard, "KeyboardType")->u.string, KEYBOARD_TYPE);
  assert_int_equal(ex_property(keyboard, "DataQueueSize")->u.uint, 100);
  assert_int_equal(ex_property(keyboard, "FunctionKeys")->u.uint, 12);
  assert_int_equal(ex_property(keyboard, "TypematicRate")->u.uint, 30);
  assert_int_equal(ex_property(keyboard, "TypematicDelay")->u.uint, 250);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_the_mouse_port_has_a_block_of_its_own(void **state) {
  (void)state;
  struct fixture f = start();
  struct reply reply;
  query(f.mouse, &reply);
  assert_int_equal(reply.instance.size,
                   FIELD_OFFSET(I8042Port_MousePort, MouseType) + sizeof(USHORT) + 2 * strlen(MOUSE_TYPE));
  struct ex_decoded decoded = ex_decode(reply.wnode, reply.size);
  const wmisim_mof_object *mouse = decoded.data->instances[0].object;
  assert_string_equal(ex_property(mouse, "MouseType")->u.string, MOUSE_TYPE);
  assert_int_equal(ex_property(mouse, "Buttons")->u.uint, 3);
  assert_int_equal(ex_property(mouse, "SampleRate")->u.uint, 100);
  assert_int_equal(ex_property(mouse, "ConnectorType")->u.uint, 0);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_the_polled_idle_time_is_a_single_item_block(void **state) {
  (void)state;
  struct fixture f = start();
  struct reply reply;
  query(f.idle, &reply);
  assert_int_equal(reply.instance.size, sizeof(ULONG));
  struct ex_decoded decoded = ex_decode(reply.wnode, reply.size);
  assert_int_equal(decoded.data->instances[0].object->property_count, 1);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_the_idle_time_counts_virtual_time_since_the_start(void **state) {
  (void)state;
  struct fixture f = start();
  assert_int_equal(idle_milliseconds(&f), 0);
  assert_int_equal(wmisim_clock_advance(f.sim, EX_MS(5000)), STATUS_SUCCESS);
  assert_int_equal(idle_milliseconds(&f), 5000);
  finish(&f);
}

static void test_two_controllers_give_every_block_an_instance_each(void **state) {
  (void)state;
  struct fixture f = start();
  ex_device(f.sim, f.driver, "ROOT\\I8042PORT\\0001");
  unsigned char buffer[2048];
  ULONG size = sizeof buffer;
  assert_int_equal(wmisim_wmi_query_all(f.mouse, &size, buffer), STATUS_SUCCESS);
  assert_int_equal(wmisim_wnode_count(buffer, size), 2);
  wmisim_wnode_instance_t instance;
  assert_true(wmisim_wnode_find(buffer, size, PORTS, &instance));
  assert_true(wmisim_wnode_find(buffer, size, "ROOT\\I8042PORT\\0001_0", &instance));
  struct ex_decoded decoded = ex_decode(buffer, size);
  assert_int_equal(decoded.data->instance_count, 2);
  ex_decoded_free(&decoded);
  finish(&f);
}

static void test_a_too_small_buffer_gets_the_size_of_the_string_too(void **state) {
  (void)state;
  struct fixture f = start();
  struct reply reply;
  query(f.keyboard, &reply);
  ULONG size = FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData) + 24;
  assert_int_equal(wmisim_wmi_query_single(f.keyboard, PORTS, &size, reply.wnode), STATUS_BUFFER_TOO_SMALL);
  assert_int_equal(size, reply.size);
  finish(&f);
}

/* ---- sets ------------------------------------------------------------------------------------ */

static void test_set_item_turns_on_the_caps_lock_led(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG leds = 4;
  assert_int_equal(set_keyboard_item(&f, I8042Port_KeyboardPort_Indicators_ID, &leds, sizeof leds), STATUS_SUCCESS);
  assert_int_equal(keyboard_fixed_items(&f).Indicators, 4);
  finish(&f);
}

static void test_set_item_refuses_an_out_of_range_typematic_rate(void **state) {
  (void)state;
  struct fixture f = start();
  USHORT rate = 31;
  assert_int_equal(set_keyboard_item(&f, I8042Port_KeyboardPort_TypematicRate_ID, &rate, sizeof rate),
                   STATUS_INVALID_PARAMETER);
  assert_int_equal(keyboard_fixed_items(&f).TypematicRate, 30);
  finish(&f);
}

static void test_set_item_of_a_read_only_item_is_refused(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG errors = 0;
  assert_int_equal(set_keyboard_item(&f, I8042Port_KeyboardPort_ErrorCount_ID, &errors, sizeof errors),
                   STATUS_WMI_READ_ONLY);
  finish(&f);
}

static void test_set_item_of_an_unknown_item_is_item_not_found(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG value = 1;
  assert_int_equal(set_keyboard_item(&f, 9, &value, sizeof value), STATUS_WMI_ITEMID_NOT_FOUND);
  finish(&f);
}

/* Encodes a keyboard block with the MOF's layout, the writable items set. */
static ULONG encode_keyboard(ULONG indicators, USHORT rate, USHORT delay, void *buffer, ULONG capacity) {
  wmisim_mof_schema *schema = ex_schema();
  const wmisim_mof_class *cls = wmisim_mof_schema_find_class(schema, "I8042Port_KeyboardPort");
  assert_non_null(cls);
  wmisim_mof_object *object = NULL;
  assert_int_equal(wmisim_mof_object_create(cls, &object), STATUS_SUCCESS);
  wmisim_mof_value value = {.kind = WMISIM_MOF_VALUE_UINT};
  value.u.uint = indicators;
  assert_int_equal(wmisim_mof_object_set(object, "Indicators", &value), STATUS_SUCCESS);
  value.u.uint = rate;
  assert_int_equal(wmisim_mof_object_set(object, "TypematicRate", &value), STATUS_SUCCESS);
  value.u.uint = delay;
  assert_int_equal(wmisim_mof_object_set(object, "TypematicDelay", &value), STATUS_SUCCESS);
  wmisim_mof_value text = {.kind = WMISIM_MOF_VALUE_STRING};
  text.u.string = "ignored: read-only";
  assert_int_equal(wmisim_mof_object_set(object, "KeyboardType", &text), STATUS_SUCCESS);
  ULONG size = 0;
  assert_int_equal(wmisim_mof_encode(object, buffer, capacity, &size), STATUS_SUCCESS);
  wmisim_mof_object_destroy(object);
  wmisim_mof_schema_destroy(schema);
  return size;
}

static void test_set_instance_changes_every_writable_keyboard_item(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char block[256];
  ULONG size = encode_keyboard(3, 20, 500, block, sizeof block);
  assert_int_equal(wmisim_wmi_set_single(f.keyboard, PORTS, size, block), STATUS_SUCCESS);
  I8042Port_KeyboardPort keyboard = keyboard_fixed_items(&f);
  assert_int_equal(keyboard.Indicators, 3);
  assert_int_equal(keyboard.TypematicRate, 20);
  assert_int_equal(keyboard.TypematicDelay, 500);
  assert_int_equal(keyboard.FunctionKeys, 12);
  finish(&f);
}

static void test_set_instance_with_one_invalid_item_changes_nothing(void **state) {
  (void)state;
  struct fixture f = start();
  unsigned char block[256];
  ULONG size = encode_keyboard(3, 20, 2000, block, sizeof block);
  assert_int_equal(wmisim_wmi_set_single(f.keyboard, PORTS, size, block), STATUS_INVALID_PARAMETER);
  I8042Port_KeyboardPort keyboard = keyboard_fixed_items(&f);
  assert_int_equal(keyboard.Indicators, 0);
  assert_int_equal(keyboard.TypematicRate, 30);
  finish(&f);
}

static void test_the_mouse_accepts_only_ps2_sample_rates(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG rate = 50;
  assert_int_equal(wmisim_wmi_set_item(f.mouse, PORTS, I8042Port_MousePort_SampleRate_ID, sizeof rate, &rate),
                   STATUS_INVALID_PARAMETER);
  rate = 200;
  assert_int_equal(wmisim_wmi_set_item(f.mouse, PORTS, I8042Port_MousePort_SampleRate_ID, sizeof rate, &rate),
                   STATUS_SUCCESS);
  assert_int_equal(mouse_sample_rate(&f), 200);
  finish(&f);
}

static void test_the_idle_time_cannot_be_set(void **state) {
  (void)state;
  struct fixture f = start();
  ULONG idle = 0;
  assert_int_equal(wmisim_wmi_set_single(f.idle, PORTS, sizeof idle, &idle), STATUS_WMI_READ_ONLY);
  assert_int_equal(wmisim_wmi_set_item(f.idle, PORTS, I8042Port_InputIdleTime_IdleMilliseconds_ID, sizeof idle, &idle),
                   STATUS_WMI_READ_ONLY);
  finish(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_the_keyboard_block_has_its_fixed_items_first_and_the_string_last),
    cmocka_unit_test(test_the_mouse_port_has_a_block_of_its_own),
    cmocka_unit_test(test_the_polled_idle_time_is_a_single_item_block),
    cmocka_unit_test(test_the_idle_time_counts_virtual_time_since_the_start),
    cmocka_unit_test(test_two_controllers_give_every_block_an_instance_each),
    cmocka_unit_test(test_a_too_small_buffer_gets_the_size_of_the_string_too),
    cmocka_unit_test(test_set_item_turns_on_the_caps_lock_led),
    cmocka_unit_test(test_set_item_refuses_an_out_of_range_typematic_rate),
    cmocka_unit_test(test_set_item_of_a_read_only_item_is_refused),
    cmocka_unit_test(test_set_item_of_an_unknown_item_is_item_not_found),
    cmocka_unit_test(test_set_instance_changes_every_writable_keyboard_item),
    cmocka_unit_test(test_set_instance_with_one_invalid_item_changes_nothing),
    cmocka_unit_test(test_the_mouse_accepts_only_ps2_sample_rates),
    cmocka_unit_test(test_the_idle_time_cannot_be_set),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
