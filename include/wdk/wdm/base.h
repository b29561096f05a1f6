/*
 * wdm/base.h - access rights, IRQLs, list and interlocked primitives.
 *
 * Part of wmisim's <wdm.h>; include <wdm.h> rather than this file.
 */
#ifndef WMISIM_WDM_BASE_H
#define WMISIM_WDM_BASE_H

/* ---- access rights ------------------------------------------------------------ */

#define DELETE                   0x00010000L
#define READ_CONTROL             0x00020000L
#define WRITE_DAC                0x00040000L
#define WRITE_OWNER              0x00080000L
#ifndef SYNCHRONIZE
#define SYNCHRONIZE              0x00100000L
#endif
#define STANDARD_RIGHTS_REQUIRED 0x000F0000L
#ifndef STANDARD_RIGHTS_READ
#define STANDARD_RIGHTS_READ     READ_CONTROL
#endif
#define STANDARD_RIGHTS_WRITE    READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE  READ_CONTROL
#define STANDARD_RIGHTS_ALL      0x001F0000L
#define SPECIFIC_RIGHTS_ALL      0x0000FFFFL
#define ACCESS_SYSTEM_SECURITY   0x01000000L
#define MAXIMUM_ALLOWED          0x02000000L
#define GENERIC_READ             0x80000000L
#define GENERIC_WRITE            0x40000000L
#define GENERIC_EXECUTE          0x20000000L
#define GENERIC_ALL              0x10000000L

#define KEY_QUERY_VALUE        0x0001
#define KEY_SET_VALUE          0x0002
#define KEY_CREATE_SUB_KEY     0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY             0x0010
#define KEY_CREATE_LINK        0x0020
#define KEY_WOW64_32KEY        0x0200
#define KEY_WOW64_64KEY        0x0100
#define KEY_READ  ((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY) & (~SYNCHRONIZE))
#define KEY_WRITE ((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY) & (~SYNCHRONIZE))
#define KEY_EXECUTE (KEY_READ & (~SYNCHRONIZE))
#define KEY_ALL_ACCESS ((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY | \
                         KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY | KEY_CREATE_LINK) & (~SYNCHRONIZE))

#define FILE_ANY_ACCESS     0
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS    0x0001
#define FILE_WRITE_ACCESS   0x0002
#define FILE_READ_DATA      0x0001
#define FILE_WRITE_DATA     0x0002
#define FILE_APPEND_DATA    0x0004
#define FILE_READ_EA        0x0008
#define FILE_WRITE_EA       0x0010
#define FILE_EXECUTE        0x0020
#define FILE_READ_ATTRIBUTES  0x0080
#define FILE_WRITE_ATTRIBUTES 0x0100
#define FILE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF)
#define FILE_GENERIC_READ (STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                            FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_SHARE_READ   0x00000001
#define FILE_SHARE_WRITE  0x00000002
#define FILE_SHARE_DELETE 0x00000004

/* ---- IRQL and processor mode ------------------------------------------------------ */

#define PASSIVE_LEVEL  0
#define LOW_LEVEL      0
#define APC_LEVEL      1
#define DISPATCH_LEVEL 2
#if defined(_X86_)
#  define CMCI_LEVEL    5
#  define PROFILE_LEVEL 27
#  define CLOCK1_LEVEL  28
#  define CLOCK2_LEVEL  28
#  define CLOCK_LEVEL   28
#  define IPI_LEVEL     29
#  define POWER_LEVEL   30
#  define HIGH_LEVEL    31
#else
#  define CMCI_LEVEL    5
#  define CLOCK_LEVEL   13
#  define IPI_LEVEL     14
#  define DRS_LEVEL     14
#  define POWER_LEVEL   14
#  define PROFILE_LEVEL 15
#  define HIGH_LEVEL    15
#endif
#define SYNCH_LEVEL (IPI_LEVEL - 2)

typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

