// SPDX-License-Identifier: GPL-2.0
/*
 * Measuring a counter's frequency (the TSC, the local APIC timer)
 * against a reference clock of known rate: the HPET where there is one,
 * else the PIT. 5 ms tries: the reference's end is seen within one read
 * of it (well under a microsecond), so a try is good to ~200 ppm and boot
 * does not wait long. Tries stop once two agree within AGREE_PPM, else
 * the lowest of TRIES is taken: an interruption (an SMI, a virtual CPU
 * descheduled by its host) between the reference's end and the
 * counter's read can only inflate a try.
 */
#include <asm/hpet.h>
#include <asm/i8253.h>
#include <mosaic/compiler.h>

#define TRY_NS 5000000ULL
#define TRY_PIT_TICKS (PIT_TICK_RATE / 200)	/* 5 ms */
#define TRIES 5
#define AGREE_PPM 500
#define NS_PER_SEC 1000000000ULL

static bool tries_agree(u64 a, u64 b)
{
	u64 diff = a > b ? a - b : b - a;

	return diff * 1000000 <= MIN(a, b) * AGREE_PPM;
}

/* One try: the counter's rate in Hz, 0 if the reference failed. */
static u64 measure_once(u64 (*read)(void), bool use_hpet)
{
	u64 delta, elapsed_ns;

	/* delta * 10^9 fits: 5 ms of even a 100 GHz counter is 5 * 10^8. */
	if (use_hpet) {
		if (!hpet_measure(TRY_NS, read, &delta, &elapsed_ns) ||
		    !elapsed_ns)
			return 0;
		return delta * NS_PER_SEC / elapsed_ns;
	}
	if (!pit_measure(TRY_PIT_TICKS, read, &delta))
		return 0;
	return delta * PIT_TICK_RATE / TRY_PIT_TICKS;
}

u64 calibrate_counter_hz(u64 (*read)(void), const char **ref)
{
	bool use_hpet = hpet_available();
	u64 best = ~0ULL, prev = 0;

	*ref = use_hpet ? "hpet" : "pit";
	for (int i = 0; i < TRIES; i++) {
		u64 hz = measure_once(read, use_hpet);

		if (!hz)
			return 0;
		/* A late-seen end inflates the count: the lowest is closest. */
		best = MIN(best, hz);
		if (prev && tries_agree(prev, hz))
			break;
		prev = hz;
	}
	return best;
}
