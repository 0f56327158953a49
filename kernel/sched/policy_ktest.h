/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the scheduler ktests (sched_, rr_ and mlfq_ktest.c). */
#ifndef _KERNEL_SCHED_POLICY_KTEST_H
#define _KERNEL_SCHED_POLICY_KTEST_H

#include <mosaic/ktest.h>
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

/*
 * Suite init for the scheduler suites: they need preemption running and
 * the TSC calibrated against the tick (busy-wait helpers). A tick comes
 * every 1/HZ s, so the wait is two ticks.
 */
static inline int kt_sched_suite_init(struct ktest *t)
{
	if (!sched_running())
		return -1;
	while (!sched_tsc_per_tick())
		sleep_ticks(1);
	return 0;
}

/* The longest quantum the policy hands out, in whole ticks (>= 1). */
static inline u64 kt_max_quantum_ticks(void)
{
	unsigned int l, n = sched_nr_levels(sched_policy);
	u64 q = 0;

	for (l = 0; l < n; l++)
		q = MAX(q, sched_policy->quantum(l));
	q = DIV_ROUND_UP(q, U);
	return q ? q : 1;
}

/* Ticks for n runnable threads to each run once for the longest quantum. */
static inline u64 kt_round_ticks(unsigned int n)
{
	return (u64)n * (kt_max_quantum_ticks() + 1);
}

/*
 * Wait at most budget ticks for th to exit, then join it. A thread stuck
 * by a bug (a lost wakeup, a lock never handed over) fails the named
 * assertion instead of hanging the suite until the runner's timeout; it
 * is left behind, blocked, and the case returns.
 */
static inline bool kt_join_within(struct thread *th, u64 budget,
				  int *status)
{
	u64 end = timer_ticks() + budget;

	while (READ_ONCE(th->state) != THREAD_ZOMBIE) {
		if (timer_ticks() >= end)
			return false;
		sleep_ticks(1);
	}
	return thread_join(th, status) == 0;
}

#define KT_JOIN_WITHIN(t, th, budget, status)				\
	do {								\
		if (!kt_join_within(th, budget, status)) {		\
			ktest_fail_at(t, __FILE__, __LINE__,		\
				      "thread %s did not exit within %llu ticks", \
				      (th)->name,			\
				      (unsigned long long)(budget));	\
			return;						\
		}							\
	} while (0)

/*
 * handoff_ktest.c: handoff() against the calls it stands for, on many
 * random run queues of the test's own. Returns the count of direct
 * decisions, *refused the others (a suite checks both happened).
 */
int kt_handoff_reference(struct ktest *t, int worlds, int *refused);

/*
 * Two threads that pass the CPU to each other with
 * sched_handoff_unlock(), each spinning spin_permille[i] of a tick per
 * turn, for `turns` turns each or until kt_pair_stop(). Set
 * spin_permille and turns, then kt_pair_start() (0, or -1 without
 * memory); join th[0] and th[1] when done. handoffs counts the passes
 * that tried a direct switch, kt_pair_direct() the direct switches the
 * scheduler made meanwhile.
 */
struct kt_pair;
struct kt_pair_side {
	struct kt_pair *pair;
	int me;
};

struct kt_pair {
	u64 spin_permille[2];
	unsigned int turns;
	struct thread *th[2];
	struct kt_pair_side side[2];
	/* pair_lock (handoff_ktest.c): */
	bool stop;
	int turn;
	unsigned int done[2];
	u64 handoffs;
	u64 direct_at_start;
};

int kt_pair_start(struct kt_pair *p);
void kt_pair_stop(struct kt_pair *p);
u64 kt_pair_direct(const struct kt_pair *p);

#endif
