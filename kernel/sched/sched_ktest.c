// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler ktests. Deterministic under QEMU -icount (KTEST_ICOUNT): the
 * tick and the TSC then both count guest instructions. Tolerances are
 * stated next to each assertion and derived from the policy's own
 * parameters (sched_policy_quantum/allotment/boost_ticks).
 */
#include <mosaic/condvar.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/irq.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/mutex.h>
#include <mosaic/page.h>
#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/printk.h>
#include <mosaic/semaphore.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vmm.h>

#include "policy_ktest.h"

static volatile bool stop;
/* CPU hogs give up at this tick even if a bug keeps stop from them. */
static volatile u64 hog_until;

static int ret_arg(void *arg)
{
	return (int)(long)arg;
}

static void test_join_returns_status(struct ktest *t)
{
	struct thread *th[4];
	int i, status;

	for (i = 0; i < 4; i++) {
		th[i] = thread_create(ret_arg, (void *)(long)(40 + i), "ret");
		KT_ASSERT(t, th[i]);
	}
	for (i = 3; i >= 0; i--) {
		status = -1;
		KT_EXPECT_EQ(t, thread_join(th[i], &status), 0);
		KT_EXPECT_EQ(t, status, 40 + i);
	}
	KT_EXPECT_EQ(t, thread_join(current(), &status), -EDEADLK);
}

static int hog(void *arg)
{
	while (!READ_ONCE(stop) && timer_ticks() < READ_ONCE(hog_until))
		kt_cpu_relax();
	return 0;
}

/* Hogs may run for window ticks, and a few rounds more. */
static void hogs_start(u64 window, unsigned int n)
{
	stop = false;
	hog_until = timer_ticks() + window + 4 * kt_round_ticks(n + 1);
}

/* Integer Jain index in 1/1000: (sum x)^2 * 1000 / (n * sum x^2). */
static u64 jain_permille(const u64 *x, int n)
{
	u64 sum = 0, sq = 0;
	int i;

	for (i = 0; i < n; i++) {
		sum += x[i] / U;	/* whole ticks: no overflow */
		sq += (x[i] / U) * (x[i] / U);
	}
	return sq ? sum * sum * 1000 / (n * sq) : 1000;
}

/*
 * The window: 8 whole rounds in which every hog runs for the longest
 * quantum, so the turn in progress at the end is at most 1/8 of anyone's
 * share, whatever the slice, levels or boost period. (Equal hogs go down
 * MLFQ's levels in step, one turn each per level, so the way down is
 * fair too.)
 */
static void test_fairness_equal_hogs(struct ktest *t)
{
	enum { N = 4 };
	u64 window = 8 * kt_round_ticks(N);
	struct thread *th[N];
	u64 run[N];
	int i;

	hogs_start(window, N);
	for (i = 0; i < N; i++) {
		th[i] = thread_create(hog, NULL, "hog");
		KT_ASSERT(t, th[i]);
	}
	sleep_ticks(window);
	stop = true;
	for (i = 0; i < N; i++) {
		run[i] = th[i]->stats.run_units;
		KT_JOIN_WITHIN(t, th[i], 2 * kt_round_ticks(N), NULL);
	}
	ktest_log(t, "window %llu ticks: run ticks %llu %llu %llu %llu, Jain %llu/1000",
		  (unsigned long long)window, run[0] / U, run[1] / U,
		  run[2] / U, run[3] / U, jain_permille(run, N));
	/* Tolerance: Jain's index >= 0.99. */
	KT_EXPECT(t, jain_permille(run, N) >= 990);
}

static void test_sleep_wakes_on_deadline(struct ktest *t)
{
	static const u64 n[] = { 1, 2, 5, 13 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(n); i++) {
		/*
		 * Interrupts off from reading start until reading end after
		 * the wakeup: no tick may come between start and the deadline
		 * sleep_ticks() computes (a host stall delivers overdue ticks
		 * in a burst), nor between the switch back and end.
		 */
		unsigned long flags = local_irq_save();
		u64 start = timer_ticks(), end;

		sleep_ticks(n[i]);
		end = timer_ticks();
		local_irq_restore(flags);
		/* Made runnable by exactly the deadline tick. */
		KT_EXPECT_EQ(t, current()->stats.last_wake, start + n[i]);
		/* Nothing else runnable: runs within one tick of it. */
		KT_EXPECT(t, end >= start + n[i] && end <= start + n[i] + 1);
	}
}

