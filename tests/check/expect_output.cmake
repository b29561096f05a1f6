# cmake -DCOMMAND=<program> -DEXPECTED=<code> -DPATTERNS=<regex|regex|...>
#       [-DEMULATOR=<x|y>] -P expect_output.cmake
# Runs a program that is meant to fail some of its tests and fails unless
# it exits with the expected code and its output (stdout and stderr
# together) matches every pattern.
string(REPLACE "|" ";" patterns "${PATTERNS}")
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} "${COMMAND}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT code EQUAL EXPECTED)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECTED}\n${all}")
endif()
foreach(pattern IN LISTS patterns)
  if(NOT all MATCHES "${pattern}")
    message(FATAL_ERROR "output does not match '${pattern}':\n${all}")
  endif()
endforeach()
