/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct thread *__switch_to(unsigned long *save_rsp (rdi),
 *			      unsigned long new_rsp (rsi),
 *			      struct thread *prev (rdx));
 * See <asm/switch_to.h>. The frame it leaves on a stack, from the saved
 * rsp up: r15 r14 r13 r12 rbx rbp return-address.
 */
	.text
	.globl __switch_to
	.type __switch_to, @function
__switch_to:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	movq	%rdx, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size __switch_to, . - __switch_to

/*
 * A new thread's first __switch_to returns here with rsp 16-byte aligned
 * and rax = the thread switched away from. rbp is 0 so backtraces stop.
 */
	.globl thread_entry_trampoline
	.type thread_entry_trampoline, @function
thread_entry_trampoline:
	movq	%rax, %rdi
	call	thread_entry
	ud2
	.size thread_entry_trampoline, . - thread_entry_trampoline

	.section .note.GNU-stack, "", @progbits
