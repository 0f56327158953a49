// SPDX-License-Identifier: GPL-2.0
/*
 * EEVDF tests against a model: the ideal fluid scheduler (generalised
 * processor sharing), which at every instant gives each runnable thread
 * w_i / sum(w) of the CPU. EEVDF's guarantee is that no thread's lag,
 * ideal service minus real service, grows beyond about one request,
 * whatever the mix of weights, arrivals and sleeps; and since lag is
 * kept across sleeps, the model counts a thread's ideal service only
 * while it is runnable. Tolerances are derived from the slice (the
 * request size) and the tick (the preemption granularity).
 */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const u32 eevdf_nice_weight[SCHED_NICE_MAX - SCHED_NICE_MIN + 1];

static u32 weight(int nice)
{
	return eevdf_nice_weight[nice - SCHED_NICE_MIN];
}

static u64 slice(void)
{
	return sim_policy->quantum(0);
}

static void eevdf_params(void)
{
	u64 want = ms_to_ticks(CONFIG_SCHED_EEVDF_SLICE_MS);

	sim_policy->init_rq(&sim_rq);
	CHECK(slice() == (want ? want : 1) * U, "slice %llu units",
	      (unsigned long long)slice());
	/* Linux's table: nice 0 is 1024, the ends 88761 and 15. */
	CHECK(weight(0) == 1024 && weight(-20) == 88761 && weight(19) == 15,
	      "weights %u %u %u", weight(0), weight(-20), weight(19));
	printf("    slice %llu ticks\n", (unsigned long long)(slice() / U));
}

/*
 * The fluid model, advanced by the simulator between events, in real
 * service (units), independent of the policy's virtual-time arithmetic.
 * Joins and leaves follow EEVDF's rules (Stoica et al., section 4): a
 * leaving thread's lag is spread over those that stay, by weight, and
 * kept (clamped as Linux clamps it: the larger of two slices and a tick)
 * until it returns and takes it back from those then runnable.
 */
struct model {
	double ideal[16];
	double saved[16];	/* lag kept while not runnable */
	double gps[16];		/* plain GPS: w_i / sum(w) while runnable */
	bool in[16];		/* runnable at the last look */
	double max_lag, min_lag;
	int worst;		/* the thread with the largest |lag| */
};

static struct model model;

static bool runnable(const struct sim_thread *t)
{
	return t->state == T_RUNNABLE || t->state == T_RUNNING;
}

static double lag_of(const struct sim *s, int i)
{
	return model.ideal[i] - (double)s->t[i].cpu;
}

/* Give lag (may be negative) to every thread in the model but skip. */
static void spread(const struct sim *s, int skip, double lag)
{
	double load = 0;
	int j;

	for (j = 0; j < s->n; j++)
		if (model.in[j] && j != skip)
			load += weight(s->t[j].se.nice);
	for (j = 0; j < s->n && load > 0; j++)
		if (model.in[j] && j != skip)
			model.ideal[j] += lag * weight(s->t[j].se.nice) / load;
}

static bool others_in(const struct sim *s, int skip)
{
	int j;

	for (j = 0; j < s->n; j++)
		if (model.in[j] && j != skip)
			return true;
	return false;
}

static void model_sync(struct sim *s)
{
	double limit = (double)MAX(2 * slice(), (u64)U);
	int i;

	for (i = 0; i < s->n; i++) {
		bool now = runnable(&s->t[i]);
		double lag;

		if (now == model.in[i])
			continue;
		if (!now) {
			lag = lag_of(s, i);
			model.in[i] = false;
			spread(s, i, lag);
			model.saved[i] = fmax(-limit, fmin(limit, lag));
			model.ideal[i] = (double)s->t[i].cpu;
		} else {
			/* Alone, a thread is owed nothing: lag is relative. */
			lag = others_in(s, i) ? model.saved[i] : 0;
			spread(s, i, -lag);
			model.ideal[i] = (double)s->t[i].cpu + lag;
			model.in[i] = true;
		}
	}
}

static void model_advance(struct sim *s, u64 dt)
{
	double load = 0;
	int i;

	model_sync(s);
	for (i = 0; i < s->n; i++)
		if (model.in[i])
			load += weight(s->t[i].se.nice);
	for (i = 0; i < s->n && load > 0; i++) {
		if (!model.in[i])
			continue;
		model.ideal[i] += dt * weight(s->t[i].se.nice) / load;
		model.gps[i] += dt * weight(s->t[i].se.nice) / load;
	}
}

