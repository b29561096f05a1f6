# Warning, sanitizer and wide-character flags shared by every wmisim target.

set(WMISIM_WARNING_FLAGS "")
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  list(APPEND WMISIM_WARNING_FLAGS -Wall -Wextra -Wshadow -Wstrict-prototypes
       -Wmissing-prototypes)
  if(WMISIM_WERROR)
    list(APPEND WMISIM_WARNING_FLAGS -Werror)
  endif()
elseif(MSVC)
  list(APPEND WMISIM_WARNING_FLAGS /W4 /wd4100 /wd4200 /wd4201)
  if(WMISIM_WERROR)
    list(APPEND WMISIM_WARNING_FLAGS /WX)
  endif()
endif()

# Driver sources (examples, tests, driver-style code) use L"" literals, which
# must be 16-bit like WCHAR. Windows compilers already have a 16-bit wchar_t.
# Pool tags are written as multi-character constants ('pmsW'), which GCC
# warns about by default.
set(WMISIM_DRIVER_C_FLAGS "")
if(NOT WIN32 AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  list(APPEND WMISIM_DRIVER_C_FLAGS -fshort-wchar)
endif()
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  list(APPEND WMISIM_DRIVER_C_FLAGS -Wno-multichar)
endif()
# Also global, for wmisim_add_driver_test() called from a parent project
# that added wmisim with add_subdirectory or FetchContent.
set_property(GLOBAL PROPERTY WMISIM_DRIVER_C_FLAGS "${WMISIM_DRIVER_C_FLAGS}")

# MinGW-w64: the C library's printf family is Microsoft's msvcrt, which
# lacks C99's %zu, %lld and %hh. __USE_MINGW_ANSI_STDIO makes printf,
# snprintf, ... mingw-w64's C99 implementations for every target, library
# and tests alike (WMISIM_PRINTF then checks formats as gnu_printf).
if(MINGW)
  add_compile_definitions(__USE_MINGW_ANSI_STDIO=1)
endif()

if(WMISIM_SANITIZE)
  string(REPLACE ";" "," _wmisim_san "${WMISIM_SANITIZE}")
  add_compile_options(-fsanitize=${_wmisim_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_wmisim_san})
endif()

# wmisim_target_warnings(<target>): the project's warning set for a target.
function(wmisim_target_warnings target)
  target_compile_options(${target} PRIVATE ${WMISIM_WARNING_FLAGS})
endfunction()

# wmisim_driver_code(<target>): compile a target's sources as driver code
# (16-bit L"" literals), as wmisim.pc's --cflags do for users.
function(wmisim_driver_code target)
  target_compile_options(${target} PRIVATE ${WMISIM_DRIVER_C_FLAGS})
endfunction()
