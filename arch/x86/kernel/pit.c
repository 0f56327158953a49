// SPDX-License-Identifier: GPL-2.0
/* The 8254 PIT channel 0 as the periodic tick at CONFIG_HZ. */
#include <asm/io.h>
#include <asm/platform.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_BASE_HZ 1193182
#define PIT_MODE_RATE 0x34	/* channel 0, lo/hi byte, mode 2 */

static volatile u64 ticks;

u64 timer_ticks(void)
{
	return READ_ONCE(ticks);
}

u64 uptime_ms(void)
{
	return timer_ticks() * 1000 / CONFIG_HZ;
}

u64 ktime_get_ns(void)
{
	return timer_ticks() * (1000000000 / CONFIG_HZ);
}

/* Without a scheduler, a tick only counts. */
__attribute__((weak)) void sched_tick(void)
{
}

static void pit_interrupt(unsigned int irq, void *dev)
{
	ticks++;
	sched_tick();
}

int pit_init(void)
{
	u32 divisor = (PIT_BASE_HZ + CONFIG_HZ / 2) / CONFIG_HZ;

	BUILD_BUG_ON((PIT_BASE_HZ + CONFIG_HZ / 2) / CONFIG_HZ > 0xffff);

	outb(PIT_COMMAND, PIT_MODE_RATE);
	outb(PIT_CHANNEL0, divisor & 0xff);
	outb(PIT_CHANNEL0, divisor >> 8);
	pr_info("timer: PIT at %d Hz (divisor %u)\n", CONFIG_HZ, divisor);
	return request_irq(IRQ_TIMER, pit_interrupt, NULL);
}
