// SPDX-License-Identifier: GPL-2.0
/* Clock source registration: the best rated one feeds timekeeping. */
#include <mosaic/clocksource.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/time.h>

#include "timekeeping.h"

#define CS_SHIFT 32

int clocksource_register_hz(struct clocksource *cs, u64 hz)
{
	struct clocksource *best = timekeeping_clocksource();

	if (!hz || !cs->read)
		return -EINVAL;
	cs->freq_hz = hz;
	cs->shift = CS_SHIFT;
	/* 2^32 ns per cycle times freq fits: hz >= 1, mult < 2^62. */
	cs->mult = ((NSEC_PER_SEC << CS_SHIFT) + hz / 2) / hz;
	pr_info("clocksource: %s at %llu.%03llu MHz, rating %d\n", cs->name,
		(unsigned long long)(hz / 1000000),
		(unsigned long long)(hz / 1000 % 1000), cs->rating);
	if (!best || cs->rating > best->rating)
		timekeeping_set_clocksource(cs);
	return 0;
}

struct clocksource *clocksource_current(void)
{
	return timekeeping_clocksource();
}
