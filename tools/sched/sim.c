// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator core and the host services the policy needs (panic).
 * It follows the same protocol as kernel/sched/core.c: the running thread
 * is not queued, CPU time is charged at every tick and at every switch-out,
 * tick() runs after wakeups so a woken high-priority thread is seen.
 */
#include "sim.h"

#include <mosaic/panic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int tests_passed, tests_failed, check_failed;
const struct sched_policy *sim_policy;
struct rq sim_rq;

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

u64 rng_next(u64 *state)
{
	/* xorshift64*: deterministic, seedable, good enough for workloads */
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

double jain(const double *x, int n)
{
	double sum = 0, sq = 0;
	int i;

	for (i = 0; i < n; i++) {
		sum += x[i];
		sq += x[i] * x[i];
	}
	return sq == 0 ? 1.0 : sum * sum / (n * sq);
}

void sim_init(struct sim *s, struct sim_thread *t, int n)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->n = n;
	sim_policy->init_rq(&sim_rq);
	for (i = 0; i < n; i++) {
		struct sim_thread *th = &t[i];

		th->id = i;
		th->state = T_NEW;
		th->first_run = NEVER;
		th->finish = NEVER;
		sim_policy->init_entity(&sim_rq, &th->se);
	}
}

void sim_free(struct sim *s)
{
	free(s->seg);
	s->seg = NULL;
}

bool sim_all_done(const struct sim *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->t[i].state != T_DONE)
			return false;
	return true;
}

static void new_burst(struct sim *s, struct sim_thread *t)
{
	if (t->next)
		t->next(s, t);
	t->burst_left = t->burst ? t->burst : NEVER;
	if (t->total_work && t->burst_left > t->total_work - t->cpu)
		t->burst_left = t->total_work - t->cpu;
}

static void note_level(struct sim *s, struct sim_thread *t)
{
	u8 l = sched_level(sim_policy, &t->se);

	if (l > t->max_level && l < SIM_MAX_LEVELS) {
		u8 k;

		for (k = t->max_level + 1; k <= l; k++) {
			t->cpu_at_level[k] = t->cpu;
			t->time_at_level[k] = s->now;
		}
		t->max_level = l;
	}
}

static void make_runnable(struct sim *s, struct sim_thread *t,
			  enum sched_enqueue_reason why)
{
	t->state = T_RUNNABLE;
	t->ready_since = s->now;
	t->woken = why == SCHED_ENQ_WAKEUP || why == SCHED_ENQ_NEW;
	sim_policy->enqueue(&sim_rq, &t->se, why);
}

/* The running thread stops: charge the rest of its run, close the segment. */
static void switch_out(struct sim *s, u64 charge)
{
	struct sim_thread *t = s->curr;
	struct sim_segment *g;

	sim_policy->charge(&sim_rq, &t->se, charge);
	note_level(s, t);
	if (s->nseg == s->segcap) {
		s->segcap = s->segcap ? 2 * s->segcap : 4096;
		s->seg = realloc(s->seg, s->segcap * sizeof(*s->seg));
		if (!s->seg)
			abort();
	}
	g = &s->seg[s->nseg++];
	g->id = t->id;
	g->start = s->seg_start;
	g->end = s->now;
	g->level = sched_level(sim_policy, &t->se);
	s->curr = NULL;
}

static void dispatch(struct sim *s)
{
	struct sched_entity *se = sim_policy->pick_next(&sim_rq);
	struct sim_thread *t;
	u64 wait;

	if (!se)
		return;
	t = container_of(se, struct sim_thread, se);
	if (t->state != T_RUNNABLE || se->on_rq) {
		printf("    protocol: picked thread %d in state %d\n", t->id,
		       t->state);
		s->protocol_errors++;
	}
	wait = s->now - t->ready_since;
	t->total_wait += wait;
	if (wait > t->max_wait)
		t->max_wait = wait;
	if (t->woken) {
		if (wait > t->max_wake_latency)
			t->max_wake_latency = wait;
		t->total_wake_latency += wait;
		t->wakeups++;
		if (s->on_wake_run)
			s->on_wake_run(s, t, wait);
	}
	if (t->first_run == NEVER)
		t->first_run = s->now;
	if (sched_level(sim_policy, se) > t->dispatch_level_max)
		t->dispatch_level_max = sched_level(sim_policy, se);
	t->dispatches++;
	t->state = T_RUNNING;
	s->curr = t;
	s->seg_start = s->now;
	s->switches++;
}

static void check_queue_count(struct sim *s)
{
	unsigned int runnable = 0;
	int i;

	for (i = 0; i < s->n; i++)
		runnable += s->t[i].state == T_RUNNABLE;
	if (runnable != sim_policy->nr_queued(&sim_rq)) {
		printf("    protocol: %u runnable but policy has %u queued\n",
		       runnable, sim_policy->nr_queued(&sim_rq));
		s->protocol_errors++;
	}
}

