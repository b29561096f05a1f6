/*
 * ntdef.h - the basic NT types, with Windows' sizes on every host.
 *
 * Part of wmisim's WDK-compatible headers. On LP64 Linux `long` is 8 bytes
 * and `wchar_t` 4, so the types here are spelled with fixed-width C types:
 * ULONG and LONG are 32 bits, WCHAR is 16 bits, ULONG_PTR is pointer-sized,
 * exactly as on Windows. Build driver code that uses L"" literals with
 * -fshort-wchar (wmisim.pc adds it) so a literal's type matches WCHAR.
 *
 * _WIN32 and _WIN64 are not defined on non-Windows hosts: C libraries read
 * them as "this is Windows". The NT architecture macros (_AMD64_, _X86_,
 * _ARM64_) are defined as the WDK defines them.
 */
#ifndef WMISIM_WDK_NTDEF_H
#define WMISIM_WDK_NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <wmisim/export.h>
#include <sal.h>

#if !defined(_AMD64_) && !defined(_X86_) && !defined(_ARM64_) && !defined(_ARM_)
#  if defined(__x86_64__) || defined(_M_X64) || defined(_M_AMD64)
#    define _AMD64_ 1
#  elif defined(__i386__) || defined(_M_IX86)
#    define _X86_ 1
#  elif defined(__aarch64__) || defined(_M_ARM64)
#    define _ARM64_ 1
#  elif defined(__arm__) || defined(_M_ARM)
#    define _ARM_ 1
#  endif
#endif

/* The version constants exist whatever NTDDI_VERSION a driver selects
 * (sdkddkver.h defines them unconditionally), so `#if NTDDI_VERSION >=
 * NTDDI_WIN7` works with -DNTDDI_VERSION=... too. */
#define NTDDI_WIN2K       0x05000000
#define NTDDI_WINXP       0x05010000
#define NTDDI_WS03        0x05020000
#define NTDDI_VISTA       0x06000000
#define NTDDI_WINVISTA    NTDDI_VISTA
#define NTDDI_LONGHORN    NTDDI_VISTA
#define NTDDI_WIN7        0x06010000
#define NTDDI_WIN8        0x06020000
#define NTDDI_WINBLUE     0x06030000
#define NTDDI_WINTHRESHOLD 0x0A000000
#define NTDDI_WIN10       0x0A000000
#define NTDDI_WIN10_TH2   0x0A000001
#define NTDDI_WIN10_RS1   0x0A000002
#define NTDDI_WIN10_RS2   0x0A000003
#define NTDDI_WIN10_RS3   0x0A000004
#define NTDDI_WIN10_RS4   0x0A000005
#define NTDDI_WIN10_RS5   0x0A000006
#define NTDDI_WIN10_19H1  0x0A000007
#define NTDDI_WIN10_VB    0x0A000008
#define NTDDI_WIN10_MN    0x0A000009
#define NTDDI_WIN10_FE    0x0A00000A
#define NTDDI_WIN10_CO    0x0A00000B
#define NTDDI_WIN10_NI    0x0A00000C
#ifndef NTDDI_VERSION
#  define NTDDI_VERSION   NTDDI_WIN10_VB
#endif
#ifndef _WIN32_WINNT
#  define _WIN32_WINNT 0x0A00
#endif
#ifndef WINVER
#  define WINVER 0x0A00
#endif

/* ---- keywords and decoration ------------------------------------------------ */

#ifndef IN
#  define IN
#endif
#ifndef OUT
#  define OUT
#endif
#ifndef OPTIONAL
#  define OPTIONAL
#endif
#ifndef CONST
#  define CONST const
#endif
#ifndef VOID
#  define VOID void
#endif
#ifndef NULL
#  define NULL ((void *)0)
#endif
#ifndef FALSE
#  define FALSE 0
#endif
#ifndef TRUE
#  define TRUE 1
#endif

#define NTAPI          WMISIM_STDCALL
#define NTAPI_INLINE   NTAPI
#define NTSYSAPI       WMISIM_API
#define NTSYSCALLAPI   WMISIM_API
#define NTKERNELAPI    WMISIM_API
#define NTHALAPI       WMISIM_API
#define NTSTRSAFEDDI   WMISIM_API
#define DDKAPI         NTAPI
#define FASTCALL       WMISIM_FASTCALL
#ifndef STDCALL
#  define STDCALL      NTAPI
#endif
#ifndef CALLBACK
#  define CALLBACK     NTAPI
#endif
#define EXTERN_C       extern
#if !defined(_WIN32)
#  ifndef __cdecl
#    define __cdecl
#  endif
#  ifndef __stdcall
#    define __stdcall
#  endif
#endif

