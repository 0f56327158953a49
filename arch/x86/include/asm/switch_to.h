/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context switch (arch/x86/kernel/switch_to.S). Only the callee-saved
 * registers (rbx, rbp, r12-r15) and rsp are saved: the switch is an
 * ordinary function call, so the compiler already saved the others. The
 * kernel is built with -mgeneral-regs-only (no FPU/SSE/AVX use), so no
 * FPU state is saved here: user state stays in the registers across
 * kernel code and the return-to-user path saves and restores it
 * (<asm/fpu.h>, the thread's arch.fpu area).
 * RFLAGS is not saved either: every switch happens with interrupts off
 * and each thread restores its own flags (irqrestore) after it resumes.
 */
#ifndef _ASM_X86_SWITCH_TO_H
#define _ASM_X86_SWITCH_TO_H

#include <mosaic/compiler.h>
#include <mosaic/percpu.h>
#include <mosaic/thread.h>

/* The 64-bit TSS (gdt.c): rsp[0] is the stack for entries from ring 3. */
struct x86_tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

extern struct x86_tss cpu_tss;

/*
 * Save the current context, storing its stack pointer in *save_rsp, and
 * resume the one whose stack pointer is new_rsp. Returns (in the resumed
 * context) the `prev` argument of the switch that resumed it.
 */
struct thread *__switch_to(unsigned long *save_rsp, unsigned long new_rsp,
			   struct thread *prev);

/* First "return address" of a new thread: calls thread_entry(prev). */
void thread_entry_trampoline(void);

/*
 * The user half of a switch (process.c): the address space (CR3, only
 * when it changes), the FPU registers and the FS base. Only called when
 * prev or next has user state, so kernel-to-kernel switches stay cheap.
 */
void arch_switch_user_state(struct thread *prev, struct thread *next);

/*
 * Make next the CPU's current thread before __switch_to runs it: the
 * per-CPU current pointer and, for entries from ring 3, its kernel stack
 * (per-CPU copy and TSS.rsp0). Inline: it is on every switch.
 */
static inline void arch_switch_to(struct thread *next)
{
	struct thread *prev = this_cpu_read(current);
	unsigned long sp0 = next->arch.sp0;

	if (prev->mm || next->mm)
		arch_switch_user_state(prev, next);
	this_cpu_write(current, next);
	this_cpu_write(kernel_stack_top, sp0);
	cpu_tss.rsp[0] = sp0;
}

/* Words __switch_to pops before it returns (6 registers). */
#define SWITCH_FRAME_REGS 6

#endif /* _ASM_X86_SWITCH_TO_H */
