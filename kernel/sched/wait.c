// SPDX-License-Identifier: GPL-2.0
/* Wait queues (see <mosaic/wait.h>). */
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>
#include <mosaic/wait.h>

#include "sched.h"

void wait_queue_block(struct wait_queue *wq)
{
	struct thread *t = current();

	BUG_ON(!irqs_disabled());
	BUG_ON(t == this_rq()->idle);
	t->state = THREAD_BLOCKED;
	list_add_tail(&t->wait_node, &wq->waiters);
	__schedule(SW_BLOCK);
}

static struct thread *wake_first(struct wait_queue *wq)
{
	struct thread *t = list_first_entry(&wq->waiters, struct thread,
					    wait_node);

	list_del_init(&t->wait_node);
	sched_wake(t);
	return t;
}

struct thread *wake_up_one(struct wait_queue *wq)
{
	unsigned long flags = local_irq_save();
	struct thread *t = NULL;

	if (!list_empty(&wq->waiters))
		t = wake_first(wq);
	local_irq_restore(flags);
	return t;
}

int wake_up_all(struct wait_queue *wq)
{
	unsigned long flags = local_irq_save();
	int n = 0;

	while (!list_empty(&wq->waiters)) {
		wake_first(wq);
		n++;
	}
	local_irq_restore(flags);
	return n;
}
