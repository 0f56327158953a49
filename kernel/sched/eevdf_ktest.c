// SPDX-License-Identifier: GPL-2.0
/*
 * EEVDF ktests under -icount: CPU shared by weight, and a woken thread's
 * latency. Every window and bound is derived from the configured slice,
 * and every wait is bounded.
 */
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>

#include "policy_ktest.h"

extern const u32 eevdf_nice_weight[SCHED_NICE_MAX - SCHED_NICE_MIN + 1];

static volatile bool stop;

static u32 weight(int nice)
{
	return eevdf_nice_weight[nice - SCHED_NICE_MIN];
}

static u64 slice_ticks(void)
{
	return sched_policy->quantum(0) / U;
}

static int hog(void *arg)
{
	while (!READ_ONCE(stop))
		kt_cpu_relax();
	return 0;
}

/* Units two threads have run, read at one instant. */
static void read_units(struct thread *a, struct thread *b, u64 *ua, u64 *ub)
{
	unsigned long flags = local_irq_save();

	*ua = a->stats.run_units;
	*ub = b->stats.run_units;
	local_irq_restore(flags);
}

/*
 * Hogs at nice 0 and nice 5 (weights 1024 and 335) share the CPU about
 * 3.06 : 1. The window is 40 rounds, a round being the time in which the
 * lighter one gets one slice: its share is 40 slices, so being a slice
 * off in either direction is 2.5%. Tolerance 5% of the ratio.
 */
static void test_eevdf_share_by_weight(struct ktest *t)
{
	const int nice[2] = { 0, 5 };
	u64 w0 = weight(nice[0]), w1 = weight(nice[1]);
	u64 round = slice_ticks() * (w0 + w1) / w1 + 1;
	u64 a0, b0, a1, b1, ratio_pm, want_pm;
	struct thread *th[2];
	int i;

	stop = false;
	for (i = 0; i < 2; i++) {
		th[i] = thread_create(hog, NULL, i ? "nice5" : "nice0");
		KT_ASSERT(t, th[i]);
		KT_EXPECT_EQ(t, thread_set_nice(th[i], nice[i]), 0);
	}
	/* One round to settle both onto the queue, then measure. */
	sleep_ticks(round);
	read_units(th[0], th[1], &a0, &b0);
	sleep_ticks(40 * round);
	read_units(th[0], th[1], &a1, &b1);
	stop = true;
	for (i = 0; i < 2; i++)
		KT_JOIN_WITHIN(t, th[i], 4 * round, NULL);
	KT_ASSERT(t, b1 > b0);
	ratio_pm = (a1 - a0) * 1000 / (b1 - b0);
	want_pm = w0 * 1000 / w1;
	ktest_log(t, "window %llu ticks: %llu vs %llu units, ratio %llu/1000, weights %llu/1000",
		  (unsigned long long)(40 * round),
		  (unsigned long long)(a1 - a0), (unsigned long long)(b1 - b0),
		  (unsigned long long)ratio_pm, (unsigned long long)want_pm);
	KT_EXPECT(t, ratio_pm * 100 >= want_pm * 95 &&
		     ratio_pm * 100 <= want_pm * 105);
}

static volatile u64 worst_latency, wakeups;

/*
 * Sleeps 2..5 ticks, then runs 0.1 tick: far below its share, so it is
 * owed service whenever it wakes. Latency: from the tick that woke it to
 * the tick it was switched in at, both recorded by the core.
 */
static int light_sleeper(void *arg)
{
	int i;

	for (i = 0; i < 60 && !READ_ONCE(stop); i++) {
		unsigned long flags;
		u64 lat;

		sleep_ticks(2 + i % 4);
		flags = local_irq_save();
		lat = current()->stats.state_since - current()->stats.last_wake;
		local_irq_restore(flags);
		if (lat > worst_latency)
			worst_latency = lat;
		wakeups++;
		kt_spin_permille(100);
	}
	return 0;
}

/*
 * A woken thread that is owed service gets the CPU within the requests
 * of the other threads whose deadlines come first: at most one slice
 * each of the N - 1 hogs, plus a tick for wakeups and preemption at ticks.
 */