#if defined(_MSC_VER)
#  define FORCEINLINE        __forceinline
#  define DECLSPEC_ALIGN(x)  __declspec(align(x))
#  define DECLSPEC_NOINLINE  __declspec(noinline)
#  define DECLSPEC_NORETURN  __declspec(noreturn)
#  define DECLSPEC_SELECTANY __declspec(selectany)
#  define DECLSPEC_DEPRECATED_DDK
#elif defined(__GNUC__) || defined(__clang__)
#  define FORCEINLINE        static inline __attribute__((always_inline))
#  define DECLSPEC_ALIGN(x)  __attribute__((aligned(x)))
#  define DECLSPEC_NOINLINE  __attribute__((noinline))
#  define DECLSPEC_NORETURN  __attribute__((noreturn))
#  define DECLSPEC_SELECTANY __attribute__((weak))
#  define DECLSPEC_DEPRECATED_DDK
#else
#  error "wmisim's WDK headers support Microsoft's compiler, GCC and Clang"
#endif
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_NOTHROW
#define DECLSPEC_GUARDNOCF
#define __forceinline_compat FORCEINLINE
#define RESTRICTED_POINTER
#ifndef UNALIGNED /* mingw-w64's _mingw.h defines it first */
#  define UNALIGNED
#endif
#define UNALIGNED64
#define POINTER_64
#define POINTER_32
/* Keywords of Microsoft's compiler; other compilers accept them as nothing. */
#if !defined(_MSC_VER)
#  define __unaligned
#  define __ptr64
#  define __ptr32
#endif
#if defined(_WIN64) || defined(__LP64__) || defined(_LP64)
#  define POINTER_ALIGNMENT DECLSPEC_ALIGN(8)
#else
#  define POINTER_ALIGNMENT
#endif

#define DUMMYUNIONNAME
#define DUMMYUNIONNAME2
#define DUMMYUNIONNAME3
#define DUMMYUNIONNAME4
#define DUMMYUNIONNAME5
#define DUMMYSTRUCTNAME
#define DUMMYSTRUCTNAME2
#define DUMMYSTRUCTNAME3
#define DUMMYSTRUCTNAME4
#define DUMMYSTRUCTNAME5
/* mingw-w64's _mingw.h (pulled in by <stddef.h> there) defines these three
 * first, as __extension__; keep its definitions. */
#ifndef _ANONYMOUS_UNION
#  define _ANONYMOUS_UNION
#endif
#ifndef _ANONYMOUS_STRUCT
#  define _ANONYMOUS_STRUCT
#endif
#ifndef __C89_NAMELESS
#  define __C89_NAMELESS
#endif

#define ANYSIZE_ARRAY 1

/* ---- integral types --------------------------------------------------------- */

typedef char CHAR, *PCHAR, *PCH, *LPCH, *PSZ;
typedef const char *PCCH, *LPCCH, *PCSZ, *PCSTR, *LPCSTR;
typedef char *PSTR, *LPSTR, *PNZCH;
typedef const char *PCNZCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef signed char SCHAR, *PSCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef short CSHORT;
/* 32 bits everywhere. On Windows (LLP64) long is 32 bits and LONG is long,
 * as in the SDK, so driver code mixing these with Windows' own headers and
 * intrinsics sees the same types; on LP64 hosts long is 64 bits. */
#if defined(_WIN32)
typedef long LONG, *PLONG;
typedef unsigned long ULONG, *PULONG;
#else
typedef int32_t LONG, *PLONG;
typedef uint32_t ULONG, *PULONG;
#endif
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef ULONGLONG DWORDLONG, *PDWORDLONG;
typedef uint8_t BYTE, *PBYTE;
typedef uint16_t WORD, *PWORD;
#if defined(_WIN32)
typedef unsigned long DWORD, *PDWORD;
#else
typedef uint32_t DWORD, *PDWORD;
#endif
typedef int BOOL;
typedef float FLOAT;
typedef double DOUBLE;

