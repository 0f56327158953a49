// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_DEBUG_SPINLOCK: owner tracking and the misuse checks described
 * in <mosaic/spinlock.h>. A report names the lock, the current thread,
 * the caller and the owner, then panics, unless a test catches it.
 */
#include <mosaic/backtrace.h>
#include <mosaic/percpu.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/spinlock.h>

unsigned long spin_debug_reports;
void (*spin_debug_catch)(const spinlock_t *lock, const char *what);

static const char *thread_name(const struct thread *t)
{
	return t ? t->name : "(boot)";
}

static void spin_bug(const spinlock_t *lock, const char *what,
		     unsigned long ip)
{
	spin_debug_reports++;
	if (spin_debug_catch) {
		spin_debug_catch(lock, what);
		return;
	}
	{
		static char at[96], owner_at[96];

		ksym_format(at, sizeof(at), ip);
		ksym_format(owner_at, sizeof(owner_at), lock->owner_ip);
		panic("spinlock %s: %s (thread %s at %s; owner %s at %s)",
		      lock->name, what, thread_name(current()), at,
		      thread_name(lock->owner), lock->owner_ip ? owner_at : "-");
	}
}

void spin_debug_init(spinlock_t *lock, const char *name, bool irq_side)
{
	lock->owner = NULL;
	lock->owner_ip = 0;
	lock->irq_side = irq_side;
	lock->used_in_irq = false;
	lock->used_irqs_on = false;
	lock->reported_irq_mix = false;
}

/* Taken in an interrupt and elsewhere with interrupts on: a deadlock waits. */
static void check_irq_state(spinlock_t *lock, unsigned long ip)
{
	bool irqs_on = !irqs_disabled();

	if (irqs_on && lock->irq_side) {
		spin_bug(lock, "interrupt-side lock taken with interrupts on", ip);
		return;
	}
	if (in_interrupt())
		lock->used_in_irq = true;
	if (irqs_on)
		lock->used_irqs_on = true;
	if (lock->used_in_irq && lock->used_irqs_on && !lock->reported_irq_mix) {
		lock->reported_irq_mix = true;
		spin_bug(lock, "taken in an interrupt and with interrupts on", ip);
	}
}

void spin_debug_acquire(spinlock_t *lock, unsigned long ip)
{
	if (lock->locked) {
		spin_bug(lock, lock->owner == current() ?
			 "recursive lock" : "lock held by another thread", ip);
		return;
	}
	check_irq_state(lock, ip);
	lock->locked = 1;
	lock->owner = current();
	lock->owner_ip = ip;
}

void spin_debug_release(spinlock_t *lock, bool irqsave, unsigned long ip)
{
	if (!lock->locked) {
		spin_bug(lock, "unlock of a free lock", ip);
		return;
	}
	if (lock->owner != current())
		spin_bug(lock, "unlock by a thread that does not hold it", ip);
	if (irqsave && !irqs_disabled())
		spin_bug(lock, "interrupts enabled inside an irqsave section", ip);
	lock->owner = NULL;
	lock->owner_ip = 0;
	lock->locked = 0;
}
