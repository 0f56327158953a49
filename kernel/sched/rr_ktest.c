// SPDX-License-Identifier: GPL-2.0
/*
 * Round-robin ktests: FIFO order and slice length, seen by the threads
 * themselves. A thread notices that it was switched back in by its
 * dispatch count and logs the tick of that dispatch, both recorded by
 * the core at the switch. (Its own first timer_ticks() after resuming is
 * late by a tick whenever a tick comes first, as overdue ticks do in a
 * burst when the host stalls QEMU.)
 */
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>

#include "policy_ktest.h"

#define NLOG 64
static struct { int id; u64 start; } rr_log[NLOG];
static volatile int rr_nlog;
static volatile bool rr_stop;
static volatile u64 rr_until;	/* hogs give up here whatever happens */

static int rr_hog(void *arg)
{
	int id = (int)(long)arg;
	u64 seen = 0;

	while (!READ_ONCE(rr_stop) && timer_ticks() < READ_ONCE(rr_until)) {
		unsigned long flags = local_irq_save();
		struct thread *me = current();

		if (me->stats.nr_scheduled != seen && rr_nlog < NLOG) {
			/* Running since the tick it was switched in at. */
			seen = me->stats.nr_scheduled;
			rr_log[rr_nlog].id = id;
			rr_log[rr_nlog].start = me->stats.state_since;
			rr_nlog++;
		}
		local_irq_restore(flags);
		if (rr_nlog >= NLOG)
			break;
	}
	return 0;
}

static void test_rr_fifo_and_slice(struct ktest *t)
{
	enum { N = 3 };
	u64 slice = sched_policy->quantum(0) / U;
	/* The whole log in strict rotation, and two rounds to spare. */
	u64 window = NLOG * slice + 2 * N * slice;
	u64 units[N], lo = ~0ULL, hi = 0, end;
	struct thread *th[N];
	int i, bad_order = 0, bad_len = 0;

	rr_nlog = 0;
	rr_stop = false;
	rr_until = timer_ticks() + 2 * window;
	for (i = 0; i < N; i++) {
		th[i] = thread_create(rr_hog, (void *)(long)i, "rrhog");
		KT_ASSERT(t, th[i]);
	}
	/*
	 * Sleep through the whole log: only the hogs compete meanwhile. A
	 * wrong order (a hog put back at the head keeps the CPU, and this
	 * thread's wakeup waits behind it) shows as a short log.
	 */
	end = timer_ticks() + window;
	while (READ_ONCE(rr_nlog) < NLOG && timer_ticks() < end)
		sleep_ticks(end - timer_ticks());
	rr_stop = true;
	KT_EXPECT_EQ(t, READ_ONCE(rr_nlog), NLOG);
	for (i = 0; i < N; i++) {
		units[i] = th[i]->stats.run_units;
		KT_JOIN_WITHIN(t, th[i], 2 * window, NULL);
	}
	/* Skip the first round: the first hog started between ticks. */
	for (i = N + 1; i < NLOG; i++) {
		if (rr_log[i].id != (rr_log[i - 1].id + 1) % N)
			bad_order++;
		else if (rr_log[i].start - rr_log[i - 1].start != slice)
			bad_len++;
	}
	for (i = 0; i < N; i++) {
		lo = MIN(lo, units[i]);
		hi = MAX(hi, units[i]);
	}
	ktest_log(t, "slice %llu ticks; %d order and %d length mismatches; CPU %llu..%llu units",
		  (unsigned long long)slice, bad_order, bad_len,
		  (unsigned long long)lo, (unsigned long long)hi);
	/* Strict FIFO rotation, every turn exactly one slice long. */
	KT_EXPECT_EQ(t, bad_order, 0);
	KT_EXPECT_EQ(t, bad_len, 0);
	/* Equal shares: within one slice (whose turn it was at the end). */
	KT_EXPECT(t, hi - lo <= slice * U + U);
}

