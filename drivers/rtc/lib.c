// SPDX-License-Identifier: GPL-2.0
/* Calendar arithmetic for RTC readings (freestanding). */
#include <mosaic/rtc.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int year, int mon)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30,
						31, 31, 30, 31, 30, 31 };

	return days[mon - 1] + (mon == 2 && is_leap(year));
}

bool rtc_valid_tm(const struct rtc_time *tm)
{
	return tm->year >= 1970 && tm->year <= 9999 && tm->mon >= 1 &&
	       tm->mon <= 12 && tm->mday >= 1 &&
	       tm->mday <= month_days(tm->year, tm->mon) && tm->hour >= 0 &&
	       tm->hour <= 23 && tm->min >= 0 && tm->min <= 59 &&
	       tm->sec >= 0 && tm->sec <= 59;
}

/* Days from 1970-01-01 to year-mon-mday (the proleptic Gregorian calendar). */
static s64 days_since_epoch(int year, int mon, int mday)
{
	/* Count years from March, so the leap day is the last of a "year". */
	s64 y = year - (mon <= 2);
	s64 era = y / 400;
	s64 yoe = y - era * 400;
	s64 doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	s64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

s64 rtc_tm_to_unix(const struct rtc_time *tm)
{
	if (!rtc_valid_tm(tm))
		return -1;
	return days_since_epoch(tm->year, tm->mon, tm->mday) * 86400 +
	       tm->hour * 3600 + tm->min * 60 + tm->sec;
}
