// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `executor`: the promises of <mosaic/executor.h>, each on a
 * private executor so the system one's work (tty input) cannot disturb
 * the counts. Tick-exact under -icount, and within the stated bounds
 * without it.
 */
#include <asm/processor.h>
#include <mosaic/executor.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>

/* Anything a test waits for comes well within this. */
#define WAIT_TICKS 200

static struct executor ex;

static int executor_suite_init(struct ktest *t)
{
	return executor_start(&ex, "ktexec", 2);
}

static void executor_suite_exit(struct ktest *t)
{
	executor_stop(&ex);
}

/* Sleep a tick at a time until *count reaches @n; false on timeout. */
static bool wait_count(const u64 *count, u64 n)
{
	u64 end = timer_ticks() + WAIT_TICKS;

	while (READ_ONCE(*count) < n && timer_ticks() < end)
		sleep_ticks(1);
	return READ_ONCE(*count) >= n;
}

static enum ktask_poll count_poll(struct ktask *task)
{
	return KTASK_PENDING;
}

/*
 * Wakes that pile up before a worker can run make one poll: the ready
 * set holds a task once.
 */
static void test_wakes_coalesce(struct ktest *t)
{
	static struct ktask task;
	struct executor_stats before, after;
	int i;

	ktask_init(&task, "coalesce", count_poll);
	ktask_spawn(&ex, &task);
	KT_ASSERT(t, wait_count(&task.polls, 1));
	executor_get_stats(&ex, &before);
	preempt_disable();	/* no worker runs until all 100 are in */
	for (i = 0; i < 100; i++)
		ktask_wake(&task);
	preempt_enable();
	KT_ASSERT(t, wait_count(&task.polls, 2));
	sleep_ticks(3);		/* room for a wrong second poll */
	executor_get_stats(&ex, &after);
	KT_EXPECT_EQ(t, READ_ONCE(task.polls), 2);
	KT_EXPECT_EQ(t, after.wakes - before.wakes, 100);
	KT_EXPECT_EQ(t, after.coalesced - before.coalesced, 99);
	KT_EXPECT_EQ(t, after.polls - before.polls, 1);
}

/* A wake from inside the poll: what an interrupt after the check does. */
static enum ktask_poll self_wake_poll(struct ktask *task)
{
	if (!task->polls) {
		ktask_wake(task);
		return KTASK_PENDING;
	}
	return KTASK_DONE;
}

/*
 * The race for real: a producer thread preempts the worker in the middle
 * of a poll (the poll holds on until it sees the producer's new value,
 * which it leaves for the next poll) and wakes the task there. Each
 * round is consumed only if that wake made the executor poll again.
 */
#define RACE_ROUNDS 20

/* The value the poll in progress saw, plus one; 0 between polls. */
static volatile u64 polling_seen;
static volatile u64 produced;
static u64 consumed;

static enum ktask_poll consumer_poll(struct ktask *task)
{
	u64 seen = READ_ONCE(produced), end = timer_ticks() + WAIT_TICKS;

	WRITE_ONCE(polling_seen, seen + 1);
	while (seen < RACE_ROUNDS && READ_ONCE(produced) == seen &&
	       timer_ticks() < end)
		cpu_relax();
	WRITE_ONCE(polling_seen, 0);
	WRITE_ONCE(consumed, seen);
	return seen == RACE_ROUNDS ? KTASK_DONE : KTASK_PENDING;
}

static int producer_fn(void *arg)
{
	struct ktask *task = arg;
	u64 i;

	for (i = 1; i <= RACE_ROUNDS; i++) {
		u64 end = timer_ticks() + WAIT_TICKS;

		/* Until we preempt the poll that saw the previous value. */
		while (READ_ONCE(polling_seen) != i && timer_ticks() < end)
			yield();
		if (READ_ONCE(polling_seen) != i)
			return -1;
		WRITE_ONCE(produced, i);
		ktask_wake(task);
	}
	return 0;
}

static void test_wake_racing_poll_not_lost(struct ktest *t)
{
	static struct ktask self, consumer;
	struct executor_stats before, after;
	struct thread *producer;
	int status = -1;

	ktask_init(&self, "self-wake", self_wake_poll);
	ktask_spawn(&ex, &self);
	KT_EXPECT(t, wait_count(&self.polls, 2));
	KT_EXPECT(t, ktask_finished(&self));

	produced = 0;
	consumed = 0;
	polling_seen = 0;
	executor_get_stats(&ex, &before);
	ktask_init(&consumer, "consumer", consumer_poll);
	producer = thread_create(producer_fn, &consumer, "producer");
	KT_ASSERT(t, producer);
	ktask_spawn(&ex, &consumer);
	KT_EXPECT_EQ(t, thread_join(producer, &status), 0);
	KT_EXPECT_EQ(t, status, 0);
	KT_EXPECT(t, wait_count(&consumed, RACE_ROUNDS));
	executor_get_stats(&ex, &after);
	KT_EXPECT_EQ(t, READ_ONCE(consumed), RACE_ROUNDS);
	/* Every round's wake came during a poll. */
	KT_EXPECT_EQ(t, after.repolls - before.repolls, RACE_ROUNDS);
	KT_EXPECT(t, ktask_finished(&consumer));
}

/*
 * Timers: each task sets one a few ticks ahead and notes when it is
 * polled again. Polled at the tick or the next, never before, and in
 * the order of the ticks, not of the calls; nothing polls in between.
 * A ticker task's timer wakes the workers at every tick meanwhile, so
 * they look at the timers at every tick, not only at the first due one.
 */
#define TIMER_TASKS 3

struct timer_probe {
	struct ktask task;
	u64 delay, target, polled_at;
	int order;
};

