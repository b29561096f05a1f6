/*
 * mdl.c - memory descriptor lists. In user mode every buffer is resident
 * and mapped, so an MDL only records where its buffer is.
 */
#include <stdlib.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"

PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                         PIRP Irp) {
  (void)ChargeQuota;
  PMDL mdl = calloc(1, sizeof *mdl);
  if (mdl == NULL) return NULL;
  mdl->Size = (CSHORT)sizeof *mdl;
  mdl->StartVa = VirtualAddress;
  mdl->ByteOffset = 0;
  mdl->ByteCount = Length;
  mdl->MdlFlags = MDL_ALLOCATED_FIXED_SIZE;
  if (Irp != NULL) {
    if (!SecondaryBuffer) {
      mdl->Next = NULL;
      Irp->MdlAddress = mdl;
    } else {
      PMDL last = Irp->MdlAddress;
      while (last != NULL && last->Next != NULL) last = last->Next;
      if (last != NULL) last->Next = mdl; else Irp->MdlAddress = mdl;
    }
  }
  return mdl;
}

VOID NTAPI IoFreeMdl(PMDL Mdl) {
  free(Mdl);
}

VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList) {
  MemoryDescriptorList->MappedSystemVa = MmGetMdlVirtualAddress(MemoryDescriptorList);
  MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation) {
  (void)AccessMode;
  (void)Operation;
  MemoryDescriptorList->MdlFlags |= MDL_PAGES_LOCKED;
}

VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList) {
  MemoryDescriptorList->MdlFlags &= ~(CSHORT)MDL_PAGES_LOCKED;
}

PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
                                         MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress,
                                         ULONG BugCheckOnFailure, ULONG Priority) {
  (void)AccessMode;
  (void)CacheType;
  (void)RequestedAddress;
  (void)BugCheckOnFailure;
  (void)Priority;
  MemoryDescriptorList->MappedSystemVa = MmGetMdlVirtualAddress(MemoryDescriptorList);
  MemoryDescriptorList->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
  return MemoryDescriptorList->MappedSystemVa;
}

VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList) {
  (void)BaseAddress;
  MemoryDescriptorList->MdlFlags &= ~(CSHORT)MDL_MAPPED_TO_SYSTEM_VA;
}

BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress) {
  return VirtualAddress != NULL ? TRUE : FALSE;
}
