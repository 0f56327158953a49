/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The periodic tick (a clock event device at CONFIG_HZ: kernel/time/tick.c)
 * and time since boot (the clock source: kernel/time/timekeeping.c).
 *
 * On every tick the timer interrupt calls sched_tick() (interrupts off).
 * When an interrupt returns to kernel code, the entry code calls
 * irq_exit_preempt(), where the scheduler may switch threads. Both have
 * weak no-op defaults so a kernel without a scheduler still boots.
 */
#ifndef _MOSAIC_TIMER_H
#define _MOSAIC_TIMER_H

#include <mosaic/types.h>

u64 timer_ticks(void);
u64 uptime_ms(void);
/* Monotonic nanoseconds since the first clock source; 0 before it. */
u64 ktime_get_ns(void);
static inline u64 ms_to_ticks(u64 ms)
{
	return (ms * CONFIG_HZ + 999) / 1000;
}

void sched_tick(void);
void irq_exit_preempt(void);

/* Cycle counter; under QEMU -icount it counts guest instructions. */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif /* _MOSAIC_TIMER_H */
