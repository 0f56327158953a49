// SPDX-License-Identifier: GPL-2.0
/*
 * MLFQ ktests, one per OSTEP rule, on the real kernel. Tolerances come
 * from the configured quanta, allotments and boost period.
 */
#include <mosaic/irq.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>

#include "mlfq.h"
#include "policy_ktest.h"

#define BOTTOM (sched_nr_levels(sched_policy) - 1)

static volatile bool stop;

static u64 sum_allot(void)
{
	u64 s = 0;
	unsigned int l;

	for (l = 0; l < BOTTOM; l++)
		s += sched_allotment(sched_policy, l);
	return s;
}

static volatile u64 units_at_bottom;

/*
 * This thread's CPU time (units) since its allotment was last reset (by
 * creation or a priority boost; the boost clock runs from boot, so a
 * boost can come at any point of a test), seen by frequent looks.
 *
 * A reset is seen through se.boost_gen, and the base is run_units at the
 * first look after it changed; a demotion is seen at the first look at
 * the lower level. That is exact only if nothing was charged in between,
 * so callers look in every busy loop and at once after a yield. Ticks
 * can still come between an event and the next look (after a host
 * stall QEMU delivers the overdue ticks in a burst, even right after a
 * switch back in), and each may charge up to a tick, so every look also
 * counts them ("late"): ticks since it was switched back in, or beyond
 * one since the previous look. Normally 0. Level, generation, time and
 * ticks are read with interrupts off so that no tick falls between them.
 */
struct since_reset {
	u32 gen;
	u64 base;
	u64 base_late;		/* ticks that may be in base but not due */
	u64 seen_sched;		/* dispatch count at the previous look */
	u64 seen_tick;		/* timer tick at the previous look */
};

static u64 look_late(struct since_reset *r, const struct thread *me, u64 now)
{
	u64 late;

	if (me->stats.nr_scheduled != r->seen_sched)
		late = now - me->stats.state_since;	/* since switched in */
	else
		late = now - r->seen_tick > 1 ? now - r->seen_tick - 1 : 0;
	r->seen_sched = me->stats.nr_scheduled;
	r->seen_tick = now;
	return late;
}

static void since_reset_init(struct since_reset *r)
{
	unsigned long flags = local_irq_save();
	struct thread *me = current();

	r->seen_sched = me->stats.nr_scheduled;
	r->gen = mlfq_entity_of(&me->se)->boost_gen;
	r->base = me->stats.run_units;
	r->base_late = timer_ticks() - me->stats.state_since;
	r->seen_tick = timer_ticks();
	local_irq_restore(flags);
}

/* Level and units since the reset of t; interrupts are off. */
static u64 since_reset_read(struct since_reset *r, const struct thread *t,
			    unsigned int *level)
{
	*level = mlfq_entity_of(&t->se)->level;
	return t->stats.run_units - r->base;
}

static u64 units_since_reset(struct since_reset *r, unsigned int *level,
			     u64 *late)
{
	unsigned long flags = local_irq_save();
	struct thread *me = current();
	u64 u;

	*late = look_late(r, me, timer_ticks());
	if (mlfq_entity_of(&me->se)->boost_gen != r->gen) {
		r->gen = mlfq_entity_of(&me->se)->boost_gen;
		r->base = me->stats.run_units;
		r->base_late = *late;
	}
	u = since_reset_read(r, me, level);
	local_irq_restore(flags);
	return u;
}

/*
 * Units since the last reset when the sink hog was first seen at a level,
 * and how many ticks late that look may have been (see since_reset).
 */
static u64 entered_level[8], entered_late[8];

static int sink_hog(void *arg)
{
	struct since_reset r;
	unsigned int level = 0, prev = 0;
	u64 u = 0, late;

	since_reset_init(&r);
	entered_late[0] = r.base_late;
	while (level != BOTTOM && !READ_ONCE(stop)) {
		u32 gen = r.gen;

		u = units_since_reset(&r, &level, &late);
		/* A boost starts the descent again. */
		if (r.gen != gen || level < prev) {
			prev = 0;
			entered_late[0] = r.base_late;
		}
		while (prev < level) {
			entered_level[++prev] = u;
			entered_late[prev] = late;
		}
	}
	if (level == BOTTOM)
		units_at_bottom = u;
	while (!READ_ONCE(stop))
		kt_cpu_relax();
	return 0;
}

