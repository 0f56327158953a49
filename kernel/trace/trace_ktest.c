// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `trace`: events are recorded in order with their fields
 * and rising timestamps, only while enabled; the ring overwrites or
 * stops as configured and counts what it lost; and a known workload, two
 * threads yielding to each other, leaves exactly the switches it makes.
 * Each case enables what it needs and leaves tracing as it found it.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/trace.h>

#define PINGPONG_ROUNDS 50

static u64 saved_events;

static int trace_suite_init(struct ktest *t)
{
	saved_events = trace_enabled_events;
	if (trace_enable("test")) {
		ktest_skip(t, "no memory for the trace buffer");
		return 1;
	}
	trace_disable_all();
	return 0;
}

static void trace_suite_exit(struct ktest *t)
{
	trace_disable_all();
	trace_reset();
	WRITE_ONCE(trace_enabled_events, saved_events);
}

/* Only the given events, from an empty buffer. */
static void start(struct ktest *t, const char *spec)
{
	trace_disable_all();
	trace_reset();
	KT_ASSERT(t, trace_enable(spec) == 0);
}

static void test_markers_in_order(struct ktest *t)
{
	struct trace_record r, prev = { 0 };
	unsigned long i;

	start(t, "trace_marker");
	for (i = 0; i < 10; i++)
		trace_event(trace_marker, i, i * 1000, ~i);
	trace_disable_all();
	trace_event(trace_marker, 99, 0, 0);	/* off: not recorded */
	KT_EXPECT_EQ(t, trace_count(), 10);
	for (i = 0; trace_read(i, &r); i++) {
		KT_EXPECT_EQ(t, r.event, TRACE_trace_marker);
		KT_EXPECT_EQ(t, r.a, i);
		KT_EXPECT_EQ(t, r.b, i * 1000);
		KT_EXPECT_EQ(t, r.c, ~i);
		KT_EXPECT(t, i == 0 || r.tsc >= prev.tsc);
		prev = r;
	}
	KT_EXPECT_EQ(t, i, 10);
	KT_EXPECT_EQ(t, trace_lost(), 0);
}

static void test_unknown_names_refused(struct ktest *t)
{
	u64 before = trace_enabled_events;

	KT_EXPECT_EQ(t, trace_enable("no_such_event"), -EINVAL);
	KT_EXPECT_EQ(t, trace_enable("sched,bogus"), -EINVAL);
	KT_EXPECT_EQ(t, trace_enabled_events, before);
}

static void test_frame_events_carry_pfn_and_order(struct ktest *t)
{
	struct trace_record r;
	phys_addr_t pa;
	unsigned long i, allocs = 0, frees = 0;

	start(t, "frame_alloc,frame_free");
	KT_ASSERT(t, frame_alloc(2, &pa) == 0);
	frame_free(pa, 2);
	trace_disable_all();
	for (i = 0; trace_read(i, &r); i++) {
		if (r.a != pa >> 12 || r.b != 2)
			continue;
		allocs += r.event == TRACE_frame_alloc;
		frees += r.event == TRACE_frame_free && allocs;
	}
	KT_EXPECT_EQ(t, allocs, 1);
	KT_EXPECT_EQ(t, frees, 1);
}

static void test_tick_events_count_ticks(struct ktest *t)
{
	struct trace_record r;
	u64 first = 0, last = 0, n = 0;

	start(t, "timer_tick");
	sleep_ticks(5);
	trace_disable_all();
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		KT_EXPECT_EQ(t, r.event, TRACE_timer_tick);
		if (!n++)
			first = r.a;
		last = r.a;
	}
	KT_EXPECT(t, n >= 5);
	/* consecutive ticks, none missed or repeated */
	KT_EXPECT_EQ(t, last - first + 1, n);
}

static int pingpong_fn(void *arg)
{
	for (int i = 0; i < PINGPONG_ROUNDS; i++)
		yield();
	(void)arg;
	return 0;
}

/*
 * Two threads that only yield, under any policy: after both started,
 * every switch goes from one to the other.
 */
static void test_pingpong_switches(struct ktest *t)
{
	struct thread *a, *b;
	struct trace_record r;
	unsigned long ab = 0, ba = 0, other = 0;
	int ta, tb;

	start(t, "sched_switch");
	a = thread_create(pingpong_fn, NULL, "ping");
	b = thread_create(pingpong_fn, NULL, "pong");
	KT_ASSERT(t, a && b);
	ta = a->tid;
	tb = b->tid;
	thread_join(a, NULL);
	thread_join(b, NULL);
	trace_disable_all();
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		KT_EXPECT_EQ(t, r.event, TRACE_sched_switch);
		if (r.a == (u32)ta && r.b == (u64)tb)
			ab++;
		else if (r.a == (u32)tb && r.b == (u64)ta)
			ba++;
		else
			other++;
	}
	ktest_log(t, "ping->pong %lu, pong->ping %lu, others %lu", ab, ba,
		  other);
	/* each yield but the last of each thread hands over to the other */
	KT_EXPECT(t, ab >= PINGPONG_ROUNDS - 1 && ab <= PINGPONG_ROUNDS + 1);
	KT_EXPECT(t, ba >= PINGPONG_ROUNDS - 1 && ba <= PINGPONG_ROUNDS + 1);
}

static void test_ring_full_counts_lost(struct ktest *t)
{
	unsigned long cap;

	start(t, "trace_marker");
	for (cap = 0; trace_count() == cap; cap++)
		trace_event(trace_marker, cap, 0, 0);
	/* cap + 1 written: one overwritten, the newest kept */
	cap = trace_count();
	trace_event(trace_marker, 0, 0, 0);
	KT_EXPECT_EQ(t, trace_count(), cap);
	KT_EXPECT_EQ(t, trace_lost(), 2);
	trace_disable_all();
}

static struct ktest_case trace_cases[] = {
	KTEST_CASE(test_markers_in_order),
	KTEST_CASE(test_unknown_names_refused),
	KTEST_CASE(test_frame_events_carry_pfn_and_order),
	KTEST_CASE(test_tick_events_count_ticks),
	KTEST_CASE(test_pingpong_switches),
	KTEST_CASE(test_ring_full_counts_lost),
	{}
};
KTEST_SUITE_FULL(trace, trace_cases, trace_suite_init, trace_suite_exit, 0);
