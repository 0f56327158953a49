/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware interrupts. An IRQ number is a vector minus IRQ_VECTOR_BASE;
 * each line belongs to an interrupt controller (struct irq_chip: the
 * 8259 pair today, the IOAPIC/LAPIC later), which the vector dispatch
 * (arch/x86/kernel/irq.c) calls to mask, unmask and acknowledge it.
 * Handlers run with interrupts disabled; the end-of-interrupt is sent by
 * the core before the handler runs.
 */
#ifndef _MOSAIC_IRQ_H
#define _MOSAIC_IRQ_H

#include <mosaic/types.h>

/* Every vector above the exceptions can be an IRQ. */
#define NR_IRQS (256 - 32)
/* The ISA lines (8259 inputs, IOAPIC pins 0-15 in legacy routing). */
#define NR_LEGACY_IRQS 16
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1

typedef void (*irq_handler_t)(unsigned int irq, void *dev);

/*
 * An interrupt controller. Called with interrupts off under the IRQ
 * table's lock (mask, unmask) or from the interrupt (eoi, is_spurious).
 */
struct irq_chip {
	const char *name;
	void (*mask)(unsigned int irq);
	void (*unmask)(unsigned int irq);
	/* End of interrupt: the controller may deliver the line again. */
	void (*eoi)(unsigned int irq);
	/* optional: the line dropped before the CPU took it; no handler */
	bool (*is_spurious)(unsigned int irq);
	/* optional: forget a request the masked line latched */
	void (*discard_pending)(unsigned int irq);
};

/* Give irq to chip (masked until a handler is requested); -EINVAL, -EBUSY. */
int irq_set_chip(unsigned int irq, struct irq_chip *chip);
/* Returns 0, -EINVAL for a bad or chipless line, -EBUSY if taken. */
int request_irq(unsigned int irq, irq_handler_t handler, void *dev);
/*
 * Before request_irq(): forget a request the line latched while it had
 * no handler, for a device whose old requests mean nothing (a timer just
 * given its rate). A controller that ignores masked edges has nothing to
 * forget.
 */
void irq_discard_pending(unsigned int irq);
/* Mask the line and forget the handler (dev must match): 0 or -EINVAL. */
int free_irq(unsigned int irq, void *dev);
/* Mask or unmask a requested line at its controller (nests: no). */
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);
/* Interrupts handled on this line since boot. */
u64 irq_count(unsigned int irq);
/* The line's controller name, or NULL. */
const char *irq_chip_name(unsigned int irq);

/* Saved-flags interrupt control, usable from any context. */
static inline unsigned long local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & (1UL << 9))
		__asm__ __volatile__("sti" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline bool irqs_disabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return !(flags & (1UL << 9));
}

#endif /* _MOSAIC_IRQ_H */