static DEFINE_MUTEX(counter_lock);
static volatile u64 counter;

#define COUNTER_ITERS 100

/* Rounds of 0.1 tick spanning four of the longest quanta. */
static u64 counter_iterations_cap(void)
{
	unsigned int levels = sched_nr_levels(sched_policy);
	u64 quantum = sched_policy->quantum(levels ? levels - 1 : 0);

	return 4 * 10 * (quantum / SCHED_TICK_UNITS + 1);
}

static int counter_worker(void *arg)
{
	u64 cap = counter_iterations_cap();
	int i;

	/*
	 * At least COUNTER_ITERS rounds, and on until the lock has really
	 * been contended: with a long time slice (a high HZ, a big RR
	 * slice) a fixed count can finish without a single preemption.
	 * The cap spans several of the longest quanta, so this ends.
	 */
	for (i = 0; i < COUNTER_ITERS ||
		    (!READ_ONCE(counter_lock.contended) && (u64)i < cap);
	     i++) {
		u64 v;

		mutex_lock(&counter_lock);
		v = counter;
		/*
		 * Hold it for 0.1 tick (measured, so on any CPU speed) while
		 * the read value is stale: ticks land inside the section.
		 */
		kt_spin_permille(100);
		counter = v + 1;
		mutex_unlock(&counter_lock);
	}
	return i;	/* the join adds up the rounds */
}

static void test_mutex_counter_exact(struct ktest *t)
{
	enum { N = 4 };
	/*
	 * Every round (0.1 tick) of every worker, serialised, four times
	 * over: without -icount a loaded host stretches the ticks.
	 */
	u64 budget = 4 * N * MAX((u64)COUNTER_ITERS, counter_iterations_cap()) /
		     10 + 4 * kt_round_ticks(N);
	struct thread *th[N];
	u64 rounds = 0;
	int i, status;

	counter = 0;
	counter_lock.contended = 0;
	for (i = 0; i < N; i++) {
		th[i] = thread_create(counter_worker, NULL, "counter");
		KT_ASSERT(t, th[i]);
	}
	for (i = 0; i < N; i++) {
		/* A lost hand-over leaves a worker blocked: caught here. */
		KT_JOIN_WITHIN(t, th[i], budget, &status);
		rounds += status;
	}
	/* Every increment survived, however the workers interleaved. */
	KT_EXPECT_EQ(t, counter, rounds);
	/* Preemption really interleaved the workers (else this is vacuous). */
	KT_EXPECT(t, counter_lock.contended > 0);
	ktest_log(t, "contended %llu times",
		  (unsigned long long)counter_lock.contended);
}

static void test_mutex_misuse_detected(struct ktest *t)
{
	struct mutex m;

	mutex_init(&m, "misuse");
	KT_EXPECT_EQ(t, mutex_check_unlock(&m), -EINVAL);
	mutex_lock(&m);
	KT_EXPECT_EQ(t, mutex_check_lock(&m), -EDEADLK);
	KT_EXPECT(t, !mutex_trylock(&m));
	KT_EXPECT_EQ(t, mutex_check_unlock(&m), 0);
	m.owner = (struct thread *)&m;	/* pretend another owner */
	KT_EXPECT_EQ(t, mutex_check_unlock(&m), -EPERM);
	m.owner = current();
	mutex_unlock(&m);
	KT_EXPECT(t, !mutex_is_locked(&m));
}

#define RING 8
static struct semaphore slots, items;
static DEFINE_MUTEX(ring_lock);
static u64 ring[RING];
static unsigned int ring_head, ring_tail;
static volatile u64 consumed_sum, consumed_n;

static int producer(void *arg)
{
	u64 base = (u64)(long)arg, i;

	for (i = 1; i <= 500; i++) {
		down(&slots);
		mutex_lock(&ring_lock);
		ring[ring_head++ % RING] = base + i;
		mutex_unlock(&ring_lock);
		up(&items);
	}
	return 0;
}

static int consumer(void *arg)
{
	int i;

	for (i = 0; i < 500; i++) {
		u64 v;

		down(&items);
		mutex_lock(&ring_lock);
		v = ring[ring_tail++ % RING];
		consumed_sum += v;
		consumed_n++;
		mutex_unlock(&ring_lock);
		up(&slots);
	}
	return 0;
}