typedef enum _KWAIT_REASON {
  Executive, FreePage, PageIn, PoolAllocation, DelayExecution, Suspended, UserRequest,
  WrExecutive, WrFreePage, WrPageIn, WrPoolAllocation, WrDelayExecution, WrSuspended,
  WrUserRequest, WrEventPair, WrQueue, WrLpcReceive, WrLpcReply, WrVirtualMemory,
  WrPageOut, WrRendezvous, WrKeyedEvent, WrTerminated, WrProcessInSwap, WrCpuRateControl,
  WrCalloutStack, WrKernel, WrResource, WrPushLock, WrMutex, WrQuantumEnd, WrDispatchInt,
  WrPreempted, WrYieldExecution, WrFastMutex, WrGuardedMutex, WrRundown, MaximumWaitReason
} KWAIT_REASON;

/* KeSetEvent/KeReleaseSemaphore priority increments. */
#define IO_NO_INCREMENT         0
#define IO_CD_ROM_INCREMENT     1
#define IO_DISK_INCREMENT       1
#define IO_KEYBOARD_INCREMENT   6
#define IO_MAILSLOT_INCREMENT   2
#define IO_MOUSE_INCREMENT      6
#define IO_NAMED_PIPE_INCREMENT 2
#define IO_NETWORK_INCREMENT    2
#define IO_PARALLEL_INCREMENT   1
#define IO_SERIAL_INCREMENT     2
#define IO_SOUND_INCREMENT      8
#define IO_VIDEO_INCREMENT      1
#define SEMAPHORE_INCREMENT     1
#define EVENT_INCREMENT         1

/* ---- doubly and singly linked lists (Windows' inline routines) --------------------- */

/* A corrupt list is a bug check (0x139) on Windows; wmisim reports it too. */
NTKERNELAPI DECLSPEC_NORETURN VOID NTAPI RtlFailFast(ULONG Code);
#define FAST_FAIL_CORRUPT_LIST_ENTRY 3

FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead) {
  ListHead->Flink = ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead) {
  return (BOOLEAN)(ListHead->Flink == ListHead);
}

FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry) {
  PLIST_ENTRY Next = Entry->Flink, Prev = Entry->Blink;
  if (Next->Blink != Entry || Prev->Flink != Entry) RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
  Prev->Flink = Next;
  Next->Blink = Prev;
  return (BOOLEAN)(Prev == Next);
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead) {
  PLIST_ENTRY Entry = ListHead->Flink, Next = Entry->Flink;
  if (Entry->Blink != ListHead || Next->Blink != Entry) RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
  ListHead->Flink = Next;
  Next->Blink = ListHead;
  return Entry;
}

FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead) {
  PLIST_ENTRY Entry = ListHead->Blink, Prev = Entry->Blink;
  if (Entry->Flink != ListHead || Prev->Flink != Entry) RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
  ListHead->Blink = Prev;
  Prev->Flink = ListHead;
  return Entry;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
  PLIST_ENTRY Prev = ListHead->Blink;
  if (Prev->Flink != ListHead) RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
  Entry->Flink = ListHead;
  Entry->Blink = Prev;
  Prev->Flink = Entry;
  ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
  PLIST_ENTRY Next = ListHead->Flink;
  if (Next->Blink != ListHead) RtlFailFast(FAST_FAIL_CORRUPT_LIST_ENTRY);
  Entry->Flink = Next;
  Entry->Blink = ListHead;
  Next->Blink = Entry;
  ListHead->Flink = Entry;
}

FORCEINLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend) {
  PLIST_ENTRY ListEnd = ListHead->Blink;
  ListHead->Blink->Flink = ListToAppend;
  ListHead->Blink = ListToAppend->Blink;
  ListToAppend->Blink->Flink = ListHead;
  ListToAppend->Blink = ListEnd;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead) {
  PSINGLE_LIST_ENTRY FirstEntry = ListHead->Next;
  if (FirstEntry != NULL) ListHead->Next = FirstEntry->Next;
  return FirstEntry;
}

FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry) {
  Entry->Next = ListHead->Next;
  ListHead->Next = Entry;
}

/* ---- interlocked operations ------------------------------------------------------------ */