/* handoff() decides and accounts as the queue would: both ways seen. */
static void test_rr_handoff_reference(struct ktest *t)
{
	int refused, direct = kt_handoff_reference(t, 400, &refused);

	KT_EXPECT(t, direct > 0);
	KT_EXPECT(t, refused > 0);
}

static int rr_plain_hog(void *arg)
{
	while (!READ_ONCE(rr_stop) && timer_ticks() < READ_ONCE(rr_until))
		kt_cpu_relax();
	return 0;
}

/*
 * Live: alone, a pair passing the CPU back and forth switches directly
 * every time, and each side is charged its own spinning (4:1); with a
 * hog queued ahead, RR's FIFO forbids every direct switch, and the
 * pair still finishes, a slice of the hog's between turns.
 */
static void test_rr_handoff_pair(struct ktest *t)
{
	static struct kt_pair p;
	u64 slice = sched_policy->quantum(0) / U;
	u64 ua, ub, want_a, want_b, window;
	struct thread *hog;

	p.spin_permille[0] = 200;
	p.spin_permille[1] = 50;
	p.turns = 40;
	window = 2 * p.turns * 250 / 1000 + 4;
	KT_ASSERT(t, !kt_pair_start(&p));
	sleep_ticks(window);
	KT_JOIN_WITHIN(t, p.th[0], window, NULL);
	ua = p.th[0]->stats.run_units;
	KT_JOIN_WITHIN(t, p.th[1], window, NULL);
	ub = p.th[1]->stats.run_units;
	want_a = p.turns * p.spin_permille[0] * U / 1000;
	want_b = p.turns * p.spin_permille[1] * U / 1000;
	ktest_log(t, "alone: %llu passes, %llu direct; charged %llu and %llu units for %llu and %llu spun",
		  (unsigned long long)p.handoffs,
		  (unsigned long long)kt_pair_direct(&p),
		  (unsigned long long)ua, (unsigned long long)ub,
		  (unsigned long long)want_a, (unsigned long long)want_b);
	KT_EXPECT(t, p.handoffs >= 2 * p.turns - 3);
	/* The test's own wakeup may be queued once. */
	KT_EXPECT(t, kt_pair_direct(&p) + 1 >= p.handoffs);
	/*
	 * Each at least what it spun (the spin reads the TSC rate as
	 * charging does, give or take 5%; a host stall without -icount
	 * only adds), and the 4:1 order kept: charging the wrong side of a
	 * direct switch breaks one of these.
	 */
	KT_EXPECT(t, ua >= want_a * 95 / 100 && ub >= want_b * 95 / 100);
	KT_EXPECT(t, ub * 2 <= ua);

	rr_stop = false;
	p.turns = 6;
	window = (2 * p.turns + 2) * (slice + 1);
	rr_until = timer_ticks() + 2 * window;
	hog = thread_create(rr_plain_hog, NULL, "rrhog");
	KT_ASSERT(t, hog);
	KT_ASSERT(t, !kt_pair_start(&p));
	sleep_ticks(window);
	KT_JOIN_WITHIN(t, p.th[0], window, NULL);
	KT_JOIN_WITHIN(t, p.th[1], window, NULL);
	rr_stop = true;
	KT_JOIN_WITHIN(t, hog, 2 * slice + 2, NULL);
	ktest_log(t, "with a hog: %llu passes, %llu direct",
		  (unsigned long long)p.handoffs,
		  (unsigned long long)kt_pair_direct(&p));
	KT_EXPECT(t, p.handoffs > 0);
	KT_EXPECT_EQ(t, kt_pair_direct(&p), 0);
}

static struct ktest_case rr_cases[] = {
	KTEST_CASE(test_rr_fifo_and_slice),
	KTEST_CASE(test_rr_handoff_reference),
	KTEST_CASE(test_rr_handoff_pair),
	{}
};

KTEST_SUITE_FULL(sched_rr, rr_cases, kt_sched_suite_init, NULL, KTEST_ICOUNT);
