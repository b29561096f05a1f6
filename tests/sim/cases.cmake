# The cases of the wmisim command's tests: wmisim_sim_case(<name> [EXIT n]
# [STDIN file] ARGS ...), run in tests/sim; expected/<name>.out and .err
# hold what the command printed (WMISIM_UPDATE_GOLDEN=1 ctest -R sim_
# rewrites them from a run; review the diff).

set(RUN run --examples-dir @DRIVERS@ -D drivers=@DRIVERS@ -D suffix=${CMAKE_SHARED_MODULE_SUFFIX})

# ---- the command line ----------------------------------------------------------------------------
wmisim_sim_case(no_arguments EXIT 2 ARGS)
wmisim_sim_case(help ARGS --help)
wmisim_sim_case(version ARGS --version)
wmisim_sim_case(help_run ARGS help run)
wmisim_sim_case(help_help ARGS help --help)
wmisim_sim_case(help_unknown_command EXIT 2 ARGS help frobnicate)
wmisim_sim_case(run_help ARGS run --help)
wmisim_sim_case(shell_help ARGS shell --help)
wmisim_sim_case(query_help ARGS query --help)
wmisim_sim_case(examples_help ARGS examples --help)
wmisim_sim_case(unknown_command EXIT 2 ARGS frobnicate)
wmisim_sim_case(run_without_script EXIT 2 ARGS run)
wmisim_sim_case(run_two_scripts EXIT 2 ARGS run a.wms b.wms)
wmisim_sim_case(run_unknown_option EXIT 2 ARGS run --frobnicate scripts/setup.wms)
wmisim_sim_case(run_bad_format EXIT 2 ARGS run --format xml scripts/setup.wms)
wmisim_sim_case(run_bad_check EXIT 2 ARGS run --check sometimes scripts/setup.wms)
wmisim_sim_case(run_bad_seed EXIT 2 ARGS run --seed many scripts/setup.wms)
wmisim_sim_case(run_option_without_value EXIT 2 ARGS run scripts/setup.wms --trace)
wmisim_sim_case(run_bad_define EXIT 2 ARGS run -D novalue scripts/setup.wms)
wmisim_sim_case(run_missing_script EXIT 3 ARGS run no/such/script.wms)
wmisim_sim_case(run_trace_out_unwritable EXIT 3 ARGS ${RUN} --trace text --trace-out no/such/dir/trace.txt
                scripts/setup.wms)
wmisim_sim_case(shell_unknown_argument EXIT 2 ARGS shell --frobnicate)
wmisim_sim_case(query_without_driver EXIT 2 ARGS query WmiTest_Data)
wmisim_sim_case(examples_unknown_argument EXIT 2 ARGS examples --frobnicate)

# ---- scripts that hold -------------------------------------------------------------------------------
wmisim_sim_case(basics ARGS ${RUN} scripts/basics.wms)
wmisim_sim_case(formats ARGS ${RUN} scripts/formats.wms)
wmisim_sim_case(format_json ARGS ${RUN} --format json scripts/basics.wms)
wmisim_sim_case(format_table ARGS ${RUN} --format table scripts/basics.wms)
wmisim_sim_case(no_echo ARGS ${RUN} --no-echo scripts/basics.wms)
wmisim_sim_case(trace_text ARGS ${RUN} --trace text scripts/trace.wms)
wmisim_sim_case(trace_text_colour ARGS ${RUN} --trace text --colour always scripts/trace.wms)
wmisim_sim_case(trace_jsonl ARGS ${RUN} --trace jsonl scripts/trace.wms)
wmisim_sim_case(trace_mermaid ARGS ${RUN} --trace mermaid scripts/trace.wms)
wmisim_sim_case(expensive ARGS ${RUN} scripts/expensive.wms)
wmisim_sim_case(pnp ARGS ${RUN} scripts/pnp.wms)
wmisim_sim_case(variables ARGS ${RUN} scripts/variables.wms)
wmisim_sim_case(raw_bytes ARGS ${RUN} scripts/raw.wms)
wmisim_sim_case(events ARGS ${RUN} scripts/events.wms)
wmisim_sim_case(buffers ARGS ${RUN} scripts/buffers.wms)
wmisim_sim_case(background_statements ARGS ${RUN} --trace text scripts/jobs.wms)
wmisim_sim_case(script_from_stdin STDIN scripts/setup.wms ARGS ${RUN} -)

