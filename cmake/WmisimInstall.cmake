# Install rules: headers, libraries, the wmisim command and its man page,
# wmisim.pc, and the CMake package (find_package(wmisim CONFIG)).

include(CMakePackageConfigHelpers)

set(WMISIM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/wmisim")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wdk/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wmisim/wdk"
        FILES_MATCHING PATTERN "*.h")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wmisim/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/wmisim"
        FILES_MATCHING PATTERN "*.h")
install(FILES "${PROJECT_SOURCE_DIR}/include/wmisim.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(TARGETS ${WMISIM_LIBRARY_TARGETS}
        EXPORT wmisimTargets
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
if(TARGET wmisim)
  # The installed command finds the installed libwmisim wherever the prefix is.
  if(NOT WIN32 AND NOT APPLE)
    file(RELATIVE_PATH _wmisim_bin_to_lib "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}"
         "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}")
    set_target_properties(wmisim PROPERTIES INSTALL_RPATH "$ORIGIN/${_wmisim_bin_to_lib}")
  endif()
  install(TARGETS wmisim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
if(EXISTS "${PROJECT_SOURCE_DIR}/docs/wmisim.1")
  install(FILES "${PROJECT_SOURCE_DIR}/docs/wmisim.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()

install(EXPORT wmisimTargets NAMESPACE wmisim:: DESTINATION "${WMISIM_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/wmisimConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/wmisimConfig.cmake"
                              INSTALL_DESTINATION "${WMISIM_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/wmisimConfigVersion.cmake"
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/wmisimConfig.cmake" "${PROJECT_BINARY_DIR}/wmisimConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/WmisimDriverTest.cmake" "${PROJECT_SOURCE_DIR}/cmake/WmisimMof.cmake"
        DESTINATION "${WMISIM_INSTALL_CMAKEDIR}")

# pkg-config: --cflags are exactly what driver source needs.
string(JOIN " " WMISIM_PC_DRIVER_FLAGS ${WMISIM_DRIVER_C_FLAGS})
set(WMISIM_PC_PRIVATE_LIBS "")
foreach(lib IN LISTS WMISIM_PLATFORM_LIBS)
  if(lib STREQUAL "Threads::Threads")
    string(APPEND WMISIM_PC_PRIVATE_LIBS " -pthread")
  elseif(IS_ABSOLUTE "${lib}")
    get_filename_component(name "${lib}" NAME_WE)
    string(REGEX REPLACE "^lib" "" name "${name}")
    string(APPEND WMISIM_PC_PRIVATE_LIBS " -l${name}")
  elseif(lib)
    string(APPEND WMISIM_PC_PRIVATE_LIBS " -l${lib}")
  endif()
endforeach()
# Relocatable: the prefix is found from where the .pc file is installed.
file(RELATIVE_PATH WMISIM_PC_PREFIX_FROM_PCFILEDIR "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" WMISIM_PC_PREFIX_FROM_PCFILEDIR "${WMISIM_PC_PREFIX_FROM_PCFILEDIR}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/wmisim.pc.in" "${PROJECT_BINARY_DIR}/wmisim.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/wmisim.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

# The documentation a user of the installed package reads.
install(FILES "${PROJECT_SOURCE_DIR}/CHANGELOG.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
if(EXISTS "${PROJECT_SOURCE_DIR}/README.md")
  install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}"
        FILES_MATCHING PATTERN "*.md" PATTERN "*.wms")
