/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time units and the kernel's clocks in nanoseconds: monotonic time since
 * boot (ktime_get_ns(), <mosaic/timer.h>) and the time of day built on it
 * (<mosaic/rtc.h>). The system calls on clocks and sleeps are in
 * kernel/time/posix-timers.c.
 */
#ifndef _MOSAIC_TIME_H
#define _MOSAIC_TIME_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct __kernel_timespec;

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL
#define USEC_PER_SEC 1000000ULL
#define NSEC_PER_TICK (NSEC_PER_SEC / CONFIG_HZ)
/* The latest time a clock reaches: s64 nanoseconds, as Linux's KTIME_MAX. */
#define KTIME_MAX ((u64)INT64_MAX)

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/* Is ts a time a system call accepts (seconds >= 0, ns < 1 s)? */
static inline bool timespec64_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       (unsigned long)ts->tv_nsec < NSEC_PER_SEC;
}

/* ts as nanoseconds, KTIME_MAX if it is later than that. ts is valid. */
static inline u64 timespec64_to_ns(const struct timespec64 *ts)
{
	if ((u64)ts->tv_sec >= KTIME_MAX / NSEC_PER_SEC)
		return KTIME_MAX;
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/* a + b, saturating at KTIME_MAX: a time that far never comes. */
static inline u64 ktime_add_safe_ns(u64 a, u64 b)
{
	return b > KTIME_MAX - MIN(a, KTIME_MAX) ? KTIME_MAX : a + b;
}

/*
 * A system call's struct timespec from user space, as nanoseconds: 0,
 * -EFAULT, or -EINVAL unless timespec64_valid() (kernel/time/
 * posix-timers.c).
 */
int get_user_timespec_ns(const struct __kernel_timespec __user *uts,
			 u64 *ns);

static inline struct timespec64 ns_to_timespec64(u64 ns)
{
	struct timespec64 ts = {
		.tv_sec = (s64)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return ts;
}

/* Wall-clock nanoseconds since 1970 (UTC): the RTC at boot + uptime. */
u64 ktime_get_real_ns(void);

/*
 * The tick by which monotonic time @end_ns has surely passed, for a
 * sleep on the tick. The tick and the clock source can drift apart
 * (QEMU without -icount delivers late ticks in a burst), so a sleeper
 * checks ktime_get_ns() when it wakes and sleeps again if it was early.
 */
u64 ktime_deadline_tick(u64 end_ns);

#endif /* _MOSAIC_TIME_H */
