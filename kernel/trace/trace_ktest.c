// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `trace`: events are recorded in order with their fields
 * and rising timestamps, only while enabled; each event fires where it
 * should with the fields it should (the scheduler's, the compiled-in
 * policy's, interrupts, allocators, and a user program's system calls
 * and page faults); /proc/trace/ controls them as Linux's tracefs does;
 * the ring overwrites or stops as configured and counts what it lost;
 * and a known workload, two threads yielding, leaves exactly the
 * switches it should.
 * Each case enables what it needs and leaves tracing as it found it.
 */
#include <asm/processor.h>
#include <mosaic/errno.h>
#include <mosaic/exec.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/string.h>
#include <mosaic/trace.h>
#include <mosaic/vfs.h>
#include <generated/uapi/asm/unistd_64.h>

#include "../sched/policy_ktest.h"

#define PINGPONG_ROUNDS 50

static u64 saved_events;

static int trace_suite_init(struct ktest *t)
{
	saved_events = trace_selected_events();
	if (trace_enable("test")) {
		ktest_skip(t, "no memory for the trace buffer");
		return 1;
	}
	trace_disable_all();
	return 0;
}

static void trace_suite_exit(struct ktest *t)
{
	trace_reset();
	trace_set_recording(true);
	trace_set_events(saved_events);
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
	KT_EXPECT_EQ(t, trace_enable("sched:frame_alloc"), -EINVAL);
	KT_EXPECT_EQ(t, trace_enabled_events, before);
}

/* Each record's count in the buffer, and that time never goes back. */
static void count_events(struct ktest *t, unsigned long n[TRACE_NR_EVENTS])
{
	struct trace_record r;
	u64 last = 0;

	memset(n, 0, TRACE_NR_EVENTS * sizeof(n[0]));
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		KT_EXPECT(t, r.event < TRACE_NR_EVENTS);
		KT_EXPECT(t, r.tsc >= last);
		KT_EXPECT_EQ(t, r.cpu, 0);
		last = r.tsc;
		if (r.event < TRACE_NR_EVENTS)
			n[r.event]++;
	}
}

static int sleeper_fn(void *arg)
{
	sleep_ticks(2);
	return (int)(unsigned long)arg;
}

/* Long enough on the CPU for every policy to act on it. */
static int hog_fn(void *arg)
{
	u64 until = timer_ticks() + (unsigned long)arg;

	while (timer_ticks() < until)
		cpu_relax();
	return 0;
}

/*
 * How long each of two hogs runs, in ticks, for the policy to decide
 * twice over them: three of its longest quanta (RR's slice expiries,
 * EEVDF's deadlines), and under MLFQ both hogs using up their top
 * allotment while they share the CPU (its demotions). Configurations
 * set these from a few ticks to hundreds.
 */
static unsigned long hog_ticks(void)
{
	u64 allot = DIV_ROUND_UP(sched_allotment(sched_policy, 0), U);

	return 40 + 3 * kt_max_quantum_ticks() + 2 * allot;
}

/*
 * The scheduler's own events: a thread is created, woken from a sleep
 * and exits with its status; and the compiled-in policy's decisions
 * over two hogs sharing the CPU.
 */
