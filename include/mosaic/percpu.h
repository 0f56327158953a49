/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU state: one struct percpu for each CPU, reached through the
 * architecture's per-CPU base (GS on x86), so code never indexes a
 * table by CPU number. Only one CPU runs today; SMP is then a change
 * inside percpu_init() (one area per CPU, each CPU loading its own
 * base), not in every user. See Documentation/percpu.md.
 *
 * Fields are read and written with this_cpu_read(field) and
 * this_cpu_write(field, val): single moves, safe in any context.
 */
#ifndef _MOSAIC_PERCPU_H
#define _MOSAIC_PERCPU_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>
#include <asm/percpu.h>

struct pt_regs;
struct thread;

struct percpu {
	struct percpu *self;		/* this area's own address */
	struct thread *current;		/* the thread running here */
	/* Kernel stack top of current, as in TSS.rsp0 (entry from ring 3). */
	unsigned long kernel_stack_top;
	/* The syscall entry parks the user RSP here before it has a stack. */
	unsigned long user_rsp_scratch;
	unsigned int cpu;		/* 0 for the boot CPU */
	unsigned int irq_depth;		/* interrupt entries being handled */
	/* preempt_disable() nesting; 0: the running thread may be preempted. */
	int preempt_count;
	/* A switch is due at the next preemption point (tick, wakeup). */
	unsigned int need_resched;
	/* The registers a hardware interrupt interrupted, while it runs. */
	struct pt_regs *irq_regs;
};

/*
 * Point the boot CPU's GS base at its area. The first call in
 * start_kernel(): everything after may use current() and per-CPU data.
 */
void percpu_init(void);

/* This CPU's area as an ordinary pointer (for code that takes several fields). */
static inline struct percpu *this_cpu_ptr(void)
{
	return this_cpu_read(self);
}

static inline unsigned int smp_processor_id(void)
{
	return this_cpu_read(cpu);
}

/* Inside an interrupt or exception handler (entry.S to its return). */
static inline bool in_interrupt(void)
{
	return this_cpu_read(irq_depth) != 0;
}

/*
 * Inside a hardware interrupt's handler: the registers of the code it
 * interrupted (was it user code? the tick charges user or system time
 * by it). NULL outside one.
 */
static inline struct pt_regs *get_irq_regs(void)
{
	return this_cpu_read(irq_regs);
}

#endif /* _MOSAIC_PERCPU_H */