static void test_mlfq_hog_demoted_to_bottom(struct ktest *t)
{
	u64 waited = 0, limit = 2 * (sched_boost_ticks(sched_policy) + sum_allot() / U);
	struct thread *h;
	unsigned int l;

	KT_ASSERT(t, BOTTOM < ARRAY_SIZE(entered_level));
	stop = false;
	units_at_bottom = 0;
	h = thread_create(sink_hog, NULL, "hog");
	KT_ASSERT(t, h);
	/* Alone, it gets there within one boost period plus the allotments. */
	while (!READ_ONCE(units_at_bottom) && waited < limit) {
		sleep_ticks(sum_allot() / U + 4);
		waited += sum_allot() / U + 4;
	}
	stop = true;
	thread_join(h, NULL);
	ktest_log(t, "bottom after %llu units since the last boost, allotments sum %llu",
		  (unsigned long long)units_at_bottom,
		  (unsigned long long)sum_allot());
	KT_ASSERT(t, units_at_bottom);
	/*
	 * Each level's allotment is used in full, and the charge that
	 * completes it (a tick, or the part of a tick before a switch) is
	 * at most one tick: a level can be overrun by less than a tick.
	 * Charges are whole ticks only while nothing interrupts the hog,
	 * so the overruns of several levels can add up. A look that was
	 * late (normally never) moves a boundary by at most a tick per
	 * late tick.
	 */
	entered_level[0] = 0;
	entered_level[BOTTOM] = units_at_bottom;
	for (l = 0; l < BOTTOM; l++) {
		u64 used = entered_level[l + 1] - entered_level[l];
		u64 a = sched_allotment(sched_policy, l);

		ktest_log(t, "level %u: %llu units, allotment %llu (looks late by %llu/%llu ticks)",
			  l, (unsigned long long)used, (unsigned long long)a,
			  (unsigned long long)entered_late[l],
			  (unsigned long long)entered_late[l + 1]);
		KT_EXPECT(t, used + entered_late[l] * U >= a);
		KT_EXPECT(t, used < a + U + entered_late[l + 1] * U);
	}
}

static int hog(void *arg)
{
	while (!READ_ONCE(stop))
		kt_cpu_relax();
	return 0;
}

static volatile unsigned int inter_max_level;
static volatile u64 inter_late;

/* Short bursts, then sleep: what an interactive thread does. */
static int interactive(void *arg)
{
	u64 sleep = (u64)(unsigned long)arg;
	unsigned int i;

	for (i = 0; i < 40; i++) {
		u64 due;

		kt_spin_permille(50);
		if (sched_level(sched_policy, &current()->se) > inter_max_level)
			inter_max_level = sched_level(sched_policy, &current()->se);
		due = timer_ticks() + sleep;
		sleep_ticks(sleep);
		if (timer_ticks() > due + 1)
			inter_late++;
	}
	return 0;
}

static void test_mlfq_interactive_stays_top(struct ktest *t)
{
	struct thread *h[2], *it;
	/* 1/20 tick bursts; a third of the top allotment per boost period. */
	u64 sleep = 3 * sched_boost_ticks(sched_policy) * (U / 20) /
		    sched_allotment(sched_policy, 0) + 1;
	u64 start = timer_ticks(), boosts;

	stop = false;
	inter_max_level = 0;
	inter_late = 0;
	h[0] = thread_create(hog, NULL, "hog");
	h[1] = thread_create(hog, NULL, "hog");
	it = thread_create(interactive, (void *)(unsigned long)sleep, "inter");
	KT_ASSERT(t, h[0] && h[1] && it);
	thread_join(it, NULL);
	stop = true;
	thread_join(h[0], NULL);
	thread_join(h[1], NULL);
	boosts = (timer_ticks() - start) / sched_boost_ticks(sched_policy) + 1;
	ktest_log(t, "max level %u, %llu of 40 wakeups later than a tick, %llu boost(s)",
		  inter_max_level, (unsigned long long)inter_late,
		  (unsigned long long)boosts);
	KT_EXPECT_EQ(t, inter_max_level, 0);
	/*
	 * It waits only right after a boost, while the hogs are back at the
	 * top: they use their top allotment (2 x allotment(0)) in that
	 * window, during which it wakes at most that / sleep + 1 times.
	 */
	KT_EXPECT(t, inter_late <= boosts * (2 * sched_allotment(sched_policy, 0) /
					     U / sleep + 1));
}

static volatile u64 max_gap;

static int bottom_hog(void *arg)
{
	u64 last;

	while (sched_level(sched_policy, &current()->se) != BOTTOM && !READ_ONCE(stop))
		kt_cpu_relax();
	if (READ_ONCE(stop))
		return 0;
	units_at_bottom = 1;
	last = timer_ticks();
	while (!READ_ONCE(stop)) {
		u64 now = timer_ticks();

		if (now - last > max_gap)
			max_gap = now - last;
		last = now;
	}
	return 0;
}

