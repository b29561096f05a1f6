# cmake -DBENCH=<wmisim-bench> [-DEMULATOR=<x|y>] -P smoke.cmake
#
# The benchmark's smoke test: a --quick run exits 0 and ends with a JSON
# summary that parses and holds every section's figures and a PASS or MISS
# for every target. Timings are never judged here: a slow or noisy machine
# must not fail the test suite.
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} "${BENCH}" --quick RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "wmisim-bench --quick exited with ${code}\n${out}${err}")
endif()

string(FIND "${out}" "Summary (JSON):\n" at)
if(at LESS 0)
  message(FATAL_ERROR "no summary in the output\n${out}")
endif()
math(EXPR at "${at} + 16")
string(SUBSTRING "${out}" ${at} -1 summary)

if(CMAKE_VERSION VERSION_LESS 3.19)
  # No string(JSON): check the summary's shape by its last lines.
  if(NOT summary MATCHES "\"targets_missed\": [0-9]+,\n  \"errors\": 0\n}")
    message(FATAL_ERROR "the summary does not end as expected\n${summary}")
  endif()
  return()
endif()

string(JSON errors ERROR_VARIABLE problem GET "${summary}" errors)
if(problem)
  message(FATAL_ERROR "the summary is not well-formed JSON: ${problem}\n${summary}")
endif()
if(NOT errors EQUAL 0)
  message(FATAL_ERROR "the run reported ${errors} error(s)\n${err}")
endif()

foreach(key single.full_off_ns single.full_on_ns single.hand_ns all_10000.full_off_ns method.full_off_ns
            scale.guids_100000.ns scale.guids_100000.register_ns_per_guid events.per_second
            drain.wakeup_us threads.speedup threads.control_speedup)
  string(JSON value ERROR_VARIABLE problem GET "${summary}" results ${key})
  if(problem OR NOT value GREATER 0)
    message(FATAL_ERROR "results.${key} is missing or not positive (${value})\n${summary}")
  endif()
endforeach()
# The process control (two processes sharing nothing) exists where the
# benchmark can fork: a native POSIX run.
if(CMAKE_HOST_UNIX AND emulator STREQUAL "")
  string(JSON value ERROR_VARIABLE problem GET "${summary}" results threads.process_speedup)
  if(problem OR NOT value GREATER 0)
    message(FATAL_ERROR "results.threads.process_speedup is missing or not positive (${value})\n${summary}")
  endif()
endif()
string(JSON value ERROR_VARIABLE problem GET "${summary}" results drain.cpu_share)
if(problem)
  message(FATAL_ERROR "results.drain.cpu_share is missing\n${summary}")
endif()

string(JSON count LENGTH "${summary}" targets)
if(count LESS 8)
  message(FATAL_ERROR "only ${count} targets in the summary\n${summary}")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON name MEMBER "${summary}" targets ${i})
  string(JSON result GET "${summary}" targets ${name} result)
  if(NOT result MATCHES "^(PASS|MISS)$")
    message(FATAL_ERROR "target ${name} has result '${result}'")
  endif()
endforeach()
