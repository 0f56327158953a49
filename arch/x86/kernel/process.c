// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture's half of a thread: its kernel stack top (TSS.rsp0,
 * where the CPU switches on an entry from ring 3) and its user FPU
 * state, and what a context switch updates besides the registers
 * (switch_to.S). Address-space switching is the mm layer's.
 */
#include <asm/fpu.h>
#include <asm/switch_to.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/percpu.h>
#include <mosaic/thread.h>

extern char boot_stack_top[];

int arch_thread_init(struct thread *t)
{
	t->arch.sp0 = (unsigned long)t->stack + THREAD_STACK_SIZE;
	t->arch.fpu = fpu_state_alloc();
	return t->arch.fpu ? 0 : -ENOMEM;
}

void arch_thread_init_boot(struct thread *t)
{
	t->arch.sp0 = (unsigned long)boot_stack_top;
	t->arch.fpu = NULL;
}

void arch_thread_release(struct thread *t)
{
	fpu_state_free(t->arch.fpu);
	t->arch.fpu = NULL;
}

void arch_switch_to(struct thread *next)
{
	this_cpu_write(current, next);
	this_cpu_write(kernel_stack_top, next->arch.sp0);
	tss_set_kernel_stack(next->arch.sp0);
}
