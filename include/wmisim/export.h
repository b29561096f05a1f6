/*
 * wmisim/export.h - symbol visibility and calling conventions.
 *
 * Every routine libwmisim exports (the kernel routines a driver calls and
 * wmisim's own API) is declared with WMISIM_API. A program that links the
 * static library defines WMISIM_STATIC (the CMake target and `pkg-config
 * --static` do this for you); on Windows that keeps the declarations from
 * asking for DLL imports.
 */
#ifndef WMISIM_EXPORT_H
#define WMISIM_EXPORT_H

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(WMISIM_BUILDING_LIBRARY) && !defined(WMISIM_STATIC)
#    define WMISIM_API __declspec(dllexport)
#  elif !defined(WMISIM_STATIC)
#    define WMISIM_API __declspec(dllimport)
#  else
#    define WMISIM_API
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define WMISIM_API __attribute__((visibility("default")))
#else
#  define WMISIM_API
#endif

/* Windows' kernel calling convention: stdcall on 32-bit x86 Windows only. */
#if defined(_WIN32) && !defined(_WIN64) && (defined(__i386__) || defined(_M_IX86))
#  if defined(__GNUC__)
#    define WMISIM_STDCALL __attribute__((stdcall))
#    define WMISIM_FASTCALL __attribute__((fastcall))
#  else
#    define WMISIM_STDCALL __stdcall
#    define WMISIM_FASTCALL __fastcall
#  endif
#else
#  define WMISIM_STDCALL
#  define WMISIM_FASTCALL
#endif

/* WMISIM_PRINTF marks wmisim's internal printf-like routines. MinGW GCC
 * checks the plain printf archetype against msvcrt's printf; wmisim builds
 * with __USE_MINGW_ANSI_STDIO=1, whose C99 printf the gnu_printf archetype
 * describes. */
#if defined(__MINGW32__) && defined(__GNUC__) && !defined(__clang__)
#  define WMISIM_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#  define WMISIM_NORETURN __attribute__((noreturn))
#elif defined(__GNUC__) || defined(__clang__)
#  define WMISIM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#  define WMISIM_NORETURN __attribute__((noreturn))
#elif defined(_MSC_VER)
#  define WMISIM_PRINTF(fmt, args)
#  define WMISIM_NORETURN __declspec(noreturn)
#else
#  define WMISIM_PRINTF(fmt, args)
#  define WMISIM_NORETURN
#endif

#endif /* WMISIM_EXPORT_H */
