// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture's half of a thread: its kernel stack top (TSS.rsp0,
 * where the CPU switches on an entry from ring 3) and its user FPU
 * state, and what a context switch updates besides the registers
 * (switch_to.S). Address-space switching is the mm layer's.
 */
#include <asm/fpu.h>
#include <mosaic/errno.h>
#include <mosaic/percpu.h>
#include <mosaic/thread.h>

extern char boot_stack_top[];

int arch_thread_init(struct thread *t)
{
	t->arch.sp0 = (unsigned long)t->stack + THREAD_STACK_SIZE;
	/* Kernel threads never need one: thread_fpu_prepare() makes it. */
	t->arch.fpu = NULL;
	return 0;
}

int thread_fpu_prepare(struct thread *t)
{
	if (!t->arch.fpu)
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