static void test_sched_events_fire(struct ktest *t)
{
	unsigned long n[TRACE_NR_EVENTS];
	struct thread *s, *h1, *h2;
	struct trace_record r;
	const char *policy = sched_selected_policy->name;
	bool created = false, exited = false, woken = false;

	start(t, "sched,timer_tick,irq_entry,irq_exit");
	s = thread_create(sleeper_fn, (void *)7UL, "ktsleeper");
	h1 = thread_create(hog_fn, (void *)hog_ticks(), "kthog1");
	h2 = thread_create(hog_fn, (void *)hog_ticks(), "kthog2");
	KT_ASSERT(t, s && h1 && h2);
	thread_join(s, NULL);
	thread_join(h1, NULL);
	thread_join(h2, NULL);
	trace_disable_all();
	count_events(t, n);
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		if (r.a != (u32)s->tid)
			continue;
		if (r.event == TRACE_sched_thread_create)
			created = !memcmp(&r.b, "ktsleep", 7);
		woken |= created && r.event == TRACE_sched_wakeup;
		if (r.event == TRACE_sched_thread_exit)
			exited = woken && r.b == 7;
	}
	KT_EXPECT(t, created && woken && exited);
	KT_EXPECT(t, n[TRACE_sched_switch] >= 4);
	KT_EXPECT(t, n[TRACE_timer_tick] >= 40);
	KT_EXPECT(t, n[TRACE_irq_entry] >= n[TRACE_timer_tick]);
	KT_EXPECT(t, n[TRACE_irq_exit] + 1 >= n[TRACE_irq_entry]);
	ktest_log(t, "%s: rr_slice_expired %lu mlfq_demote %lu eevdf_place %lu eevdf_deadline %lu eevdf_save_lag %lu eevdf_pick %lu",
		  policy, n[TRACE_rr_slice_expired], n[TRACE_mlfq_demote],
		  n[TRACE_eevdf_place], n[TRACE_eevdf_deadline],
		  n[TRACE_eevdf_save_lag], n[TRACE_eevdf_pick]);
	if (!strcmp(policy, "rr"))
		KT_EXPECT(t, n[TRACE_rr_slice_expired] >= 2);
	if (!strcmp(policy, "mlfq"))
		KT_EXPECT(t, n[TRACE_mlfq_demote] >= 2);
	if (!strcmp(policy, "eevdf"))
		KT_EXPECT(t, n[TRACE_eevdf_place] >= 3 &&
			     n[TRACE_eevdf_deadline] >= 2 &&
			     n[TRACE_eevdf_save_lag] >= 1 &&
			     n[TRACE_eevdf_pick] >= 3);
}

static void test_heap_events_carry_size_and_class(struct ktest *t)
{
	struct trace_record r;
	bool alloc = false, freed = false;
	size_t size;
	void *p;

	start(t, "heap_alloc,heap_free");
	p = kmalloc(100);
	KT_ASSERT(t, p);
	size = ksize(p);	/* before the free: after it, p is no block */
	kfree(p);
	trace_disable_all();
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		if (r.event == TRACE_heap_alloc && r.c == (u64)p && r.a == 100)
#ifdef CONFIG_DEBUG_HEAP
			/* The class block holds the red zones too. */
			alloc = r.b > size;
#else
			alloc = r.b >= 100 && r.b == size;
#endif
		if (r.event == TRACE_heap_free && r.b == (u64)p && alloc)
			freed = r.a >= 100;
	}
	KT_EXPECT(t, alloc);
	KT_EXPECT(t, freed);
}

#ifdef CONFIG_USER_PROGRAMS
/*
 * A user program's system calls: each enter followed by its exit with
 * the same number, a write returning what it wrote, the last an
 * exit_group that never returns; and the page faults that load it.
 */
