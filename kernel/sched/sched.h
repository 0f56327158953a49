/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of the scheduler core. */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>
#include <mosaic/spinlock.h>

/*
 * The run queue: the policy's area (first, see sched_rq_priv()) and the
 * core's per-CPU scheduling state. One CPU today; reach it only through
 * this_rq() so that moving it into the per-CPU area changes nothing else.
 */
struct rq {
	struct sched_rq_area policy;
	spinlock_t lock;		/* see Documentation/sched.md, Locking */
	struct thread *idle;
	struct list_head sleepers;	/* sorted by wake_tick */
	u64 nr_switches;
	u64 nr_handoffs;		/* direct switches (sched_handoff_unlock) */
	u64 ticks;			/* ticks since sched_start() */
	u64 idle_ticks;
	u64 idle_halts;
	u64 user_ticks;			/* ticks that found a user thread */
	unsigned long avenrun[3];	/* load averages, FIXED_1 = 1.0 */
	u64 next_load_tick;		/* when to sample them again */
};

extern struct rq sched_rq;

static inline struct rq *this_rq(void)
{
	return &sched_rq;
}

/* The compiled-in policy. */
#define sched_policy sched_selected_policy

/*
 * The run-queue lock. rq_lock/rq_unlock are for callers whose interrupts
 * are already off (the tick, interrupt exit, inside wait_lock); rq_unlock
 * leaves the resched check to that caller's own exit path. The lock is
 * held across __schedule() and so across the switch: the thread switched
 * to releases it (thread_entry() for a new one).
 */
static inline void rq_lock(struct rq *rq) __acquires(&rq->lock)
{
	spin_lock(&rq->lock);
}

static inline void rq_unlock(struct rq *rq) __releases(&rq->lock)
{
	__spin_release(&rq->lock, false, _THIS_IP_);
	preempt_enable_no_resched();
}

static inline unsigned long rq_lock_irqsave(struct rq *rq)
	__acquires(&rq->lock)
{
	return spin_lock_irqsave(&rq->lock);
}

static inline void rq_unlock_irqrestore(struct rq *rq, unsigned long flags)
	__releases(&rq->lock)
{
	spin_unlock_irqrestore(&rq->lock, flags);
}

/*
 * wait_lock: every wait queue's list, and the state of the mutexes,
 * semaphores and condition variables built on them, thread join/detach
 * flags and the exit to zombie. Taken before rq->lock, never after.
 */
extern spinlock_t wait_lock;

static inline unsigned long wait_lock_irqsave(void) __acquires(&wait_lock)
{
	return spin_lock_irqsave(&wait_lock);
}

static inline void wait_unlock_irqrestore(unsigned long flags)
	__releases(&wait_lock)
{
	spin_unlock_irqrestore(&wait_lock, flags);
}

/* Drop wait_lock keeping interrupts off (no resched check). */
static inline void wait_unlock_irqs_off(void) __releases(&wait_lock)
{
	__spin_release(&wait_lock, true, _THIS_IP_);
	preempt_enable_no_resched();
}

/*
 * Block the current thread on wq. The caller holds wait_lock; it is
 * dropped while the thread sleeps and held again on return.
 */
void wait_queue_block(struct wait_queue *wq) __must_hold(&wait_lock);
/* The same, ended early by a signal: 0 when woken, else -ERESTARTSYS. */
int wait_queue_block_interruptible(struct wait_queue *wq)
	__must_hold(&wait_lock);
/* Wake the first waiter of wq (wait_lock held); returns it or NULL. */
struct thread *wake_up_one_locked(struct wait_queue *wq)
	__must_hold(&wait_lock);
int wake_up_all_locked(struct wait_queue *wq) __must_hold(&wait_lock);
/*
 * Block the current thread, wait_lock held (dropped while it sleeps),
 * until sched_wake_blocked() or, if @deadline is not 0, the tick count
 * reaching it. The caller keeps its own record of why it woke.
 */
void sched_block_until(u64 deadline) __must_hold(&wait_lock);
/* Make a thread blocked or sleeping runnable (wait_lock held); false if
 * it was not (it woke already). */
bool sched_wake_blocked(struct thread *t) __must_hold(&wait_lock);

enum switch_reason {
	SW_PREEMPT,	/* tick or wakeup asked for it */
	SW_YIELD,
	SW_BLOCK,	/* caller set state BLOCKED/SLEEPING and queued it */
	SW_EXIT,
	SW_IDLE,	/* the idle thread found work */
};

extern struct list_head sched_all_threads;

/* The rq lock must be held (interrupts off) for all of these. */
void __schedule(enum switch_reason why) __must_hold(&this_rq()->lock);
void sched_wake(struct thread *t) __must_hold(&this_rq()->lock);
void thread_cache_init(void);
void thread_free(struct thread *t);
void thread_reap(void);
bool thread_reap_pending(void);
void thread_init_boot(struct thread *t, const char *name);

#endif