static void test_semaphore_producer_consumer(struct ktest *t)
{
	struct thread *th[4];
	int i;

	sema_init(&slots, RING);
	sema_init(&items, 0);
	ring_head = ring_tail = 0;
	consumed_sum = consumed_n = 0;
	th[0] = thread_create(producer, (void *)0L, "prod0");
	th[1] = thread_create(producer, (void *)1000000L, "prod1");
	th[2] = thread_create(consumer, NULL, "cons0");
	th[3] = thread_create(consumer, NULL, "cons1");
	for (i = 0; i < 4; i++)
		KT_ASSERT(t, th[i]);
	/* 2000 short operations; a lost up() leaves someone blocked. */
	for (i = 0; i < 4; i++)
		KT_JOIN_WITHIN(t, th[i], 100 + 4 * kt_round_ticks(4), NULL);
	KT_EXPECT_EQ(t, consumed_n, 1000);
	/* sum of 1..500 twice, plus 500 * 1000000 */
	KT_EXPECT_EQ(t, consumed_sum, 2 * 125250 + 500000000ULL);
	KT_EXPECT_EQ(t, slots.count, RING);
	KT_EXPECT_EQ(t, items.count, 0);
}

static DEFINE_MUTEX(cv_lock);
static struct condvar cv = CONDVAR_INIT(cv);
/* cv_returns counts returns from cond_wait: the wakeups themselves. */
static volatile int cv_ready, cv_waiting, cv_woken, cv_returns;

static int cv_waiter(void *arg)
{
	mutex_lock(&cv_lock);
	cv_waiting++;
	while (!cv_ready) {
		cond_wait(&cv, &cv_lock);
		cv_returns++;
	}
	cv_woken++;
	cv_ready--;
	mutex_unlock(&cv_lock);
	return 0;
}

/* True once n waiters are in cond_wait, within a few rounds. */
static bool wait_for_waiters(int n)
{
	u64 end = timer_ticks() + 4 * kt_round_ticks(n + 1);

	while (READ_ONCE(cv_waiting) < n)
		if (timer_ticks() >= end)
			return false;
		else
			sleep_ticks(1);
	sleep_ticks(2);		/* let them reach cond_wait */
	return true;
}

static void test_condvar_signal_broadcast(struct ktest *t)
{
	enum { N = 5 };
	struct thread *th[N];
	int i;

	cv_ready = cv_waiting = cv_woken = cv_returns = 0;
	for (i = 0; i < N; i++) {
		th[i] = thread_create(cv_waiter, NULL, "cvwait");
		KT_ASSERT(t, th[i]);
	}
	KT_ASSERT(t, wait_for_waiters(N));
	/* signal: exactly one wakes and consumes the token */
	mutex_lock(&cv_lock);
	cv_ready = 1;
	cond_signal(&cv);
	mutex_unlock(&cv_lock);
	sleep_ticks(3);
	KT_EXPECT_EQ(t, cv_woken, 1);
	/* ...and it is the only one woken, not just the only one to proceed */
	KT_EXPECT_EQ(t, cv_returns, 1);
	/* broadcast: all the others */
	mutex_lock(&cv_lock);
	cv_ready = N - 1;
	cond_broadcast(&cv);
	mutex_unlock(&cv_lock);
	for (i = 0; i < N; i++)
		KT_JOIN_WITHIN(t, th[i], 4 * kt_round_ticks(N + 1), NULL);
	KT_EXPECT_EQ(t, cv_woken, N);
	KT_EXPECT_EQ(t, cv_returns, N);
}

/*
 * Frames nobody but thread stacks could have lost: free frames plus what
 * the heap and the page tables hold. The heap's footprint is allowed to
 * change (a bump heap never gives memory back); its live bytes are not.
 */
static u64 frames_accounted(void)
{
	struct frame_stats f;
	struct heap_stats h;

	frame_get_stats(&f);
	heap_get_stats(&h);
	return f.free_frames + h.footprint_bytes / PAGE_SIZE +
	       vmm_table_pages();
}

