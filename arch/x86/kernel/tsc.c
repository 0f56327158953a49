// SPDX-License-Identifier: GPL-2.0
/*
 * The TSC as the clock source, its frequency measured against the PIT at
 * boot. Under QEMU -icount the TSC counts guest instructions and the PIT
 * runs on the same virtual clock, so the calibration still holds. If the
 * PIT cannot be used, the tick count serves as a coarse clock source.
 */
#include <asm/i8253.h>
#include <asm/platform.h>
#include <mosaic/clocksource.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>

/* 25 ms of the PIT's 1.193182 MHz input, best of a few tries. */
#define CALIBRATE_PIT_TICKS (PIT_TICK_RATE / 40)
#define CALIBRATE_TRIES 3

static u64 tsc_read(struct clocksource *cs)
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
	u64 cycles = ~0ULL, hz;

	/*
	 * An interruption (an SMI, a virtual CPU descheduled by its host)
	 * can only lengthen a try: the shortest is the closest.
	 */
	for (int i = 0; i < CALIBRATE_TRIES; i++) {
		u64 c;

		if (!pit_measure_tsc(CALIBRATE_PIT_TICKS, &c) || !c) {
			cycles = 0;
			break;
		}
		cycles = MIN(cycles, c);
	}
	if (!cycles) {
		pr_warn("tsc: PIT channel 2 never ended, time from the tick\n");
		clocksource_register_hz(&jiffies_clocksource, CONFIG_HZ);
		return;
	}
	hz = cycles * PIT_TICK_RATE / CALIBRATE_PIT_TICKS;
	clocksource_register_hz(&tsc_clocksource, hz);
}
