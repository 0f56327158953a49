// SPDX-License-Identifier: GPL-2.0
/* Wait queues and waiters (see <mosaic/wait.h>), and wait_lock. */
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/errno.h>
#include <mosaic/sched.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/wait.h>

#include "sched.h"

DEFINE_SPINLOCK(wait_lock);

/*
 * A blocked thread's entry: dequeue it and make the thread runnable. A
 * thread a signal already woke (an interruptible sleep) is not blocked
 * any more: the wake-up passes on to the next entry.
 */
static bool wake_blocked_thread(struct wait_queue_entry *e)
{
	struct thread *t = e->private;
	struct rq *rq = this_rq();
	bool woke;

	list_del_init(&e->node);
	rq_lock(rq);
	woke = t->state == THREAD_BLOCKED;
	if (woke)
		sched_wake(t);
	rq_unlock(rq);
	return woke;
}

/*
 * Block on wq until a wake-up dequeues us, or (interruptible) a signal
 * wakes us first: then we dequeue ourselves and say so.
 */
static int __wait_queue_block(struct wait_queue *wq, bool interruptible)
	__must_hold(&wait_lock)
{
	struct rq *rq = this_rq();
	struct thread *t = current();
	struct wait_queue_entry e;

	BUG_ON(t == rq->idle);
	if (interruptible && signal_pending(t))
		return -ERESTARTSYS;
	wait_entry_init(&e, wake_blocked_thread, t);
	e.flags = WQ_FLAG_EXCLUSIVE;
	t->state = THREAD_BLOCKED;
	t->sig.interruptible = interruptible;
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
	t->sig.interruptible = false;
	if (list_empty(&e.node))
		return 0;
	/* Only a signal makes us run still queued. */
	BUG_ON(!interruptible);
	list_del_init(&e.node);
	return -ERESTARTSYS;
}

void wait_queue_block(struct wait_queue *wq)
{
	__wait_queue_block(wq, false);
}

int wait_queue_block_interruptible(struct wait_queue *wq)
{
	return __wait_queue_block(wq, true);
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

/* One look, wait_lock held: 1 to sleep, else what to return. */
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
			w->sleeping = true;
			t->sig.interruptible = true;
			sched_block_until(deadline);
			t->sig.interruptible = false;
			w->sleeping = false;
		}
		wait_unlock_irqrestore(flags);
	} while (ret == 1);
	return ret;
}

void wait_interruptible_while(bool (*cond)(void *arg), void *arg)
{
	unsigned long flags = wait_lock_irqsave();
	struct thread *t = current();

	while (cond(arg)) {
		t->sig.interruptible = true;
		sched_block_until(0);
		t->sig.interruptible = false;
	}
	wait_unlock_irqrestore(flags);
}

bool wake_up_interruptible_thread(struct thread *t)
{
	unsigned long flags = wait_lock_irqsave();
	bool woke = t->sig.interruptible && sched_wake_blocked(t);

	wait_unlock_irqrestore(flags);
	return woke;
}
