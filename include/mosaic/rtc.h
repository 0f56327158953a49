/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wall-clock time. At boot rtc_init() reads the PC's CMOS real-time clock
 * once (drivers/rtc/cmos.c); afterwards the time of day is that reading
 * plus the uptime, so inode timestamps are real dates without touching
 * the slow CMOS ports again. The RTC is taken to run in UTC, as Linux
 * assumes on a machine without a configured local-time offset.
 */
#ifndef _MOSAIC_RTC_H
#define _MOSAIC_RTC_H

#include <mosaic/time.h>
#include <mosaic/types.h>

/* A calendar time as the clock chip gives it (UTC). */
struct rtc_time {
	int year;		/* e.g. 2026 */
	int mon;		/* 1..12 */
	int mday;		/* 1..31 */
	int hour;		/* 0..23 */
	int min;
	int sec;
};

/*
 * Read the CMOS clock: waits (bounded) for an update not in progress and
 * reads until two reads agree. Returns 0, -EIO if the chip never settles
 * or gives an impossible date.
 */
int rtc_read_time(struct rtc_time *tm);

/* Seconds since 1970-01-01 00:00:00 UTC; -1 for an invalid date. */
s64 rtc_tm_to_unix(const struct rtc_time *tm);
bool rtc_valid_tm(const struct rtc_time *tm);

/* Read the clock once at boot; on failure the epoch (1970) is used. */
void rtc_init(void);

/* The time of day: the boot reading plus the uptime (ns resolution). */
void ktime_get_real_ts64(struct timespec64 *ts);
/* Wall-clock time minus monotonic time (constant: no clock_settime). */
s64 ktime_real_offset_ns(void);

/* The monotonic time at which the wall clock reads @real_ns (0 if past). */
static inline u64 ktime_real_to_mono_ns(u64 real_ns)
{
	s64 off = ktime_real_offset_ns();

	return (s64)real_ns > off ? (u64)((s64)real_ns - off) : 0;
}

#endif /* _MOSAIC_RTC_H */
