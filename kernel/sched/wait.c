// SPDX-License-Identifier: GPL-2.0
/* Wait queues and waiters (see <mosaic/wait.h>), and wait_lock. */
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/wait.h>

#include "sched.h"

DEFINE_SPINLOCK(wait_lock);

/* A blocked thread's entry: dequeue it and make the thread runnable. */
static bool wake_blocked_thread(struct wait_queue_entry *e)
{
	struct thread *t = e->private;
	struct rq *rq = this_rq();

	list_del_init(&e->node);
	rq_lock(rq);
	sched_wake(t);
	rq_unlock(rq);
	return true;
}

void wait_queue_block(struct wait_queue *wq)
{
	struct rq *rq = this_rq();
	struct thread *t = current();
	struct wait_queue_entry e;

	BUG_ON(t == rq->idle);
	wait_entry_init(&e, wake_blocked_thread, t);
	e.flags = WQ_FLAG_EXCLUSIVE;
	t->state = THREAD_BLOCKED;
	list_add_tail(&e.node, &wq->waiters);
	/*
	 * Take the rq lock before dropping wait_lock: a waker needs both,
	 * so it cannot come between the queueing and the switch.
	 */
	rq_lock(rq);
	wait_unlock_irqs_off();
	__schedule(SW_BLOCK);
	rq_unlock(rq);
	spin_lock(&wait_lock);
	/* Only a wake-up of the queue makes us run, and it dequeued us. */
	BUG_ON(!list_empty(&e.node));
}

/*
 * Call every entry's callback until @nr_exclusive exclusive entries woke
 * a thread (0: no limit). Returns the first such thread; *woken counts
 * the callbacks that woke one.
 */
static struct thread *wake_up_locked(struct wait_queue *wq, int nr_exclusive,
				     int *woken)
{
	struct wait_queue_entry *e, *next;
	struct thread *first = NULL;
	int n = 0;

	list_for_each_entry_safe(e, next, &wq->waiters, node) {
		/* The callback may dequeue and free e; read it first. */
		bool exclusive = e->flags & WQ_FLAG_EXCLUSIVE;
		struct thread *t = e->private;

		if (!e->func(e))
			continue;
		n++;
		if (!exclusive)
			continue;
		if (!first)
			first = t;
		if (nr_exclusive && !--nr_exclusive)
			break;
	}
	if (woken)
		*woken = n;
	return first;
}

struct thread *wake_up_one_locked(struct wait_queue *wq)
{
	return wake_up_locked(wq, 1, NULL);
}

int wake_up_all_locked(struct wait_queue *wq)
{
	int n;

	wake_up_locked(wq, 0, &n);
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

void add_wait_queue(struct wait_queue *wq, struct wait_queue_entry *e)
{
	unsigned long flags = wait_lock_irqsave();

	list_add_tail(&e->node, &wq->waiters);
	wait_unlock_irqrestore(flags);
}

void remove_wait_queue(struct wait_queue_entry *e)
{
	unsigned long flags = wait_lock_irqsave();

	list_del_init(&e->node);
	wait_unlock_irqrestore(flags);
}

void waiter_init(struct waiter *w)
{
	w->thread = current();
	w->woken = false;
	w->sleeping = false;
}

bool waiter_wake_locked(struct waiter *w)
{
	w->woken = true;
	if (!w->sleeping)
		return false;
	w->sleeping = false;
	return sched_wake_blocked(w->thread);
}

bool waiter_wake(struct waiter *w)
{
	unsigned long flags = wait_lock_irqsave();
	bool woke = waiter_wake_locked(w);

	wait_unlock_irqrestore(flags);
	return woke;
}

bool waiter_sleep(struct waiter *w, u64 deadline)
{
	unsigned long flags = wait_lock_irqsave();
	bool woken;

	BUG_ON(w->thread != current());
	if (!w->woken && (!deadline || timer_ticks() < deadline)) {
		w->sleeping = true;
		sched_block_until(deadline);
		w->sleeping = false;
	}
	woken = w->woken;
	w->woken = false;
	wait_unlock_irqrestore(flags);
	return woken;
}

/* No signals yet: nothing ever interrupts a sleep. */
__attribute__((weak)) bool signal_pending(struct thread *t)
{
	return false;
}

/* One look (wait_lock held): 1 to sleep, else what to return. */
static int interruptible_check(struct waiter *w, u64 end_ns)
{
	if (w->woken) {
		w->woken = false;
		return 0;
	}
	if (signal_pending(w->thread))
		return -EINTR;
	if (end_ns && ktime_get_ns() >= end_ns)
		return -ETIMEDOUT;
	return 1;
}

int waiter_sleep_interruptible(struct waiter *w, u64 end_ns)
{
	struct thread *t = current();
	int ret;

	BUG_ON(w->thread != t);
	do {
		u64 deadline = end_ns ? ktime_deadline_tick(end_ns) : 0;
		unsigned long flags = wait_lock_irqsave();

		ret = interruptible_check(w, end_ns);
		if (ret == 1) {
			t->intr_waiter = w;
			w->sleeping = true;
			sched_block_until(deadline);
			w->sleeping = false;
			t->intr_waiter = NULL;
		}
		wait_unlock_irqrestore(flags);
	} while (ret == 1);
	return ret;
}

bool wake_up_interruptible_thread(struct thread *t)
{
	unsigned long flags = wait_lock_irqsave();
	bool woke = t->intr_waiter && waiter_wake_locked(t->intr_waiter);

	wait_unlock_irqrestore(flags);
	return woke;
}