typedef signed char INT8, *PINT8;
typedef short INT16, *PINT16;
typedef int32_t INT32, *PINT32;
typedef long long INT64, *PINT64;
typedef unsigned char UINT8, *PUINT8;
typedef unsigned short UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef unsigned long long UINT64, *PUINT64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64, DWORD64, *PDWORD64;

typedef intptr_t INT_PTR, *PINT_PTR;
typedef uintptr_t UINT_PTR, *PUINT_PTR;
typedef intptr_t LONG_PTR, *PLONG_PTR;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef ULONG LOGICAL, *PLOGICAL;

typedef void *PVOID, *LPVOID;
typedef const void *PCVOID, *LPCVOID;
typedef void *HANDLE, **PHANDLE;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;
typedef char CCHAR, *PCCHAR;
typedef CCHAR KPROCESSOR_MODE;
typedef LONG KPRIORITY;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;
typedef ULONG LCID, *PLCID;
typedef USHORT LANGID;
typedef ULONG DEVICE_TYPE;
typedef ULONG EXECUTION_STATE;
typedef ULONG SECURITY_INFORMATION, *PSECURITY_INFORMATION;
typedef PVOID PSECURITY_DESCRIPTOR;
typedef PVOID PSID;
typedef ULONG CLONG;

/* 16-bit wide characters; with -fshort-wchar L"" literals have this type. */
typedef unsigned short WCHAR, *PWCHAR, *PWCH, *LPWCH, *PWSTR, *LPWSTR, *PNZWCH;
typedef const WCHAR *PCWCH, *LPCWCH, *PCWSTR, *LPCWSTR, *PCNZWCH;
typedef WCHAR *PZZWSTR;
typedef const WCHAR *PCZZWSTR;

#define MAXUCHAR     0xff
#define MAXUSHORT    0xffff
#define MAXULONG     0xffffffffUL
#define MAXLONG      0x7fffffffL
#define MINLONG      (-MAXLONG - 1)
#define MAXLONGLONG  (0x7fffffffffffffffLL)
#define MAXULONGLONG (0xffffffffffffffffULL)
#define MAXULONG_PTR (~((ULONG_PTR)0))
#define MAXLONG_PTR  ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T    ((SIZE_T)~((SIZE_T)0))
#define MAXUINT      (~((UINT)0))
#define MAXUINT32    ((UINT32)~((UINT32)0))
#define MAXUINT64    ((UINT64)~((UINT64)0))
#define MAXDWORD     0xffffffffUL
#define MAXWORD      0xffff
#define MAXBYTE      0xff

/* ---- composite types -------------------------------------------------------- */

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  };
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  struct {
    ULONG LowPart;
    ULONG HighPart;
  };
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
  struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
  USHORT Length;        /* bytes, without a terminator */
  USHORT MaximumLength; /* bytes */
  PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
  USHORT Length;
  USHORT MaximumLength;
  PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;
typedef const OEM_STRING *PCOEM_STRING;

#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

#define RTL_CONSTANT_STRING(s) \
  { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (void *)(s) }
