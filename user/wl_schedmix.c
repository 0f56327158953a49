// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler's CPU-bound + interactive mix, as threads of one process:
 * two threads compute without pause (a fixed amount of work each) while
 * two interactive threads wake every 10 ms (clock_nanosleep to an
 * absolute time), work briefly (about 10k instructions, well within
 * their fair share, so a late wake-up is the scheduler's doing, not a
 * backlog) and sleep again. Reported (sched_mix):
 * the interactive wake-ups' response time (from the time asked for to
 * the thread running again: resp_avg_us, resp_p99_us, resp_max_us), the
 * turnaround of each kind of thread (start to finish, ms) and the
 * makespan. Needs futex (pthread_join), clock_gettime, clock_nanosleep.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wl.h"

#define CPU_THREADS 2
#define IO_THREADS 2
#define PERIOD_NS 10000000LL
#define MAX_WAKEUPS 256
/* Compute-loop iterations per interactive wake-up. */
#define IO_BURST 2000

struct job {
	pthread_t t;
	int interactive;
	unsigned long work;  /* compute loop iterations (per burst) */
	unsigned int rounds; /* interactive: wake-ups */
	int64_t start_ns, end_ns;
	int64_t resp_ns[MAX_WAKEUPS];
	int err;
};

static volatile uint64_t sink;

static void compute(unsigned long iters)
{
	uint64_t x = iters;

	for (unsigned long i = 0; i < iters; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	sink = x;
}

static int sleep_until(int64_t ns)
{
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };
	int err;

	do
		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				      NULL);
	while (err == EINTR);
	return err;
}

static void *run_job(void *arg)
{
	struct job *j = arg;
	int64_t next = j->start_ns;

	if (!j->interactive) {
		compute(j->work);
	} else {
		for (unsigned int r = 0; r < j->rounds && !j->err; r++) {
			next += PERIOD_NS;
			j->err = sleep_until(next);
			j->resp_ns[r] = wl_ns() - next;
			compute(j->work);
		}
	}
	j->end_ns = wl_ns();
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int probe(void)
{
	struct timespec ts = { 0, 0 };
	int word = 0;

	if (wl_ns() < 0)
		return wl_fail("sched_mix", "clock_gettime(CLOCK_MONOTONIC)",
			       errno);
	if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		return wl_fail("sched_mix", "clock_nanosleep", errno);
	if (wl_futex(&word, WL_FUTEX_WAKE, 1) < 0)
		return wl_fail("sched_mix", "futex(FUTEX_WAKE)", errno);
	return 0;
}

static void report(struct job *jobs, int njobs, int64_t t0,
		   const struct wl_time *a, const struct wl_time *b)
{
	static int64_t resp[IO_THREADS * MAX_WAKEUPS];
	double sum = 0, cpu_ms = 0, io_ms = 0;
	int64_t end = t0;
	int n = 0;

	for (int i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		double ms = (j->end_ns - t0) / 1e6;

		if (j->end_ns > end)
			end = j->end_ns;
		if (!j->interactive) {
			cpu_ms += ms / CPU_THREADS;
			continue;
		}
		io_ms += ms / IO_THREADS;
		for (unsigned int r = 0; r < j->rounds; r++) {
			resp[n++] = j->resp_ns[r];
			sum += j->resp_ns[r];
		}
	}
	qsort(resp, n, sizeof(resp[0]), cmp64);
	wl_emit("\"family\":\"workloads\",\"name\":\"sched_mix\",\"ops\":%d,"
		"\"cycles\":%llu,\"resp_avg_us\":%.1f,\"resp_p99_us\":%.1f,"
		"\"resp_max_us\":%.1f,\"turnaround_cpu_ms\":%.1f,"
		"\"turnaround_interactive_ms\":%.1f,\"makespan_ms\":%.1f",
		n, (unsigned long long)(b->tsc - a->tsc), sum / n / 1e3,
		resp[(n * 99 + 99) / 100 - 1] / 1e3, resp[n - 1] / 1e3, cpu_ms,
		io_ms, (end - t0) / 1e6);
}

int main(int argc, char **argv)
{
	struct job jobs[CPU_THREADS + IO_THREADS] = { 0 };
	int njobs = CPU_THREADS + IO_THREADS, err;
	struct wl_time a, b;
	int64_t t0;

	wl_setup(argc, argv);
	err = probe();
	if (err)
		return err;
	wl_start(&a);
	t0 = a.ns;
	for (int i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];

		j->interactive = i >= CPU_THREADS;
		j->work = j->interactive ? IO_BURST : wl_iters(8000000);
		j->rounds = wl_iters(40);
		if (j->rounds > MAX_WAKEUPS)
			j->rounds = MAX_WAKEUPS;
		j->start_ns = t0;
		err = pthread_create(&j->t, NULL, run_job, j);
		if (err)
			return wl_fail("sched_mix", "pthread_create", err);
	}
	for (int i = 0; i < njobs; i++)
		pthread_join(jobs[i].t, NULL);
	wl_stop(&b);
	for (int i = 0; i < njobs; i++)
		if (jobs[i].err)
			return wl_fail("sched_mix", "clock_nanosleep",
				       jobs[i].err);
	report(jobs, njobs, t0, &a, &b);
	return 0;
}
