// SPDX-License-Identifier: GPL-2.0
/*
 * Sleeping synchronisation: mutex, counting semaphore, condition
 * variable, all on wait queues. wait_lock (irqsave: up() may come from
 * an interrupt handler) protects their state and queues.
 */
#include <mosaic/condvar.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/mutex.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>

#include "sched.h"

void mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	wait_queue_init(&m->wq);
	m->name = name;
	m->contended = 0;
}

/* atomic: the caller's preempt count before it took wait_lock. */
static int __mutex_check_lock(const struct mutex *m, int atomic)
{
	if (m->owner == current())
		return -EDEADLK;	/* recursion: would wait forever */
	if (atomic && m->owner)
		return -EPERM;		/* would sleep while atomic */
	return 0;
}

int mutex_check_lock(const struct mutex *m)
{
	return __mutex_check_lock(m, preempt_count());
}

int mutex_check_unlock(const struct mutex *m)
{
	if (!m->owner)
		return -EINVAL;		/* not locked */
	if (m->owner != current())
		return -EPERM;		/* someone else's */
	return 0;
}

static void mutex_misuse(const struct mutex *m, const char *what, int err)
{
	panic("mutex %s: %s by %s failed (%d), owner %s", m->name, what,
	      current()->name, err, m->owner ? m->owner->name : "none");
}

void mutex_lock(struct mutex *m)
{
	int atomic = preempt_count();
	unsigned long flags = wait_lock_irqsave();
	int err = __mutex_check_lock(m, atomic);

	if (err)
		mutex_misuse(m, "lock", err);
	if (!m->owner) {
		m->owner = current();
	} else {
		m->contended++;
		/* mutex_unlock hands the lock over: no barging, FIFO. */
		while (m->owner != current())
			wait_queue_block(&m->wq);
	}
	current()->held_mutexes++;
	wait_unlock_irqrestore(flags);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags = wait_lock_irqsave();
	bool ok = !m->owner;

	if (ok) {
		m->owner = current();
		current()->held_mutexes++;
	}
	wait_unlock_irqrestore(flags);
	return ok;
}

/* Hand the mutex to its first waiter, or free it. wait_lock held. */
static void mutex_unlock_locked(struct mutex *m) __must_hold(&wait_lock)
{
	int err = mutex_check_unlock(m);

	if (err)
		mutex_misuse(m, "unlock", err);
	current()->held_mutexes--;
	/* Nearly always nobody waits: no walk of an empty queue then. */
	m->owner = list_empty(&m->wq.waiters) ? NULL
					       : wake_up_one_locked(&m->wq);
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags = wait_lock_irqsave();

	mutex_unlock_locked(m);
	wait_unlock_irqrestore(flags);
}

bool mutex_is_locked(const struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}

void sema_init(struct semaphore *s, long count)
{
	s->count = count;
	wait_queue_init(&s->wq);
}

void down(struct semaphore *s)
{
	unsigned long flags;

	BUG_ON(preempt_count());
	flags = wait_lock_irqsave();
	while (s->count <= 0)
		wait_queue_block(&s->wq);
	s->count--;
	wait_unlock_irqrestore(flags);
}

int down_interruptible(struct semaphore *s)
{
	unsigned long flags;
	int err = 0;

	BUG_ON(preempt_count());
	flags = wait_lock_irqsave();
	while (s->count <= 0 && !err)
		err = wait_queue_block_interruptible(&s->wq);
	if (!err)
		s->count--;
	wait_unlock_irqrestore(flags);
	return err ? -EINTR : 0;
}

bool down_trylock(struct semaphore *s)
{
	unsigned long flags = wait_lock_irqsave();
	bool ok = s->count > 0;

	if (ok)
		s->count--;
	wait_unlock_irqrestore(flags);
	return ok;
}

void up(struct semaphore *s)
{
	unsigned long flags = wait_lock_irqsave();

	s->count++;
	wake_up_one_locked(&s->wq);
	wait_unlock_irqrestore(flags);
}

void cond_init(struct condvar *cv)
{
	wait_queue_init(&cv->wq);
}

void mutex_unlock_wait(struct mutex *m, struct wait_queue *wq)
{
	unsigned long flags = wait_lock_irqsave();

	/* wait_lock is held from unlock to block: no lost wake-up. */
	mutex_unlock_locked(m);
	wait_queue_block(wq);
	wait_unlock_irqrestore(flags);
	mutex_lock(m);
}

int mutex_unlock_wait_interruptible(struct mutex *m, struct wait_queue *wq)
{
	unsigned long flags = wait_lock_irqsave();
	int err;

	mutex_unlock_locked(m);
	err = wait_queue_block_interruptible(wq);
	wait_unlock_irqrestore(flags);
	mutex_lock(m);
	return err;
}

void cond_wait(struct condvar *cv, struct mutex *m)
{
	mutex_unlock_wait(m, &cv->wq);
}

void cond_signal(struct condvar *cv)
{
	wake_up_one(&cv->wq);
}

void cond_broadcast(struct condvar *cv)
{
	wake_up_all(&cv->wq);
}