static void test_mlfq_boost_prevents_starvation(struct ktest *t)
{
	enum { KMAX = 24 };
	struct thread *b, *h[KMAX];
	u64 boost = sched_boost_ticks(sched_policy);
	u64 k = 2 * boost * U / sum_allot() + 1, bound;
	u64 waited = 0, limit = 2 * (boost + sum_allot() / U);
	unsigned int i;

	/*
	 * Enough hogs that their allotments outlast a boost period
	 * (k * sum_allot() > boost * U), unless capped at KMAX.
	 */
	if (k > KMAX)
		k = KMAX;
	stop = false;
	max_gap = 0;
	units_at_bottom = 0;
	b = thread_create(bottom_hog, NULL, "bottom");
	KT_ASSERT(t, b);
	/* Alone, it gets there within one boost period plus the allotments. */
	while (!READ_ONCE(units_at_bottom) && waited < limit) {
		sleep_ticks(1);
		waited++;
	}
	if (!READ_ONCE(units_at_bottom)) {
		stop = true;
		thread_join(b, NULL);
		ktest_fail_at(t, __FILE__, __LINE__,
			      "the bottom thread did not reach level %u in %llu ticks",
			      BOTTOM, (unsigned long long)waited);
		return;
	}
	for (i = 0; i < k; i++) {
		h[i] = thread_create(hog, NULL, "tophog");
		KT_ASSERT(t, h[i]);
	}
	sleep_ticks(3 * boost);
	stop = true;
	for (i = 0; i < k; i++)
		thread_join(h[i], NULL);
	thread_join(b, NULL);
	/* One boost period, then at most k+2 top quanta (and a tick) ahead. */
	bound = boost + (k + 2) * (sched_policy->quantum(0) / U + 1);
	ktest_log(t, "%llu hogs; bottom thread's longest gap %llu ticks, bound %llu",
		  (unsigned long long)k, (unsigned long long)max_gap,
		  (unsigned long long)bound);
	KT_EXPECT(t, max_gap <= bound);
}

static volatile bool level1_seen;
static volatile u64 units_at_level1, level1_late, level1_base_late;
static const char *volatile level1_seen_by;
static struct since_reset gamer_reset;
static struct thread *volatile gamer_thread;

/* The first look that finds the gamer at level 1 notes the figures. */
static void note_level1(unsigned int level, u64 u, u64 late, u64 base_late,
			const char *by)
{
	if (level >= 1 && !level1_seen) {
		level1_seen = true;
		level1_late = late;
		level1_base_late = base_late;
		units_at_level1 = u;
		level1_seen_by = by;
	}
}

/* The gamer's own look (see since_reset). */
static void gamer_look(struct since_reset *r)
{
	unsigned int level;
	u64 late, u = units_since_reset(r, &level, &late);

	note_level1(level, u, late, r->base_late, "gamer");
}

/*
 * Yield with interrupts off (they stay off until this thread runs again)
 * and look before a tick can charge anything after the switch back.
 */
static void gamer_yield(struct since_reset *r)
{
	unsigned long flags = local_irq_save();

	yield();
	gamer_look(r);
	local_irq_restore(flags);
}

static int gamer(void *arg)
{
	struct since_reset *r = &gamer_reset;

	since_reset_init(r);
	gamer_thread = current();
	while (!READ_ONCE(stop)) {
		unsigned int lvl = sched_level(sched_policy, &current()->se);
		u64 q = sched_policy->quantum(lvl) / U, start = timer_ticks();
		u64 tsc, tpt;

		/* Run to 0.9 tick before the quantum ends, then yield. */
		while (timer_ticks() < start + q - 1 && !READ_ONCE(stop))
			gamer_look(r);
		tpt = sched_tsc_per_tick();
		tsc = rdtsc();
		while (rdtsc() - tsc < tpt * 900 / 1000)
			gamer_look(r);
		gamer_yield(r);
	}
	return 0;
}

/*
 * The rival looks at the gamer too. A demotion by a tick ends the
 * gamer's turn (it is expired, and the rival is queued), and the gamer
 * runs again only after the rival's quantum at level 1, which with two
 * levels and the shortest boost period (two top allotments and a top
 * quantum) comes after the next boost: the gamer itself would never see
 * level 1. Nothing is charged to the gamer while the rival runs, so the
 * rival's looks are exact. It reads the gamer's bookkeeping only while
 * that is current (same generation; the gamer rebases at its first look
 * after a boost) and never once the test stops (the gamer may be freed
 * then; interrupts are off from the check to the last read).
 */