static void test_user_program_syscalls_and_faults(struct ktest *t)
{
	static const char *const argv[] = { "/bin/hello", NULL };
	unsigned long n[TRACE_NR_EVENTS];
	struct trace_record r;
	u32 open_nr = ~0U;
	bool wrote = false, nested = false;
	unsigned long exit_group = 0;

	start(t, "syscalls,page_fault");
	KT_EXPECT_EQ(t, run_program(argv, "/trace-hello.out"), 0);
	trace_disable_all();
	count_events(t, n);
	for (unsigned long i = 0; trace_read(i, &r); i++) {
		if (r.event == TRACE_sys_enter) {
			nested |= open_nr != ~0U;
			open_nr = r.a;
			exit_group += r.a == __NR_exit_group;
		} else if (r.event == TRACE_sys_exit) {
			KT_EXPECT_EQ(t, r.a, open_nr);
			/* musl's printf: writev */
			wrote |= (r.a == __NR_write || r.a == __NR_writev) &&
				 (s64)r.b > 0;
			open_nr = ~0U;
		}
	}
	ktest_log(t, "sys_enter %lu sys_exit %lu page_fault %lu",
		  n[TRACE_sys_enter], n[TRACE_sys_exit], n[TRACE_page_fault]);
	KT_EXPECT(t, !nested);
	KT_EXPECT(t, wrote);
	KT_EXPECT_EQ(t, exit_group, 1);
	KT_EXPECT_EQ(t, open_nr, __NR_exit_group);
	KT_EXPECT_EQ(t, n[TRACE_sys_enter], n[TRACE_sys_exit] + 1);
#ifdef CONFIG_PAGER_DEMAND
	/* (The eager pager maps a program whole: it need not fault at all.) */
	KT_EXPECT(t, n[TRACE_page_fault] >= 1);
#endif
	vfs_unlink(vfs_kernel_fs(), NULL, "/trace-hello.out");
}
#endif

/* ------------------------------------------------- /proc/trace/ */

static ssize_t proc_write_str(const char *path, int flags, const char *s)
{
	struct file *f = vfs_open(vfs_kernel_fs(), NULL, path,
				  O_WRONLY | flags, 0);
	ssize_t r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = vfs_write(f, s, strlen(s));
	fput(f);
	return r;
}

#define SET_EVENT "/proc/trace/set_event"

static void test_proc_set_event(struct ktest *t)
{
	static char buf[512];
	u64 sw = 1ULL << TRACE_sched_switch, fa = 1ULL << TRACE_frame_alloc;

	start(t, "timer_tick");
	/* echo > truncates: the words replace what was there */
	KT_EXPECT_EQ(t, proc_write_str(SET_EVENT, O_TRUNC,
				       "sched_switch mm:frame_alloc\n"), 28);
	KT_EXPECT_EQ(t, trace_selected_events(), sw | fa);
	kernel_read_small_file(SET_EVENT, buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "sched:sched_switch\nmm:frame_alloc\n");
	/* >> appends; '!' removes */
	KT_EXPECT_EQ(t, proc_write_str(SET_EVENT, O_APPEND, "!sched_switch"),
		     13);
	KT_EXPECT_EQ(t, trace_selected_events(), fa);
	KT_EXPECT(t, proc_write_str(SET_EVENT, O_APPEND, "irq:*\n") > 0);
	KT_EXPECT_EQ(t, trace_selected_events(),
		     fa | 1ULL << TRACE_irq_entry | 1ULL << TRACE_irq_exit |
			     1ULL << TRACE_timer_tick);
	/* a word naming nothing: EINVAL, nothing changed */
	KT_EXPECT_EQ(t, proc_write_str(SET_EVENT, O_APPEND, "mm bogus"),
		     -EINVAL);
	KT_EXPECT_EQ(t, proc_write_str(SET_EVENT, O_APPEND, "!"), -EINVAL);
	KT_EXPECT_EQ(t, trace_selected_events() & fa, fa);
	/* truncating alone clears them all */
	KT_EXPECT_EQ(t, proc_write_str(SET_EVENT, O_TRUNC, ""), 0);
	KT_EXPECT_EQ(t, trace_selected_events(), 0);
	KT_EXPECT_EQ(t, trace_enabled_events, 0);
	kernel_read_small_file("/proc/trace/available_events", buf, sizeof(buf));
	KT_EXPECT(t, strstr(buf, "sched:sched_switch\n") &&
		     strstr(buf, "syscalls:sys_enter\n") &&
		     strstr(buf, "mm:page_fault\n"));
}