/* Burst finished exactly now: do what the thread does next. */
static void burst_done(struct sim *s, u64 charge)
{
	struct sim_thread *t = s->curr;

	if (t->total_work && t->cpu >= t->total_work) {
		switch_out(s, charge);
		sim_policy->block(&sim_rq, &t->se);
		t->state = T_DONE;
		t->finish = s->now;
		return;
	}
	switch (t->after) {
	case ACT_YIELD:
		switch_out(s, charge);
		new_burst(s, t);
		make_runnable(s, t, SCHED_ENQ_YIELD);
		t->woken = false;
		break;
	case ACT_SLEEP:
		switch_out(s, charge);
		sim_policy->block(&sim_rq, &t->se);
		t->state = T_SLEEPING;
		/* Sleep n ticks: wake on the n-th tick from now. */
		t->wake_tick = s->ticks + (t->sleep_ticks ? t->sleep_ticks : 1);
		break;
	case ACT_EXIT:
		switch_out(s, charge);
		sim_policy->block(&sim_rq, &t->se);
		t->state = T_DONE;
		t->finish = s->now;
		break;
	}
}

static void do_tick(struct sim *s, u64 charge)
{
	bool resched = false;
	int i;

	s->ticks++;
	if (s->curr) {
		sim_policy->charge(&sim_rq, &s->curr->se, charge);
		note_level(s, s->curr);
	}
	for (i = 0; i < s->n; i++) {
		struct sim_thread *t = &s->t[i];

		if (t->state == T_NEW && t->arrival_tick <= s->ticks) {
			new_burst(s, t);
			make_runnable(s, t, SCHED_ENQ_NEW);
		} else if (t->state == T_SLEEPING && t->wake_tick <= s->ticks) {
			new_burst(s, t);
			make_runnable(s, t, SCHED_ENQ_WAKEUP);
			/* As the core's sched_wake(): may preempt at once. */
			if (s->curr && sim_policy->wakeup_preempt &&
			    sim_policy->wakeup_preempt(&sim_rq, &s->curr->se,
						       &t->se))
				resched = true;
		}
	}
	/* tick() runs either way: it also ends slices and boosts. */
	if (sim_policy->tick(&sim_rq, s->curr ? &s->curr->se : NULL))
		resched = true;
	if (resched && s->curr) {
		struct sim_thread *t = s->curr;

		switch_out(s, 0);
		make_runnable(s, t, SCHED_ENQ_PREEMPT);
		t->woken = false;
	}
	if (s->curr)
		note_level(s, s->curr);
	check_queue_count(s);
	if (s->on_tick)
		s->on_tick(s, s->arg);
}

void sim_run(struct sim *s, u64 ticks)
{
	u64 end = ticks * U;
	u64 charged_to = s->now;	/* start of the uncharged run */
	int i;

	/* Threads arriving at tick 0 exist before the first tick. */
	if (s->now == 0) {
		for (i = 0; i < s->n; i++) {
			struct sim_thread *t = &s->t[i];

			if (t->state == T_NEW && t->arrival_tick == 0) {
				new_burst(s, t);
				make_runnable(s, t, SCHED_ENQ_NEW);
			}
		}
	}
	while (s->now < end) {
		u64 next_tick = (s->now / U + 1) * U;
		u64 until = next_tick;

		if (!s->curr) {
			dispatch(s);
			charged_to = s->now;
		}
		if (s->curr && s->curr->burst_left < until - s->now)
			until = s->now + s->curr->burst_left;
		if (s->on_advance)
			s->on_advance(s, until - s->now);
		if (s->curr) {
			s->curr->cpu += until - s->now;
			s->curr->burst_left -= until - s->now;
		} else {
			s->idle += until - s->now;
		}
		s->now = until;
		if (s->curr && s->curr->burst_left == 0) {
			burst_done(s, s->now - charged_to);
			charged_to = s->now;
		}
		if (s->now == next_tick) {
			do_tick(s, s->curr ? s->now - charged_to : 0);
			charged_to = s->now;
		}
		if (sim_all_done(s))
			break;
	}
}

int run_tests(const char *suite, const struct test *tests)
{
	int i;

	for (i = 0; tests[i].name; i++) {
		check_failed = 0;
		tests[i].fn();
		if (check_failed) {
			tests_failed++;
			printf("not ok %s.%s\n", suite, tests[i].name);
		} else {
			tests_passed++;
			printf("ok %s.%s\n", suite, tests[i].name);
		}
	}
	return 0;
}

static const struct sim_policy_entry *find_policy(const char *name)
{
	const struct sim_policy_entry *e;

	for (e = sim_policies; e->policy; e++)
		if (!strcmp(e->policy->name, name))
			return e;
	return NULL;
}

static void usage(void)
{
	const struct sim_policy_entry *e;

	fprintf(stderr, "usage: test-sched POLICY\npolicies:");
	for (e = sim_policies; e->policy; e++)
		fprintf(stderr, " %s", e->policy->name);
	fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
	const struct sim_policy_entry *e = argc == 2 ? find_policy(argv[1]) :
					   NULL;

	if (!e) {
		if (argc == 2)
			fprintf(stderr, "test-sched: no policy '%s'\n", argv[1]);
		usage();
		return 2;
	}
	sim_policy = e->policy;
	run_tests("common", common_tests);
	run_tests(sim_policy->name, e->tests);
	/* One run's total; the Makefile prints the suite's hosttest line. */
	printf("  sched-%s: %d passed, %d failed\n", sim_policy->name,
	       tests_passed, tests_failed);
	return tests_failed ? 1 : 0;
}