static void rival_look(void)
{
	unsigned long flags = local_irq_save();
	struct thread *g = gamer_thread;
	unsigned int level;
	u64 u;

	if (g && !READ_ONCE(stop) &&
	    mlfq_entity_of(&g->se)->boost_gen == gamer_reset.gen) {
		u = since_reset_read(&gamer_reset, g, &level);
		note_level1(level, u, 0, gamer_reset.base_late, "rival");
	}
	local_irq_restore(flags);
}

static int gamer_rival(void *arg)
{
	while (!READ_ONCE(stop))
		rival_look();
	return 0;
}

static void test_mlfq_yield_gaming_demoted(struct ktest *t)
{
	u64 a0 = sched_allotment(sched_policy, 0), q0 = sched_policy->quantum(0);
	u64 waited = 0, limit = 2 * (sched_boost_ticks(sched_policy) + a0 / U);
	struct thread *g, *h;

	stop = false;
	gamer_thread = NULL;
	level1_seen = false;
	units_at_level1 = 0;
	level1_late = 0;
	level1_base_late = 0;
	level1_seen_by = "nobody";
	g = thread_create(gamer, NULL, "gamer");
	h = thread_create(gamer_rival, NULL, "rival");
	KT_ASSERT(t, g && h);
	while (!READ_ONCE(level1_seen) && waited < limit) {
		sleep_ticks(3 * (a0 + q0) / U + 4);
		waited += 3 * (a0 + q0) / U + 4;
	}
	stop = true;
	thread_join(g, NULL);
	thread_join(h, NULL);
	if (!level1_seen) {
		ktest_fail_at(t, __FILE__, __LINE__,
			      "the gamer was not seen at level 1 in %llu ticks (allotment %llu)",
			      (unsigned long long)waited, (unsigned long long)a0);
		return;
	}
	ktest_log(t, "gamer demoted after %llu units since the last boost, allotment %llu (seen by the %s; looks late by %llu/%llu ticks)",
		  (unsigned long long)units_at_level1, (unsigned long long)a0,
		  level1_seen_by, (unsigned long long)level1_base_late,
		  (unsigned long long)level1_late);
	/*
	 * Demoted by the charge (a tick, or the time before a yield: at most
	 * one tick) that completes the allotment. The gamer looks at once
	 * when it runs again and the rival as soon as it runs, so only ticks
	 * that came before the gamer's looks (counted; normally none) can be
	 * in the figure besides.
	 */
	KT_EXPECT(t, units_at_level1 + level1_base_late * U >= a0);
	KT_EXPECT(t, units_at_level1 < a0 + U + level1_late * U);
}

/* handoff() decides and accounts as the queues would: both ways seen. */
static void test_mlfq_handoff_reference(struct ktest *t)
{
	int refused, direct = kt_handoff_reference(t, 400, &refused);

	KT_EXPECT(t, direct > 0);
	KT_EXPECT(t, refused > 0);
}

/* Sleep until the tick after a boost: the next one is a period away. */
static void sleep_past_boost(void)
{
	struct sched_stats st;
	u64 boost = sched_boost_ticks(sched_policy);

	sched_get_stats(&st);
	sleep_ticks(boost - st.ticks % boost + 1);
}

/*
 * Live, alone and between two boosts: every pass of a pair is a direct
 * switch, and the time goes to the side that ran: the one spinning half
 * a tick a turn uses its top allotment and is demoted one level (rule
 * 4), the one spinning 1/50 stays at the top.
 */