#define DECLARE_CONST_UNICODE_STRING(_var, _string) \
  const WCHAR _var##_buffer[] = _string; \
  const UNICODE_STRING _var = { sizeof(_string) - sizeof(WCHAR), sizeof(_string), (PWCH)_var##_buffer }
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
  extern const DECLSPEC_SELECTANY UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
  WCHAR _var##_buffer[_size]; \
  UNICODE_STRING _var = { 0, (_size) * sizeof(WCHAR), _var##_buffer }

typedef struct _OBJECT_ATTRIBUTES {
  ULONG Length;
  HANDLE RootDirectory;
  PUNICODE_STRING ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor;
  PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

#define OBJ_INHERIT             0x00000002L
#define OBJ_PERMANENT           0x00000010L
#define OBJ_EXCLUSIVE           0x00000020L
#define OBJ_CASE_INSENSITIVE    0x00000040L
#define OBJ_OPENIF              0x00000080L
#define OBJ_OPENLINK            0x00000100L
#define OBJ_KERNEL_HANDLE       0x00000200L
#define OBJ_FORCE_ACCESS_CHECK  0x00000400L
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP 0x00000800L
#define OBJ_DONT_REPARSE        0x00001000L
#define OBJ_VALID_ATTRIBUTES    0x00001FF2L

#define InitializeObjectAttributes(p, n, a, r, s) do { \
    (p)->Length = sizeof(OBJECT_ATTRIBUTES);            \
    (p)->RootDirectory = (r);                           \
    (p)->Attributes = (a);                              \
    (p)->ObjectName = (n);                              \
    (p)->SecurityDescriptor = (s);                      \
    (p)->SecurityQualityOfService = NULL;               \
  } while (0)
#define RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a) \
  { sizeof(OBJECT_ATTRIBUTES), NULL, RTL_CONST_CAST(PUNICODE_STRING)(n), (a), NULL, NULL }
#define RTL_CONST_CAST(type) (type)

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue } WAIT_TYPE;
typedef enum _NT_PRODUCT_TYPE { NtProductWinNt = 1, NtProductLanManNt, NtProductServer } NT_PRODUCT_TYPE;

typedef struct _GROUP_AFFINITY {
  KAFFINITY Mask;
  USHORT Group;
  USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

/* ---- status helpers ----------------------------------------------------------- */

#define NT_SUCCESS(Status)     (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)     ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)       ((((ULONG)(Status)) >> 30) == 3)

#define APPLICATION_ERROR_MASK       0x20000000
#define ERROR_SEVERITY_SUCCESS       0x00000000
#define ERROR_SEVERITY_INFORMATIONAL 0x40000000
#define ERROR_SEVERITY_WARNING       0x80000000
#define ERROR_SEVERITY_ERROR         0xC0000000

/* ---- structure and pointer arithmetic ----------------------------------------- */

#define FIELD_OFFSET(type, field)   ((LONG)offsetof(type, field))
#define UFIELD_OFFSET(type, field)  ((ULONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
  (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
  ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF_V1(A) (sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF(A)    RTL_NUMBER_OF_V1(A)
#define RTL_NUMBER_OF_FIELD(type, field) (RTL_NUMBER_OF(RTL_FIELD_TYPE(type, field)))
#define ARRAYSIZE(A)        RTL_NUMBER_OF_V1(A)
#define _ARRAYSIZE(A)       RTL_NUMBER_OF_V1(A)
#define RTL_FIELD_TYPE(type, field) (((type *)0)->field)
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2) \
  ((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1)) \
     ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1)) \
     : (FIELD_OFFSET(T, F1) - FIELD_OFFSET(T, F2) - RTL_FIELD_SIZE(T, F2)))

/* offsetof rather than Microsoft's &((type *)0)->field: the same value,
 * without the null-pointer member access sanitizers report. */
#define CONTAINING_RECORD(address, type, field) \
  ((type *)((PCHAR)(address) - offsetof(type, field)))

#define ALIGN_DOWN_BY(length, alignment) \
  ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
  (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), (alignment)))
#define ALIGN_DOWN_POINTER_BY(address, alignment) \
  ((PVOID)((ULONG_PTR)(address) & ~((ULONG_PTR)(alignment) - 1)))
#define ALIGN_UP_POINTER_BY(address, alignment) \
  (ALIGN_DOWN_POINTER_BY(((ULONG_PTR)(address) + (alignment) - 1), (alignment)))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type)   ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type)   ALIGN_UP_POINTER_BY(address, sizeof(type))

#if defined(_WIN64) || defined(__LP64__) || defined(_LP64) || UINTPTR_MAX > 0xffffffffu
#  define MEMORY_ALLOCATION_ALIGNMENT 16
#else
#  define MEMORY_ALLOCATION_ALIGNMENT 8
#endif

#define UNREFERENCED_PARAMETER(P)          ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P)      ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNREFERENCED_LOCAL_VARIABLE(V)     ((void)(V))

#if defined(__cplusplus)
#  define C_ASSERT(e) static_assert(e, #e)
#else
#  define C_ASSERT(e) _Static_assert(e, #e)
#endif

#define Int32x32To64(a, b)  (((LONGLONG)((LONG)(a))) * ((LONGLONG)((LONG)(b))))
#define UInt32x32To64(a, b) (((ULONGLONG)((ULONG)(a))) * ((ULONGLONG)((ULONG)(b))))

#define MAKELANGID(p, s) ((((USHORT)(s)) << 10) | (USHORT)(p))
#define LANG_NEUTRAL    0x00
#define SUBLANG_NEUTRAL 0x00
#define SUBLANG_DEFAULT 0x01

#include <guiddef.h>

#endif /* WMISIM_WDK_NTDEF_H */