#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
/* The intrinsics take `long`, Windows' 32-bit long; LONG here is int32_t. */
#define InterlockedIncrement(a)             _InterlockedIncrement((long volatile *)(a))
#define InterlockedDecrement(a)             _InterlockedDecrement((long volatile *)(a))
#define InterlockedExchange(t, v)           _InterlockedExchange((long volatile *)(t), (long)(v))
#define InterlockedExchangeAdd(a, v)        _InterlockedExchangeAdd((long volatile *)(a), (long)(v))
#define InterlockedCompareExchange(d, e, c) _InterlockedCompareExchange((long volatile *)(d), (long)(e), (long)(c))
#define InterlockedOr(d, v)                 _InterlockedOr((long volatile *)(d), (long)(v))
#define InterlockedAnd(d, v)                _InterlockedAnd((long volatile *)(d), (long)(v))
#define InterlockedXor(d, v)                _InterlockedXor((long volatile *)(d), (long)(v))
#define InterlockedCompareExchange64        _InterlockedCompareExchange64
#if defined(_M_IX86)
/* 32-bit x86 has only the 64-bit compare-exchange; the WDK builds the other
 * 64-bit operations from it, and pointers are 32 bits there. */
FORCEINLINE LONG64 WmisimInterlockedExchangeAdd64_(LONG64 volatile *Addend, LONG64 Value) {
  LONG64 old;
  do {
    old = *Addend;
  } while (_InterlockedCompareExchange64(Addend, old + Value, old) != old);
  return old;
}
FORCEINLINE LONG64 WmisimInterlockedExchange64_(LONG64 volatile *Target, LONG64 Value) {
  LONG64 old;
  do {
    old = *Target;
  } while (_InterlockedCompareExchange64(Target, Value, old) != old);
  return old;
}
#define InterlockedExchangeAdd64(a, v) WmisimInterlockedExchangeAdd64_((a), (v))
#define InterlockedIncrement64(a)      (WmisimInterlockedExchangeAdd64_((a), 1) + 1)
#define InterlockedDecrement64(a)      (WmisimInterlockedExchangeAdd64_((a), -1) - 1)
#define InterlockedExchange64(t, v)    WmisimInterlockedExchange64_((t), (v))
#define InterlockedExchangePointer(t, v) \
  ((PVOID)(LONG_PTR)_InterlockedExchange((long volatile *)(t), (long)(LONG_PTR)(v)))
#define InterlockedCompareExchangePointer(d, e, c)                                   \
  ((PVOID)(LONG_PTR)_InterlockedCompareExchange((long volatile *)(d), (long)(LONG_PTR)(e), \
                                                (long)(LONG_PTR)(c)))
