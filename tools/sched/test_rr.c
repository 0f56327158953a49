// SPDX-License-Identifier: GPL-2.0
/* Round-robin specific tests: FIFO order, exact slice, yield and wakeup. */
#include "sim.h"

#include <string.h>

static void rr_fifo_order(void)
{
	enum { N = 5 };
	static struct sim_thread t[N];
	struct sim s;
	size_t i;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, N);
	sim_run(&s, 2000);
	CHECK(s.nseg > 2 * N, "only %zu segments", s.nseg);
	/* Threads created in order 0..N-1 run in exactly that cycle. */
	for (i = 0; i < s.nseg; i++)
		CHECK(s.seg[i].id == (int)(i % N), "segment %zu is thread %d",
		      i, s.seg[i].id);
	sim_free(&s);
}

static void rr_late_arrival_joins_tail(void)
{
	static struct sim_thread t[3];
	u64 slice = sim_policy->quantum(0);
	struct sim s;
	size_t i;
	int pos = -1;

	memset(t, 0, sizeof(t));
	/* Thread 2 arrives in the middle of thread 0's first slice. */
	CHECK(slice >= 2 * U, "test needs a slice of 2+ ticks, not %llu",
	      (unsigned long long)slice);
	t[2].arrival_tick = 1;
	sim_init(&s, t, 3);
	sim_run(&s, 200);
	for (i = 0; i < s.nseg && pos < 0; i++)
		if (s.seg[i].id == 2)
			pos = (int)i;
	/* It waits behind thread 1, which was queued before it. */
	CHECK(pos == 2, "late thread ran at segment %d", pos);
	sim_free(&s);
}

static void rr_slice_exact(void)
{
	enum { N = 3 };
	static struct sim_thread t[N];
	u64 slice = sim_policy->quantum(0);
	struct sim s;
	size_t i;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, N);
	sim_run(&s, 3000);
	printf("    slice %llu ticks, %zu segments\n",
	       (unsigned long long)(slice / U), s.nseg);
	for (i = 0; i < s.nseg; i++)
		CHECK(s.seg[i].end - s.seg[i].start == slice,
		      "segment %zu ran %llu units, slice %llu", i,
		      (unsigned long long)(s.seg[i].end - s.seg[i].start),
		      (unsigned long long)slice);
	CHECK(slice == ms_to_ticks(CONFIG_SCHED_RR_TIMESLICE_MS) * U,
	      "slice %llu units does not match the configuration",
	      (unsigned long long)slice);
	sim_free(&s);
}

static void rr_alone_not_preempted(void)
{
	static struct sim_thread t[1];
	struct sim s;

	memset(t, 0, sizeof(t));
	sim_init(&s, t, 1);
	sim_run(&s, 500);
	CHECK(s.switches == 1, "a lone thread was switched %llu times",
	      (unsigned long long)s.switches);
	sim_free(&s);
}

static void rr_yield_goes_to_tail(void)
{
	enum { N = 4 };
	static struct sim_thread t[N];
	struct sim s;
	size_t i;

	memset(t, 0, sizeof(t));
	/* Thread 0 yields after a third of a tick, every time. */
	t[0].burst = U / 3;
	t[0].after = ACT_YIELD;
	sim_init(&s, t, N);
	sim_run(&s, 1000);
	/* Yielding does not reorder the queue: still a strict cycle. */
	for (i = 0; i < s.nseg; i++)
		CHECK(s.seg[i].id == (int)(i % N), "segment %zu is thread %d",
		      i, s.seg[i].id);
	CHECK(t[0].cpu < t[1].cpu / 2, "yielder got %llu vs hog %llu",
	      (unsigned long long)t[0].cpu, (unsigned long long)t[1].cpu);
	sim_free(&s);
}

static void rr_wakeup_waits_its_turn(void)
{
	enum { N = 4 };
	static struct sim_thread t[N];
	u64 slice = sim_policy->quantum(0);
	struct sim s;

	memset(t, 0, sizeof(t));
	t[0].burst = U / 2;
	t[0].after = ACT_SLEEP;
	t[0].sleep_ticks = 2;
	sim_init(&s, t, N);
	sim_run(&s, 2000);
	/*
	 * Woken at a tick, it queues behind the N-1 hogs: it waits at most
	 * one slice of each (the running one included), never more; a
	 * slice started between ticks ends at the tick after it is used.
	 */
	CHECK(t[0].max_wake_latency <= (N - 1) * (slice + U),
	      "wakeup latency %llu > %llu",
	      (unsigned long long)t[0].max_wake_latency,
	      (unsigned long long)((N - 1) * (slice + U)));
	CHECK(t[0].max_wake_latency > 0, "woken thread jumped the queue");
	sim_free(&s);
}

const struct test rr_tests[] = {
	{ "rr_fifo_order", rr_fifo_order },
	{ "rr_late_arrival_joins_tail", rr_late_arrival_joins_tail },
	{ "rr_slice_exact", rr_slice_exact },
	{ "rr_alone_not_preempted", rr_alone_not_preempted },
	{ "rr_yield_goes_to_tail", rr_yield_goes_to_tail },
	{ "rr_wakeup_waits_its_turn", rr_wakeup_waits_its_turn },
	{ NULL, NULL },
};
