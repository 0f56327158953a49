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
	sched_policy_init();
	for (i = 0; i < n; i++) {
		struct sim_thread *th = &t[i];

		th->id = i;
		th->state = T_NEW;
		th->first_run = NEVER;
		th->finish = NEVER;
		sched_policy_init_entity(&th->se);
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
	u8 l = t->se.level;

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
	sched_policy_enqueue(&t->se, why);
}

/* The running thread stops: charge the rest of its run, close the segment. */
static void switch_out(struct sim *s, u64 charge)
{
	struct sim_thread *t = s->curr;
	struct sim_segment *g;

	sched_policy_charge(&t->se, charge);
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
	g->level = t->se.level;
	s->curr = NULL;
}

static void dispatch(struct sim *s)
{
	struct sched_entity *se = sched_policy_pick_next();
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
	if (se->level > t->dispatch_level_max)
		t->dispatch_level_max = se->level;
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
	if (runnable != sched_policy_nr_queued()) {
		printf("    protocol: %u runnable but policy has %u queued\n",
		       runnable, sched_policy_nr_queued());
		s->protocol_errors++;
	}
}

/* Burst finished exactly now: do what the thread does next. */
static void burst_done(struct sim *s, u64 charge)
{
	struct sim_thread *t = s->curr;

	if (t->total_work && t->cpu >= t->total_work) {
		switch_out(s, charge);
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
		sched_policy_block(&t->se);
		t->state = T_SLEEPING;
		/* Sleep n ticks: wake on the n-th tick from now. */
		t->wake_tick = s->ticks + (t->sleep_ticks ? t->sleep_ticks : 1);
		break;
	case ACT_EXIT:
		switch_out(s, charge);
		t->state = T_DONE;
		t->finish = s->now;
		break;
	}
}

static void do_tick(struct sim *s, u64 charge)
{
	int i;

	s->ticks++;
	if (s->curr) {
		sched_policy_charge(&s->curr->se, charge);
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
		}
	}
	if (sched_policy_tick(s->curr ? &s->curr->se : NULL)) {
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

int main(void)
{
	run_tests("common", common_tests);
	run_tests(sched_policy_name, policy_tests);
	/* One binary's total; the Makefile prints the suite's hosttest line. */
	printf("  sched-%s: %d passed, %d failed\n", sched_policy_name,
	       tests_passed, tests_failed);
	return tests_failed ? 1 : 0;
}
