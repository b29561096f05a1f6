# cmake -DCOMMAND=<program> -DARGS=<a|b|c> -DEXPECTED=<code> -P expect_exit.cmake
# Runs a program and fails unless it exits with the expected code.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND "${COMMAND}" ${args} RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXPECTED)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECTED}\n${out}${err}")
endif()
