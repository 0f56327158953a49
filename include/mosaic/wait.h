/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues: a thread blocks until another thread or an interrupt
 * handler wakes it. The sleeping primitives (mutex, semaphore, condvar,
 * thread_join) are built on them in kernel/sched/; one lock, wait_lock
 * (kernel/sched/sched.h), protects every queue and makes their
 * check-then-block atomic, so no wakeup is lost.
 *
 * A queue holds wait entries, each with a wake callback (as Linux's
 * wait_queue_entry). A blocked thread's entry is exclusive: a wake-up
 * dequeues it and makes its thread runnable, and wake_up_one() stops
 * after one. Other entries (poll's) stay queued until their owner
 * removes them; every wake-up calls their callback, so one file can wake
 * any number of pollers besides one sleeper.
 */
#ifndef _MOSAIC_WAIT_H
#define _MOSAIC_WAIT_H

#include <mosaic/irq.h>
#include <mosaic/list.h>
#include <mosaic/types.h>

struct thread;
struct wait_queue_entry;

/*
 * Called under wait_lock, interrupts off, by every wake-up of the queue
 * the entry is on. Returns true if it woke a thread (which counts
 * against an exclusive wake-up when the entry is exclusive).
 */
typedef bool (*wait_func_t)(struct wait_queue_entry *e);

#define WQ_FLAG_EXCLUSIVE 0x1

struct wait_queue_entry {
	struct list_head node;	/* in wait_queue->waiters */
	unsigned int flags;	/* WQ_FLAG_* */
	wait_func_t func;
	void *private;		/* the thread, for a blocked thread's entry */
};

struct wait_queue {
	struct list_head waiters;	/* wait_queue_entry, FIFO */
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

static inline void wait_entry_init(struct wait_queue_entry *e,
				   wait_func_t func, void *private)
{
	INIT_LIST_HEAD(&e->node);
	e->flags = 0;
	e->func = func;
	e->private = private;
}

/* Queue a (non-exclusive) entry at the tail / take it off. Any context. */
void add_wait_queue(struct wait_queue *wq, struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_entry *e);

/* Wake every non-exclusive entry and the first exclusive one; returns
 * the thread of the latter, or NULL. Any context. */
struct thread *wake_up_one(struct wait_queue *wq);
/* Wake every entry; returns how many woke a thread. Any context. */
int wake_up_all(struct wait_queue *wq);

/*
 * A sleeper woken by callbacks (poll's): the thread sleeps in
 * waiter_sleep() until a callback calls waiter_wake_locked() or a
 * deadline passes, with no lost wake-up in between.
 */
struct waiter {
	struct thread *thread;
	bool woken;		/* a wake came; the sleeper clears it */
	bool sleeping;		/* in waiter_sleep() */
};

/* For the current thread. */
void waiter_init(struct waiter *w);
/* From a wait callback (wait_lock held): mark it and wake its thread. */
bool waiter_wake_locked(struct waiter *w);
/* The same from anywhere else (takes wait_lock). */
bool waiter_wake(struct waiter *w);
/*
 * Sleep until woken or the tick count reaches @deadline (0: no
 * deadline); returns whether a wake came (and clears it). A wake that
 * came before the call returns at once.
 */
bool waiter_sleep(struct waiter *w, u64 deadline);

/*
 * Interruptible sleeps: what a system call that may wait for long uses,
 * so that a signal for the sleeping thread (kernel/signal.c) ends the
 * wait. The sender makes the signal pending, so that signal_pending(t)
 * is true, then calls wake_up_interruptible_thread(t); both are looked
 * at under wait_lock, so a signal sent just before the thread sleeps is
 * not missed. The pattern, as Linux's:
 *
 *	while (!condition) {
 *		err = <an interruptible sleep>;
 *		if (err)
 *			return -ERESTARTSYS;
 *	}
 *
 * The system call returns -ERESTARTSYS (or -ERESTARTNOHAND,
 * -ERESTART_RESTARTBLOCK: <mosaic/errno.h>, Documentation/signals.md)
 * to the syscall exit, where the signal's delivery turns it into EINTR
 * or a restart (SA_RESTART, or no handler ran: a stop and SIGCONT). A
 * signal already pending makes each sleep return at once; a kernel
 * thread has no signals, so for it they never end early. Built the same
 * way: mutex_unlock_wait_interruptible() (<mosaic/mutex.h>),
 * down_interruptible() (<mosaic/semaphore.h>).
 */

/*
 * Sleep on @w until a wake, clock-source time @end_ns (ktime_get_ns();
 * 0: no end) or a signal for the thread. 0 when a wake came (look
 * again: it may be spurious), -ETIMEDOUT once @end_ns has passed, or
 * -EINTR when signal_pending(). In that order: a wake that came before
 * the call wins, so a waker's work is never lost to a timeout.
 */
int waiter_sleep_interruptible(struct waiter *w, u64 end_ns);
/*
 * Sleep while cond(arg) holds, looking again after every signal wake-up
 * however many signals are pending: a stopped thread waiting for
 * SIGCONT. cond runs under wait_lock.
 */
void wait_interruptible_while(bool (*cond)(void *arg), void *arg);
/* A signal for t is pending (kernel/signal.c); callable under wait_lock. */
bool signal_pending(struct thread *t);
/* true if @t was in an interruptible sleep and now wakes. Any context. */
bool wake_up_interruptible_thread(struct thread *t);

#endif /* _MOSAIC_WAIT_H */
