/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clock event devices: timers that interrupt. The tick core
 * (kernel/time/tick.c) asks one for a periodic event at CONFIG_HZ and
 * counts ticks in its handler, which calls sched_tick(). The PIT is one
 * today; the LAPIC timer or HPET register the same way later.
 */
#ifndef _MOSAIC_CLOCKCHIPS_H
#define _MOSAIC_CLOCKCHIPS_H

struct clock_event_device {
	const char *name;
	/* Start calling event_handler hz times a second: 0 or -errno. */
	int (*set_periodic)(struct clock_event_device *dev, unsigned int hz);
	/* Set by the tick core; the driver calls it from its interrupt. */
	void (*event_handler)(struct clock_event_device *dev);
	unsigned int irq;
};

/* Make dev the periodic tick at CONFIG_HZ; the driver's error if it fails. */
int clockevents_register_device(struct clock_event_device *dev);
/* The IRQ of the tick's device (IRQ_TIMER for the PIT). */
unsigned int tick_irq(void);

#endif /* _MOSAIC_CLOCKCHIPS_H */
