/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of the scheduler core. */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <mosaic/sched.h>
#include <mosaic/sched_policy.h>

/*
 * The run queue: the policy's area (first, see sched_rq_priv()) and the
 * core's per-CPU scheduling state. One CPU today; reach it only through
 * this_rq() so that moving it into the per-CPU area changes nothing else.
 */
struct rq {
	struct sched_rq_area policy;
	struct thread *idle;
	struct list_head sleepers;	/* sorted by wake_tick */
	u64 nr_switches;
	u64 ticks;			/* ticks since sched_start() */
	u64 idle_ticks;
	u64 idle_halts;
};

extern struct rq sched_rq;

static inline struct rq *this_rq(void)
{
	return &sched_rq;
}

/* The compiled-in policy. */
#define sched_policy sched_selected_policy

enum switch_reason {
	SW_PREEMPT,	/* tick or wakeup asked for it */
	SW_YIELD,
	SW_BLOCK,	/* caller set state BLOCKED/SLEEPING and queued it */
	SW_EXIT,
	SW_IDLE,	/* the idle thread found work */
};

extern struct list_head sched_all_threads;

/* Interrupts must be disabled for all of these. */
void __schedule(enum switch_reason why);
void sched_wake(struct thread *t);
struct thread *thread_alloc(thread_fn_t fn, void *arg, const char *name);
void thread_free(struct thread *t);
void thread_reap(void);
bool thread_reap_pending(void);
void thread_init_boot(struct thread *t, const char *name);

#endif
