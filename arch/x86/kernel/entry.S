/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt and exception entry. Every vector has a stub that makes the
 * stack look the same (a zero error code where the CPU pushes none, then
 * the vector number) and jumps to a common path that saves all registers
 * as a struct pt_regs and calls the C dispatcher.
 */
#include <asm/segment.h>

/* The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29, 30. */
	.text
	.macro VECTOR_STUB v
	.balign 16
vector_stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	jmp	interrupt_common
	.endm

	.altmacro
	.balign 16
	.globl vector_stubs
vector_stubs:
	.set v, 0
	.rept 256
	VECTOR_STUB %v
	.set v, v + 1
	.endr

interrupt_common:
	cld
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	/* A frame link so backtraces walk through the interrupted code. */
	pushq	17*8(%rsp)	/* rip of the interrupted code */
	pushq	%rbp
	movq	%rsp, %rbp
	call	interrupt_dispatch
	addq	$16, %rsp
	.globl interrupt_return
interrupt_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp	/* vector and error code */
	iretq

/* The stub table as addresses, for the IDT setup in C. */
	.section .rodata
	.balign 8
	.globl vector_stub_table
vector_stub_table:
	.set v, 0
	.rept 256
	.quad vector_stubs + v * 16
	.set v, v + 1
	.endr
