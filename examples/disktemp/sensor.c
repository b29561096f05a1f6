/*
 * sensor.c - the stand-in for the disk's temperature sensor (see sensor.h).
 */
#include "sensor.h"

static volatile LONG SensorCelsius = DISKTEMP_SENSOR_INITIAL_CELSIUS;

LONG DiskTempSensorRead(VOID) {
  /* An interlocked read: the sensor changes under a running poll. */
  return InterlockedCompareExchange(&SensorCelsius, 0, 0);
}

VOID DiskTempSensorSet(LONG Celsius) {
  InterlockedExchange(&SensorCelsius, Celsius);
}
