/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues: a thread blocks until another thread or an interrupt
 * handler wakes it. The sleeping primitives (mutex, semaphore, condvar,
 * thread_join) are built on them in kernel/sched/; one lock, wait_lock
 * (kernel/sched/sched.h), protects every queue and makes their
 * check-then-block atomic, so no wakeup is lost. Other code waits
 * through those primitives.
 */
#ifndef _MOSAIC_WAIT_H
#define _MOSAIC_WAIT_H

#include <mosaic/irq.h>
#include <mosaic/list.h>
#include <mosaic/types.h>

struct thread;

struct wait_queue {
	struct list_head waiters;	/* threads, FIFO */
};

#define WAIT_QUEUE_INIT(name) { LIST_HEAD_INIT((name).waiters) }
#define DEFINE_WAIT_QUEUE(name) struct wait_queue name = WAIT_QUEUE_INIT(name)

static inline void wait_queue_init(struct wait_queue *wq)
{
	INIT_LIST_HEAD(&wq->waiters);
}

static inline bool wait_queue_empty(const struct wait_queue *wq)
{
	return list_empty(&wq->waiters);
}

/* Wake the first waiter; returns it, or NULL. Any context. */
struct thread *wake_up_one(struct wait_queue *wq);
/* Wake every waiter; returns how many. Any context. */
int wake_up_all(struct wait_queue *wq);

#endif /* _MOSAIC_WAIT_H */
