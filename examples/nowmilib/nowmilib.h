/*
 * nowmilib.h - the nowmilib board's interface to applications: the IOCTLs
 * that open and close acquisition channels. (The WMI interface is
 * nowmilib.mof.)
 */
#ifndef NOWMILIB_H
#define NOWMILIB_H

#include <wdm.h>

/* Opens a channel on a board input. Input: a ULONG, the input (0 to
 * DAQ_INPUT_COUNT - 1). Output: a ULONG, the channel's ID; its WMI
 * instance name is "Channel<ID>". */
#define IOCTL_DAQ_OPEN_CHANNEL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Closes a channel. Input: a ULONG, the channel's ID. */
#define IOCTL_DAQ_CLOSE_CHANNEL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define DAQ_INPUT_COUNT 16
#define DAQ_MAX_CHANNELS 64
#define DAQ_DEFAULT_SAMPLE_RATE 1000

#endif /* NOWMILIB_H */
