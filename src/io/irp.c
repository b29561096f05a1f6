/*
 * irp.c - IRP allocation, tracking records and IRP reuse.
 *
 * An IRP the I/O manager allocates is laid out as [tracking record][IRP]
 * [stack locations]; IRP.AllocationFlags marks it as tracked. The record's
 * reference count keeps the memory alive while a dispatch or completion
 * routine may still look at the IRP after a driver freed it, so the checks
 * that run after a routine returns never touch freed memory.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "core/sim.h"
#include "io/io.h"
#include "ke/thread.h"
#include "platform/atomic.h"

struct io_irp_block {
  struct io_irp_track track;
  _Alignas(16) IRP irp;  /* followed by the stack locations */
};

struct io_irp_track *io_irp_track_of(PIRP irp) {
  if (irp == NULL || ((uintptr_t)irp & 7) != 0 || !(irp->AllocationFlags & IRP_ALLOCATION_TRACKED)) return NULL;
  struct io_irp_block *block = CONTAINING_RECORD(irp, struct io_irp_block, irp);
  return block->track.magic == IRP_TRACK_MAGIC ? &block->track : NULL;
}

unsigned io_irp_home(PIRP irp) {
  const struct io_irp_track *track = io_irp_track_of(irp);
  if (track != NULL) return track->home;
  uint64_t address = (uint64_t)(uintptr_t)irp;
  return (unsigned)((address * 0x9e3779b97f4a7c15ull) >> 40);
}

static PIRP irp_of(struct io_irp_track *track) {
  return &CONTAINING_RECORD(track, struct io_irp_block, track)->irp;
}

void io_irp_retain(struct io_irp_track *track) {
  if (track != NULL) atomic_add_i32(&track->refs, 1);
}

/* IRPs are allocated and freed for every request: their memory cycles
 * through the thread's block cache. */
static void release_block(void *memory) {
  struct io_irp_block *block = memory;
  block->track.magic = 0;
  block->irp.AllocationFlags = 0;
  ke_cache_give(block, block->track.allocation_size);
}

struct wmisim *io_freed_irp_sim(const struct io_irp_track *track) {
  return sim_is_live(track->sim) ? track->sim : sim_current();
}

/* The last reference went after IoFreeIrp: the block stays in the
 * freeing thread's quarantine, still recognisable as a freed IRP, until
 * the thread has freed KE_QUARANTINE_SIZE more or its simulator ends
 * (io_destroy_state). */
static void quarantine_block(struct io_irp_track *track) {
  struct io_irp_block *block = CONTAINING_RECORD(track, struct io_irp_block, track);
  if (track->sim == NULL)
    release_block(block);
  else
    ke_quarantine(track->sim, block, release_block);
}

void io_irp_release(struct io_irp_track *track) {
  if (track == NULL) return;
  if (atomic_add_i32(&track->refs, -1) == 0) quarantine_block(track);
}

static void initialize_irp(PIRP irp, USHORT packet_size, CCHAR stack_size, UCHAR allocation_flags) {
  memset(irp, 0, packet_size);
  irp->Type = IO_TYPE_IRP;
  irp->Size = packet_size;
  irp->StackCount = stack_size;
  irp->CurrentLocation = (CHAR)(stack_size + 1);
  irp->ApcEnvironment = 0;
  irp->AllocationFlags = allocation_flags;
  InitializeListHead(&irp->ThreadListEntry);
  irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(irp + 1) + stack_size;
}

/* `step`: the virtual clock's step that goes with the IRP (sim_next_irp_id_stepping), or 0;
 * *before (if not NULL) receives the clock before it. */
static PIRP allocate_tracked(struct wmisim *sim, CCHAR stack_size, enum io_irp_origin origin, int64_t step,
                             int64_t *before) {
  if (stack_size < 1) stack_size = 1;
  USHORT packet = IoSizeOfIrp(stack_size);
  size_t total = offsetof(struct io_irp_block, irp) + packet;
  struct io_irp_block *block = ke_cache_alloc(total);
  if (block == NULL) return NULL;
  memset(&block->track, 0, sizeof block->track);
  block->track.magic = IRP_TRACK_MAGIC;
  block->track.origin = origin;
  block->track.sim = sim;
  block->track.id = sim != NULL ? sim_next_irp_id_stepping(sim, step, before) : 0;
  block->track.refs = 1;
  struct kthread *thread = ke_thread();
  block->track.owner = thread->driver;
  block->track.home = thread->shard;
  block->track.allocation_size = total;
  initialize_irp(&block->irp, packet, stack_size, IRP_ALLOCATION_TRACKED | IRP_ALLOCATED_FIXED_SIZE);
  return &block->irp;
}

PIRP io_allocate_irp_for(struct wmisim *sim, CCHAR stack_size, enum io_irp_origin origin) {
  return allocate_tracked(sim, stack_size, origin, 0, NULL);
}

PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota) {
  (void)ChargeQuota;
  struct kthread *thread = ke_thread();
  if (thread->irql > DISPATCH_LEVEL) check_irql_violation(sim_current(), "IoAllocateIrp", thread->irql, DISPATCH_LEVEL);
  if (StackSize < 1) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoAllocateIrp(StackSize %d)", StackSize);
    return NULL;
  }
  return allocate_tracked(sim_current(), StackSize, IRP_ORIGIN_ALLOCATED, 0, NULL);
}

PIRP io_allocate_sim_irp(struct wmisim *sim, CCHAR stack_size, io_final_completion_fn final, void *context,
                         int64_t clock_step, int64_t *clock_before) {
  PIRP irp = allocate_tracked(sim, stack_size, IRP_ORIGIN_SIMULATOR, clock_step, clock_before);
  if (irp == NULL) return NULL;
  struct io_irp_track *track = io_irp_track_of(irp);
  track->owner = NULL;
  track->final_completion = final;
  track->final_context = context;
  return irp;
}

