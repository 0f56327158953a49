// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture's half of a thread: its kernel stack top (TSS.rsp0,
 * where the CPU switches on an entry from ring 3) and its user FPU
 * state, and what a context switch updates besides the registers
 * (switch_to.S): the address space, the FPU registers and the FS base
 * of threads that run user code.
 */
#include <asm/fpu.h>
#include <asm/msr.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/switch_to.h>
#include <mosaic/errno.h>
#include <mosaic/mm_types.h>
#include <mosaic/percpu.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/thread.h>
#include <mosaic/uaccess.h>

extern char boot_stack_top[];

int arch_thread_init(struct thread *t)
{
	t->arch.sp0 = (unsigned long)t->stack + THREAD_STACK_SIZE;
	/* Kernel threads never need one: thread_fpu_prepare() makes it. */
	t->arch.fpu = NULL;
	t->arch.fsbase = 0;
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

/*
 * CR3 is compared, not a per-CPU copy: tests and the mm layer may call
 * mm_activate() directly, and the register is the truth. Kernel threads
 * run on init_mm, whose kernel half every mm shares.
 */
static void switch_mm(struct mm *next)
{
	if (!next)
		next = &init_mm;
	if ((read_cr3() & PTE_ADDR_MASK) != next->pml4_phys)
		mm_activate(next);
}

/*
 * The kernel never touches the FPU (-mgeneral-regs-only), so the
 * registers still hold prev's user state here and nothing else needs
 * them until next returns to user mode: save and load at the switch.
 */
void arch_switch_user_state(struct thread *prev, struct thread *next)
{
	if (prev->arch.fpu)
		fpu_save(prev->arch.fpu);
	switch_mm(next->mm);
	if (next->arch.fpu)
		fpu_restore(next->arch.fpu);
	/* Kernel threads leave the MSR alone: it may be any user's. */
	if (next->mm)
		wrmsr(MSR_FS_BASE, next->arch.fsbase);
}

/* execve: the new program starts with no TLS and clean vector state. */
void arch_exec_reset(struct thread *t)
{
	t->arch.fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	if (t->arch.fpu) {
		fpu_state_reset(t->arch.fpu);
		fpu_restore(t->arch.fpu);
	}
}

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

/* TLS: musl and glibc point FS at their thread block with this. */
SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	struct thread *t = current();

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		t->arch.fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user(t->arch.fsbase, (unsigned long __user *)addr);
	default:
		return -EINVAL;
	}
}
