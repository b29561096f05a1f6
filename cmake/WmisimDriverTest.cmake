# wmisim_add_driver_test(<name>
#     SOURCES <test and driver sources...>
#     [DRIVER_SOURCES <driver sources compiled as a separate library>]
#     [LIBS <more libraries>] [STATIC])
#
# Builds a CMocka test of driver code: every source is compiled with the
# flags driver code needs (16-bit L"" literals, the WDK-compatible include
# directories, no warning for 'Tags'), linked with CMocka and wmisim, and
# registered with ctest. STATIC links wmisim statically.

function(wmisim_add_driver_test name)
  cmake_parse_arguments(DT "STATIC" "" "SOURCES;DRIVER_SOURCES;LIBS" ${ARGN})
  if(NOT DT_SOURCES)
    message(FATAL_ERROR "wmisim_add_driver_test(${name}): SOURCES is required")
  endif()
  if(NOT TARGET wmisim_cmocka_for_driver_tests)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
      pkg_check_modules(WMISIM_CMOCKA QUIET IMPORTED_TARGET GLOBAL cmocka)
    endif()
    add_library(wmisim_cmocka_for_driver_tests INTERFACE IMPORTED GLOBAL)
    if(TARGET PkgConfig::WMISIM_CMOCKA)
      set_target_properties(wmisim_cmocka_for_driver_tests PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::WMISIM_CMOCKA)
    else()
      find_path(WMISIM_CMOCKA_INCLUDE_DIR cmocka.h REQUIRED)
      find_library(WMISIM_CMOCKA_LIBRARY cmocka REQUIRED)
      set_target_properties(wmisim_cmocka_for_driver_tests PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${WMISIM_CMOCKA_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${WMISIM_CMOCKA_LIBRARY}")
    endif()
  endif()
  if(DT_STATIC AND TARGET wmisim::wmisim_static)
    set(library wmisim::wmisim_static)
  else()
    set(library wmisim::wmisim)
  endif()
  set(driver_flags ${WMISIM_DRIVER_C_FLAGS})
  if(NOT driver_flags)
    get_property(driver_flags GLOBAL PROPERTY WMISIM_DRIVER_C_FLAGS)
  endif()
  set(sources ${DT_SOURCES})
  if(DT_DRIVER_SOURCES)
    add_library(${name}_driver STATIC ${DT_DRIVER_SOURCES})
    target_link_libraries(${name}_driver PUBLIC ${library})
    target_compile_options(${name}_driver PRIVATE ${driver_flags})
    list(APPEND DT_LIBS ${name}_driver)
  endif()
  add_executable(${name} ${sources})
  target_compile_options(${name} PRIVATE ${driver_flags})
  target_link_libraries(${name} PRIVATE ${DT_LIBS} ${library} wmisim_cmocka_for_driver_tests)
  add_test(NAME ${name} COMMAND ${name})
endfunction()
