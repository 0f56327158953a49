/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks for a single CPU: taking one disables preemption (and with
 * the _irqsave form, interrupts), so nothing else can run the critical
 * section; the flag catches recursion and unlocking a free lock. On SMP
 * the same API would also spin on the flag.
 */
#ifndef _MOSAIC_SPINLOCK_H
#define _MOSAIC_SPINLOCK_H

#include <mosaic/compiler.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>

typedef struct spinlock {
	volatile int locked;
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { .locked = 0, .name = #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = SPINLOCK_INIT(n)

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->name = "spinlock";
}

static inline void spin_lock(spinlock_t *lock) __acquires(lock)
{
	preempt_disable();
	if (lock->locked)
		panic("spinlock %s: recursive lock (single CPU)", lock->name);
	lock->locked = 1;
	barrier();
}

/* Clear the flag (caught: unlocking a free lock); preemption stays off. */
static inline void __spin_release(spinlock_t *lock)
{
	barrier();
	if (!lock->locked)
		panic("spinlock %s: unlock of a free lock", lock->name);
	lock->locked = 0;
}

static inline void spin_unlock(spinlock_t *lock) __releases(lock)
{
	__spin_release(lock);
	preempt_enable();
}

static inline unsigned long spin_lock_irqsave(spinlock_t *lock)
	__acquires(lock)
{
	unsigned long flags = local_irq_save();

	spin_lock(lock);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *lock,
					  unsigned long flags)
	__releases(lock)
{
	__spin_release(lock);
	preempt_enable_no_resched();
	local_irq_restore(flags);
	/* A tick that arrived meant to preempt: do it now, not a tick late. */
	preempt_check_resched();
}

#endif /* _MOSAIC_SPINLOCK_H */
