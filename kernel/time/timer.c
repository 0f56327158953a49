// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel timers on the periodic tick (see <mosaic/timer.h>): one list
 * sorted by expiry, so the tick looks at its head only. Arming walks the
 * list; the timers of the day are few (a process's ITIMER_REAL).
 */
#include <mosaic/irq.h>
#include <mosaic/spinlock.h>
#include <mosaic/timer.h>

static DEFINE_SPINLOCK_IRQ(timer_lock);
static LIST_HEAD(timers);

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *t))
{
	INIT_LIST_HEAD(&t->entry);
	t->expires = 0;
	t->function = fn;
}

void mod_timer(struct timer_list *t, u64 expires)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	struct timer_list *pos;

	list_del_init(&t->entry);
	t->expires = expires;
	/* Equal expiries run in the order they were armed. */
	list_for_each_entry(pos, &timers, entry)
		if (pos->expires > expires)
			break;
	list_add_tail(&t->entry, &pos->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
}

bool del_timer(struct timer_list *t)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	bool armed = !list_empty(&t->entry);

	list_del_init(&t->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return armed;
}

bool timer_pending(const struct timer_list *t)
{
	return !list_empty(&t->entry);
}

void run_timers(u64 now)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);

	while (!list_empty(&timers)) {
		struct timer_list *t = list_first_entry(&timers,
							struct timer_list,
							entry);

		if (t->expires > now)
			break;
		list_del_init(&t->entry);
		/* Unlocked: the function may re-arm it or take its own locks. */
		spin_unlock_irqrestore(&timer_lock, flags);
		t->function(t);
		flags = spin_lock_irqsave(&timer_lock);
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}
