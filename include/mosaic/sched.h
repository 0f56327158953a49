/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel threads and the scheduler core (kernel/sched/core.c, thread.c).
 * The policy that picks the next thread is a Kconfig choice, see
 * <mosaic/sched_policy.h> and Documentation/sched.md.
 *
 * Boot: sched_init() (heap and frame allocator ready, interrupts still
 * off) turns the boot context into thread 0 "init" and creates "idle";
 * after the timer is running and interrupts are on, sched_start() turns
 * on preemption. Before sched_start() ticks only count.
 */
#ifndef _MOSAIC_SCHED_H
#define _MOSAIC_SCHED_H

#include <mosaic/compiler.h>
#include <mosaic/percpu.h>
#include <mosaic/thread.h>
#include <mosaic/types.h>

void sched_init(void);
void sched_start(void);
bool sched_running(void);

/* The running thread, from this CPU's per-CPU area. */
static inline struct thread *current(void)
{
	return this_cpu_read_stable(current);
}

/*
 * Create a runnable thread running fn(arg); its return value is the exit
 * status. Returns NULL on -ENOMEM. A thread must be joined exactly once
 * unless it was detached.
 */
struct thread *thread_create(thread_fn_t fn, void *arg, const char *name);
/*
 * thread_create() in two steps, for a thread that needs more set up
 * before it may run (a forked process's): allocated and not runnable,
 * then queued. Never start a thread twice.
 */
struct thread *thread_alloc(thread_fn_t fn, void *arg, const char *name);
void thread_start(struct thread *t);
/*
 * Free the detached threads that exited now, not when the idle thread
 * or the next thread_alloc() gets to them: for memory baselines.
 */
void thread_reap_now(void);
/* Free a thread_alloc()ed thread that never started. */
void thread_free_unstarted(struct thread *t);
/* Wait for t to exit, store its status, free it: 0, -EINVAL, -EDEADLK. */
int thread_join(struct thread *t, int *status);
/* The thread frees itself when it exits; it can no longer be joined. */
int thread_detach(struct thread *t);
void thread_exit(int status) __noreturn;
/*
 * Nice level, SCHED_NICE_MIN (-20) .. SCHED_NICE_MAX (19), 0 at creation:
 * the share of CPU a weighted policy (EEVDF) gives the thread; policies
 * without weights ignore it. -EINVAL for a bad level, an exited thread or
 * idle. Any thread, any state; takes effect at once.
 */
int thread_set_nice(struct thread *t, int nice);
int thread_nice(const struct thread *t);
/* Give the CPU to another runnable thread, if any. */
void yield(void);

/* Sleep until the timer has ticked n times (n == 0 just yields). */
void sleep_ticks(u64 n);
/* Sleep at least ms milliseconds (rounded up to ticks, plus one). */
void sleep_ms(u64 ms);

/*
 * Preemption control; nests. Interrupts are not affected. Sleeping or
 * yielding with preemption disabled panics ("scheduling while atomic").
 * preempt_enable() switches at once if a reschedule became due meanwhile.
 */
/*
 * The count and the resched flag live in the per-CPU area, so these are
 * one instruction each on the fast path: every spinlock takes them, and
 * out-of-line calls cost the allocators a fifth of their time.
 */
void __preempt_check_resched(void);
#ifdef CONFIG_DEBUG_SPINLOCK
void preempt_count_underflow(void) __noreturn;
#endif

static __always_inline int preempt_count(void)
{
	return this_cpu_read(preempt_count);
}

static __always_inline void preempt_disable(void)
{
	this_cpu_inc(preempt_count);
	barrier();
}

/* Drop the count without switching; follow with preempt_check_resched(). */
static __always_inline void preempt_enable_no_resched(void)
{
	barrier();
#ifdef CONFIG_DEBUG_SPINLOCK
	if (unlikely(this_cpu_read(preempt_count) <= 0))
		preempt_count_underflow();
#endif
	this_cpu_dec(preempt_count);
}

/* Switch now if a reschedule became due while preemption was off. */
static __always_inline void preempt_check_resched(void)
{
	if (unlikely(this_cpu_read(need_resched)))
		__preempt_check_resched();
}

