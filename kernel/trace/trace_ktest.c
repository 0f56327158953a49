// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `trace`: events are recorded in order with their fields
 * and rising timestamps, only while enabled; the ring overwrites or
 * stops as configured and counts what it lost; and a known workload, two
 * threads yielding, leaves switches that pair up exactly (in as often as
 * out, ready after each yield, the last one the exit) under any policy.
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
	/* Order 2 where the allocator has it (buddy's top may be 1). */
	unsigned int order = MIN(2U, frame_max_order());
	struct trace_record r;
	phys_addr_t pa;
	unsigned long i, allocs = 0, frees = 0;

	start(t, "frame_alloc,frame_free");
	KT_ASSERT(t, frame_alloc(order, &pa) == 0);
	frame_free(pa, order);
	trace_disable_all();
	for (i = 0; trace_read(i, &r); i++) {
		if (r.a != pa >> 12 || r.b != order)
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

/* What the trace says of one thread's time on the CPU. */
struct lane {
	int tid;
	unsigned long in, out, out_ready, out_last_state;
};

static void count_switch(struct lane *l, const struct trace_record *r)
{
	if (r->b == (u64)l->tid)
		l->in++;
	if (r->a == (u32)l->tid) {
		l->out++;
		l->out_ready += r->c == THREAD_READY;
		l->out_last_state = r->c;
	}
}

/*
 * Two threads that only yield: whatever the policy decides, each is
 * switched in as often as out, every switch away but its last leaves it
 * ready (a yield), and the last one is its exit.
 */
static void test_pingpong_switches(struct ktest *t)
{
	struct thread *a, *b;
	struct trace_record r;
	struct lane la = { 0 }, lb = { 0 };

	start(t, "sched_switch");
	a = thread_create(pingpong_fn, NULL, "ping");
	b = thread_create(pingpong_fn, NULL, "pong");
	KT_ASSERT(t, a && b);
	la.tid = a->tid;
	lb.tid = b->tid;
	thread_join(a, NULL);
	thread_join(b, NULL);
	trace_disable_all();
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		KT_EXPECT_EQ(t, r.event, TRACE_sched_switch);
		KT_EXPECT(t, r.a != r.b);
		count_switch(&la, &r);
		count_switch(&lb, &r);
	}
	ktest_log(t, "ping in %lu out %lu, pong in %lu out %lu", la.in,
		  la.out, lb.in, lb.out);
	for (struct lane *l = &la; l; l = l == &la ? &lb : NULL) {
		KT_EXPECT(t, l->in >= 1);
		KT_EXPECT_EQ(t, l->in, l->out);
		KT_EXPECT_EQ(t, l->out_ready, l->out - 1);
		KT_EXPECT(t, l->out_last_state == THREAD_ZOMBIE ||
			     l->out_last_state == THREAD_DEAD);
		/* at most one switch per yield, and one to start */
		KT_EXPECT(t, l->in <= PINGPONG_ROUNDS + 1);
	}
	KT_EXPECT_EQ(t, trace_lost(), 0);
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
