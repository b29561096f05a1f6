# cmake -DCOMMAND=<program> -DARGS=<a|b|c> -DEXPECTED=<code> [-DEMULATOR=<x|y>]
#       -P expect_exit.cmake
# Runs a program (under EMULATOR, e.g. wine for a cross-compiled program)
# and fails unless it exits with the expected code.
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" emulator "${EMULATOR}")
execute_process(COMMAND ${emulator} "${COMMAND}" ${args} RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL EXPECTED)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECTED}\n${out}${err}")
endif()
