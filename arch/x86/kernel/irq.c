// SPDX-License-Identifier: GPL-2.0
/*
 * Vector dispatch for hardware interrupts: one descriptor per IRQ with
 * its controller (struct irq_chip), handler and count. Which controller
 * drives a line is the chip's business (i8259.c today); nothing here
 * knows a PIC.
 */
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/percpu.h>
#include <mosaic/printk.h>
#include <mosaic/spinlock.h>
#include <mosaic/timer.h>
#include <mosaic/trace.h>

struct irq_desc {
	struct irq_chip *chip;
	irq_handler_t handler;
	void *dev;
	u64 count;
};

static struct irq_desc irq_descs[NR_IRQS];
/* The descriptors' chip, handler and dev, and the chips' masks. */
static DEFINE_SPINLOCK_IRQ(irq_desc_lock);

int irq_set_chip(unsigned int irq, struct irq_chip *chip)
{
	unsigned long flags;
	int err = 0;

	if (irq >= NR_IRQS || !chip || !chip->mask || !chip->unmask ||
	    !chip->eoi)
		return -EINVAL;
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (irq_descs[irq].chip)
		err = -EBUSY;
	else
		irq_descs[irq].chip = chip;
	if (!err)
		chip->mask(irq);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

int request_irq(unsigned int irq, irq_handler_t handler, void *dev)
{
	struct irq_desc *desc;
	unsigned long flags;
	int err = 0;

	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	desc = &irq_descs[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (!desc->chip)
		err = -EINVAL;
	else if (desc->handler)
		err = -EBUSY;
	if (!err) {
		desc->handler = handler;
		desc->dev = dev;
		desc->chip->unmask(irq);
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

void irq_discard_pending(unsigned int irq)
{
	struct irq_desc *desc;
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	desc = &irq_descs[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (desc->chip && !desc->handler && desc->chip->discard_pending)
		desc->chip->discard_pending(irq);
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

int free_irq(unsigned int irq, void *dev)
{
	struct irq_desc *desc;
	unsigned long flags;
	int err = 0;

	if (irq >= NR_IRQS)
		return -EINVAL;
	desc = &irq_descs[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (!desc->handler || desc->dev != dev) {
		err = -EINVAL;
	} else {
		desc->chip->mask(irq);
		desc->handler = NULL;
		desc->dev = NULL;
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

static void irq_set_masked(unsigned int irq, bool masked)
{
	struct irq_desc *desc;
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	desc = &irq_descs[irq];
	flags = spin_lock_irqsave(&irq_desc_lock);
	if (desc->chip && desc->handler) {
		if (masked)
			desc->chip->mask(irq);
		else
			desc->chip->unmask(irq);
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

void disable_irq(unsigned int irq)
{
	irq_set_masked(irq, true);
}

void enable_irq(unsigned int irq)
{
	irq_set_masked(irq, false);
}

u64 irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_descs[irq].count) : 0;
}

const char *irq_chip_name(unsigned int irq)
{
	return irq < NR_IRQS && irq_descs[irq].chip ?
		       irq_descs[irq].chip->name : NULL;
}

/* From interrupt_dispatch(); the lock is not needed: interrupts are off. */
void do_irq(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - IRQ_VECTOR_BASE;
	struct irq_desc *desc = &irq_descs[irq];
	struct irq_chip *chip = desc->chip;
	struct pt_regs *outer = get_irq_regs();

	if (!chip) {
		pr_warn("unexpected interrupt vector %llu ignored\n",
			regs->vector);
		return;
	}
	if (chip->is_spurious && chip->is_spurious(irq))
		return;
	/* EOI first: a handler that switches threads must not hold the line. */
	chip->eoi(irq);
	desc->count++;
	trace_event(irq_entry, irq, 0, 0);
	this_cpu_write(irq_regs, regs);
	if (desc->handler)
		desc->handler(irq, desc->dev);
	this_cpu_write(irq_regs, outer);
	trace_event(irq_exit, irq, 0, 0);
}

/* Without a scheduler, nothing to do on the way out. */
__attribute__((weak)) void irq_exit_preempt(void)
{
}
