// SPDX-License-Identifier: GPL-2.0
/*
 * MLFQ specific tests, one per OSTEP rule, with parameters read back from
 * the policy so they hold for any configuration the Makefile builds.
 */
#include "sim.h"

#include <string.h>

#define LEVELS ((int)sched_nr_levels(sim_policy))
#define BOTTOM (LEVELS - 1)

static u64 sum_allot(void)
{
	u64 sum = 0;
	int l;

	for (l = 0; l < BOTTOM; l++)
		sum += sched_allotment(sim_policy, l);
	return sum;
}

static void mlfq_params_grow(void)
{
	int l;

	sim_policy->init_rq(&sim_rq);
	CHECK(LEVELS == CONFIG_SCHED_MLFQ_LEVELS, "%d levels", LEVELS);
	CHECK(sim_policy->quantum(0) ==
	      ms_to_ticks(CONFIG_SCHED_MLFQ_BASE_QUANTUM_MS) * U,
	      "top quantum %llu",
	      (unsigned long long)sim_policy->quantum(0));
	for (l = 1; l < LEVELS; l++)
		CHECK(sim_policy->quantum(l) >= sim_policy->quantum(l - 1),
		      "quantum shrinks at level %d", l);
	for (l = 0; l < BOTTOM; l++)
		CHECK(sched_allotment(sim_policy, l) ==
		      sim_policy->quantum(l) * CONFIG_SCHED_MLFQ_ALLOTMENT_QUANTA,
		      "allotment at level %d", l);
	CHECK(sched_allotment(sim_policy, BOTTOM) == 0, "bottom has an allotment");
	printf("    quanta (ticks):");
	for (l = 0; l < LEVELS; l++)
		printf(" %llu", (unsigned long long)(sim_policy->quantum(l) / U));
	printf("; sum of allotments %llu ticks; boost %llu ticks\n",
	       (unsigned long long)(sum_allot() / U),
	       (unsigned long long)sched_boost_ticks(sim_policy));
}

/* Rule 4 on a hog: reaches the bottom after exactly the sum of allotments. */
static void mlfq_hog_demoted_to_bottom(void)
{
	static struct sim_thread t[1];
	struct sim s;
	int l;
	u64 cpu = 0;

	memset(t, 0, sizeof(t));
	CHECK(sum_allot() < sched_boost_ticks(sim_policy) * U,
	      "config: a hog cannot reach the bottom before a boost");
	sim_init(&s, t, 1);
	sim_run(&s, sum_allot() / U + 5);
	CHECK(t[0].max_level == BOTTOM, "hog at level %d of %d",
	      t[0].max_level, BOTTOM);
	for (l = 1; l < LEVELS; l++) {
		cpu += sched_allotment(sim_policy, l - 1);
		CHECK(t[0].cpu_at_level[l] == cpu,
		      "reached level %d after %llu units, allotments %llu", l,
		      (unsigned long long)t[0].cpu_at_level[l],
		      (unsigned long long)cpu);
	}
	sim_free(&s);
}

/* Same with competition: CPU used before the bottom still bounded. */
static void mlfq_hogs_demoted_under_competition(void)
{
	static struct sim_thread t[2];
	struct sim s;
	int i;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, 2);
	sim_run(&s, sched_boost_ticks(sim_policy) - 1);
	for (i = 0; i < 2; i++)
		if (t[i].max_level == BOTTOM)
			CHECK(t[i].cpu_at_level[BOTTOM] == sum_allot(),
			      "thread %d at bottom after %llu units", i,
			      (unsigned long long)t[i].cpu_at_level[BOTTOM]);
	/* Before the first boost they have used at most 2 * sum: exact. */
	CHECK(t[0].max_level >= 1 && t[1].max_level >= 1, "no demotion");
	sim_free(&s);
}

/* Rules 1 and 3: a new thread starts at the top and preempts a low one. */
static void mlfq_new_thread_at_top(void)
{
	static struct sim_thread t[2];
	struct sim s;
	u64 arrive = sum_allot() / U + 2;

	memset(t, 0, sizeof(t));
	t[1].arrival_tick = arrive;
	t[1].total_work = U / 2;
	sim_init(&s, t, 2);
	sim_run(&s, arrive + 10);
	CHECK(t[0].max_level == BOTTOM, "hog not at the bottom");
	CHECK(t[1].first_run == arrive * U, "new thread first ran at %llu",
	      (unsigned long long)t[1].first_run);
	CHECK(t[1].dispatch_level_max == 0, "new thread ran at level %d",
	      t[1].dispatch_level_max);
	CHECK(t[1].state == T_DONE, "short job not done");
	sim_free(&s);
}

