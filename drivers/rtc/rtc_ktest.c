// SPDX-License-Identifier: GPL-2.0
/* ktest suite `rtc`: the CMOS clock gives a real, steady date. */
#include <mosaic/ktest.h>
#include <mosaic/rtc.h>
#include <mosaic/sched.h>
#include <mosaic/timer.h>

static void test_date_is_plausible(struct ktest *t)
{
	struct rtc_time tm;

	KT_ASSERT(t, rtc_read_time(&tm) == 0);
	ktest_log(t, "RTC %04d-%02d-%02d %02d:%02d:%02d", tm.year, tm.mon,
		  tm.mday, tm.hour, tm.min, tm.sec);
	KT_EXPECT(t, tm.year >= 2024);
	KT_EXPECT(t, rtc_valid_tm(&tm));
}

/* Two reads a moment apart differ by the time between them, not more. */
static void test_two_reads_consistent(struct ktest *t)
{
	struct rtc_time a, b;
	u64 start = uptime_ms();
	s64 ua, ub;

	KT_ASSERT(t, rtc_read_time(&a) == 0);
	sleep_ticks(ms_to_ticks(100));
	KT_ASSERT(t, rtc_read_time(&b) == 0);
	ua = rtc_tm_to_unix(&a);
	ub = rtc_tm_to_unix(&b);
	KT_EXPECT(t, ub >= ua);
	KT_EXPECT(t, ub - ua <= (s64)((uptime_ms() - start) / 1000) + 2);
}

/*
 * The time of day is the boot reading plus the uptime: it advances with
 * the clock source, and stays near the chip (emulators may lose ticks
 * under load, so "near" is the same hour, not the same second). The clock
 * source is the TSC, calibrated against the PIT; under a loaded TCG host
 * the two disagree by tens of percent, so 200 ms of ticks only promises
 * that time moved on, not by how much.
 */
static void test_wallclock_follows_rtc(struct ktest *t)
{
	struct timespec64 a, b;
	struct rtc_time tm;
	s64 elapsed_ms, drift;
	u64 a_before, a_after, b_before, b_after;

	KT_ASSERT(t, rtc_read_time(&tm) == 0);
	a_before = uptime_ms();
	ktime_get_real_ts64(&a);
	a_after = uptime_ms();
	drift = a.tv_sec - rtc_tm_to_unix(&tm);
	KT_EXPECT(t, drift <= 3600 && drift >= -3600);
	sleep_ticks(ms_to_ticks(200));
	b_before = uptime_ms();
	ktime_get_real_ts64(&b);
	b_after = uptime_ms();
	elapsed_ms = (b.tv_sec - a.tv_sec) * 1000 +
		     (b.tv_nsec - a.tv_nsec) / 1000000;
	/*
	 * Both come from the clock source. Each reading is bracketed by two
	 * uptimes (a tick may come between any two calls), and each delta
	 * rounds down to a millisecond once.
	 */
	KT_EXPECT(t, elapsed_ms >= (s64)(b_before - a_after) - 1);
	KT_EXPECT(t, elapsed_ms <= (s64)(b_after - a_before) + 1);
	KT_EXPECT(t, elapsed_ms > 0);
	KT_EXPECT(t, b.tv_nsec >= 0 && b.tv_nsec < 1000000000L);
}

static void test_calendar_conversion(struct ktest *t)
{
	struct rtc_time epoch = { 1970, 1, 1, 0, 0, 0 };
	struct rtc_time leap = { 2024, 2, 29, 12, 34, 56 };
	struct rtc_time y2k38 = { 2038, 1, 19, 3, 14, 8 };
	struct rtc_time bad = { 2023, 2, 29, 0, 0, 0 };

	KT_EXPECT_EQ(t, rtc_tm_to_unix(&epoch), 0);
	KT_EXPECT_EQ(t, rtc_tm_to_unix(&leap), 1709210096LL);
	KT_EXPECT_EQ(t, rtc_tm_to_unix(&y2k38), 2147483648LL);
	KT_EXPECT_EQ(t, rtc_tm_to_unix(&bad), -1);
}

static struct ktest_case rtc_cases[] = {
	KTEST_CASE(test_date_is_plausible),
	KTEST_CASE(test_two_reads_consistent),
	KTEST_CASE(test_wallclock_follows_rtc),
	KTEST_CASE(test_calendar_conversion),
	{},
};
KTEST_SUITE(rtc, rtc_cases);
