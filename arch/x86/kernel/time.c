// SPDX-License-Identifier: GPL-2.0
/* The PC's time: the TSC as clock source, the PIT as the tick. */
#include <asm/i8253.h>
#include <asm/platform.h>

int time_init(void)
{
	tsc_init();
	return pit_clockevent_init();
}