# ---- the shell and the one-shot commands ------------------------------------------------------------
wmisim_sim_case(shell_piped STDIN scripts/basics.wms ARGS shell --examples-dir @DRIVERS@)
wmisim_sim_case(shell_goes_on_after_errors EXIT 1 STDIN errors/keep_going.wms ARGS shell --examples-dir @DRIVERS@)
wmisim_sim_case(shell_exit STDIN errors/exit_status.wms EXIT 7 ARGS shell)
wmisim_sim_case(oneshot_list ARGS list --examples-dir @DRIVERS@ --driver wmitest --format table)
wmisim_sim_case(oneshot_query ARGS query --examples-dir @DRIVERS@ --driver wmitest WmiTest_Data @1)
wmisim_sim_case(oneshot_query_json ARGS query --examples-dir @DRIVERS@ --driver wmitest --device ROOT\\ONE\\0
                --format json WmiTest_Data)
wmisim_sim_case(oneshot_call ARGS call --examples-dir @DRIVERS@ --driver wmitest WmiTest_Data @0 Add Amount=7)
wmisim_sim_case(oneshot_set ARGS set --examples-dir @DRIVERS@ --driver wmitest WmiTest_Data @0 Threshold=1)
wmisim_sim_case(oneshot_setitem ARGS setitem --examples-dir @DRIVERS@ --driver wmitest WmiTest_Data @0 Threshold 2)
wmisim_sim_case(oneshot_unknown_instance EXIT 1 ARGS query --examples-dir @DRIVERS@ --driver wmitest WmiTest_Data x)
wmisim_sim_case(oneshot_missing_driver EXIT 4 ARGS query --examples-dir @DRIVERS@ --driver nosuch WmiTest_Data)

# ---- malformed scripts: file:line:column, nothing runs, exit 3 ---------------------------------------
foreach(case unterminated_string unknown_command too_few_arguments too_many_arguments bad_duration_unit
        bad_duration unknown_status bad_variable_name lone_dollar unclosed_brace unknown_expectation
        bad_comparison bad_format spawn_non_operation spawn_subscribe bad_device_filter)
  wmisim_sim_case(syntax_${case} EXIT 3 ARGS ${RUN} errors/${case}.wms)
endforeach()

# ---- bad input found while running: exit 3 ------------------------------------------------------------
foreach(case unknown_class undefined_variable unknown_device unknown_driver_name missing_mof invalid_mof
        unknown_rule unknown_hardware unknown_property bad_value bad_typed_value instance_index_out_of_range
        join_unknown bad_buffer format_while_spawned)
  wmisim_sim_case(input_${case} EXIT 3 ARGS ${RUN} errors/${case}.wms)
endforeach()

# ---- drivers that cannot be loaded: exit 4 --------------------------------------------------------------
set(cases unknown_example missing_driver_file)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  list(APPEND cases not_a_library no_driver_entry) # the messages quote the platform's loader
endif()
foreach(case IN LISTS cases)
  wmisim_sim_case(driver_${case} EXIT 4 ARGS ${RUN} errors/${case}.wms)
endforeach()

# ---- failures: exit 1 ------------------------------------------------------------------------------------
foreach(case driver_entry_fails driver_loaded_twice unclaimed_failure unknown_guid value_mismatch instances_mismatch status_mismatch
        events_mismatch state_mismatch)
  wmisim_sim_case(failure_${case} EXIT 1 ARGS ${RUN} errors/${case}.wms)
endforeach()
wmisim_sim_case(failure_keep_going EXIT 1 ARGS ${RUN} --keep-going errors/keep_going.wms)
wmisim_sim_case(driver_entry_failure_expected ARGS ${RUN} errors/driver_entry_fails_expected.wms)
wmisim_sim_case(exit_status EXIT 7 ARGS ${RUN} errors/exit_status.wms)

# ---- the checking mode: exit 5, bug checks: exit 6 ------------------------------------------------------
wmisim_sim_case(violation_unclaimed EXIT 5 ARGS ${RUN} errors/violation.wms)
wmisim_sim_case(violation_schema EXIT 5 ARGS ${RUN} errors/violation_schema.wms)
wmisim_sim_case(violation_fail_fast EXIT 5 ARGS ${RUN} --check fail-fast errors/violation.wms)
wmisim_sim_case(violation_expected ARGS ${RUN} errors/violation_expected.wms)
wmisim_sim_case(violation_check_off EXIT 1 ARGS ${RUN} --check off errors/violation_expected.wms)
wmisim_sim_case(bugcheck EXIT 6 ARGS ${RUN} errors/bugcheck.wms)
