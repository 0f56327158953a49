// SPDX-License-Identifier: GPL-2.0
/*
 * Monotonic time since boot, read from the current clock source. A
 * switch of source keeps the time continuous: the new one counts from
 * the time the old one reached.
 */
#include <mosaic/spinlock.h>
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

#define NSEC_PER_MSEC 1000000ULL

u64 ktime_deadline_tick(u64 end_ns)
{
	u64 now = ktime_get_ns();
	u64 ms = end_ns > now ? (end_ns - now + NSEC_PER_MSEC - 1) /
					NSEC_PER_MSEC : 0;

	/* The current tick is partly over: +1, never early. */
	return timer_ticks() + ms_to_ticks(ms) + 1;
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
