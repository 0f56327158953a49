// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: a clock event device fires CONFIG_HZ times a second;
 * each event counts a tick, runs the kernel timers that are due and calls
 * sched_tick() (interrupts off).
 */
#include <mosaic/clockchips.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>

static volatile u64 ticks;
static unsigned int tick_irq_line;

u64 timer_ticks(void)
{
	return READ_ONCE(ticks);
}

/* Without a scheduler, a tick only counts. */
__attribute__((weak)) void sched_tick(void)
{
}

static void tick_handle_periodic(struct clock_event_device *dev)
{
	ticks++;
	trace_event(timer_tick, ticks, 0, 0);
	run_timers(ticks);
	sched_tick();
}

int clockevents_register_device(struct clock_event_device *dev)
{
	int err;

	dev->event_handler = tick_handle_periodic;
	err = dev->set_periodic(dev, CONFIG_HZ);
	if (err)
		return err;
	tick_irq_line = dev->irq;
	pr_info("clockevent: %s is the tick at %d Hz (IRQ %u)\n", dev->name,
		CONFIG_HZ, dev->irq);
	return 0;
}

unsigned int tick_irq(void)
{
	return tick_irq_line;
}
