/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks for a single CPU: taking one disables preemption (and with
 * the _irqsave form, interrupts), so nothing else can run the critical
 * section; with CONFIG_DEBUG_SPINLOCK the flag catches recursion and
 * unlocking a free lock. On SMP the same API would also spin on the flag. Documentation/locking.md
 * lists every lock, what it protects and the order they nest in.
 *
 * A lock an interrupt handler takes is declared with
 * DEFINE_SPINLOCK_IRQ and always taken with spin_lock_irqsave().
 * CONFIG_DEBUG_SPINLOCK records the owner (thread and caller address)
 * and reports recursion, unlocking a free lock or another thread's
 * lock, an irq-side lock taken with interrupts on, a lock used both in
 * interrupts and with interrupts on, and interrupts enabled inside an
 * irqsave section (kernel/spinlock_debug.c).
 */
#ifndef _MOSAIC_SPINLOCK_H
#define _MOSAIC_SPINLOCK_H

#include <mosaic/compiler.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/sched.h>

struct thread;

typedef struct spinlock {
	volatile int locked;
	const char *name;
#ifdef CONFIG_DEBUG_SPINLOCK
	struct thread *owner;
	unsigned long owner_ip;		/* where the owner took it */
	bool irq_side;			/* declared: taken by interrupts */
	bool used_in_irq;		/* seen taken inside an interrupt */
	bool used_irqs_on;		/* seen taken with interrupts on */
	bool reported_irq_mix;
#endif
} spinlock_t;

#ifdef CONFIG_DEBUG_SPINLOCK
#define __SPINLOCK_DEBUG_INIT(irq) .irq_side = (irq),
#else
#define __SPINLOCK_DEBUG_INIT(irq)
#endif

#define SPINLOCK_INIT(n) { .locked = 0, .name = #n, __SPINLOCK_DEBUG_INIT(false) }
#define SPINLOCK_INIT_IRQ(n) { .locked = 0, .name = #n, __SPINLOCK_DEBUG_INIT(true) }
#define DEFINE_SPINLOCK(n) spinlock_t n = SPINLOCK_INIT(n)
/* A lock interrupt handlers take: spin_lock_irqsave() only. */
#define DEFINE_SPINLOCK_IRQ(n) spinlock_t n = SPINLOCK_INIT_IRQ(n)

/* The address of the code that expands it: the lock's caller. */
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })

#ifdef CONFIG_DEBUG_SPINLOCK
void spin_debug_init(spinlock_t *lock, const char *name, bool irq_side);
void spin_debug_acquire(spinlock_t *lock, unsigned long ip);
void spin_debug_release(spinlock_t *lock, bool irqsave, unsigned long ip);

/*
 * Reports made, and an optional catcher: a test sets it to see the
 * report instead of the panic, and the operation then goes on as if
 * nothing were wrong (a recursive lock is not taken twice).
 */
extern unsigned long spin_debug_reports;
extern void (*spin_debug_catch)(const spinlock_t *lock, const char *what);
#endif

static inline void __spin_lock_init(spinlock_t *lock, const char *name,
				    bool irq_side)
{
	lock->locked = 0;
	lock->name = name;
#ifdef CONFIG_DEBUG_SPINLOCK
	spin_debug_init(lock, name, irq_side);
#endif
}

#define spin_lock_init(lock) __spin_lock_init(lock, #lock, false)
#define spin_lock_init_irq(lock) __spin_lock_init(lock, #lock, true)

static inline void __spin_acquire(spinlock_t *lock, unsigned long ip)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	spin_debug_acquire(lock, ip);
#else
	/*
	 * On one CPU, preemption (and for _irqsave interrupts) off is the
	 * exclusion; the checks of the flag are CONFIG_DEBUG_SPINLOCK's, as
	 * in Linux, so a lock costs the fast paths two stores.
	 */
	lock->locked = 1;
#endif
	barrier();
}

/* Clear the flag (debug: unlocking a free lock); preemption stays off. */
static inline void __spin_release(spinlock_t *lock, bool irqsave,
				  unsigned long ip)
{
	barrier();
#ifdef CONFIG_DEBUG_SPINLOCK
	spin_debug_release(lock, irqsave, ip);
#else
	lock->locked = 0;
#endif
}

/*
 * A held lock passes to the thread @to, which will release it: the
 * run-queue lock is taken by the thread that switches and released by
 * the one switched to. Only the debug owner changes.
 */
static inline void spin_lock_pass(spinlock_t *lock, struct thread *to)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	lock->owner = to;
#endif
}

static inline void spin_lock(spinlock_t *lock) __acquires(lock)
{
	preempt_disable();
	__spin_acquire(lock, _THIS_IP_);
}

static inline void spin_unlock(spinlock_t *lock) __releases(lock)
{
	__spin_release(lock, false, _THIS_IP_);
	preempt_enable();
}

static inline unsigned long spin_lock_irqsave(spinlock_t *lock)
	__acquires(lock)
{
	unsigned long flags = local_irq_save();

	preempt_disable();
	__spin_acquire(lock, _THIS_IP_);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *lock,
					  unsigned long flags)
	__releases(lock)
{
	__spin_release(lock, true, _THIS_IP_);
	preempt_enable_no_resched();
	local_irq_restore(flags);
	/* A tick that arrived meant to preempt: do it now, not a tick late. */
	preempt_check_resched();
}

#endif /* _MOSAIC_SPINLOCK_H */
