/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware interrupts (legacy PIC lines 0-15). Handlers run with
 * interrupts disabled; the end-of-interrupt is sent by the core.
 */
#ifndef _MOSAIC_IRQ_H
#define _MOSAIC_IRQ_H

#include <mosaic/types.h>

#define NR_IRQS 16
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1

typedef void (*irq_handler_t)(unsigned int irq, void *dev);

/* Returns 0, -EINVAL for a bad line, -EBUSY if the line is taken. */
int request_irq(unsigned int irq, irq_handler_t handler, void *dev);

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