static void mark_freed(struct io_irp_track *track) {
  atomic_store_release_i32(&track->freed, 1);
  io_irp_release(track);
}

void io_free_sim_irp(PIRP irp) {
  struct io_irp_track *track = io_irp_track_of(irp);
  if (track == NULL) return;
  /* Nothing retains an IRP the simulator sent (io_irp_needs_retain): its
   * own reference is the last one, no atomic operation needed. */
  if (atomic_load_i32(&track->refs) != 1) {
    mark_freed(track);
    return;
  }
  atomic_store_release_i32(&track->freed, 1);
  atomic_store_release_i32(&track->refs, 0);
  quarantine_block(track);
}

/* An IRP is in use while some driver below its originator owns it. */
static bool irp_in_use(PIRP irp, struct io_irp_track *track) {
  bool dispatched = irp->CurrentLocation <= irp->StackCount;
  bool completing = atomic_load_i32(&track->completions) > 0 && !atomic_load_i32(&track->finished) &&
                    irp->CurrentLocation <= irp->StackCount + 1;
  return dispatched && !completing;
}

VOID NTAPI IoFreeIrp(PIRP Irp) {
  struct io_irp_track *track = io_irp_track_of(Irp);
  struct wmisim *sim = track != NULL ? track->sim : sim_current();
  struct check_site site = {NULL, Irp, "IoFreeIrp"};
  if (track == NULL) {
    if (Irp != NULL && Irp->Type == IO_TYPE_IRP) return; /* the caller's own memory */
    check_report(sim, CHECK_BAD_PARAMETER, &site, "IoFreeIrp(%p): not an IRP", (void *)Irp);
    return;
  }
  if (atomic_load_i32(&track->freed)) {
    check_report(io_freed_irp_sim(track), CHECK_IRP_USE_AFTER_FREE, &site, "IRP #%llu freed twice",
                 (unsigned long long)track->id);
    return;
  }
  if (irp_in_use(Irp, track))
    check_report(sim, CHECK_IRP_FREE_IN_USE, &site, "IRP #%llu freed while stack location %d still owns it",
                 (unsigned long long)track->id, Irp->CurrentLocation);
  if (track->origin == IRP_ORIGIN_SIMULATOR) {
    check_report(sim, CHECK_IRP_FREE_IN_USE, &site, "IRP #%llu belongs to the simulator, not to the driver",
                 (unsigned long long)track->id);
    return;
  }
  mark_freed(track);
}

VOID NTAPI IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize) {
  if (Irp == NULL || PacketSize < IoSizeOfIrp(StackSize)) {
    check_report(sim_current(), CHECK_BAD_PARAMETER, NULL, "IoInitializeIrp: packet of %u bytes for %d locations",
                 PacketSize, StackSize);
    return;
  }
  initialize_irp(Irp, PacketSize, StackSize, 0);
}

VOID NTAPI IoReuseIrp(PIRP Irp, NTSTATUS Iostatus) {
  struct io_irp_track *track = io_irp_track_of(Irp);
  if (track == NULL) {
    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->IoStatus.Status = Iostatus;
    return;
  }
  struct check_site site = {NULL, Irp, "IoReuseIrp"};
  if (atomic_load_i32(&track->freed)) {
    check_report(io_freed_irp_sim(track), CHECK_IRP_USE_AFTER_FREE, &site, "IoReuseIrp on IRP #%llu after IoFreeIrp",
                 (unsigned long long)track->id);
    return;
  }
  if (track->origin != IRP_ORIGIN_ALLOCATED)
    check_report(track->sim, CHECK_BAD_PARAMETER, &site, "IoReuseIrp on IRP #%llu, which IoAllocateIrp did not allocate",
                 (unsigned long long)track->id);
  if (irp_in_use(Irp, track))
    check_report(track->sim, CHECK_IRP_FREE_IN_USE, &site, "IRP #%llu reused while a driver still owns it",
                 (unsigned long long)track->id);
  UCHAR flags = Irp->AllocationFlags;
  initialize_irp(Irp, Irp->Size, Irp->StackCount, flags);
  Irp->IoStatus.Status = Iostatus;
  track->completions = 0;
  track->finished = 0;
  track->completed_by = NULL;
  track->id = sim_next_irp_id(track->sim);
}

PIRP NTAPI IoMakeAssociatedIrp(PIRP Irp, CCHAR StackSize) {
  PIRP associated = allocate_tracked(sim_current(), StackSize, IRP_ORIGIN_ALLOCATED, 0, NULL);
  if (associated == NULL) return NULL;
  associated->Flags = IRP_ASSOCIATED_IRP;
  associated->AssociatedIrp.MasterIrp = Irp;
  associated->Tail.Overlay.Thread = Irp->Tail.Overlay.Thread;
  associated->RequestorMode = Irp->RequestorMode;
  return associated;
}

void io_irp_describe(PIRP irp, uint64_t *id, int *major, int *minor) {
  struct io_irp_track *track = io_irp_track_of(irp);
  *id = track != NULL ? track->id : 0;
  struct io_frame *frame = io_frame_for(irp);
  if (frame != NULL) {
    *major = frame->major;
    *minor = frame->minor;
  } else if (track != NULL && !atomic_load_i32(&track->freed) && irp->CurrentLocation >= 1 &&
             irp->CurrentLocation <= irp->StackCount) {
    *major = IoGetCurrentIrpStackLocation(irp)->MajorFunction;
    *minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
  }
}

PIRP io_irp_of_track(struct io_irp_track *track) {
  return irp_of(track);
}
