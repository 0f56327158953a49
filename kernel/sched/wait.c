// SPDX-License-Identifier: GPL-2.0
/* Wait queues (see <mosaic/wait.h>) and wait_lock. */
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>
#include <mosaic/wait.h>

#include "sched.h"

DEFINE_SPINLOCK(wait_lock);

void wait_queue_block(struct wait_queue *wq)
{
	struct rq *rq = this_rq();
	struct thread *t = current();

	BUG_ON(t == rq->idle);
	t->state = THREAD_BLOCKED;
	list_add_tail(&t->wait_node, &wq->waiters);
	/*
	 * Take the rq lock before dropping wait_lock: a waker needs both,
	 * so it cannot come between the queueing and the switch.
	 */
	rq_lock(rq);
	wait_unlock_irqs_off();
	__schedule(SW_BLOCK);
	rq_unlock(rq);
	spin_lock(&wait_lock);
}

static struct thread *wake_first(struct wait_queue *wq)
{
	struct thread *t = list_first_entry(&wq->waiters, struct thread,
					    wait_node);
	struct rq *rq = this_rq();

	list_del_init(&t->wait_node);
	rq_lock(rq);
	sched_wake(t);
	rq_unlock(rq);
	return t;
}

struct thread *wake_up_one_locked(struct wait_queue *wq)
{
	return list_empty(&wq->waiters) ? NULL : wake_first(wq);
}

int wake_up_all_locked(struct wait_queue *wq)
{
	int n = 0;

	while (!list_empty(&wq->waiters)) {
		wake_first(wq);
		n++;
	}
	return n;
}

struct thread *wake_up_one(struct wait_queue *wq)
{
	unsigned long flags = wait_lock_irqsave();
	struct thread *t = wake_up_one_locked(wq);

	wait_unlock_irqrestore(flags);
	return t;
}

int wake_up_all(struct wait_queue *wq)
{
	unsigned long flags = wait_lock_irqsave();
	int n = wake_up_all_locked(wq);

	wait_unlock_irqrestore(flags);
	return n;
}
