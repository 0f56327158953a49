// SPDX-License-Identifier: GPL-2.0
/*
 * Sleeping synchronisation: mutex, counting semaphore, condition
 * variable, all on wait queues. Interrupts off is the internal lock.
 */
#include <mosaic/condvar.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/mutex.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>

void mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	wait_queue_init(&m->wq);
	m->name = name;
	m->contended = 0;
}

int mutex_check_lock(const struct mutex *m)
{
	if (m->owner == current())
		return -EDEADLK;	/* recursion: would wait forever */
	if (preempt_count() && m->owner)
		return -EPERM;		/* would sleep while atomic */
	return 0;
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
	unsigned long flags = local_irq_save();
	int err = mutex_check_lock(m);

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
	local_irq_restore(flags);
}

bool mutex_trylock(struct mutex *m)
{
	unsigned long flags = local_irq_save();
	bool ok = !m->owner;

	if (ok) {
		m->owner = current();
		current()->held_mutexes++;
	}
	local_irq_restore(flags);
	return ok;
}

void mutex_unlock(struct mutex *m)
{
	unsigned long flags = local_irq_save();
	int err = mutex_check_unlock(m);

	if (err)
		mutex_misuse(m, "unlock", err);
	current()->held_mutexes--;
	m->owner = wake_up_one(&m->wq);
	local_irq_restore(flags);
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
	unsigned long flags = local_irq_save();

	BUG_ON(preempt_count());
	while (s->count <= 0)
		wait_queue_block(&s->wq);
	s->count--;
	local_irq_restore(flags);
}

bool down_trylock(struct semaphore *s)
{
	unsigned long flags = local_irq_save();
	bool ok = s->count > 0;

	if (ok)
		s->count--;
	local_irq_restore(flags);
	return ok;
}

void up(struct semaphore *s)
{
	unsigned long flags = local_irq_save();

	s->count++;
	wake_up_one(&s->wq);
	local_irq_restore(flags);
}

void cond_init(struct condvar *cv)
{
	wait_queue_init(&cv->wq);
}

void cond_wait(struct condvar *cv, struct mutex *m)
{
	unsigned long flags = local_irq_save();

	/* Interrupts stay off from unlock to block: no lost signal. */
	mutex_unlock(m);
	wait_queue_block(&cv->wq);
	local_irq_restore(flags);
	mutex_lock(m);
}

void cond_signal(struct condvar *cv)
{
	wake_up_one(&cv->wq);
}

void cond_broadcast(struct condvar *cv)
{
	wake_up_all(&cv->wq);
}