static void test_proc_tracing_on_pauses(struct ktest *t)
{
	static char buf[128];

	start(t, "trace_marker");
	KT_EXPECT_EQ(t, proc_write_str("/proc/trace/tracing_on", O_TRUNC,
				       "0\n"), 2);
	kernel_read_small_file("/proc/trace/tracing_on", buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "0\n");
	trace_event(trace_marker, 1, 0, 0);	/* paused: not recorded */
	KT_EXPECT_EQ(t, trace_count(), 0);
	KT_EXPECT_EQ(t, trace_selected_events(), 1ULL << TRACE_trace_marker);
	KT_EXPECT_EQ(t, proc_write_str("/proc/trace/tracing_on", O_TRUNC,
				       "x"), -EINVAL);
	KT_EXPECT_EQ(t, proc_write_str("/proc/trace/tracing_on", O_TRUNC,
				       "1"), 1);
	trace_event(trace_marker, 2, 0, 0);
	KT_EXPECT_EQ(t, trace_count(), 1);
	kernel_read_small_file("/proc/trace/stats", buf, sizeof(buf));
	KT_EXPECT(t, !strncmp(buf, "entries: 1\noverrun: 0\n", 22));
	trace_disable_all();
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
		/* prev's state is c's low half */
		l->out_ready += (u32)r->c == THREAD_READY;
		l->out_last_state = (u32)r->c;
	}
}

/*
 * Two threads that only yield: whatever the policy decides, each is
 * switched in as often as out, always from ready, every switch away but
 * its last leaves it ready (a yield), and the last one is its exit. RR
 * and MLFQ hand the CPU over at every yield, so their timeline is exact:
 * ping, then pong and ping in turn, 2 * 50 + 1 switches between the two
 * (the last ping's exit), each switched in 51 times. EEVDF keeps the
 * yielder while its deadline is the earlier one.
 */
static void test_pingpong_switches(struct ktest *t)
{
	struct thread *a, *b;
	struct trace_record r;
	struct lane la = { 0 }, lb = { 0 };
	const char *policy = sched_selected_policy->name;
	unsigned long between = 0, alternating = 0;
	u64 last_next = 0;

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
		if (r.b == (u64)la.tid || r.b == (u64)lb.tid)
			KT_EXPECT_EQ(t, r.c >> 32, THREAD_READY);
		if ((r.a == (u32)la.tid && r.b == (u64)lb.tid) ||
		    (r.a == (u32)lb.tid && r.b == (u64)la.tid)) {
			between++;
			/* each hands to the one that handed to it */
			alternating += between == 1 ? r.a == (u32)la.tid :
						      r.a == last_next;
			last_next = r.b;
		}
	}
	ktest_log(t, "%s: ping in %lu out %lu, pong in %lu out %lu, %lu switches between them",
		  policy, la.in, la.out, lb.in, lb.out, between);
	if (!strcmp(policy, "rr") || !strcmp(policy, "mlfq")) {
		KT_EXPECT_EQ(t, between, 2 * PINGPONG_ROUNDS + 1);
		KT_EXPECT_EQ(t, alternating, between);
		KT_EXPECT_EQ(t, la.in, PINGPONG_ROUNDS + 1);
		KT_EXPECT_EQ(t, lb.in, PINGPONG_ROUNDS + 1);
	}
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
	KTEST_CASE(test_sched_events_fire),
	KTEST_CASE(test_heap_events_carry_size_and_class),
#ifdef CONFIG_USER_PROGRAMS
	KTEST_CASE(test_user_program_syscalls_and_faults),
#endif
	KTEST_CASE(test_proc_set_event),
	KTEST_CASE(test_proc_tracing_on_pauses),
	KTEST_CASE(test_frame_events_carry_pfn_and_order),
	KTEST_CASE(test_tick_events_count_ticks),
	KTEST_CASE(test_pingpong_switches),
	KTEST_CASE(test_ring_full_counts_lost),
	{}
};
KTEST_SUITE_FULL(trace, trace_cases, trace_suite_init, trace_suite_exit, 0);
