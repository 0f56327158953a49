// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler benchmark (bench=sched): fixed workload mixes run by real
 * kernel threads under whichever policy is compiled in, and a yield
 * ping-pong microbenchmark. Every figure is computed with integers from
 * rdtsc and the tick; run it under QEMU -icount (make bench ICOUNT=1) so
 * the figures repeat exactly. Documentation/sched.md describes the mixes
 * and the metrics.
 *
 * Mixes (bench_scale=S, 1..16, multiplies their length; default 4;
 * scripts/compare --small, which `make check` runs, passes 1):
 *   cpu          4 CPU-bound jobs of 10*S ticks, all arriving at once
 *   interactive  6 jobs: 8*S bursts of 0.2 tick, 2..7 ticks asleep between
 *   mixed        1 CPU-bound job of 30*S ticks + 4 interactive jobs
 *                (0.2 tick bursts, 2..5 ticks asleep)
 *   arrivals     12*S short jobs (1-4 ticks of CPU) arriving every ~3
 *                ticks, a load of about 0.83
 *
 * A job "arrives" when it becomes runnable: at creation, or when the
 * timer wakes it at its arrival tick (jobs that arrive later are created
 * up front and sleep until then, so the spawner's own scheduling cannot
 * shift arrivals).
 */
#include <mosaic/bench.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/params.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/sort.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>
#include <mosaic/vsprintf.h>

#include "sched.h"

#define U SCHED_TICK_UNITS
#define SCALE_DEFAULT 4
#define SCALE_MAX 16

static unsigned int bench_scale = SCALE_DEFAULT;

/* bench_scale=N (1..16): length of the scheduler mixes. */
static int bench_scale_param(const char *val)
{
	u64 v;

	if (kstrtoull(val, 10, &v) || v < 1 || v > SCALE_MAX)
		return -EINVAL;
	bench_scale = (unsigned int)v;
	return 0;
}
KERNEL_PARAM(bench_scale, bench_scale_param);

struct job {
	u64 cpu_units;		/* CPU per burst */
	unsigned int bursts;
	u64 sleep;		/* ticks asleep between bursts */
	u64 arrive;		/* ticks after the mix starts */
	u64 t0;			/* absolute tick the mix starts */
	struct thread *th;
	u64 arrive_tsc, first_tsc, finish_tsc;
};

/* Latency samples, in TSC cycles. */
struct samples {
	u64 *v;
	unsigned int n, max;
};

static struct samples resp;	/* arrival -> first run */
static struct samples wake;	/* wakeup -> running, interactive jobs */

static void sample_add(struct samples *s, u64 v)
{
	unsigned long flags = local_irq_save();

	if (s->n < s->max)
		s->v[s->n++] = v;
	local_irq_restore(flags);
}

/* Run on the CPU for units of our own CPU time (not wall time). */
static void burn(u64 units)
{
	u64 end = thread_cpu_units() + units;

	while (thread_cpu_units() < end)
		barrier();
}

