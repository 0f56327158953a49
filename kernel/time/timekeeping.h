/* SPDX-License-Identifier: GPL-2.0 */
/* Between the clock source list and timekeeping (kernel/time/ only). */
#ifndef _KERNEL_TIME_TIMEKEEPING_H
#define _KERNEL_TIME_TIMEKEEPING_H

#include <mosaic/clocksource.h>

struct clocksource *timekeeping_clocksource(void);
/* Continue the time from the old source on cs. */
void timekeeping_set_clocksource(struct clocksource *cs);

#endif /* _KERNEL_TIME_TIMEKEEPING_H */