static void test_mlfq_handoff_charges_each_side(struct ktest *t)
{
	static struct kt_pair p;
	u64 a0 = sched_allotment(sched_policy, 0);
	u64 ua, ub, want_a;
	unsigned int la, lb;

	p.spin_permille[0] = 500;
	p.spin_permille[1] = 20;
	/* 1.4 allotments for side 0, well under one of the next level's. */
	p.turns = (unsigned int)(a0 * 14 / 10 * 2 / U);
	want_a = p.turns * p.spin_permille[0] * U / 1000;
	if (want_a / U + 4 >= sched_boost_ticks(sched_policy) ||
	    want_a - a0 >= sched_allotment(sched_policy, 1)) {
		ktest_skip(t, "the allotments do not fit in one boost period");
		return;
	}
	sleep_past_boost();
	KT_ASSERT(t, !kt_pair_start(&p));
	sleep_ticks(want_a / U + 4);
	KT_JOIN_WITHIN(t, p.th[0], want_a / U + 4, NULL);
	KT_JOIN_WITHIN(t, p.th[1], want_a / U + 4, NULL);
	ua = p.th[0]->stats.run_units;
	ub = p.th[1]->stats.run_units;
	la = sched_level(sched_policy, &p.th[0]->se);
	lb = sched_level(sched_policy, &p.th[1]->se);
	ktest_log(t, "%llu passes, %llu direct; charged %llu units for %llu spun (allotment %llu) and %llu, levels %u and %u",
		  (unsigned long long)p.handoffs,
		  (unsigned long long)kt_pair_direct(&p),
		  (unsigned long long)ua, (unsigned long long)want_a,
		  (unsigned long long)a0, (unsigned long long)ub, la, lb);
	KT_EXPECT(t, p.handoffs >= 2 * p.turns - 3);
	KT_EXPECT(t, kt_pair_direct(&p) + 1 >= p.handoffs);
	/*
	 * At least what it spun (the spin and the charge read the same
	 * TSC rate, give or take 5%; a host stall without -icount only
	 * adds), and the other side, spinning 1/25 as long, far less:
	 * charging the wrong side of a direct switch breaks one of them.
	 */
	KT_EXPECT(t, ua >= want_a * 95 / 100);
	KT_EXPECT(t, ub * 5 <= ua);
	KT_EXPECT_EQ(t, la, 1);
	KT_EXPECT_EQ(t, lb, 0);
}

/*
 * A pair that keeps the CPU busy with direct switches cannot starve a
 * thread at the bottom: its sides use their allotments like any hog
 * and sink, and at the bottom's level the hog is queued ahead, so the
 * switches stop being direct (rule 5's bound as with top hogs).
 */
static void test_mlfq_handoff_no_starvation(struct ktest *t)
{
	static struct kt_pair p;
	u64 boost = sched_boost_ticks(sched_policy);
	u64 waited = 0, limit = 2 * (boost + sum_allot() / U), bound;
	u64 quantum = kt_max_quantum_ticks();
	struct thread *b;

	stop = false;
	max_gap = 0;
	units_at_bottom = 0;
	b = thread_create(bottom_hog, NULL, "bottom");
	KT_ASSERT(t, b);
	while (!READ_ONCE(units_at_bottom) && waited++ < limit)
		sleep_ticks(1);
	if (!READ_ONCE(units_at_bottom)) {
		stop = true;
		thread_join(b, NULL);
		ktest_fail_at(t, __FILE__, __LINE__,
			      "the bottom thread did not reach level %u", BOTTOM);
		return;
	}
	p.spin_permille[0] = 300;
	p.spin_permille[1] = 300;
	p.turns = ~0U;
	KT_ASSERT(t, !kt_pair_start(&p));
	sleep_ticks(3 * boost);
	kt_pair_stop(&p);
	stop = true;
	/* Bounds only: without -icount a host stall can eat many ticks. */
	KT_JOIN_WITHIN(t, p.th[0], boost, NULL);
	KT_JOIN_WITHIN(t, p.th[1], boost, NULL);
	KT_JOIN_WITHIN(t, b, boost, NULL);
	/* A boost period, then both sides' top quanta and a tick each. */
	bound = boost + 2 * (sched_policy->quantum(0) / U + 1) + 2 * quantum;
	ktest_log(t, "%llu passes, %llu direct; bottom thread's longest gap %llu ticks, bound %llu",
		  (unsigned long long)p.handoffs,
		  (unsigned long long)kt_pair_direct(&p),
		  (unsigned long long)max_gap, (unsigned long long)bound);
	KT_EXPECT(t, kt_pair_direct(&p) > 0);
	KT_EXPECT(t, kt_pair_direct(&p) < p.handoffs);
	KT_EXPECT(t, max_gap <= bound);
}

static struct ktest_case mlfq_cases[] = {
	KTEST_CASE(test_mlfq_hog_demoted_to_bottom),
	KTEST_CASE(test_mlfq_interactive_stays_top),
	KTEST_CASE(test_mlfq_boost_prevents_starvation),
	KTEST_CASE(test_mlfq_yield_gaming_demoted),
	KTEST_CASE(test_mlfq_handoff_reference),
	KTEST_CASE(test_mlfq_handoff_charges_each_side),
	KTEST_CASE(test_mlfq_handoff_no_starvation),
	{}
};

KTEST_SUITE_FULL(sched_mlfq, mlfq_cases, kt_sched_suite_init, NULL,
		 KTEST_ICOUNT);
