/* SPDX-License-Identifier: GPL-2.0 */
/* The 8254 PIT: the tick (channel 0) and the TSC's reference (channel 2). */
#ifndef _ASM_X86_I8253_H
#define _ASM_X86_I8253_H

#include <mosaic/types.h>

#define PIT_TICK_RATE 1193182	/* Hz */

/* Register channel 0 as the periodic clock event device. */
int pit_clockevent_init(void);
/*
 * How far a counter (read(), increasing: the TSC, a local APIC timer
 * counting down read as its complement) moves over pit_ticks periods of
 * the PIT's input clock (channel 2, gated on, speaker off). False if
 * channel 2 never ended.
 */
bool pit_measure(u32 pit_ticks, u64 (*read)(void), u64 *delta);

#endif /* _ASM_X86_I8253_H */
