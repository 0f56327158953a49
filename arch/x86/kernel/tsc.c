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

/*
 * 5 ms of the PIT's 1.193182 MHz input: the end is seen within one poll
 * of port B (well under a microsecond), so a try is good to ~200 ppm,
 * and boot does not wait long for it. Tries stop once two agree within
 * CALIBRATE_AGREE_PPM, else the shortest of CALIBRATE_TRIES is taken.
 */
#define CALIBRATE_PIT_TICKS (PIT_TICK_RATE / 200)
#define CALIBRATE_TRIES 5
#define CALIBRATE_AGREE_PPM 500

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

/* Two measurements of the same interval within CALIBRATE_AGREE_PPM. */
static bool tries_agree(u64 a, u64 b)
{
	u64 diff = a > b ? a - b : b - a;

	return diff * 1000000 <= MIN(a, b) * CALIBRATE_AGREE_PPM;
}

/* TSC cycles in CALIBRATE_PIT_TICKS, or 0 when the PIT cannot be used. */
static u64 tsc_calibrate_cycles(void)
{
	u64 best = ~0ULL, prev = 0;

	/*
	 * An interruption (an SMI, a virtual CPU descheduled by its host)
	 * can only lengthen a try: the shortest is the closest.
	 */
	for (int i = 0; i < CALIBRATE_TRIES; i++) {
		u64 c;

		if (!pit_measure_tsc(CALIBRATE_PIT_TICKS, &c) || !c)
			return 0;
		best = MIN(best, c);
		if (prev && tries_agree(prev, c))
			break;
		prev = c;
	}
	return best;
}

void tsc_init(void)
{
	u64 cycles = tsc_calibrate_cycles();

	if (!cycles) {
		pr_warn("tsc: PIT channel 2 never ended, time from the tick\n");
		clocksource_register_hz(&jiffies_clocksource, CONFIG_HZ);
		return;
	}
	clocksource_register_hz(&tsc_clocksource,
				cycles * PIT_TICK_RATE / CALIBRATE_PIT_TICKS);
}
