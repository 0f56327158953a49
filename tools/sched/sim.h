/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Discrete-event simulator of one CPU with a periodic tick, driving the
 * linked scheduler policy through <mosaic/sched_policy.h> exactly as the
 * kernel core does. Time is in policy units (SCHED_TICK_UNITS per tick),
 * so a thread can yield or sleep between ticks.
 */
#ifndef SCHED_SIM_H
#define SCHED_SIM_H

#include <mosaic/sched_policy.h>
#include <mosaic/timer.h>
#include <stdio.h>

#define U SCHED_TICK_UNITS
#define SIM_MAX_LEVELS 16
#define NEVER ((u64)-1)

enum sim_action { ACT_YIELD, ACT_SLEEP, ACT_EXIT };
enum sim_state { T_NEW, T_RUNNABLE, T_RUNNING, T_SLEEPING, T_DONE };

struct sim;

struct sim_thread {
	struct sched_entity se;
	int id;
	/* Behaviour: run `burst` units (0 = forever), then `after`. */
	u64 burst;
	enum sim_action after;
	u64 sleep_ticks;
	u64 arrival_tick;
	u64 total_work;		/* exit once this much CPU is used; 0 = never */
	/* Optional: choose the next burst (random workloads). */
	void (*next)(struct sim *s, struct sim_thread *t);

	enum sim_state state;
	u64 burst_left;
	u64 wake_tick;
	u64 ready_since;

	/* Statistics, all in units. */
	u64 cpu;
	u64 first_run;
	u64 finish;
	u64 dispatches;
	u64 max_wait;		/* longest runnable-but-not-running stretch */
	u64 total_wait;
	u64 max_wake_latency;	/* wakeup to first run after it */
	u64 total_wake_latency;
	u64 wakeups;
	bool woken;
	u8 max_level;
	u64 cpu_at_level[SIM_MAX_LEVELS];	/* CPU used when first at level */
	u64 time_at_level[SIM_MAX_LEVELS];	/* sim time when first at level */
	u8 dispatch_level_max;	/* highest level number at any dispatch */
};

struct sim_segment {
	int id;
	u64 start, end;
	u8 level;
};

struct sim {
	struct sim_thread *t;
	int n;
	u64 now;
	struct sim_thread *curr;
	u64 idle;
	u64 switches;
	u64 ticks;
	struct sim_segment *seg;
	size_t nseg, segcap;
	u64 seg_start;
	/* Called after every tick with the policy state settled. */
	void (*on_tick)(struct sim *s, void *arg);
	/* Called when a woken (or new) thread is dispatched. */
	void (*on_wake_run)(struct sim *s, struct sim_thread *t, u64 latency);
	void *arg;
	int protocol_errors;
};

void sim_init(struct sim *s, struct sim_thread *t, int n);
/* Run until `ticks` ticks have elapsed in total (or everyone is done). */
void sim_run(struct sim *s, u64 ticks);
void sim_free(struct sim *s);
bool sim_all_done(const struct sim *s);

/* Jain's fairness index of x[0..n-1]: (sum x)^2 / (n * sum x^2). */
double jain(const double *x, int n);

/* Tiny test harness. */
extern int tests_passed, tests_failed;
extern int check_failed;
#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			printf("    FAIL %s:%d: %s: ", __FILE__, __LINE__,  \
			       #cond);                                      \
			printf(__VA_ARGS__);                                \
			printf("\n");                                       \
			check_failed++;                                     \
		}                                                           \
	} while (0)

struct test {
	const char *name;
	void (*fn)(void);
};
int run_tests(const char *suite, const struct test *tests);

/* Defined by the per-policy test file. */
extern const struct test policy_tests[];
extern const struct test common_tests[];

/* Helpers. */
u64 rng_next(u64 *state);
#endif