static struct timer_probe probes[TIMER_TASKS];
static int polled_so_far;
static volatile bool ticker_stop;

static enum ktask_poll ticker_poll(struct ktask *task)
{
	if (READ_ONCE(ticker_stop))
		return KTASK_DONE;
	ktask_wake_at(task, timer_ticks() + 1);
	return KTASK_PENDING;
}

static enum ktask_poll timer_poll(struct ktask *task)
{
	struct timer_probe *p = container_of(task, struct timer_probe, task);

	if (!p->target) {
		p->target = timer_ticks() + p->delay;
		ktask_wake_at(task, p->target);
		return KTASK_PENDING;
	}
	p->polled_at = timer_ticks();
	p->order = polled_so_far++;
	return KTASK_DONE;
}

static void test_timer_wake_within_one_tick(struct ktest *t)
{
	static const u64 delays[TIMER_TASKS] = { 7, 3, 5 };
	static const int order[TIMER_TASKS] = { 2, 0, 1 };
	static struct ktask ticker;
	int i;

	polled_so_far = 0;
	ticker_stop = false;
	ktask_init(&ticker, "ticker", ticker_poll);
	ktask_spawn(&ex, &ticker);
	for (i = 0; i < TIMER_TASKS; i++) {
		memset(&probes[i], 0, sizeof(probes[i]));
		probes[i].delay = delays[i];
		ktask_init(&probes[i].task, "timer", timer_poll);
		ktask_spawn(&ex, &probes[i].task);
	}
	for (i = 0; i < TIMER_TASKS; i++) {
		struct timer_probe *p = &probes[i];

		KT_ASSERT(t, wait_count(&p->task.polls, 2));
		ktest_log(t, "timer %d: due at tick %llu, polled at %llu", i,
			  (unsigned long long)p->target,
			  (unsigned long long)p->polled_at);
		KT_EXPECT(t, p->polled_at >= p->target);
		KT_EXPECT(t, p->polled_at <= p->target + 1);
		KT_EXPECT_EQ(t, p->task.polls, 2);
		KT_EXPECT_EQ(t, p->order, order[i]);
	}
	WRITE_ONCE(ticker_stop, true);
	KT_EXPECT(t, wait_count(&ticker.polls, ticker.polls + 1));
	KT_EXPECT(t, ktask_finished(&ticker));
	/* The ticker woke the workers at least once a tick. */
	KT_EXPECT(t, ticker.polls >= 7);
}

/*
 * An executor with nothing to do blocks its workers once each and the
 * CPU halts: the idle thread's hlt count grows with the ticks, the
 * workers take no CPU time and look at their empty queue no more.
 */
static void test_idle_halts_counted(struct ktest *t)
{
	struct executor_stats before, after;
	struct sched_stats s0, s1;
	u64 worker_ticks[EXECUTOR_MAX_WORKERS];
	unsigned int i;

	sleep_ticks(2);		/* the earlier cases' workers settle */
	executor_get_stats(&ex, &before);
	for (i = 0; i < ex.nr_workers; i++)
		worker_ticks[i] = READ_ONCE(ex.workers[i]->stats.run_ticks);
	sched_get_stats(&s0);
	sleep_ticks(20);
	sched_get_stats(&s1);
	executor_get_stats(&ex, &after);
	ktest_log(t, "20 ticks: %llu halts, %llu idle ticks",
		  (unsigned long long)(s1.idle_halts - s0.idle_halts),
		  (unsigned long long)(s1.idle_ticks - s0.idle_ticks));
	/* Other threads may run a little; the CPU is mostly halted. */
	KT_EXPECT(t, s1.idle_halts - s0.idle_halts >= 10);
	KT_EXPECT(t, s1.idle_ticks - s0.idle_ticks >= 10);
	KT_EXPECT_EQ(t, after.polls, before.polls);
	KT_EXPECT_EQ(t, after.idle_sleeps, before.idle_sleeps);
	for (i = 0; i < ex.nr_workers; i++)
		KT_EXPECT_EQ(t, READ_ONCE(ex.workers[i]->stats.run_ticks),
			     worker_ticks[i]);
	/* Each worker blocked at least once in the whole run. */
	KT_EXPECT(t, after.idle_sleeps >= ex.nr_workers);
}

/*
 * A cancelled task is polled no more: not for the wake queued before
 * the cancel, nor its timer, nor a wake after it; spawned again, it runs.
 */
static void test_cancel_drops_wakes_and_timer(struct ktest *t)
{
	static struct ktask task;

	ktask_init(&task, "cancel", count_poll);
	ktask_spawn(&ex, &task);
	KT_ASSERT(t, wait_count(&task.polls, 1));
	preempt_disable();
	ktask_wake_at(&task, timer_ticks() + 2);
	ktask_wake(&task);
	ktask_cancel(&task);
	preempt_enable();
	ktask_wake(&task);
	sleep_ticks(5);
	KT_EXPECT_EQ(t, READ_ONCE(task.polls), 1);
	KT_EXPECT(t, ktask_finished(&task));
	ktask_spawn(&ex, &task);
	KT_EXPECT(t, wait_count(&task.polls, 2));
	ktask_cancel(&task);
}

static struct ktest_case executor_cases[] = {
	KTEST_CASE(test_wakes_coalesce),
	KTEST_CASE(test_wake_racing_poll_not_lost),
	KTEST_CASE(test_timer_wake_within_one_tick),
	KTEST_CASE(test_idle_halts_counted),
	KTEST_CASE(test_cancel_drops_wakes_and_timer),
	{}
};
KTEST_SUITE_FULL(executor, executor_cases, executor_suite_init,
		 executor_suite_exit, 0);
