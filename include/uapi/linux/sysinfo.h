/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* sysinfo(2): Linux's struct sysinfo (112 bytes on x86-64). */
#ifndef _UAPI_LINUX_SYSINFO_H
#define _UAPI_LINUX_SYSINFO_H

#include <mosaic/types.h>

#define SI_LOAD_SHIFT 16

struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 min, << SI_LOAD_SHIFT */
	unsigned long totalram;		/* in mem_unit */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	u16 procs;			/* threads, as Linux counts */
	u16 pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	u32 mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

#endif /* _UAPI_LINUX_SYSINFO_H */
