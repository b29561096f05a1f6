/*
 * sensor.h - the disk's temperature sensor, as the disktemp driver sees it.
 *
 * On a real disk the driver would read the sensor through the device's
 * registers or a command to the drive. This example has no disk, so the
 * sensor is a value in memory: the driver only ever reads it
 * (DiskTempSensorRead), and whatever plays the hardware (a test, a demo)
 * changes it with DiskTempSensorSet. Nothing in the driver knows which.
 */
#ifndef DISKTEMP_SENSOR_H
#define DISKTEMP_SENSOR_H

#include <wdm.h>

/* What the sensor reads before anything sets it, in degrees Celsius. */
#define DISKTEMP_SENSOR_INITIAL_CELSIUS 35

/* The temperature the sensor reads now, in degrees Celsius. Any IRQL. */
LONG DiskTempSensorRead(VOID);

/* Makes the sensor read `Celsius` from now on. Any IRQL. */
VOID DiskTempSensorSet(LONG Celsius);

#endif /* DISKTEMP_SENSOR_H */
