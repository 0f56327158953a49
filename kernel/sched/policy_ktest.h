/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the policy-specific ktests (rr_ktest.c, mlfq_ktest.c). */
#ifndef _KERNEL_SCHED_POLICY_KTEST_H
#define _KERNEL_SCHED_POLICY_KTEST_H

#include <mosaic/sched.h>
#include <mosaic/timer.h>

#define U SCHED_TICK_UNITS

/* Not `pause`: it is very slow under QEMU TCG -icount (sched_ktest.c). */
static inline void kt_cpu_relax(void)
{
	barrier();
}

static inline void kt_spin_permille(u64 frac)
{
	struct sched_stats st;
	u64 start = rdtsc();

	sched_get_stats(&st);
	while (rdtsc() - start < st.tsc_per_tick * frac / 1000)
		kt_cpu_relax();
}

#endif
