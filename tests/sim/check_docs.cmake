# check_docs.cmake - the transcripts and diagrams in a document are what
# the wmisim command prints today, so they cannot go stale.
#
#   cmake -DWMISIM=<wmisim> -DSOURCE_DIR=<repository> -DDOC=<document>
#         [-DDRIVERS=<test driver modules>] [-DUPDATE=1] -P check_docs.cmake
#
# A checked block is a marker comment, at the start of a line, on the line
# before a fenced block:
#
#   <!-- check: wmisim ARGS -->         the block is what `wmisim ARGS` prints,
#                                       standard output and error merged, run
#                                       in SOURCE_DIR, exiting with status 0
#   <!-- check: exit=N wmisim ARGS -->  ... exiting with status N
#   <!-- check: file PATH -->           the block is the file PATH
#
# In ARGS "@DRIVERS@" stands for the directory of the test driver modules
# and "@SUFFIX@" for the platform's module suffix. With -DUPDATE=1 (or
# WMISIM_UPDATE_GOLDEN set in the environment) the blocks are rewritten
# from this run instead; review the diff.
cmake_minimum_required(VERSION 3.16)

if(NOT UPDATE AND DEFINED ENV{WMISIM_UPDATE_GOLDEN} AND NOT "$ENV{WMISIM_UPDATE_GOLDEN}" STREQUAL "")
  set(UPDATE 1)
endif()
if(NOT SUFFIX)
  set(SUFFIX "${CMAKE_SHARED_MODULE_SUFFIX}")
endif()

set(path "${SOURCE_DIR}/${DOC}")
file(READ "${path}" rest)
set(result "")
set(failures 0)
set(blocks 0)
set(marker_open "<!-- check: ")
set(fence "```")

# What the block after a marker must hold; sets `expected`.
function(generate marker)
  set(expected_exit 0)
  if(marker MATCHES "^exit=([0-9]+) (.*)$")
    set(expected_exit "${CMAKE_MATCH_1}")
    set(marker "${CMAKE_MATCH_2}")
  endif()
  if(marker MATCHES "^file (.*)$")
    file(READ "${SOURCE_DIR}/${CMAKE_MATCH_1}" output)
    set(expected "${output}" PARENT_SCOPE)
    return()
  endif()
  if(NOT marker MATCHES "^wmisim (.*)$")
    message(FATAL_ERROR "${DOC}: a check marker is 'wmisim ARGS', 'exit=N wmisim ARGS' or 'file PATH': ${marker}")
  endif()
  string(REPLACE "@DRIVERS@" "${DRIVERS}" command "${CMAKE_MATCH_1}")
  string(REPLACE "@SUFFIX@" "${SUFFIX}" command "${command}")
  separate_arguments(args UNIX_COMMAND "${command}")
  execute_process(COMMAND "${WMISIM}" ${args} WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE status)
  if(NOT "${status}" STREQUAL "${expected_exit}")
    message("${DOC}: 'wmisim ${command}' exited with ${status}, not ${expected_exit}:\n${output}")
    set(exit_failed 1 PARENT_SCOPE)
  endif()
  string(REPLACE "\r\n" "\n" output "${output}")
  set(expected "${output}" PARENT_SCOPE)
endfunction()

while(TRUE)
  # A marker starts a line; the same text inside a line is prose.
  string(FIND "${rest}" "\n${marker_open}" at)
  if(at EQUAL -1)
    string(APPEND result "${rest}")
    break()
  endif()
  math(EXPR at "${at} + 1")
  # Everything up to the marker stays; the marker line and the fence line too.
  string(SUBSTRING "${rest}" 0 ${at} before)
  string(APPEND result "${before}")
  string(SUBSTRING "${rest}" ${at} -1 rest)
  string(FIND "${rest}" " -->" marker_end)
  string(LENGTH "${marker_open}" open_length)
  math(EXPR marker_length "${marker_end} - ${open_length}")
  string(SUBSTRING "${rest}" ${open_length} ${marker_length} marker)
  string(FIND "${rest}" "\n" line_end)
  math(EXPR after_marker "${line_end} + 1")
  string(SUBSTRING "${rest}" 0 ${after_marker} marker_line)
  string(SUBSTRING "${rest}" ${after_marker} -1 rest)
  string(FIND "${rest}" "\n" fence_end)
  string(SUBSTRING "${rest}" 0 ${fence_end} fence_line)
  if(NOT fence_line MATCHES "^```")
    message(FATAL_ERROR "${DOC}: the line after '${marker}' must open a fenced block")
  endif()
  math(EXPR body_start "${fence_end} + 1")
  string(SUBSTRING "${rest}" ${body_start} -1 rest)
  # The body ends with the line that is only the closing fence.
  if(rest MATCHES "^```\n")
    set(body_length 0)
  else()
    string(FIND "${rest}" "\n${fence}\n" close)
    if(close EQUAL -1)
      message(FATAL_ERROR "${DOC}: the block after '${marker}' is not closed")
    endif()
    math(EXPR body_length "${close} + 1")
  endif()
  string(SUBSTRING "${rest}" 0 ${body_length} body)
  string(SUBSTRING "${rest}" ${body_length} -1 rest)

  set(exit_failed 0)
  generate("${marker}")
  math(EXPR blocks "${blocks} + 1")
  if(UPDATE)
    set(body "${expected}")
  elseif(exit_failed OR NOT "${body}" STREQUAL "${expected}")
    message("${DOC}: the block after '${marker}' is out of date; it should read:\n${expected}")
    math(EXPR failures "${failures} + 1")
  endif()
  string(APPEND result "${marker_line}${fence_line}\n${body}")
endwhile()

if(UPDATE)
  file(READ "${path}" old)
  if(NOT "${old}" STREQUAL "${result}")
    file(WRITE "${path}" "${result}")
    message("${DOC}: rewrote ${blocks} checked blocks")
  endif()
elseif(failures GREATER 0)
  message(FATAL_ERROR "${DOC}: ${failures} of ${blocks} checked blocks are out of date "
                      "(WMISIM_UPDATE_GOLDEN=1 ctest -R sim_docs rewrites them)")
else()
  message("${DOC}: ${blocks} checked blocks are up to date")
endif()
