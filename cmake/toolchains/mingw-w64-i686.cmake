# Cross-compiling wmisim for 32-bit Windows with MinGW-w64 from Linux:
#   cmake -S . -B build-mingw32 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64-i686.cmake \
#     -DWMISIM_MINGW_DEPS=$HOME/.cache/wmisim/mingw-i686
# ctest runs the programs under 32-bit wine (Debian: wine32:i386). See
# mingw-w64-common.cmake and docs/windows.md.
set(WMISIM_MINGW_ARCH i686)
include("${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake")
