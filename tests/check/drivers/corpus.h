/*
 * corpus.h - the deliberately buggy drivers of the checking-mode corpus:
 * one per rule, each cdrv (cdrv.h) with one routine replaced by a routine
 * that breaks the rule the way real drivers do.
 *
 * Each drivers/<Rule>.c defines a `const struct corpus_driver` that says
 * how to run it and what the checking mode must report;
 * test_check_corpus.c runs every one of them.
 */
#ifndef WMISIM_TESTS_CHECK_CORPUS_H
#define WMISIM_TESTS_CHECK_CORPUS_H

#include "cdrv.h"

/* Where the buggy driver sits in the device's stack. */
enum corpus_role {
  CORPUS_FUNCTION,     /* it is the function driver */
  CORPUS_UPPER_FILTER  /* it filters above a correct cdrv */
};

/* What the test does to make the driver break its rule. */
enum corpus_scenario {
  CORPUS_START,            /* only start the device: `status` is what starting it returns */
  CORPUS_QUERY_ALL,        /* query all data of CDRV_DATA_GUID */
  CORPUS_QUERY_SINGLE,     /* query instance 0 of CDRV_DATA_GUID */
  CORPUS_SET_ITEM,         /* set item CDRV_ITEM_THRESHOLD of instance 0 */
  CORPUS_SET_BAD_ITEM,     /* set item 7, which the block does not have */
  CORPUS_METHOD,           /* run method CDRV_METHOD_ADD on instance 0 */
  CORPUS_SUBSCRIBE,        /* subscribe to CDRV_EVENT_GUID (cdrv fires it at enable) */
  CORPUS_SURPRISE_REMOVE,  /* surprise removal, then removal */
  CORPUS_REMOVE,           /* orderly removal */
  CORPUS_UNLOAD,           /* removal, then the driver is unloaded */
  CORPUS_SYSTEM_POWER      /* a system power IRP (S0) down the stack */
};

struct corpus_driver {
  const char *rule;               /* the rule id the driver breaks */
  const char *bug;                /* what it does wrong, in a line */
  PDRIVER_INITIALIZE entry;
  enum corpus_role role;
  PDRIVER_INITIALIZE lower;       /* CORPUS_UPPER_FILTER: the function driver below (NULL: cdrv) */
  enum corpus_scenario scenario;
  NTSTATUS status;                /* what the scenario's consumer call (or PnP call) returns */
  const char *routine;            /* the violation's routine */
  int major, minor;               /* the violation's codes, -1 for none */
  bool names_irp;                 /* the violation names an IRP */
  bool mof;                       /* the scenario runs with cdrv.mof attached */
  const char *also;               /* a second rule the same fault breaks, or NULL */
};

#define CORPUS_DRIVERS(X)                                                                                      \
  X(WmiComplete)                                                                                               \
  X(WmiForward)                                                                                                \
  X(WmiCompletedByNonProvider)                                                                                 \
  X(WmiStatusNotPreset)                                                                                        \
  X(DoubleCompletion)                                                                                          \
  X(CompleteWithPendingStatus)                                                                                 \
  X(MarkIrpPending2)                                                                                           \
  X(MarkIrpPending)                                                                                            \
  X(CompleteRequestStatusCheck)                                                                                \
  X(LowerDriverReturn)                                                                                         \
  X(IrpProcessingComplete)                                                                                     \
  X(InformationTooLarge)                                                                                       \
  X(WmiBufferOverrun)                                                                                          \
  X(WmiMalformedWnode)                                                                                         \
  X(WmiDataSchema)                                                                                             \
  X(IrqlIoPassive5)                                                                                            \
  X(WmiDeregisterInDispatch)                                                                                   \
  X(WmiSurpriseRemoveDeregister)                                                                             \
  X(WmiDoubleDeregister)                                                                                       \
  X(WmiDeleteRegisteredDevice)                                                                                 \
  X(WmiEventTooLarge)                                                                                          \
  X(WmiEventUnregisteredGuid)                                                                                  \
  X(WmiEventIrql)                                                                                              \
  X(RemoveLockReleaseSystemControl)                                                                            \
  X(IrqlNotRestored)                                                                                           \
  X(CompletionPendingPropagation)                                                                              \
  X(CompletionRoutineMisuse)                                                                                   \
  X(CompleteWithCancelRoutine)                                                                                 \
  X(ForwardWithCancelRoutine)                                                                                  \
  X(PoolLeakAtUnload)

#define CORPUS_DECLARE(rule) extern const struct corpus_driver corpus_##rule;
CORPUS_DRIVERS(CORPUS_DECLARE)
#undef CORPUS_DECLARE

#endif /* WMISIM_TESTS_CHECK_CORPUS_H */