static __always_inline void preempt_enable(void)
{
	preempt_enable_no_resched();
	preempt_check_resched();
}

/*
 * Blocking on a subsystem's own queues under its own lock (IPC,
 * kernel/ipc/). The caller holds @lock, taken with spin_lock_irqsave(),
 * and has recorded the current thread where its waker will find it.
 * sched_block_unlock() marks the thread blocked, releases @lock with
 * interrupts still off and switches away; it returns, interrupts off,
 * once sched_wake_thread() or sched_handoff_unlock() woke it, or a
 * signal did (the sleep is interruptible, <mosaic/wait.h>: the caller
 * looks at its own state and signal_pending()). The waker holds the
 * same lock, so no wake-up can fall between the two.
 */
struct spinlock;
/*
 * Not annotated __releases: sparse counts the inline spin_lock() that
 * takes @lock again as nothing, and would see an imbalance.
 */
void sched_block_unlock(struct spinlock *lock);
/*
 * Make a thread that sched_block_unlock() blocked runnable; the caller
 * holds that lock (interrupts off). False if it was not blocked (a
 * signal woke it already).
 */
bool sched_wake_thread(struct thread *t);
/*
 * sched_block_unlock() that wakes @next, blocked the same way (and still
 * blocked: not woken by a signal meanwhile), in the same step, the
 * caller's sleep interruptible as there: if the policy would run @next
 * next anyway (its handoff()
 * operation, <mosaic/sched_policy.h>), it runs at once without going
 * through the run queue, a direct switch; otherwise it is queued as
 * sched_wake_thread() would and the usual pick follows.
 */
void sched_handoff_unlock(struct thread *next, struct spinlock *lock);
/* Direct switches made by sched_handoff_unlock() since boot. */
u64 sched_nr_handoffs(void);

/*
 * A `ps`-like table of every thread on the console (see
 * Documentation/sched.md for the columns). Thread context; it allocates.
 */
void sched_dump(void);

/* One thread as ps sees it; times include the current state so far. */
struct thread_snapshot {
	int tid;
	char name[THREAD_NAME_LEN];
	enum thread_state state;
	unsigned int level;
	int exit_status;
	struct thread_stats stats;
};
/* Copy up to max threads into buf; returns how many threads exist. */
unsigned int sched_snapshot(struct thread_snapshot *buf, unsigned int max);

/* TSC cycles per tick, measured; 0 until the second tick. */
u64 sched_tsc_per_tick(void);
/* CPU time of the current thread so far, in SCHED_TICK_UNITS per tick. */
u64 thread_cpu_units(void);

/*
 * A thread's CPU time in nanoseconds, as getrusage(2) and the CPU-time
 * clocks report it. The sum is precise (TSC-charged run time, the
 * current slice included when t is running); the user/system split is
 * the sum divided as the tick's samples of the mode fell, as Linux
 * divides it without precise accounting, and neither part ever
 * decreases from one call to the next.
 */
struct thread_cputime {
	u64 sum_ns, utime_ns, stime_ns;
};
void thread_cputime(struct thread *t, struct thread_cputime *ct);

/* Scheduler-wide counters. */
struct sched_stats {
	u64 switches;		/* context switches */
	u64 idle_ticks;
	u64 idle_halts;		/* hlt executed by the idle thread */
	u64 ticks;		/* ticks since sched_start() */
	u64 tsc_per_tick;	/* measured; 0 until two ticks */
	u64 user_ticks;		/* of those not idle: in a user thread */
	unsigned int nr_threads;
	unsigned int nr_running;	/* running or ready, idle not counted */
	/* Linux's 1, 5 and 15 minute load averages, in 1/SCHED_LOAD_ONE. */
	unsigned long avenrun[3];
};
#define SCHED_LOAD_SHIFT 11
#define SCHED_LOAD_ONE (1UL << SCHED_LOAD_SHIFT)
void sched_get_stats(struct sched_stats *st);
const char *thread_state_name(enum thread_state s);

#endif /* _MOSAIC_SCHED_H */