static int job_fn(void *arg)
{
	struct job *j = arg;
	struct thread *me = current();
	unsigned int b;
	u64 now;

	/* Late already (a policy kept us waiting)? Then we arrived at creation. */
	if (j->arrive && timer_ticks() < j->t0 + j->arrive)
		sleep_ticks(j->t0 + j->arrive - timer_ticks());
	now = rdtsc();
	j->arrive_tsc = me->ready_tsc;
	j->first_tsc = now;
	sample_add(&resp, now - me->ready_tsc);
	for (b = 0; b < j->bursts; b++) {
		burn(j->cpu_units);
		if (j->sleep && b + 1 < j->bursts) {
			sleep_ticks(j->sleep);
			sample_add(&wake, rdtsc() - me->ready_tsc);
		}
	}
	j->finish_tsc = rdtsc();
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* A value in ticks with three decimals, as "%llu.%03llu" arguments. */
#define TICKS3(c) (unsigned long long)((c) / 1000), (unsigned long long)((c) % 1000)

static u64 to_mticks(u64 cycles, u64 tpt)
{
	return tpt ? cycles * 1000 / tpt : 0;
}

static void stat_avg_p99(struct samples *s, u64 tpt, u64 *avg, u64 *p99)
{
	u64 sum = 0;
	unsigned int i;

	*avg = *p99 = 0;
	if (!s->n)
		return;
	sort(s->v, s->n, sizeof(u64), cmp_u64);
	for (i = 0; i < s->n; i++)
		sum += s->v[i];
	*avg = to_mticks(sum / s->n, tpt);
	/* Nearest-rank percentile. */
	*p99 = to_mticks(s->v[(s->n * 99 + 99) / 100 - 1], tpt);
}

/* The percentiles of the response-time distribution a mix reports. */
static const unsigned int response_pcts[] = { 0, 10, 25, 50, 75, 90, 99, 100 };

/*
 * One line with the whole distribution of response times (arrival to
 * first run), as nearest-rank percentiles: s must be sorted.
 */
static void emit_response_distribution(const char *mix, struct samples *s,
				       u64 tpt)
{
	u64 p[ARRAY_SIZE(response_pcts)] = { 0 };

	for (unsigned int i = 0; s->n && i < ARRAY_SIZE(response_pcts); i++) {
		unsigned int rank = (s->n * response_pcts[i] + 99) / 100;

		p[i] = to_mticks(s->v[rank ? rank - 1 : 0], tpt);
	}
	bench_emit("\"family\":\"sched\",\"name\":\"response_%s\",\"policy\":\"%s\","
		   "\"samples\":%u,\"response_pct\":[0,10,25,50,75,90,99,100],"
		   "\"response_ticks\":[%llu.%03llu,%llu.%03llu,%llu.%03llu,%llu.%03llu,"
		   "%llu.%03llu,%llu.%03llu,%llu.%03llu,%llu.%03llu]",
		   mix, sched_policy->name, s->n, TICKS3(p[0]), TICKS3(p[1]),
		   TICKS3(p[2]), TICKS3(p[3]), TICKS3(p[4]), TICKS3(p[5]),
		   TICKS3(p[6]), TICKS3(p[7]));
}

/* Run one mix and emit its BENCH lines. jobs[] arrive in any order. */
/* What a timeline lane is called: jobs that never sleep are hogs. */
static const char *job_name(const struct job *j)
{
	return j->sleep ? "interactive" : "hog";
}

static void run_mix(const char *mix, struct job *jobs, unsigned int n)
{
	u64 tpt, t0_tsc, end_tsc = 0, sum_turn = 0, sum_r = 0, sum_r2 = 0;
	u64 resp_avg, resp_p99, wake_avg, wake_p99, ticks0, elapsed;
	struct sched_stats st0, st1;
	unsigned int i, done = 0;
	char wake_members[80] = "";

	resp.n = wake.n = 0;
	/* Later arrivals are created first and go to sleep until theirs. */
	ticks0 = timer_ticks() + 2;
	for (i = 0; i < n; i++) {
		jobs[i].t0 = ticks0;
		jobs[i].th = NULL;
		if (jobs[i].arrive)
			jobs[i].th = thread_create(job_fn, &jobs[i],
						   job_name(&jobs[i]));
	}
	sleep_ticks(ticks0 - timer_ticks());
	sched_get_stats(&st0);
	tpt = st0.tsc_per_tick;
	t0_tsc = rdtsc();
	for (i = 0; i < n; i++)
		if (!jobs[i].arrive)
			jobs[i].th = thread_create(job_fn, &jobs[i],
						   job_name(&jobs[i]));
	for (i = 0; i < n; i++) {
		if (!jobs[i].th)
			continue;
		thread_join(jobs[i].th, NULL);
		done++;
	}
	sched_get_stats(&st1);
	for (i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		u64 turn, ideal, r;

		if (!j->th)
			continue;
		turn = j->finish_tsc - j->arrive_tsc;
		ideal = j->bursts * j->cpu_units * tpt / U +
			(j->bursts - 1) * j->sleep * tpt;
		/* Progress rate: how fast it went relative to running alone. */
		r = turn ? ideal * 1000 / turn : 1000;
		sum_turn += turn;
		sum_r += r;
		sum_r2 += r * r;
		end_tsc = MAX(end_tsc, j->finish_tsc);
	}
	elapsed = end_tsc - t0_tsc;
	stat_avg_p99(&resp, tpt, &resp_avg, &resp_p99);
	stat_avg_p99(&wake, tpt, &wake_avg, &wake_p99);
	/* A mix without wakeups has no wake figures (not zeros). */
	if (wake.n)
		snprintf(wake_members, sizeof(wake_members),
			 "\"wake_avg_ticks\":%llu.%03llu,\"wake_p99_ticks\":%llu.%03llu,",
			 TICKS3(wake_avg), TICKS3(wake_p99));
	bench_emit("\"family\":\"sched\",\"name\":\"mix_%s\",\"policy\":\"%s\",\"hz\":%d,\"scale\":%u,\"jobs\":%u,"
		   "\"resp_avg_ticks\":%llu.%03llu,\"resp_p99_ticks\":%llu.%03llu,%s"
		   "\"turnaround_avg_ticks\":%llu.%03llu,\"makespan_ticks\":%llu.%03llu,"
		   "\"throughput_per_s\":%llu.%03llu,\"jain_permille\":%llu,\"switches_per_s\":%llu",
		   mix, sched_policy->name, CONFIG_HZ, bench_scale, done,
		   TICKS3(resp_avg), TICKS3(resp_p99), wake_members,
		   TICKS3(done ? to_mticks(sum_turn / done, tpt) : 0),
		   TICKS3(to_mticks(elapsed, tpt)),
		   TICKS3(elapsed ? (u64)done * 1000 * tpt * CONFIG_HZ / elapsed : 0),
		   (unsigned long long)(sum_r2 ? sum_r * sum_r * 1000 / (done * sum_r2) : 0),
		   (unsigned long long)(elapsed ? (st1.switches - st0.switches) *
					tpt * CONFIG_HZ / elapsed : 0));
	emit_response_distribution(mix, &resp, tpt);
}

/* Deterministic pseudo-random numbers for the arrivals mix. */
static u32 lcg(u32 *s)
{
	*s = *s * 1103515245U + 12345U;
	return (*s >> 16) & 0x7fff;
}

static void set_job(struct job *j, u64 cpu_units, unsigned int bursts,
		    u64 sleep, u64 arrive)
{
	memset(j, 0, sizeof(*j));
	j->cpu_units = cpu_units;
	j->bursts = bursts;
	j->sleep = sleep;
	j->arrive = arrive;
}

/* The hog + interactive mix: one CPU-bound job, four that sleep. */
#define MIXED_JOBS 5
static void mixed_jobs(struct job *jobs, unsigned int s)
{
	set_job(&jobs[0], 30 * s * U, 1, 0, 0);
	for (unsigned int i = 1; i < MIXED_JOBS; i++)
		set_job(&jobs[i], U / 5, 8 * s, 1 + i, 0);
}

static void mixes(struct job *jobs)
{
	unsigned int s = bench_scale, i, n;
	u32 seed = 12345;

	for (i = 0; i < 4; i++)
		set_job(&jobs[i], 10 * s * U, 1, 0, 0);
	run_mix("cpu", jobs, 4);

	/* Different sleeps (2..7 ticks), so wakeups are not in lockstep. */
	for (i = 0; i < 6; i++)
		set_job(&jobs[i], U / 5, 8 * s, 2 + i, 0);
	run_mix("interactive", jobs, 6);

	mixed_jobs(jobs, s);
	run_mix("mixed", jobs, MIXED_JOBS);

	n = 12 * s;
	for (i = 0; i < n; i++)
		set_job(&jobs[i], (1 + lcg(&seed) % 4) * U, 1, 0,
			1 + 3 * i + lcg(&seed) % 3);
	run_mix("arrivals", jobs, n);
}

/* Yield ping-pong: two threads hand the CPU back and forth. */
static volatile int pp_ready;
static volatile bool pp_go;

static int pingpong_fn(void *arg)
{
	unsigned long rounds = (unsigned long)arg, i;
	unsigned long flags = local_irq_save();

	pp_ready++;
	local_irq_restore(flags);
	while (!READ_ONCE(pp_go))
		yield();
	for (i = 0; i < rounds; i++)
		yield();
	return 0;
}

static void pingpong(void)
{
	unsigned long rounds = 2000UL * bench_scale;
	struct sched_stats st0, st1;
	struct thread *a, *b;
	u64 t0, t1, rt;

	pp_ready = 0;
	pp_go = false;
	a = thread_create(pingpong_fn, (void *)rounds, "ping");
	b = thread_create(pingpong_fn, a ? (void *)rounds : NULL, "pong");
	if (!a || !b) {
		pr_err("sched bench: cannot create ping-pong threads\n");
		return;
	}
	while (READ_ONCE(pp_ready) < 2)
		sleep_ticks(1);
	/* The spawner sleeps: only the two threads are runnable. */
	sched_get_stats(&st0);
	t0 = rdtsc();
	pp_go = true;
	thread_join(a, NULL);
	thread_join(b, NULL);
	t1 = rdtsc();
	sched_get_stats(&st1);
	/* A round trip is two switches (A->B->A); count the real ones. */
	rt = (st1.switches - st0.switches) / 2;
	bench_emit("\"family\":\"sched\",\"name\":\"yield_pingpong\",\"policy\":\"%s\",\"rounds\":%lu,"
		   "\"switches\":%llu,\"cycles_per_round_trip\":%llu",
		   sched_policy->name, rounds,
		   (unsigned long long)(st1.switches - st0.switches),
		   (unsigned long long)(rt ? (t1 - t0) / rt : 0));
}

/* The buffers the mixes need around @run; false if there were none. */
static bool with_mix_memory(void (*run)(struct job *jobs))
{
	unsigned int max_jobs = 12 * SCALE_MAX;
	struct job *jobs = kmalloc(max_jobs * sizeof(*jobs));
	bool ok = false;

	resp.max = max_jobs;
	resp.v = kmalloc(resp.max * sizeof(u64));
	wake.max = 6 * 8 * SCALE_MAX;
	wake.v = kmalloc(wake.max * sizeof(u64));
	if (!jobs || !resp.v || !wake.v || !sched_running()) {
		pr_err("sched bench: no memory or scheduler not running\n");
	} else {
		/* The TSC is calibrated against the tick after two ticks. */
		while (!sched_tsc_per_tick())
			sleep_ticks(1);
		run(jobs);
		ok = true;
	}
	kfree(wake.v);
	kfree(resp.v);
	kfree(jobs);
	return ok;
}

static void mixes_and_pingpong(struct job *jobs)
{
	mixes(jobs);
	pingpong();
}

static void sched_bench(void)
{
	with_mix_memory(mixes_and_pingpong);
}
BENCH_REGISTER(sched, sched_bench);

#ifdef CONFIG_TRACING
/*
 * bench=sched_timeline: the hog + interactive mix at scale 1 with the
 * sched events recorded, then dumped (Documentation/tracing.md): what
 * `make compare` draws side by side per policy. On demand only, last:
 * the trace buffer's memory would shift the later benchmarks' figures.
 */
static void traced_mixed(struct job *jobs)
{
	u64 saved = trace_selected_events();

	/*
	 * From a tick on, the work is the same instructions every run: start
	 * the trace there, so two -icount runs dump the same bytes.
	 */
	sleep_ticks(1);
	trace_reset();
	if (trace_set_events(trace_events_matching("sched", 5))) {
		pr_err("sched_timeline: no trace buffer\n");
		return;
	}
	mixed_jobs(jobs, 1);
	run_mix("mixed_traced", jobs, MIXED_JOBS);
	trace_set_events(saved);
	trace_dump();
}

static void sched_timeline_bench(void)
{
	with_mix_memory(traced_mixed);
}
BENCH_REGISTER_ON_DEMAND(sched_timeline, sched_timeline_bench);
#endif
