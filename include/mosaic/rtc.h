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

#include <mosaic/types.h>

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

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

/* The time of day: the boot reading plus the uptime. */
void ktime_get_real_ts64(struct timespec64 *ts);

#endif /* _MOSAIC_RTC_H */
