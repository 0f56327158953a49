/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The time structures system calls take on Linux x86-64: the 64-bit
 * timespec (ppoll, pselect6, utimensat) and select(2)'s old timeval.
 */
#ifndef _UAPI_LINUX_TIME_TYPES_H
#define _UAPI_LINUX_TIME_TYPES_H

#include <stdint.h>

struct __kernel_timespec {
	int64_t tv_sec;
	long long tv_nsec;
};

struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

#endif /* _UAPI_LINUX_TIME_TYPES_H */
