// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259 PIC pair, remapped to vectors 32-47, and the handler table
 * for the 16 legacy lines. Spurious IRQ 7 and 15 (a line that dropped
 * before the CPU acknowledged it) are detected from the in-service
 * register and never dispatched.
 */
#include <asm/io.h>
#include <asm/platform.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define CASCADE_IRQ 2

struct irq_slot {
	irq_handler_t handler;
	void *dev;
};

static struct irq_slot irq_table[NR_IRQS];
static u16 irq_mask = 0xffff & ~(1 << CASCADE_IRQ);

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC1_DATA, IRQ_VECTOR_BASE);	/* ICW2: vector offsets */
	io_wait();
	outb(PIC2_DATA, IRQ_VECTOR_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 1 << CASCADE_IRQ);	/* ICW3: slave on line 2 */
	io_wait();
	outb(PIC2_DATA, CASCADE_IRQ);
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	pic_write_mask();
}

int request_irq(unsigned int irq, irq_handler_t handler, void *dev)
{
	unsigned long flags;

	if (irq >= NR_IRQS || irq == CASCADE_IRQ || !handler)
		return -EINVAL;
	flags = local_irq_save();
	if (irq_table[irq].handler) {
		local_irq_restore(flags);
		return -EBUSY;
	}
	irq_table[irq].handler = handler;
	irq_table[irq].dev = dev;
	irq_mask &= ~(1 << irq);
	pic_write_mask();
	local_irq_restore(flags);
	return 0;
}

static bool pic_in_service(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;

	outb(port, PIC_READ_ISR);
	return inb(port) & (1 << (irq & 7));
}

static bool is_spurious(unsigned int irq)
{
	if ((irq != 7 && irq != 15) || pic_in_service(irq))
		return false;
	/* A spurious IRQ 15 was still a real cascade IRQ on the master. */
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI);
	return true;
}

static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void do_irq(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - IRQ_VECTOR_BASE;
	struct irq_slot *slot = &irq_table[irq];

	if (is_spurious(irq))
		return;
	/* EOI first: a handler that switches threads must not hold the line. */
	pic_eoi(irq);
	if (slot->handler)
		slot->handler(irq, slot->dev);
}

/* Without a scheduler, nothing to do on the way out. */
__attribute__((weak)) void irq_exit_preempt(void)
{
}
