# Shared part of the MinGW-w64 cross toolchains (mingw-w64-x86_64.cmake,
# mingw-w64-i686.cmake). The including file sets WMISIM_MINGW_ARCH to x86_64
# or i686 first.
#
# Cache variables a configure may set:
#   WMISIM_MINGW_DEPS  prefix holding the target's dependencies (CMocka built
#                      by scripts/build-cmocka-mingw.sh); searched before the
#                      mingw-w64 sysroot. Also read from the environment.
#   WMISIM_WINE        the wine loader that runs the target's programs
#                      (default: /usr/lib/wine/wine64 for x86_64,
#                      /usr/lib/wine/wine for i686; Debian's wine64, wine32).
#   WMISIM_WINEPREFIX  the wine prefix for test runs (default: the build
#                      directory's wineprefix-<arch>; $WINEPREFIX if set).
#
# Test programs then run under ctest as `cmake -E env WINEPREFIX=...
# WINEDEBUG=-all WINEPATH=<build>/src <wine> program.exe`, headless: no
# display is needed for console programs.

set(CMAKE_SYSTEM_NAME Windows)
set(WMISIM_MINGW_TRIPLET "${WMISIM_MINGW_ARCH}-w64-mingw32")
if(WMISIM_MINGW_ARCH STREQUAL "x86_64")
  set(CMAKE_SYSTEM_PROCESSOR AMD64)
  set(_wmisim_default_wine /usr/lib/wine/wine64)
else()
  set(CMAKE_SYSTEM_PROCESSOR x86)
  set(_wmisim_default_wine /usr/lib/wine/wine)
endif()

# The win32 thread model variant: wmisim's Windows platform layer uses Win32
# threads, so no libwinpthread is needed at run time.
find_program(WMISIM_MINGW_CC NAMES ${WMISIM_MINGW_TRIPLET}-gcc-win32 ${WMISIM_MINGW_TRIPLET}-gcc)
if(NOT WMISIM_MINGW_CC)
  message(FATAL_ERROR "${WMISIM_MINGW_TRIPLET}-gcc not found (Debian: apt-get install gcc-mingw-w64)")
endif()
set(CMAKE_C_COMPILER "${WMISIM_MINGW_CC}")
find_program(CMAKE_RC_COMPILER NAMES ${WMISIM_MINGW_TRIPLET}-windres)
find_program(CMAKE_AR NAMES ${WMISIM_MINGW_TRIPLET}-ar)
find_program(CMAKE_RANLIB NAMES ${WMISIM_MINGW_TRIPLET}-ranlib)

# Link the compiler's own runtime statically: the programs then need no
# libgcc_s DLL beside them under wine or on Windows.
set(_wmisim_link_flags "-static-libgcc")
if(WMISIM_MINGW_ARCH STREQUAL "i686")
  # A .def file naming DriverEntry exports the stdcall _DriverEntry@8 as
  # "DriverEntry": ld's stdcall fixup, which is the default; enabling it
  # explicitly only drops the warning it prints each time.
  string(APPEND _wmisim_link_flags " -Wl,--enable-stdcall-fixup")
endif()
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_wmisim_link_flags}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${_wmisim_link_flags}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${_wmisim_link_flags}")

if(NOT WMISIM_MINGW_DEPS AND DEFINED ENV{WMISIM_MINGW_DEPS})
  set(WMISIM_MINGW_DEPS "$ENV{WMISIM_MINGW_DEPS}")
endif()
set(WMISIM_MINGW_DEPS "${WMISIM_MINGW_DEPS}" CACHE PATH "Prefix of the ${WMISIM_MINGW_TRIPLET} dependencies (CMocka)")

# Headers and libraries come from the target's sysroot and the dependency
# prefix only, never from the build machine; programs from the build machine.
set(CMAKE_FIND_ROOT_PATH "/usr/${WMISIM_MINGW_TRIPLET}")
if(WMISIM_MINGW_DEPS)
  list(PREPEND CMAKE_FIND_ROOT_PATH "${WMISIM_MINGW_DEPS}")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config sees the target's .pc files only, not the build machine's.
set(_wmisim_pc_dirs "")
foreach(root IN LISTS CMAKE_FIND_ROOT_PATH)
  list(APPEND _wmisim_pc_dirs "${root}/lib/pkgconfig")
endforeach()
string(REPLACE ";" ":" _wmisim_pc_dirs "${_wmisim_pc_dirs}")
set(ENV{PKG_CONFIG_LIBDIR} "${_wmisim_pc_dirs}")
set(ENV{PKG_CONFIG_PATH} "")

# Running the target's programs: wine, with its own prefix and no debug
# chatter. WINEPATH lets programs find libwmisim.dll in <build>/src.
if(NOT WMISIM_WINE)
  set(WMISIM_WINE "${_wmisim_default_wine}")
endif()
set(WMISIM_WINE "${WMISIM_WINE}" CACHE FILEPATH "wine loader that runs ${WMISIM_MINGW_TRIPLET} programs")
if(NOT WMISIM_WINEPREFIX)
  if(DEFINED ENV{WINEPREFIX} AND NOT "$ENV{WINEPREFIX}" STREQUAL "")
    set(WMISIM_WINEPREFIX "$ENV{WINEPREFIX}")
  else()
    set(WMISIM_WINEPREFIX "${CMAKE_BINARY_DIR}/wineprefix-${WMISIM_MINGW_ARCH}")
  endif()
endif()
set(WMISIM_WINEPREFIX "${WMISIM_WINEPREFIX}" CACHE PATH "wine prefix for running ${WMISIM_MINGW_TRIPLET} programs")
if(EXISTS "${WMISIM_WINE}")
  set(CMAKE_CROSSCOMPILING_EMULATOR
      "${CMAKE_COMMAND};-E;env;WINEPREFIX=${WMISIM_WINEPREFIX};WINEDEBUG=-all;WINEDLLOVERRIDES=mscoree,mshtml=;WINEPATH=${CMAKE_BINARY_DIR}/src;${WMISIM_WINE}")
endif()
