/*
 * guiddef.h - GUID, DEFINE_GUID and GUID comparison.
 *
 * Part of wmisim's WDK-compatible headers. A GUID has Windows' memory layout:
 * Data1, Data2 and Data3 are stored little-endian, as native integers on
 * every host wmisim supports. DEFINE_GUID declares the GUID; after
 * <initguid.h> it defines it, and a definition in several translation units
 * links once (selectany on Windows, a weak symbol elsewhere).
 */
#ifndef WMISIM_WDK_GUIDDEF_H
#define WMISIM_WDK_GUIDDEF_H

#include <stdint.h>
#include <string.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
  uint32_t Data1;
  unsigned short Data2;
  unsigned short Data3;
  unsigned char Data4[8];
} GUID;
#endif

typedef GUID *LPGUID, *PGUID;
typedef const GUID *LPCGUID, *PCGUID;
typedef GUID IID, CLSID, UUID, FMTID;
typedef GUID *LPIID, *LPCLSID;
#define REFGUID const GUID *
#define REFIID  const IID *
#define REFCLSID const CLSID *
#define REFFMTID const FMTID *

#define IsEqualGUID(a, b)       (memcmp((a), (b), sizeof(GUID)) == 0)
#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)
#define IsEqualIID(a, b)        IsEqualGUID(a, b)
#define IsEqualCLSID(a, b)      IsEqualGUID(a, b)

#define DEFINE_OLEGUID(name, l, w1, w2) \
  DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
#define DEFINE_GUIDEX(name) extern const GUID name
#define DEFINE_GUIDSTRUCT(g, n) DEFINE_GUIDEX(n)
#define DEFINE_GUIDNAMED(n) n

#endif /* WMISIM_WDK_GUIDDEF_H */

/* Outside the include guard: <initguid.h> re-includes this file to switch
 * DEFINE_GUID from declaring to defining. */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#  if defined(_MSC_VER)
#    define WMISIM_GUID_SELECTANY_ __declspec(selectany)
#  elif defined(_WIN32)
#    define WMISIM_GUID_SELECTANY_ __attribute__((selectany))
#  else
#    define WMISIM_GUID_SELECTANY_ __attribute__((weak))
#  endif
#  define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
     const GUID WMISIM_GUID_SELECTANY_ name =                           \
       { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#  define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
     extern const GUID name
#endif
