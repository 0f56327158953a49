// SPDX-License-Identifier: GPL-2.0
/*
 * The TSC as the clock source, its frequency measured at boot against
 * the HPET or the PIT (calibrate.c). Under QEMU -icount the TSC counts
 * guest instructions and both references run on the same virtual clock,
 * so the calibration still holds. If neither reference can be used, the
 * tick count serves as a coarse clock source.
 */
#include <asm/hpet.h>
#include <asm/platform.h>
#include <mosaic/clocksource.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>

static u64 tsc_read(struct clocksource *cs)
{
	return rdtsc();
}

static u64 tsc_read_raw(void)
{
	return rdtsc();
}

static struct clocksource tsc_clocksource = {
	.name = "tsc",
	.read = tsc_read,
	.rating = 300,
};

static u64 jiffies_read(struct clocksource *cs)
{
	return timer_ticks();
}

static struct clocksource jiffies_clocksource = {
	.name = "jiffies",
	.read = jiffies_read,
	.rating = 1,
};

void tsc_init(void)
{
	const char *ref;
	u64 hz = calibrate_counter_hz(tsc_read_raw, &ref);

	if (!hz) {
		pr_warn("tsc: %s never ended a measurement, time from the tick\n",
			ref);
		clocksource_register_hz(&jiffies_clocksource, CONFIG_HZ);
		return;
	}
	pr_info("tsc: calibrated against the %s\n", ref);
	clocksource_register_hz(&tsc_clocksource, hz);
}