#else
#define InterlockedIncrement64             _InterlockedIncrement64
#define InterlockedDecrement64             _InterlockedDecrement64
#define InterlockedExchange64              _InterlockedExchange64
#define InterlockedExchangeAdd64           _InterlockedExchangeAdd64
#define InterlockedExchangePointer         _InterlockedExchangePointer
#define InterlockedCompareExchangePointer  _InterlockedCompareExchangePointer
#endif
#define KeMemoryBarrierWithoutFence() _ReadWriteBarrier()
#if defined(_M_ARM64) || defined(_M_ARM)
#define KeMemoryBarrier() __dmb(0xB) /* inner shareable, as the WDK's */
#else
#define KeMemoryBarrier() _mm_mfence()
#endif
#else
#define WMISIM_ATOMIC_ __ATOMIC_SEQ_CST
FORCEINLINE LONG InterlockedIncrement(LONG volatile *Addend) {
  return __atomic_add_fetch(Addend, 1, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedDecrement(LONG volatile *Addend) {
  return __atomic_sub_fetch(Addend, 1, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedExchange(LONG volatile *Target, LONG Value) {
  return __atomic_exchange_n(Target, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value) {
  return __atomic_fetch_add(Addend, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange, LONG Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WMISIM_ATOMIC_, WMISIM_ATOMIC_);
  return Comparand;
}
FORCEINLINE LONG InterlockedOr(LONG volatile *Destination, LONG Value) {
  return __atomic_fetch_or(Destination, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedAnd(LONG volatile *Destination, LONG Value) {
  return __atomic_fetch_and(Destination, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG InterlockedXor(LONG volatile *Destination, LONG Value) {
  return __atomic_fetch_xor(Destination, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG64 InterlockedIncrement64(LONG64 volatile *Addend) {
  return __atomic_add_fetch(Addend, 1, WMISIM_ATOMIC_);
}
FORCEINLINE LONG64 InterlockedDecrement64(LONG64 volatile *Addend) {
  return __atomic_sub_fetch(Addend, 1, WMISIM_ATOMIC_);
}
FORCEINLINE LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value) {
  return __atomic_exchange_n(Target, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value) {
  return __atomic_fetch_add(Addend, Value, WMISIM_ATOMIC_);
}
FORCEINLINE LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 Exchange,
                                                LONG64 Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WMISIM_ATOMIC_, WMISIM_ATOMIC_);
  return Comparand;
}
FORCEINLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value) {
  return __atomic_exchange_n(Target, Value, WMISIM_ATOMIC_);
}
FORCEINLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange,
                                                    PVOID Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WMISIM_ATOMIC_, WMISIM_ATOMIC_);
  return Comparand;
}
#define KeMemoryBarrier()      __sync_synchronize()
#define KeMemoryBarrierWithoutFence() __asm__ __volatile__("" ::: "memory")
#endif
#define InterlockedIncrementAcquire       InterlockedIncrement
#define InterlockedIncrementRelease       InterlockedIncrement
#define InterlockedDecrementAcquire       InterlockedDecrement
#define InterlockedDecrementRelease       InterlockedDecrement
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
/* SIZE_T is pointer-sized: 32-bit operations on 32-bit targets. */
#if defined(_WIN64) || defined(_AMD64_) || defined(_ARM64_)
#define InterlockedExchangeAddSizeT(a, b) \
  ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))
#else
#define InterlockedExchangeAddSizeT(a, b) ((SIZE_T)InterlockedExchangeAdd((LONG volatile *)(a), (LONG)(b)))
#define InterlockedIncrementSizeT(a)      ((SIZE_T)InterlockedIncrement((LONG volatile *)(a)))
#define InterlockedDecrementSizeT(a)      ((SIZE_T)InterlockedDecrement((LONG volatile *)(a)))
#endif

#define ReadNoFence(p)         (*(volatile LONG *)(p))
#define WriteNoFence(p, v)     (*(volatile LONG *)(p) = (v))
#define ReadAcquire(p)         InterlockedOr((LONG volatile *)(p), 0)
#define ReadPointerAcquire(p)  InterlockedCompareExchangePointer((PVOID volatile *)(p), NULL, NULL)
#define MemoryBarrier()        KeMemoryBarrier()
#define YieldProcessor()       ((void)0)

/* ---- device types and I/O control codes ------------------------------------------------- */

#define FILE_DEVICE_BEEP                0x00000001
#define FILE_DEVICE_CD_ROM              0x00000002
#define FILE_DEVICE_CONTROLLER          0x00000004
#define FILE_DEVICE_DISK                0x00000007
#define FILE_DEVICE_FILE_SYSTEM         0x00000009
#define FILE_DEVICE_KEYBOARD            0x0000000b
#define FILE_DEVICE_MOUSE               0x0000000f
#define FILE_DEVICE_NETWORK             0x00000012
#define FILE_DEVICE_NULL                0x00000015
#define FILE_DEVICE_PARALLEL_PORT       0x00000016
#define FILE_DEVICE_PRINTER             0x00000018
#define FILE_DEVICE_SERIAL_PORT         0x0000001b
#define FILE_DEVICE_SCREEN              0x0000001c
#define FILE_DEVICE_SOUND               0x0000001d
#define FILE_DEVICE_UNKNOWN             0x00000022
#define FILE_DEVICE_VIDEO               0x00000023
#define FILE_DEVICE_8042_PORT           0x00000027
#define FILE_DEVICE_BATTERY             0x00000029
#define FILE_DEVICE_BUS_EXTENDER        0x0000002a
#define FILE_DEVICE_MASS_STORAGE        0x0000002d
#define FILE_DEVICE_ACPI                0x00000032

#define METHOD_BUFFERED   0
#define METHOD_IN_DIRECT  1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER    3

#define CTL_CODE(DeviceType, Function, Method, Access) \
  (((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode) (((ULONG)((ctrlCode) & 0xffff0000)) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode)      ((ULONG)((ctrlCode) & 3))
#define IoGetFunctionCodeFromCtlCode(ControlCode) (((ControlCode) >> 2) & 0x00000FFF)

#endif /* WMISIM_WDM_BASE_H */
