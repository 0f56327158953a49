/* SPDX-License-Identifier: GPL-2.0 */
/* The x86 part of struct thread (see arch/x86/kernel/process.c). */
#ifndef _ASM_X86_THREAD_H
#define _ASM_X86_THREAD_H

struct fpu_state;
struct thread;

struct thread_arch {
	/* Top of the kernel stack: TSS.rsp0 while the thread runs. */
	unsigned long sp0;
	/* User FPU/SSE/AVX registers (<asm/fpu.h>); NULL for init. */
	struct fpu_state *fpu;
};

/* After the thread's stack is set: 0, or -ENOMEM (then release it). */
int arch_thread_init(struct thread *t);
/* The boot context: its stack is the boot stack, it has no user state. */
void arch_thread_init_boot(struct thread *t);
void arch_thread_release(struct thread *t);

#endif /* _ASM_X86_THREAD_H */
