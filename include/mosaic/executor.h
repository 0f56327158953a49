/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executor (kernel/executor.c): deferred kernel work as small state
 * machines, in the spirit of Linux's workqueues and of the async tasks
 * of Rust kernels. A task (struct ktask) is a poll function that does
 * what it can now and returns KTASK_PENDING to be polled again after its
 * next wake, or KTASK_DONE. Worker threads poll the tasks that were
 * woken; wakers (any context, interrupt handlers included) only mark a
 * task runnable. The ready set holds a task at most once, so a task
 * woken N times before a worker gets to it is polled once; a wake that
 * comes while the task is being polled makes it polled again, so none is
 * lost. A task can also ask to be woken at a tick (ktask_wake_at): the
 * workers sleep until the earliest such tick, and the timer interrupt
 * wakes them. A worker with nothing to do blocks, so an idle executor
 * leaves the CPU to the idle thread, which halts it.
 *
 * Documentation/executor.md. Locks: executor->lock (irqsave, irq-side)
 * protects the ready list, the timer list, every task's state and the
 * counters; it is never held across a poll or a wake-up of a worker.
 */
#ifndef _MOSAIC_EXECUTOR_H
#define _MOSAIC_EXECUTOR_H

#include <mosaic/list.h>
#include <mosaic/spinlock.h>
#include <mosaic/types.h>
#include <mosaic/wait.h>

enum ktask_poll {
	KTASK_PENDING,		/* poll again after the next wake */
	KTASK_DONE,		/* finished: never polled again */
};

struct ktask;
typedef enum ktask_poll (*ktask_poll_t)(struct ktask *task);

enum ktask_state {
	KTASK_IDLE,		/* waiting for a wake */
	KTASK_QUEUED,		/* in the ready set */
	KTASK_RUNNING,		/* a worker is polling it */
	KTASK_REPOLL,		/* woken while being polled */
	KTASK_FINISHED,		/* returned KTASK_DONE */
};

struct executor;

struct ktask {
	ktask_poll_t poll;
	const char *name;
	struct executor *ex;		/* set by ktask_spawn() */
	enum ktask_state state;		/* ex->lock */
	struct list_head ready_node;	/* in ex->ready while QUEUED */
	struct list_head timer_node;	/* in ex->timers while a timer is set */
	u64 wake_tick;			/* the timer's tick */
	u64 polls;			/* times polled */
	u64 wakes;			/* ktask_wake() calls and timer wakes */
};

/* Counters of one executor, since it started. */
struct executor_stats {
	u64 polls;		/* poll calls */
	u64 wakes;		/* wakes of any task (timers included) */
	u64 coalesced;		/* wakes of a task already in the ready set */
	u64 repolls;		/* wakes during a poll: polled again */
	u64 timer_wakes;	/* wakes by a task's timer */
	u64 idle_sleeps;	/* a worker found nothing to do and blocked */
};

#define EXECUTOR_MAX_WORKERS 4

struct executor {
	const char *name;
	spinlock_t lock;
	struct list_head ready;		/* ktask, FIFO */
	struct list_head timers;	/* ktask, by wake_tick, FIFO on ties */
	struct wait_queue idle;		/* one entry per worker */
	bool stopping;
	unsigned int nr_workers;
	struct thread *workers[EXECUTOR_MAX_WORKERS];
	struct executor_stats stats;
};

/* The kernel's own executor, started at boot (executor_init()). */
extern struct executor system_executor;
void executor_init(void);

/*
 * Start @nr_workers (1..EXECUTOR_MAX_WORKERS) worker threads named
 * "@name/N". Returns 0, -EINVAL or -ENOMEM (then nothing runs).
 */
int executor_start(struct executor *ex, const char *name,
		   unsigned int nr_workers);
/*
 * Stop the workers and wait for them (thread context). Tasks still
 * waiting are abandoned as they are; a poll in progress completes first.
 */
void executor_stop(struct executor *ex);
void executor_get_stats(struct executor *ex, struct executor_stats *st);

void ktask_init(struct ktask *task, const char *name, ktask_poll_t poll);
/* Bind @task to @ex and queue its first poll. Any context. */
void ktask_spawn(struct executor *ex, struct ktask *task);
/*
 * Make the task runnable: it is polled once more, however many wakes
 * come before the poll. Any context (interrupts included); a task not
 * spawned yet or finished ignores it.
 */
void ktask_wake(struct ktask *task);
/*
 * Wake the task at tick @tick (at the next tick if it has passed), in
 * addition to any ktask_wake(). One timer per task: a new call moves it.
 */
void ktask_wake_at(struct ktask *task, u64 tick);
/* Disarm the task's timer, if set. */
void ktask_cancel_timer(struct ktask *task);
/* The task returned KTASK_DONE: the executor no longer touches it. */
bool ktask_finished(struct ktask *task);
/*
 * Finish the task from outside (thread context): its wakes and timer are
 * dropped, a poll in progress is waited for, and it is never polled
 * again until it is spawned anew; its owner may free it then.
 */
void ktask_cancel(struct ktask *task);

#endif /* _MOSAIC_EXECUTOR_H */
