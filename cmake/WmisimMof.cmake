# wmisim_mof_header(<output-header> MOF <file> [METHODS] [ALL_MEMBERS])
#
# Generates at build time the C header wmimofck -h writes for a driver's MOF
# file, by running `wmisim mof header`. METHODS adds the <Method>_IN/_OUT
# structures (wmimofck -m), ALL_MEMBERS the members for MaxLen strings
# (wmimofck -u). A relative <output-header> is placed in the current binary
# directory; the include guard is named after it, as wmimofck names it
# after -h's file ("wmidata.h" gives _wmidata_h_). Add the output to a
# target's sources (or depend on it) so it is generated before compiling.
#
# The command is ${WMISIM_MOF_COMMAND} when set, else the `wmisim` target of
# this build tree (run under ${CMAKE_CROSSCOMPILING_EMULATOR} when cross
# compiling), else a `wmisim` program found on the PATH.

function(wmisim_mof_header output)
  cmake_parse_arguments(MOFH "METHODS;ALL_MEMBERS" "MOF" "" ${ARGN})
  if(NOT MOFH_MOF)
    message(FATAL_ERROR "wmisim_mof_header(${output}): MOF <file> is required")
  endif()
  if(MOFH_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wmisim_mof_header(${output}): unknown arguments ${MOFH_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT IS_ABSOLUTE "${output}")
    set(output "${CMAKE_CURRENT_BINARY_DIR}/${output}")
  endif()
  get_filename_component(mof "${MOFH_MOF}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  set(depends "${mof}")
  if(WMISIM_MOF_COMMAND)
    set(command ${WMISIM_MOF_COMMAND})
  elseif(TARGET wmisim)
    # A cross-compiled wmisim runs under the emulator (wine for MinGW).
    set(command ${CMAKE_CROSSCOMPILING_EMULATOR} "$<TARGET_FILE:wmisim>")
    list(APPEND depends wmisim)
  else()
    find_program(WMISIM_MOF_PROGRAM wmisim)
    if(NOT WMISIM_MOF_PROGRAM)
      message(FATAL_ERROR "wmisim_mof_header: no wmisim command; set WMISIM_MOF_COMMAND")
    endif()
    set(command "${WMISIM_MOF_PROGRAM}")
  endif()

  set(flags "")
  if(MOFH_METHODS)
    list(APPEND flags -m)
  endif()
  if(MOFH_ALL_MEMBERS)
    list(APPEND flags -u)
  endif()

  get_filename_component(output_dir "${output}" DIRECTORY)
  get_filename_component(output_name "${output}" NAME)
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${output_dir}"
    COMMAND ${command} mof header ${flags} -o "${output}" "${mof}"
    DEPENDS ${depends}
    COMMENT "Generating ${output_name} from ${MOFH_MOF}"
    VERBATIM)
endfunction()