/*
 * An interactive thread using well under its top-level allotment per
 * boost period stays at the top and runs within a tick of waking, even
 * with CPU hogs around. The one exception is the stretch right after a
 * boost, when the hogs are back at the top and take their turns there
 * until their top allotment is used again: the model bounds it.
 */
static u64 late_window, late_wakeups, late_outside;

static void note_wake(struct sim *s, struct sim_thread *t, u64 latency)
{
	u64 since_boost = (s->now - latency) % (sched_boost_ticks(sim_policy) * U);

	if (t->id != 0 || latency <= U)
		return;
	late_wakeups++;
	if (since_boost > late_window)
		late_outside++;
}

static void mlfq_interactive_stays_top(void)
{
	enum { N = 4 };
	static struct sim_thread t[N];
	u64 burst = U / 4;
	u64 per_period, sleep;
	struct sim s;
	int i;

	memset(t, 0, sizeof(t));
	/* Use a third of the allotment per boost period. */
	sleep = 3 * sched_boost_ticks(sim_policy) * burst /
		sched_allotment(sim_policy, 0) + 1;
	per_period = sched_boost_ticks(sim_policy) / (sleep + 1) * burst;
	CHECK(3 * per_period <= sched_allotment(sim_policy, 0) + burst,
	      "workload uses %llu per period", (unsigned long long)per_period);
	t[0].burst = burst;
	t[0].after = ACT_SLEEP;
	t[0].sleep_ticks = sleep;
	/* After a boost each hog may use its top allotment before we win. */
	late_window = (N - 1) * (sched_allotment(sim_policy, 0) +
				 sim_policy->quantum(0) + U);
	late_wakeups = late_outside = 0;
	sim_init(&s, t, N);
	s.on_wake_run = note_wake;
	sim_run(&s, 20 * sched_boost_ticks(sim_policy));
	CHECK(t[0].max_level == 0, "interactive thread fell to level %d",
	      t[0].max_level);
	CHECK(late_outside == 0,
	      "%llu of %llu late wakeups outside the post-boost window",
	      (unsigned long long)late_outside,
	      (unsigned long long)late_wakeups);
	CHECK(t[0].max_wake_latency <= (N - 1) * (sim_policy->quantum(0) + U),
	      "woke, ran %llu units later",
	      (unsigned long long)t[0].max_wake_latency);
	for (i = 1; i < N; i++)
		CHECK(t[i].max_level >= 1, "hog %d was not demoted", i);
	printf("    interactive: %llu wakeups, mean latency %llu units, %llu over a tick (all after boosts)\n",
	       (unsigned long long)t[0].wakeups,
	       (unsigned long long)(t[0].total_wake_latency / t[0].wakeups),
	       (unsigned long long)late_wakeups);
	sim_free(&s);
}

/*
 * Rule 5: a thread at the bottom gets the CPU within one boost period
 * while K new hogs keep the upper levels busy far longer than that.
 */
static void mlfq_boost_prevents_starvation(void)
{
	enum { K = 16 };
	static struct sim_thread t[K + 1];
	u64 boost = sched_boost_ticks(sim_policy) * U;
	u64 arrive = sum_allot() / U + 1, bound;
	struct sim s;
	size_t i;
	u64 last_end = 0, worst = 0;
	int k;

	memset(t, 0, sizeof(t));
	for (k = 1; k <= K; k++)
		t[k].arrival_tick = arrive;
	/* Without boosts, the newcomers would hold the upper levels this long. */
	CHECK(K * sum_allot() > 2 * boost, "scenario too short: %llu vs %llu",
	      (unsigned long long)(K * sum_allot()),
	      (unsigned long long)boost);
	sim_init(&s, t, K + 1);
	sim_run(&s, arrive + 10 * sched_boost_ticks(sim_policy));
	for (i = 0; i < s.nseg; i++) {
		if (s.seg[i].id != 0)
			continue;
		if (last_end && s.seg[i].start - last_end > worst)
			worst = s.seg[i].start - last_end;
		last_end = s.seg[i].end;
	}
	/* One boost period, then at most K+1 top-level quanta ahead of it. */
	bound = boost + (K + 1) * (sim_policy->quantum(0) + U);
	printf("    bottom thread: longest gap %llu ticks (bound %llu)\n",
	       (unsigned long long)(worst / U), (unsigned long long)(bound / U));
	CHECK(worst > 0 && worst <= bound, "longest gap %llu > %llu",
	      (unsigned long long)worst, (unsigned long long)bound);
	CHECK(t[0].cpu > sum_allot(), "bottom thread never ran again");
	sim_free(&s);
}

