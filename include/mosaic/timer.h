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

#include <mosaic/list.h>
#include <mosaic/types.h>

u64 timer_ticks(void);
u64 uptime_ms(void);
/* Monotonic nanoseconds since the first clock source; 0 before it. */
u64 ktime_get_ns(void);
/* ktime_deadline_tick(): <mosaic/time.h>. */
static inline u64 ms_to_ticks(u64 ms)
{
	return (ms * CONFIG_HZ + 999) / 1000;
}

/*
 * Kernel timers (kernel/time/timer.c): a function called from the tick
 * interrupt once the tick count reaches @expires. It runs with
 * interrupts off and no lock held, so it may take irqsave locks and wake
 * threads but never sleep or allocate; it may re-arm its own timer.
 * timer_lock (irqsave) guards the list; the owner serialises its own
 * mod_timer/del_timer calls. Set up once with timer_setup().
 */
struct timer_list {
	struct list_head entry;		/* in the list, sorted by expires */
	u64 expires;			/* tick */
	void (*function)(struct timer_list *t);
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *t));
/* (Re)arm for tick @expires; one already due runs at the next tick. */
void mod_timer(struct timer_list *t, u64 expires);
/* Disarm; true if it was armed. After it returns the function no longer runs. */
bool del_timer(struct timer_list *t);
bool timer_pending(const struct timer_list *t);
/* From the tick: run every timer due at @now. */
void run_timers(u64 now);

void sched_tick(void);
void irq_exit_preempt(void);

/* Cycle counter; under QEMU -icount it counts guest instructions. */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/*
 * rdtsc() at the kernel's first instruction (arch/x86/boot/head.S).
 * What came before (firmware, boot loader) took as long as the host's
 * disk reads did, also under -icount: a TSC that must repeat from boot
 * to boot counts from here.
 */
extern u64 boot_entry_tsc;

#endif /* _MOSAIC_TIMER_H */
