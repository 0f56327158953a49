// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC timer as the periodic tick (CONFIG_X86_LAPIC_TIMER). Its
 * input is the CPU's bus or core crystal clock, which no register
 * reports on most CPUs, so it is measured at boot against the HPET or
 * the PIT: counting down from ~0 in one-shot mode, the count's
 * complement is an increasing counter for calibrate_counter_hz().
 */
#include <asm/apic.h>
#include <asm/hpet.h>
#include <mosaic/clockchips.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>

static u64 lapic_timer_hz;	/* counts a second, after the divider */

static u64 lapic_timer_elapsed(void)
{
	return 0xffffffffULL - lapic_read(APIC_TIMER_CURRENT);
}

static int lapic_timer_calibrate(void)
{
	const char *ref;

	lapic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV_16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
	lapic_timer_hz = calibrate_counter_hz(lapic_timer_elapsed, &ref);
	lapic_write(APIC_TIMER_INIT, 0);
	if (!lapic_timer_hz)
		return -ENODEV;
	pr_info("apic: timer at %llu.%03llu MHz (divide by 16), calibrated against the %s\n",
		(unsigned long long)(lapic_timer_hz / 1000000),
		(unsigned long long)(lapic_timer_hz / 1000 % 1000), ref);
	return 0;
}

static void lapic_timer_interrupt(unsigned int irq, void *dev)
{
	struct clock_event_device *ced = dev;

	(void)irq;
	ced->event_handler(ced);
}

static int lapic_timer_set_periodic(struct clock_event_device *ced,
				    unsigned int hz)
{
	u64 count = (lapic_timer_hz + hz / 2) / hz;
	int err;

	if (!hz || !count || count > 0xffffffffULL)
		return -EINVAL;
	err = request_irq(ced->irq, lapic_timer_interrupt, ced);
	if (err)
		return err;
	/* request_irq() unmasked the LVT entry; periodic from now on. */
	lapic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TIMER_INIT, (u32)count);
	pr_info("timer: local APIC at %u Hz (count %llu)\n", hz,
		(unsigned long long)count);
	return 0;
}

static struct clock_event_device lapic_clockevent = {
	.name = "lapic",
	.set_periodic = lapic_timer_set_periodic,
	.irq = LOCAL_TIMER_IRQ,
};

int lapic_timer_init(void)
{
	int err;

	if (!apic_enabled())
		return -ENODEV;
	err = lapic_timer_calibrate();
	if (err)
		return err;
	return clockevents_register_device(&lapic_clockevent);
}