static void game_quantum(struct sim *s, struct sim_thread *t)
{
	/* Yield one unit before the quantum of its current level ends. */
	t->burst = sim_policy->quantum(sched_level(sim_policy, &t->se)) - 1;
	t->after = ACT_YIELD;
}

static void game_tick(struct sim *s, struct sim_thread *t)
{
	/* Yield one unit before the next tick: tick sampling never sees it. */
	t->burst = U - s->now % U - 1;
	if (!t->burst)
		t->burst = U - 1;
	t->after = ACT_YIELD;
}

static void run_gamer(void (*next)(struct sim *, struct sim_thread *),
		      const char *what)
{
	static struct sim_thread t[2];
	struct sim s;
	u64 lo = 0, hi = 0;
	int l;

	memset(t, 0, sizeof(t));
	t[0].next = next;
	sim_init(&s, t, 2);
	/* Sharing with a hog, it can use up the top allotment in a period. */
	CHECK(2 * (sched_allotment(sim_policy, 0) + sim_policy->quantum(0)) <
	      sched_boost_ticks(sim_policy) * U, "config: boost too frequent");
	sim_run(&s, sched_boost_ticks(sim_policy) - 1);
	printf("    %s gamer: level %d after %llu units of CPU\n", what,
	       t[0].max_level, (unsigned long long)t[0].cpu);
	CHECK(t[0].max_level >= 1, "%s gamer never demoted", what);
	for (l = 1; l <= t[0].max_level; l++) {
		/* Demoted by the burst (< 1 quantum) crossing the allotment. */
		lo += sched_allotment(sim_policy, l - 1);
		hi += sched_allotment(sim_policy, l - 1) +
		      sim_policy->quantum(l - 1);
		CHECK(t[0].cpu_at_level[l] >= lo && t[0].cpu_at_level[l] < hi,
		      "%s gamer reached level %d after %llu units, not in [%llu, %llu)",
		      what, l, (unsigned long long)t[0].cpu_at_level[l],
		      (unsigned long long)lo, (unsigned long long)hi);
	}
	/* Enough CPU to exhaust every allotment means it is at the bottom. */
	if (t[0].cpu >= hi + sched_allotment(sim_policy, BOTTOM - 1) +
	    sim_policy->quantum(BOTTOM - 1))
		CHECK(t[0].max_level == BOTTOM, "%s gamer at level %d", what,
		      t[0].max_level);
	sim_free(&s);
}

static void mlfq_yield_gaming_quantum(void)
{
	run_gamer(game_quantum, "quantum");
}

static void mlfq_yield_gaming_tick(void)
{
	run_gamer(game_tick, "tick");
}

const struct test mlfq_tests[] = {
	{ "mlfq_params_grow", mlfq_params_grow },
	{ "mlfq_hog_demoted_to_bottom", mlfq_hog_demoted_to_bottom },
	{ "mlfq_hogs_demoted_under_competition",
	  mlfq_hogs_demoted_under_competition },
	{ "mlfq_new_thread_at_top", mlfq_new_thread_at_top },
	{ "mlfq_interactive_stays_top", mlfq_interactive_stays_top },
	{ "mlfq_boost_prevents_starvation", mlfq_boost_prevents_starvation },
	{ "mlfq_yield_gaming_quantum", mlfq_yield_gaming_quantum },
	{ "mlfq_yield_gaming_tick", mlfq_yield_gaming_tick },
	{ NULL, NULL },
};
