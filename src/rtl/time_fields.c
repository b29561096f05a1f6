/*
 * time_fields.c - RtlTimeToTimeFields and RtlTimeFieldsToTime: system time
 * (100 ns units since 1601-01-01, Gregorian calendar) to and from fields.
 */
#include <wdm.h>

#include <stdbool.h>

#include "rtl/rtl_internal.h"

#define TICKS_PER_MILLISECOND 10000LL
#define MILLISECONDS_PER_DAY 86400000LL
#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524 /* the first three centuries of a 400-year cycle from 1601 */
#define DAYS_PER_4_YEARS 1461
#define LAST_YEAR 30827          /* the last whole year a LARGE_INTEGER time reaches */

static bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* 1601 begins a 400-year cycle, so the cycle arithmetic needs no offset.
 * A negative time (before 1601) is given as 1601-01-01 00:00:00.000. */
VOID NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields) {
  if (Time == NULL || TimeFields == NULL) {
    rtl_bad_call("RtlTimeToTimeFields", "%s is NULL", Time == NULL ? "Time" : "TimeFields");
    return;
  }
  LONGLONG ticks = Time->QuadPart < 0 ? 0 : Time->QuadPart;
  LONGLONG milliseconds = ticks / TICKS_PER_MILLISECOND;
  LONGLONG days = milliseconds / MILLISECONDS_PER_DAY;
  LONGLONG in_day = milliseconds % MILLISECONDS_PER_DAY;
  TimeFields->Weekday = (CSHORT)((days + 1) % 7); /* 1601-01-01 was a Monday */
  int year = 1601 + (int)(days / DAYS_PER_400_YEARS) * 400;
  int d = (int)(days % DAYS_PER_400_YEARS);
  int centuries = d / DAYS_PER_100_YEARS < 3 ? d / DAYS_PER_100_YEARS : 3;
  d -= centuries * DAYS_PER_100_YEARS;
  year += centuries * 100 + d / DAYS_PER_4_YEARS * 4;
  d %= DAYS_PER_4_YEARS;
  int years = d / 365 < 3 ? d / 365 : 3;
  d -= years * 365;
  year += years;
  int month = 1;
  while (d >= days_in_month(year, month)) d -= days_in_month(year, month++);
  TimeFields->Year = (CSHORT)year;
  TimeFields->Month = (CSHORT)month;
  TimeFields->Day = (CSHORT)(d + 1);
  TimeFields->Hour = (CSHORT)(in_day / 3600000);
  TimeFields->Minute = (CSHORT)(in_day / 60000 % 60);
  TimeFields->Second = (CSHORT)(in_day / 1000 % 60);
  TimeFields->Milliseconds = (CSHORT)(in_day % 1000);
}

static bool valid_fields(const TIME_FIELDS *f) {
  return f->Year >= 1601 && f->Year <= LAST_YEAR && f->Month >= 1 && f->Month <= 12 && f->Day >= 1 &&
         f->Day <= days_in_month(f->Year, f->Month) && f->Hour >= 0 && f->Hour < 24 && f->Minute >= 0 &&
         f->Minute < 60 && f->Second >= 0 && f->Second < 60 && f->Milliseconds >= 0 && f->Milliseconds < 1000;
}

/* Weekday is ignored; any other field out of range gives FALSE and leaves
 * *Time unchanged. */
BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time) {
  if (Time == NULL || TimeFields == NULL) {
    rtl_bad_call("RtlTimeFieldsToTime", "%s is NULL", Time == NULL ? "Time" : "TimeFields");
    return FALSE;
  }
  if (!valid_fields(TimeFields)) return FALSE;
  LONGLONG years = TimeFields->Year - 1601;
  LONGLONG days = years * 365 + years / 4 - years / 100 + years / 400;
  for (int month = 1; month < TimeFields->Month; month++) days += days_in_month(TimeFields->Year, month);
  days += TimeFields->Day - 1;
  LONGLONG milliseconds = days * MILLISECONDS_PER_DAY + TimeFields->Hour * 3600000LL + TimeFields->Minute * 60000LL +
                          TimeFields->Second * 1000LL + TimeFields->Milliseconds;
  Time->QuadPart = milliseconds * TICKS_PER_MILLISECOND;
  return TRUE;
}
