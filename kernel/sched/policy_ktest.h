/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the scheduler ktests (sched_, rr_ and mlfq_ktest.c). */
#ifndef _KERNEL_SCHED_POLICY_KTEST_H
#define _KERNEL_SCHED_POLICY_KTEST_H

#include <mosaic/sched.h>
#include <mosaic/timer.h>

#include "sched.h"

#define U SCHED_TICK_UNITS

/*
 * Busy loops use a plain compiler barrier, not `pause`: under QEMU TCG
 * with -icount every pause leaves the translated code, which makes a
 * spinning thread ~30 times slower in wall time for the same virtual time.
 */
static inline void kt_cpu_relax(void)
{
	barrier();
}

/* Busy-wait for frac/1000 of a tick of CPU time (rdtsc, calibrated). */
static inline void kt_spin_permille(u64 frac)
{
	u64 start = rdtsc(), tpt = sched_tsc_per_tick();

	while (rdtsc() - start < tpt * frac / 1000)
		kt_cpu_relax();
}

#endif
