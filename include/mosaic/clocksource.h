/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Clock sources: free-running monotonic counters that timekeeping reads
 * (TSC today, HPET later; the tick count as a last resort). Nothing here
 * interrupts: the periodic tick is a clock event (<mosaic/clockchips.h>).
 */
#ifndef _MOSAIC_CLOCKSOURCE_H
#define _MOSAIC_CLOCKSOURCE_H

#include <mosaic/types.h>

struct clocksource {
	const char *name;
	u64 (*read)(struct clocksource *cs);
	int rating;		/* the best registered one is used */
	/* Set by registration: ns = cycles * mult >> shift, exactly 128-bit. */
	u64 freq_hz;
	u64 mult;
	u32 shift;
};

/* 0, or -EINVAL for a zero frequency or a missing read. */
int clocksource_register_hz(struct clocksource *cs, u64 hz);
/* The clock source timekeeping reads, or NULL before the first. */
struct clocksource *clocksource_current(void);

static inline u64 clocksource_cyc2ns(const struct clocksource *cs, u64 cycles)
{
	return (u64)(((unsigned __int128)cycles * cs->mult) >> cs->shift);
}

#endif /* _MOSAIC_CLOCKSOURCE_H */
