/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Clocks and sleeps: clock_gettime(2), clock_getres, clock_nanosleep,
 * nanosleep, gettimeofday, time. Linux x86-64's layouts and values.
 */
#ifndef _UAPI_LINUX_TIME_H
#define _UAPI_LINUX_TIME_H

#include <mosaic/types.h>
#include <uapi/linux/time_types.h>

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

typedef int clockid_t;

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11

/* clock_nanosleep(2) flags. */
#define TIMER_ABSTIME 0x01

/*
 * Negative clock ids name the CPU-time clock of a process or thread
 * (clock_getcpuclockid(3)): ~pid << 3, a thread bit, and the kind.
 */
#define CPUCLOCK_PROF 0		/* user + system time */
#define CPUCLOCK_VIRT 1		/* user time */
#define CPUCLOCK_SCHED 2	/* run time, precise */
#define CPUCLOCK_CLOCK_MASK 3
#define CPUCLOCK_PERTHREAD_MASK 4

#endif /* _UAPI_LINUX_TIME_H */