static void test_churn_no_leak(struct ktest *t)
{
	struct heap_stats h0, h1;
	u64 f0, f1;
	int i, status;

	f0 = frames_accounted();
	heap_get_stats(&h0);
	for (i = 0; i < 200; i++) {
		struct thread *th = thread_create(ret_arg, (void *)(long)i,
						  "churn");

		KT_ASSERT(t, th);
		KT_EXPECT_EQ(t, thread_join(th, &status), 0);
		KT_EXPECT_EQ(t, status, i);
	}
	f1 = frames_accounted();
	heap_get_stats(&h1);
	KT_EXPECT_EQ(t, f1, f0);
	KT_EXPECT_EQ(t, h1.live_bytes, h0.live_bytes);
	KT_EXPECT_EQ(t, h1.live_blocks, h0.live_blocks);
}

/*
 * Ticks to spin, with one hog runnable, so that any policy wants to
 * preempt us: RR and MLFQ after one quantum; EEVDF once the lag we woke
 * with (at most two slices) is used up, at half the CPU that is four
 * slices, plus the request in progress. Six quanta and two ticks.
 */
static u64 preempt_due_ticks(void)
{
	return 6 * sched_policy->quantum(sched_level(sched_policy, &current()->se)) /
	       U + 2;
}

static void test_preempt_disable_holds(struct ktest *t)
{
	struct thread *h;
	u64 forced, start;

	hogs_start(2 * preempt_due_ticks(), 1);
	h = thread_create(hog, NULL, "hog");
	KT_ASSERT(t, h);
	yield();
	preempt_disable();
	KT_EXPECT_EQ(t, preempt_count(), 1);
	forced = current()->stats.nr_forced;
	start = timer_ticks();
	while (timer_ticks() < start + preempt_due_ticks())
		kt_cpu_relax();
	/* Quanta passed with a runnable hog: still not preempted. */
	KT_EXPECT_EQ(t, current()->stats.nr_forced, forced);
	preempt_enable();
	/* The preemption the ticks asked for happened at preempt_enable. */
	KT_EXPECT_EQ(t, current()->stats.nr_forced, forced + 1);
	KT_EXPECT_EQ(t, preempt_count(), 0);
	stop = true;
	KT_JOIN_WITHIN(t, h, 4 * kt_round_ticks(2), NULL);
}

static DEFINE_SPINLOCK(test_lock);

static void test_spinlock_irqsave(struct ktest *t)
{
	struct thread *h;
	unsigned long flags;
	u64 forced, start;

	KT_EXPECT(t, !irqs_disabled());
	/* irqsave: no interrupt (so no tick) inside the critical section. */
	flags = spin_lock_irqsave(&test_lock);
	KT_EXPECT(t, irqs_disabled());
	KT_EXPECT_EQ(t, preempt_count(), 1);
	start = timer_ticks();
	kt_spin_permille(2500);
	KT_EXPECT_EQ(t, timer_ticks(), start);
	spin_unlock_irqrestore(&test_lock, flags);
	KT_EXPECT(t, !irqs_disabled());
	KT_EXPECT_EQ(t, preempt_count(), 0);
	/* The PIC kept the tick pending: it arrives right after restore. */
	kt_spin_permille(100);
	KT_EXPECT(t, timer_ticks() > start);

	/* Plain spin_lock: ticks arrive, but nothing preempts the holder. */
	hogs_start(2 * preempt_due_ticks(), 1);
	h = thread_create(hog, NULL, "hog");
	KT_ASSERT(t, h);
	yield();
	spin_lock(&test_lock);
	forced = current()->stats.nr_forced;
	start = timer_ticks();
	while (timer_ticks() < start + preempt_due_ticks())
		kt_cpu_relax();
	KT_EXPECT_EQ(t, current()->stats.nr_forced, forced);
	spin_unlock(&test_lock);
	KT_EXPECT_EQ(t, current()->stats.nr_forced, forced + 1);
	stop = true;
	KT_JOIN_WITHIN(t, h, 4 * kt_round_ticks(2), NULL);
}

static void test_idle_halts(struct ktest *t)
{
	struct sched_stats a, b;
	u64 halts, idle;

	/* Only this thread exists besides idle; sleeping leaves idle alone. */
	sched_get_stats(&a);
	sleep_ticks(20);
	sched_get_stats(&b);
	halts = b.idle_halts - a.idle_halts;
	idle = b.idle_ticks - a.idle_ticks;
	ktest_log(t, "20 ticks asleep: %llu idle ticks, %llu halts",
		  (unsigned long long)idle, (unsigned long long)halts);
	KT_EXPECT(t, idle >= 19);
	/* One hlt per interrupt (the ticks); a busy idle loop spins 10^4+. */
	KT_EXPECT(t, halts >= 10 && halts <= 2 * 20 + 2);
}

