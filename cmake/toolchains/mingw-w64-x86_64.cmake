# Cross-compiling wmisim for 64-bit Windows with MinGW-w64 from Linux:
#   cmake -S . -B build-mingw64 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64-x86_64.cmake \
#     -DWMISIM_MINGW_DEPS=$HOME/.cache/wmisim/mingw-x86_64
# ctest runs the programs under wine64. See mingw-w64-common.cmake and
# docs/windows.md.
set(WMISIM_MINGW_ARCH x86_64)
include("${CMAKE_CURRENT_LIST_DIR}/mingw-w64-common.cmake")
