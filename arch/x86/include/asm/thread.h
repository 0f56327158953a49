/* SPDX-License-Identifier: GPL-2.0 */
/* The x86 part of struct thread (see arch/x86/kernel/process.c). */
#ifndef _ASM_X86_THREAD_H
#define _ASM_X86_THREAD_H

struct fpu_state;
struct thread;

struct thread_arch {
	/* Top of the kernel stack: TSS.rsp0 while the thread runs. */
	unsigned long sp0;
	/* User FPU/SSE/AVX registers (<asm/fpu.h>); NULL until prepared. */
	struct fpu_state *fpu;
	/* User FS base (arch_prctl ARCH_SET_FS): TLS. Loaded on switch. */
	unsigned long fsbase;
	/* The last user fault, for a signal frame's err, trapno and cr2. */
	unsigned long trap_nr, error_code, cr2;
};

/* After the thread's stack is set: 0, or -errno (then release it). */
int arch_thread_init(struct thread *t);
/*
 * Give t its FPU save area (initial state) before it first runs user
 * code: the exec / user-entry path calls it. 0, or -ENOMEM. Freed with
 * the thread. Kernel threads never get one, so creating them costs no
 * allocation.
 */
int thread_fpu_prepare(struct thread *t);
/* The boot context: its stack is the boot stack, it has no user state. */
void arch_thread_init_boot(struct thread *t);
void arch_thread_release(struct thread *t);
/* execve: FS base 0, FPU registers in their initial state. */
void arch_exec_reset(struct thread *t);

#endif /* _ASM_X86_THREAD_H */