static void model_check(struct sim *s, void *arg)
{
	int i;

	model_sync(s);
	for (i = 0; i < s->n; i++) {
		double lag = lag_of(s, i);

		if (!model.in[i])
			continue;
		if (lag > model.max_lag || -lag > -model.min_lag)
			model.worst = i;
		model.max_lag = fmax(model.max_lag, lag);
		model.min_lag = fmin(model.min_lag, lag);
	}
}

static void model_attach(struct sim *s)
{
	memset(&model, 0, sizeof(model));
	s->on_advance = model_advance;
	s->on_tick = model_check;
}

/* Hogs with these nice levels share the CPU as their weights say. */
static void share_by_weight(const int *nice, int n)
{
	static struct sim_thread t[8];
	u64 total_w = 0, min_w = ~0ULL, rounds = 200, ticks;
	struct sim s;
	int i;

	memset(t, 0, sizeof(t));
	for (i = 0; i < n; i++) {
		t[i].se.nice = (s8)nice[i];
		total_w += weight(nice[i]);
		min_w = MIN(min_w, (u64)weight(nice[i]));
	}
	/* A round: the lightest thread gets one slice. */
	ticks = rounds * slice() / U * total_w / min_w;
	sim_init(&s, t, n);
	sim_run(&s, ticks);
	for (i = 0; i < n; i++) {
		double want = (double)s.now * weight(nice[i]) / total_w;
		double err = fabs((double)t[i].cpu - want) / want;

		printf("    nice %3d: %5.2f%% of the CPU, model %5.2f%%\n",
		       nice[i], 100.0 * t[i].cpu / s.now, 100.0 * want / s.now);
		/* 200 rounds: one slice off is 0.5%; allow 2%. */
		CHECK(err <= 0.02, "nice %d off by %.2f%%", nice[i], 100 * err);
	}
	CHECK(s.protocol_errors == 0, "%d protocol errors", s.protocol_errors);
	sim_free(&s);
}

static void eevdf_share_two_weights(void)
{
	static const int nice[] = { 0, 5 };	/* 1024 : 335, about 3 : 1 */

	share_by_weight(nice, 2);
}

static void eevdf_share_many_weights(void)
{
	static const int nice[] = { -5, 0, 0, 3, 10 };

	share_by_weight(nice, 5);
}

static u64 seed;

/* Sleepers: bursts of 0.2..2.5 ticks, 1..4 ticks asleep. */
static void sleeper_next(struct sim *s, struct sim_thread *t)
{
	u64 r = rng_next(&seed);

	t->burst = U / 5 + r % (23 * U / 10);
	t->after = ACT_SLEEP;
	t->sleep_ticks = 1 + (r >> 32) % 4;
}

/*
 * Every thread's lag against the fluid model stays within a bound: two
 * slices either way (a thread ends its request up to a slice past its
 * deadline order, and a woken one waits at most for the running request)
 * plus a tick for preemption only at ticks and one for wakeups only at
 * ticks. Lag kept across sleeps is what keeps sleepers inside it: with
 * lag dropped at wakeup a sleeper would gain (or lose) up to a slice per
 * sleep, without limit.
 */
static void eevdf_lag_bounded_by_model(void)
{
	static const int nice[] = { -3, 0, 4, 0, 7, -1 };
	enum { N = 6, HOGS = 3 };
	static struct sim_thread t[N];
	u64 bound = 2 * slice() + 2 * U;
	struct sim s;
	int i, k;

	for (k = 0; k < 4; k++) {
		seed = 0x5eed0000ULL + (u64)k;
		memset(t, 0, sizeof(t));
		for (i = 0; i < N; i++) {
			t[i].se.nice = (s8)nice[(i + k) % N];
			t[i].arrival_tick = (u64)(i * k) % 7;
			if (i >= HOGS)
				t[i].next = sleeper_next;
		}
		sim_init(&s, t, N);
		model_attach(&s);
		sim_run(&s, 20000);
		printf("    seed %d: lag %.0f .. %.0f units (bounds -%llu, %llu)\n",
		       k, model.min_lag, model.max_lag,
		       (unsigned long long)(slice() + 2 * U),
		       (unsigned long long)bound);
		CHECK(model.max_lag <= (double)bound,
		      "thread %d was owed %.0f units", model.worst,
		      model.max_lag);
		/*
		 * Ahead, the bound is tighter: a thread runs only while
		 * eligible (lag >= 0), then at most one request, so it is
		 * never more than a slice ahead, plus the tick preemption
		 * waits for and one of wakeup rounding. Picking by deadline
		 * alone, without eligibility, breaks this one.
		 */
		CHECK(-model.min_lag <= (double)(slice() + 2 * U),
		      "thread %d got %.0f units too many (bound %llu)",
		      model.worst, -model.min_lag,
		      (unsigned long long)(slice() + 2 * U));
		CHECK(s.protocol_errors == 0, "%d protocol errors",
		      s.protocol_errors);
		sim_free(&s);
	}
}