static volatile int detached_done;

static int detached_fn(void *arg)
{
	unsigned long flags = local_irq_save();

	detached_done++;
	local_irq_restore(flags);
	return 0;
}

static void test_detached_churn_no_leak(struct ktest *t)
{
	struct heap_stats h0, h1;
	struct sched_stats s0, s1;
	u64 f0, f1;
	int i;

	detached_done = 0;
	f0 = frames_accounted();
	heap_get_stats(&h0);
	sched_get_stats(&s0);
	for (i = 0; i < 100; i++) {
		struct thread *th;

		if (i % 10 == 4) {
			/* Let it exit first: detaching a zombie frees it. */
			th = thread_create(detached_fn, NULL, "detached");
			KT_ASSERT(t, th);
			sleep_ticks(1);
			KT_EXPECT_EQ(t, th->state, THREAD_ZOMBIE);
			KT_EXPECT_EQ(t, thread_detach(th), 0);
			continue;
		}
		/*
		 * th may be used after thread_detach() only if it cannot have
		 * exited (a tick could let the new thread run to its end, and
		 * the detach would free it): no preemption until the join has
		 * been refused.
		 */
		preempt_disable();
		th = thread_create(detached_fn, NULL, "detached");
		if (th) {
			KT_EXPECT_EQ(t, thread_detach(th), 0);
			KT_EXPECT_EQ(t, thread_join(th, NULL), -EINVAL);
		}
		preempt_enable();
		KT_ASSERT(t, th);
		if (i % 10 == 9)
			yield();
	}
	{
		u64 end = timer_ticks() + 100 + 4 * kt_round_ticks(2);

		while (READ_ONCE(detached_done) < 100 && timer_ticks() < end)
			sleep_ticks(1);
	}
	KT_ASSERT(t, READ_ONCE(detached_done) == 100);
	/* Dead threads are freed by the idle thread (or the next create). */
	sleep_ticks(2);
	f1 = frames_accounted();
	heap_get_stats(&h1);
	sched_get_stats(&s1);
	KT_EXPECT_EQ(t, s1.nr_threads, s0.nr_threads);
	KT_EXPECT_EQ(t, f1, f0);
	KT_EXPECT_EQ(t, h1.live_bytes, h0.live_bytes);
	KT_EXPECT_EQ(t, h1.live_blocks, h0.live_blocks);
}

static struct semaphore snap_sem;

static int snap_waiter(void *arg)
{
	down(&snap_sem);
	return 7;
}

static const struct thread_snapshot *find_tid(const struct thread_snapshot *s,
					      unsigned int n, int tid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (s[i].tid == tid)
			return &s[i];
	return NULL;
}

static void test_snapshot_and_dump(struct ktest *t)
{
	static struct thread_snapshot snap[16];
	const struct thread_snapshot *me, *w;
	struct thread *th;
	unsigned int n;
	int status;

	sema_init(&snap_sem, 0);
	th = thread_create(snap_waiter, NULL, "snapwait");
	KT_ASSERT(t, th);
	sleep_ticks(3);		/* it runs and blocks in down() */
	n = sched_snapshot(snap, ARRAY_SIZE(snap));
	KT_ASSERT(t, n >= 3 && n <= ARRAY_SIZE(snap));
	me = find_tid(snap, n, current()->tid);
	w = find_tid(snap, n, th->tid);
	KT_ASSERT(t, me && w);
	KT_EXPECT_EQ(t, me->state, THREAD_RUNNING);
	KT_EXPECT_EQ(t, w->state, THREAD_BLOCKED);
	KT_EXPECT(t, strcmp(w->name, "snapwait") == 0);
	KT_EXPECT_EQ(t, w->stats.nr_scheduled, 1);
	KT_EXPECT_EQ(t, w->stats.nr_voluntary, 1);
	KT_EXPECT(t, w->stats.first_run != ~0ULL);
	KT_EXPECT(t, w->stats.block_ticks >= 2);
	/* The boot context is thread 0 "init"; idle is created next. */
	KT_EXPECT(t, find_tid(snap, n, 0) && !strcmp(find_tid(snap, n, 0)->name, "init"));
	KT_EXPECT(t, find_tid(snap, n, 1) && !strcmp(find_tid(snap, n, 1)->name, "idle"));
	sched_dump();
	up(&snap_sem);
	KT_JOIN_WITHIN(t, th, 4 * kt_round_ticks(2), &status);
	KT_EXPECT_EQ(t, status, 7);
}

