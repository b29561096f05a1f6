/*
 * wmisim.h - everything of wmisim's own API.
 *
 * wmisim is a user-mode simulator of the Windows WMI kernel component and
 * the parts of the kernel around it. Driver code includes the
 * WDK-compatible headers (<wdm.h>, <wmilib.h>, ...); tests and tools
 * include this file to create simulators, add drivers and devices, act as
 * WMI consumers, check rules and trace IRPs. See README.md and docs/.
 */
#ifndef WMISIM_H
#define WMISIM_H

#include <wmisim/sim.h>
#include <wmisim/check.h>
#include <wmisim/trace.h>
#include <wmisim/consumer.h>
#include <wmisim/wnode.h>
#include <wmisim/registry.h>
#include <wmisim/format.h>
#include <wmisim/stress.h>

#define WMISIM_VERSION_MAJOR 0
#define WMISIM_VERSION_MINOR 1
#define WMISIM_VERSION_PATCH 0
#define WMISIM_VERSION_STRING "0.1.0"

#endif /* WMISIM_H */