/*
 * A light sleeper (0.1..0.3 tick bursts) woken among N - 1 CPU hogs of
 * the same weight uses far less than its share, so it is always owed
 * service (lag >= 0) when it wakes: eligible at once, it waits at most
 * for the hogs whose deadlines come first, N - 1 slices, plus a tick
 * (wakeups come on ticks). Often its deadline is the earliest and it
 * preempts at the wakeup, so the mean stays under one slice, where round
 * robin's is half a round, two slices.
 */
static void light_sleeper_next(struct sim *s, struct sim_thread *t)
{
	u64 r = rng_next(&seed);

	t->burst = U / 10 + r % (U / 5);
	t->after = ACT_SLEEP;
	t->sleep_ticks = 2 + (r >> 32) % 4;
}

static void eevdf_wakeup_latency(void)
{
	enum { N = 5 };
	static struct sim_thread t[N];
	u64 bound = (N - 1) * slice() + U;
	struct sim s;
	double mean;

	seed = 42;
	memset(t, 0, sizeof(t));
	t[0].next = light_sleeper_next;
	sim_init(&s, t, N);
	sim_run(&s, 20000);
	mean = (double)t[0].total_wake_latency / t[0].wakeups;
	printf("    %llu wakeups: latency max %llu, mean %.0f units (bound %llu)\n",
	       (unsigned long long)t[0].wakeups,
	       (unsigned long long)t[0].max_wake_latency, mean,
	       (unsigned long long)bound);
	CHECK(t[0].wakeups > 1000, "only %llu wakeups",
	      (unsigned long long)t[0].wakeups);
	CHECK(t[0].max_wake_latency <= bound, "waited %llu units",
	      (unsigned long long)t[0].max_wake_latency);
	CHECK(mean <= slice(), "mean latency %.0f", mean);
	sim_free(&s);
}

/*
 * A thread that sleeps a little before each of its requests ends cannot
 * get more than its share: the lag it has when it sleeps (negative, it
 * ran ahead) is still there when it wakes.
 */
static void gamer_next(struct sim *s, struct sim_thread *t)
{
	t->burst = slice() - U / 4;
	t->after = ACT_SLEEP;
	t->sleep_ticks = 1;
}

static void eevdf_sleep_earns_nothing(void)
{
	enum { N = 3 };
	static struct sim_thread t[N];
	struct sim s;

	memset(t, 0, sizeof(t));
	t[0].next = gamer_next;
	sim_init(&s, t, N);
	model_attach(&s);
	sim_run(&s, 20000);
	printf("    gamer: %llu units, GPS share %.0f\n",
	       (unsigned long long)t[0].cpu, model.gps[0]);
	CHECK((double)t[0].cpu <= model.gps[0] + 2 * slice() + 2 * U,
	      "gamer got %llu units, its share is %.0f",
	      (unsigned long long)t[0].cpu, model.gps[0]);
	sim_free(&s);
}

/* A running thread's new nice level takes effect from then on. */
static void eevdf_reweight_running(void)
{
	static struct sim_thread t[2];
	u64 half = 400 * slice() / U, cpu0;
	struct sim s;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, 2);
	sim_run(&s, half);
	cpu0 = t[0].cpu;
	CHECK(llabs((long long)t[0].cpu - (long long)t[1].cpu) <=
	      (long long)(slice() + U), "equal hogs %llu vs %llu",
	      (unsigned long long)t[0].cpu, (unsigned long long)t[1].cpu);
	/* As thread_set_nice() does it: set, then tell the policy. */
	t[0].se.nice = 5;
	sim_policy->reweight(&sim_rq, &t[0].se, 0);
	sim_run(&s, 2 * half);
	{
		double got = (double)(t[0].cpu - cpu0) / (s.now - half * U);
		double want = 335.0 / (335 + 1024);

		printf("    after renice: %.3f of the CPU, model %.3f\n", got,
		       want);
		CHECK(fabs(got - want) <= 0.02, "share %.3f", got);
	}
	sim_free(&s);
}

const struct test eevdf_tests[] = {
	{ "eevdf_params", eevdf_params },
	{ "eevdf_share_two_weights", eevdf_share_two_weights },
	{ "eevdf_share_many_weights", eevdf_share_many_weights },
	{ "eevdf_lag_bounded_by_model", eevdf_lag_bounded_by_model },
	{ "eevdf_wakeup_latency", eevdf_wakeup_latency },
	{ "eevdf_sleep_earns_nothing", eevdf_sleep_earns_nothing },
	{ "eevdf_reweight_running", eevdf_reweight_running },
	{ NULL, NULL },
};