static int wait_stop(void *arg)
{
	while (!READ_ONCE(stop))
		sleep_ticks(1);
	return 0;
}

static void test_nice_api(struct ktest *t)
{
	struct thread *th;
	int status = -1;

	stop = false;
	th = thread_create(wait_stop, NULL, "nice");
	KT_ASSERT(t, th);
	KT_EXPECT_EQ(t, thread_nice(th), 0);
	KT_EXPECT_EQ(t, thread_set_nice(th, SCHED_NICE_MIN - 1), -EINVAL);
	KT_EXPECT_EQ(t, thread_set_nice(th, SCHED_NICE_MAX + 1), -EINVAL);
	KT_EXPECT_EQ(t, thread_set_nice(NULL, 0), -EINVAL);
	/* A rejected level changes nothing. */
	KT_EXPECT_EQ(t, thread_nice(th), 0);
	KT_EXPECT_EQ(t, thread_set_nice(th, SCHED_NICE_MAX), 0);
	KT_EXPECT_EQ(t, thread_nice(th), SCHED_NICE_MAX);
	KT_EXPECT_EQ(t, thread_set_nice(th, SCHED_NICE_MIN), 0);
	KT_EXPECT_EQ(t, thread_nice(th), SCHED_NICE_MIN);
	/* Our own level, while running. */
	KT_EXPECT_EQ(t, thread_set_nice(current(), 5), 0);
	KT_EXPECT_EQ(t, thread_nice(current()), 5);
	KT_EXPECT_EQ(t, thread_set_nice(current(), 0), 0);
	stop = true;
	KT_JOIN_WITHIN(t, th, 4 * kt_round_ticks(2), &status);
	KT_EXPECT_EQ(t, status, 0);
}

static struct ktest_case sched_cases[] = {
	KTEST_CASE(test_join_returns_status),
	KTEST_CASE(test_fairness_equal_hogs),
	KTEST_CASE(test_sleep_wakes_on_deadline),
	KTEST_CASE(test_mutex_counter_exact),
	KTEST_CASE(test_mutex_misuse_detected),
	KTEST_CASE(test_semaphore_producer_consumer),
	KTEST_CASE(test_condvar_signal_broadcast),
	KTEST_CASE(test_churn_no_leak),
	KTEST_CASE(test_preempt_disable_holds),
	KTEST_CASE(test_spinlock_irqsave),
	KTEST_CASE(test_idle_halts),
	KTEST_CASE(test_detached_churn_no_leak),
	KTEST_CASE(test_snapshot_and_dump),
	KTEST_CASE(test_nice_api),
	{}
};

KTEST_SUITE_FULL(sched, sched_cases, kt_sched_suite_init, NULL, KTEST_ICOUNT);

/*
 * On demand (ktest=sched_stack_overflow, EXPECT_PANIC="kernel stack
 * overflow"): a thread recursing on its kstack_alloc() stack hits the
 * guard page below it and the double-fault handler reports it.
 */
static volatile unsigned long recursion_sink;

static unsigned long __noinline recurse(unsigned long depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	recursion_sink += pad[0];
	return depth == ~0UL ? 0 : recurse(depth + 1) + pad[0];
}

static int overflow_fn(void *arg)
{
	return (int)recurse(0);
}

static void test_thread_stack_overflow(struct ktest *t)
{
	struct thread *th = thread_create(overflow_fn, NULL, "overflow");

	KT_ASSERT(t, th);
	thread_join(th, NULL);
	ktest_fail_at(t, __FILE__, __LINE__, "the overflow was not caught");
}

static struct ktest_case overflow_cases[] = {
	KTEST_CASE(test_thread_stack_overflow),
	{}
};

KTEST_SUITE_FULL(sched_stack_overflow, overflow_cases, kt_sched_suite_init,
		 NULL, KTEST_ON_DEMAND);
