// SPDX-License-Identifier: GPL-2.0
/*
 * Monotonic time since boot, read from the current clock source. A
 * switch of source keeps the time continuous: the new one counts from
 * the time the old one reached.
 */
#include <mosaic/spinlock.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>

#include "timekeeping.h"

static struct clocksource *tk_clock;
static u64 tk_base_cycles, tk_base_ns;
/* tk_clock and its base; taken from any context (printk timestamps). */
static DEFINE_SPINLOCK_IRQ(timekeeping_lock);

static u64 tk_now_locked(void)
{
	if (!tk_clock)
		return 0;
	return tk_base_ns + clocksource_cyc2ns(tk_clock,
					       tk_clock->read(tk_clock) -
					       tk_base_cycles);
}

u64 ktime_get_ns(void)
{
	unsigned long flags = spin_lock_irqsave(&timekeeping_lock);
	u64 ns = tk_now_locked();

	spin_unlock_irqrestore(&timekeeping_lock, flags);
	return ns;
}

u64 uptime_ms(void)
{
	return ktime_get_ns() / 1000000;
}

/* A tick is at most NSEC_PER_TICK; the current one is partly over: +1. */
u64 ktime_deadline_tick(u64 end_ns)
{
	u64 now = ktime_get_ns();
	u64 left = end_ns > now ? end_ns - now : 0;
	/* Far enough that no sleep ends, without overflowing the tick. */
	u64 ticks = MIN(left / NSEC_PER_TICK + 1, KTIME_MAX / 2);

	return timer_ticks() + ticks + 1;
}

struct clocksource *timekeeping_clocksource(void)
{
	return READ_ONCE(tk_clock);
}

void timekeeping_set_clocksource(struct clocksource *cs)
{
	unsigned long flags = spin_lock_irqsave(&timekeeping_lock);

	tk_base_ns = tk_now_locked();
	tk_base_cycles = cs->read(cs);
	tk_clock = cs;
	spin_unlock_irqrestore(&timekeeping_lock, flags);
}
