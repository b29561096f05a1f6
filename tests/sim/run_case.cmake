# Runs one case of the wmisim command's tests (see CMakeLists.txt):
#   cmake -DWMISIM=... -DCASE=name -DEXPECTED_EXIT=N [-DSTDIN=file] -DDRIVERS=dir
#         -DARGS=arg;arg;... -P run_case.cmake
# "@DRIVERS@" in an argument stands for the directory of the test modules;
# in the output that directory reads "<drivers>", the command's directory
# "<bin>" and the configured install directory of examples "<install>". Compares standard output
# and standard error with expected/<case>.out and .err (a missing file means
# empty) and the exit status with EXPECTED_EXIT. With WMISIM_UPDATE_GOLDEN
# set in the environment the files are rewritten from this run first.
cmake_minimum_required(VERSION 3.16)

string(REPLACE "@DRIVERS@" "${DRIVERS}" args "${ARGS}")
if(STDIN)
  execute_process(COMMAND "${WMISIM}" ${args} INPUT_FILE "${STDIN}"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
else()
  execute_process(COMMAND "${WMISIM}" ${args}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
endif()

get_filename_component(bin "${WMISIM}" DIRECTORY)
# A Windows wmisim prints its own directory the Windows way; under wine on
# drive Z:.
string(REPLACE "/" "\\" bin_windows "${bin}")
foreach(stream out err)
  string(REPLACE "${DRIVERS}" "<drivers>" ${stream} "${${stream}}")
  string(REPLACE "${bin}/" "<bin>/" ${stream} "${${stream}}")
  string(REPLACE "Z:${bin_windows}\\" "<bin>/" ${stream} "${${stream}}")
  string(REPLACE "${bin_windows}\\" "<bin>/" ${stream} "${${stream}}")
  if(INSTALL_EXAMPLES)
    string(REPLACE "${INSTALL_EXAMPLES}" "<install>" ${stream} "${${stream}}")
  endif()
  string(REPLACE "\r\n" "\n" ${stream} "${${stream}}")
endforeach()

set(expected_dir "${CMAKE_CURRENT_LIST_DIR}/expected")
if(DEFINED ENV{WMISIM_UPDATE_GOLDEN} AND NOT "$ENV{WMISIM_UPDATE_GOLDEN}" STREQUAL "")
  foreach(stream out err)
    if("${${stream}}" STREQUAL "")
      file(REMOVE "${expected_dir}/${CASE}.${stream}")
    else()
      file(WRITE "${expected_dir}/${CASE}.${stream}" "${${stream}}")
    endif()
  endforeach()
endif()

set(failed FALSE)
foreach(stream out err)
  set(expected "")
  if(EXISTS "${expected_dir}/${CASE}.${stream}")
    file(READ "${expected_dir}/${CASE}.${stream}" expected)
  endif()
  if(NOT "${${stream}}" STREQUAL "${expected}")
    message("std${stream} differs from expected/${CASE}.${stream}; it was:\n${${stream}}")
    set(failed TRUE)
  endif()
endforeach()
if(NOT "${status}" STREQUAL "${EXPECTED_EXIT}")
  message("exit status ${status}, expected ${EXPECTED_EXIT}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "case ${CASE} failed")
endif()