static void test_eevdf_wakeup_latency(struct ktest *t)
{
	enum { HOGS = 3 };
	u64 bound = HOGS * slice_ticks() + 1;
	struct thread *th[HOGS + 1];
	int i;

	stop = false;
	worst_latency = 0;
	wakeups = 0;
	for (i = 0; i < HOGS; i++) {
		th[i] = thread_create(hog, NULL, "hog");
		KT_ASSERT(t, th[i]);
	}
	th[HOGS] = thread_create(light_sleeper, NULL, "sleeper");
	KT_ASSERT(t, th[HOGS]);
	/* 60 sleeps of at most 5 ticks, each delayed at most by bound. */
	KT_JOIN_WITHIN(t, th[HOGS], 60 * (5 + bound + 1), NULL);
	stop = true;
	for (i = 0; i < HOGS; i++)
		KT_JOIN_WITHIN(t, th[i], 4 * bound, NULL);
	ktest_log(t, "%llu wakeups, worst latency %llu ticks (bound %llu, slice %llu)",
		  (unsigned long long)wakeups,
		  (unsigned long long)worst_latency, (unsigned long long)bound,
		  (unsigned long long)slice_ticks());
	KT_EXPECT_EQ(t, wakeups, 60);
	KT_EXPECT(t, worst_latency <= bound);
}

/* handoff() decides and accounts as the queue would: both ways seen. */
static void test_eevdf_handoff_reference(struct ktest *t)
{
	int refused, direct = kt_handoff_reference(t, 400, &refused);

	KT_EXPECT(t, direct > 0);
	KT_EXPECT(t, refused > 0);
}

/*
 * A pair passing the CPU back and forth is one runnable thread at a
 * time, as heavy as a hog at the same weight: with direct switches it
 * still gets half the CPU and the hog the other half, within 5% over
 * 40 slices, and the switches are direct only when EEVDF would pick
 * the woken side anyway (some are, some are not: the hog's deadline
 * comes first now and then).
 */
static void test_eevdf_handoff_fair_share(struct ktest *t)
{
	static struct kt_pair p;
	u64 window = 40 * slice_ticks(), a0, b0, a1, b1, h0, h1, pair, hogged;
	struct thread *h;

	stop = false;
	p.spin_permille[0] = 150;
	p.spin_permille[1] = 150;
	p.turns = ~0U;
	h = thread_create(hog, NULL, "hog");
	KT_ASSERT(t, h);
	KT_ASSERT(t, !kt_pair_start(&p));
	sleep_ticks(2 * slice_ticks());
	read_units(p.th[0], p.th[1], &a0, &b0);
	h0 = h->stats.run_units;
	sleep_ticks(window);
	read_units(p.th[0], p.th[1], &a1, &b1);
	h1 = h->stats.run_units;
	kt_pair_stop(&p);
	stop = true;
	KT_JOIN_WITHIN(t, p.th[0], 4 * slice_ticks() + 2, NULL);
	KT_JOIN_WITHIN(t, p.th[1], 4 * slice_ticks() + 2, NULL);
	KT_JOIN_WITHIN(t, h, 4 * slice_ticks() + 2, NULL);
	pair = (a1 - a0) + (b1 - b0);
	hogged = h1 - h0;
	ktest_log(t, "window %llu ticks: pair %llu units, hog %llu; %llu passes, %llu direct",
		  (unsigned long long)window, (unsigned long long)pair,
		  (unsigned long long)hogged, (unsigned long long)p.handoffs,
		  (unsigned long long)kt_pair_direct(&p));
	KT_ASSERT(t, hogged > 0);
	KT_EXPECT(t, pair * 100 >= hogged * 95 && pair * 100 <= hogged * 105);
	KT_EXPECT(t, kt_pair_direct(&p) > 0);
	KT_EXPECT(t, kt_pair_direct(&p) < p.handoffs);
}

static struct ktest_case eevdf_cases[] = {
	KTEST_CASE(test_eevdf_share_by_weight),
	KTEST_CASE(test_eevdf_wakeup_latency),
	KTEST_CASE(test_eevdf_handoff_reference),
	KTEST_CASE(test_eevdf_handoff_fair_share),
	{}
};

KTEST_SUITE_FULL(sched_eevdf, eevdf_cases, kt_sched_suite_init, NULL,
		 KTEST_ICOUNT);
