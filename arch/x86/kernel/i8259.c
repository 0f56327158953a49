// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259 PIC pair, remapped to vectors 32-47, as an irq_chip for the
 * 16 legacy lines. Spurious IRQ 7 and 15 (a line that dropped before the
 * CPU acknowledged it) are detected from the in-service register.
 */
#include <asm/io.h>
#include <asm/platform.h>
#include <asm/traps.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b
#define PIC_POLL 0x0c		/* OCW3: the next read acknowledges */
#define PIC_SPECIFIC_EOI 0x60
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define CASCADE_IRQ 2

/* Set bits are masked lines; irq.c's lock serialises mask and unmask. */
static u16 i8259_mask_bits = 0xffff & ~(1 << CASCADE_IRQ);

static void i8259_write_mask(void)
{
	outb(PIC1_DATA, i8259_mask_bits & 0xff);
	outb(PIC2_DATA, i8259_mask_bits >> 8);
}

static void i8259_mask(unsigned int irq)
{
	i8259_mask_bits |= 1 << irq;
	i8259_write_mask();
}

static void i8259_unmask(unsigned int irq)
{
	i8259_mask_bits &= ~(1 << irq);
	i8259_write_mask();
}

static void i8259_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

static bool i8259_in_service(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;

	outb(port, PIC_READ_ISR);
	return inb(port) & (1 << (irq & 7));
}

static bool i8259_is_spurious(unsigned int irq)
{
	if ((irq != 7 && irq != 15) || i8259_in_service(irq))
		return false;
	/* A spurious IRQ 15 was still a real cascade IRQ on the master. */
	if (irq == 15)
		outb(PIC1_CMD, PIC_EOI);
	return true;
}

/*
 * The 8259 latches an edge in its IRR whatever the mask, so a line
 * unmasked later delivers a request from before: the BIOS's 18.2 Hz tick
 * that fell between pic_init() and the PIT's new rate arrived as a tick
 * at the first sti, or did not, as the firmware's disk reads timed it,
 * and two boots under -icount ran different instructions. With only
 * this line open, poll mode acknowledges a request without the CPU
 * taking it and a specific EOI retires it. Both steps run whether or not
 * a request waits (a poll with none returns 0, the EOI of a level not in
 * service changes nothing): the same instructions either way, so the
 * firmware's timing cannot show in an instruction count.
 * Interrupts are off (irq.c's lock). Master lines only: the slave's
 * would need the cascade's too.
 */
static void i8259_discard_pending(unsigned int irq)
{
	if (irq >= 8 || irq == CASCADE_IRQ)
		return;
	outb(PIC1_DATA, (u8)~(1 << irq));
	outb(PIC1_CMD, PIC_POLL);
	(void)inb(PIC1_CMD);
	outb(PIC1_CMD, PIC_SPECIFIC_EOI | irq);
	i8259_write_mask();
}

static struct irq_chip i8259_chip = {
	.name = "XT-PIC",
	.mask = i8259_mask,
	.unmask = i8259_unmask,
	.eoi = i8259_eoi,
	.is_spurious = i8259_is_spurious,
	.discard_pending = i8259_discard_pending,
};

/* Vectors 32-47, slave on line 2, every line masked but the cascade. */
static void i8259_program(void)
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
	i8259_write_mask();
}

void pic_init(void)
{
	i8259_program();
	for (unsigned int irq = 0; irq < NR_LEGACY_IRQS; irq++)
		if (irq != CASCADE_IRQ && irq_set_chip(irq, &i8259_chip))
			panic("i8259: IRQ %u already has a controller", irq);
}

void pic_disable(void)
{
	/* Remapped first, so a stray interrupt lands on an IRQ vector. */
	i8259_program();
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}
