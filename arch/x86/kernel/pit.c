// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT: channel 0 is a clock event device (the periodic tick),
 * channel 2 a one-shot stopwatch that calibrates the TSC at boot.
 */
#include <asm/i8253.h>
#include <asm/io.h>
#include <asm/platform.h>
#include <mosaic/clockchips.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>

#define PIT_CHANNEL0 0x40
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define PIT_MODE_RATE 0x34	/* channel 0, lo/hi byte, mode 2 */
#define PIT_MODE_ONESHOT2 0xb0	/* channel 2, lo/hi byte, mode 0 */
#define PORT_B 0x61		/* NMI status and control: channel 2 gate */
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
/* A 10 ms count ends after ~10^4 port reads; a dead PIT after this many. */
#define PIT_POLL_LIMIT 50000000UL

static void pit_interrupt(unsigned int irq, void *dev)
{
	struct clock_event_device *ced = dev;

	ced->event_handler(ced);
}

static int pit_set_periodic(struct clock_event_device *ced, unsigned int hz)
{
	u32 divisor;

	if (hz < 19 || hz > PIT_TICK_RATE)
		return -EINVAL;		/* the divisor has 16 bits */
	divisor = (PIT_TICK_RATE + hz / 2) / hz;
	outb(PIT_COMMAND, PIT_MODE_RATE);
	outb(PIT_CHANNEL0, divisor & 0xff);
	outb(PIT_CHANNEL0, divisor >> 8);
	pr_info("timer: PIT at %u Hz (divisor %u)\n", hz, divisor);
	/* A tick of the firmware's rate may wait in the controller. */
	irq_discard_pending(ced->irq);
	return request_irq(ced->irq, pit_interrupt, ced);
}

static struct clock_event_device pit_clockevent = {
	.name = "pit",
	.set_periodic = pit_set_periodic,
	.irq = IRQ_TIMER,
};

int pit_clockevent_init(void)
{
	BUILD_BUG_ON((PIT_TICK_RATE + CONFIG_HZ / 2) / CONFIG_HZ > 0xffff);
	return clockevents_register_device(&pit_clockevent);
}

bool pit_measure(u32 pit_ticks, u64 (*read)(void), u64 *delta)
{
	unsigned long polls = 0;
	u64 start;

	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_COMMAND, PIT_MODE_ONESHOT2);
	outb(PIT_CHANNEL2, pit_ticks & 0xff);
	outb(PIT_CHANNEL2, (pit_ticks >> 8) & 0xff);
	/* Mode 0: OUT2 goes high when the count reaches zero. */
	start = read();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		if (++polls > PIT_POLL_LIMIT)
			return false;
	*delta = read() - start;
	return true;
}
