// SPDX-License-Identifier: GPL-2.0
/*
 * Tests every policy must pass: fairness among equal CPU hogs, the policy
 * protocol under random workloads, bounded waiting (no starvation).
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

static void fairness_equal_hogs(void)
{
	static struct sim_thread t[6];
	double cpu[6];
	struct sim s;
	int i;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, 6);
	sim_run(&s, 5000);
	for (i = 0; i < 6; i++)
		cpu[i] = (double)t[i].cpu;
	printf("    6 hogs, 5000 ticks: Jain %.5f\n", jain(cpu, 6));
	CHECK(jain(cpu, 6) >= 0.99, "Jain index %.5f", jain(cpu, 6));
	CHECK(s.idle == 0, "idle %llu with runnable hogs",
	      (unsigned long long)s.idle);
	CHECK(s.protocol_errors == 0, "%d protocol errors", s.protocol_errors);
	sim_free(&s);
}

static void fairness_staggered_hogs(void)
{
	/* Hogs that arrive later still converge to an equal share. */
	static struct sim_thread t[4];
	double cpu[4];
	struct sim s;
	int i;

	memset(t, 0, sizeof(t));
	for (i = 0; i < 4; i++)
		t[i].arrival_tick = i * 3;
	sim_init(&s, t, 4);
	sim_run(&s, 20000);
	for (i = 0; i < 4; i++)
		cpu[i] = (double)t[i].cpu;
	CHECK(jain(cpu, 4) >= 0.99, "Jain index %.5f", jain(cpu, 4));
	sim_free(&s);
}

static u64 seed;

static void random_next(struct sim *s, struct sim_thread *t)
{
	u64 r = rng_next(&seed);

	t->burst = 1 + r % (3 * U);
	switch ((r >> 20) % 4) {
	case 0:
		t->after = ACT_YIELD;
		break;
	case 1:
	case 2:
		t->after = ACT_SLEEP;
		t->sleep_ticks = 1 + (r >> 24) % 12;
		break;
	default:
		/* Sometimes a long CPU-bound stretch. */
		t->burst = 1 + (r >> 28) % (40 * U);
		t->after = ACT_YIELD;
		break;
	}
}

/*
 * Longest a runnable thread may wait: every other thread runs once for at
 * most its quantum plus the tick it started in; with boosting, add one
 * boost period for a thread parked at a low level. A policy that shares
 * by weight (it has reweight()) also holds back a thread that ran ahead
 * of its share, until the others have caught up: one more such round.
 */
static u64 wait_bound(int n)
{
	u64 q = sim_policy->quantum(0) + U;

	if (sched_nr_levels(sim_policy) == 1)
		return (sim_policy->reweight ? 2 : 1) * (u64)n * q + U;
	return sched_boost_ticks(sim_policy) * U + (u64)(n + 1) * q + U;
}

static void random_workloads(void)
{
	enum { N = 12, ROUNDS = 40 };
	static struct sim_thread t[N];
	int round, i;

	for (round = 0; round < ROUNDS; round++) {
		struct sim s;
		u64 total = 0, bound;

		seed = 0x9E3779B97F4A7C15ULL * (round + 1);
		memset(t, 0, sizeof(t));
		for (i = 0; i < N; i++) {
			u64 r = rng_next(&seed);

			t[i].next = random_next;
			t[i].arrival_tick = r % 200;
			/* A third of the threads finish after some work. */
			if (r % 3 == 0)
				t[i].total_work = (1 + (r >> 8) % 100) * U;
		}
		sim_init(&s, t, N);
		bound = wait_bound(N);
		sim_run(&s, 4000);
		for (i = 0; i < N; i++) {
			total += t[i].cpu;
			CHECK(t[i].max_wait <= bound,
			      "round %d thread %d waited %llu units > %llu",
			      round, i, (unsigned long long)t[i].max_wait,
			      (unsigned long long)bound);
			if (t[i].total_work)
				CHECK(t[i].state == T_DONE,
				      "round %d thread %d not finished", round,
				      i);
		}
		CHECK(total + s.idle == s.now,
		      "round %d: cpu %llu + idle %llu != time %llu", round,
		      (unsigned long long)total, (unsigned long long)s.idle,
		      (unsigned long long)s.now);
		CHECK(s.protocol_errors == 0, "round %d: %d protocol errors",
		      round, s.protocol_errors);
		sim_free(&s);
	}
}

static void idle_cpu(void)
{
	/* Ticks with nothing runnable, then a thread appears and runs. */
	static struct sim_thread t[1];
	struct sim s;

	memset(t, 0, sizeof(t));
	t[0].arrival_tick = 50;
	t[0].total_work = 10 * U;
	sim_init(&s, t, 1);
	sim_run(&s, 100);
	CHECK(t[0].state == T_DONE, "thread did not finish");
	CHECK(t[0].first_run == 50 * U, "first run at %llu",
	      (unsigned long long)t[0].first_run);
	/* The run stops when every thread is done. */
	CHECK(s.now == 60 * U, "ended at %llu", (unsigned long long)s.now);
	CHECK(s.idle == 50 * U, "idle %llu", (unsigned long long)s.idle);
	CHECK(sim_policy->pick_next(&sim_rq) == NULL, "queue not empty at the end");
	sim_free(&s);
}

const struct test common_tests[] = {
	{ "fairness_equal_hogs", fairness_equal_hogs },
	{ "fairness_staggered_hogs", fairness_staggered_hogs },
	{ "random_workloads", random_workloads },
	{ "idle_cpu", idle_cpu },
	{ NULL, NULL },
};
