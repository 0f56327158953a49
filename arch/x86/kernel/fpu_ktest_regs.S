/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vector-register access for the FPU ktest only. The kernel's C is built
 * -mgeneral-regs-only, under which the compiler refuses even an asm
 * clobber of an xmm register, so the test's register work is here, the
 * one file allowed to touch them. Nothing else in the kernel does.
 */
	.text
/* void fpu_test_load_xmm(const u8 src[8 * 16]): xmm0-7 = src */
	.globl fpu_test_load_xmm
fpu_test_load_xmm:
	movdqu	0x00(%rdi), %xmm0
	movdqu	0x10(%rdi), %xmm1
	movdqu	0x20(%rdi), %xmm2
	movdqu	0x30(%rdi), %xmm3
	movdqu	0x40(%rdi), %xmm4
	movdqu	0x50(%rdi), %xmm5
	movdqu	0x60(%rdi), %xmm6
	movdqu	0x70(%rdi), %xmm7
	ret

/* void fpu_test_store_xmm(u8 dst[8 * 16]): dst = xmm0-7 */
	.globl fpu_test_store_xmm
fpu_test_store_xmm:
	movdqu	%xmm0, 0x00(%rdi)
	movdqu	%xmm1, 0x10(%rdi)
	movdqu	%xmm2, 0x20(%rdi)
	movdqu	%xmm3, 0x30(%rdi)
	movdqu	%xmm4, 0x40(%rdi)
	movdqu	%xmm5, 0x50(%rdi)
	movdqu	%xmm6, 0x60(%rdi)
	movdqu	%xmm7, 0x70(%rdi)
	ret

/* void fpu_test_clobber_xmm(void): xmm0-7 = all ones, MXCSR changed */
	.globl fpu_test_clobber_xmm
fpu_test_clobber_xmm:
	pcmpeqd	%xmm0, %xmm0
	movdqa	%xmm0, %xmm1
	movdqa	%xmm0, %xmm2
	movdqa	%xmm0, %xmm3
	movdqa	%xmm0, %xmm4
	movdqa	%xmm0, %xmm5
	movdqa	%xmm0, %xmm6
	movdqa	%xmm0, %xmm7
	subq	$8, %rsp
	movl	$0x9fc0, (%rsp)		/* round toward zero, FTZ, DAZ */
	ldmxcsr	(%rsp)
	addq	$8, %rsp
	ret

/* u32 fpu_test_read_mxcsr(void) */
	.globl fpu_test_read_mxcsr
fpu_test_read_mxcsr:
	subq	$8, %rsp
	stmxcsr	(%rsp)
	movl	(%rsp), %eax
	addq	$8, %rsp
	ret

/* void fpu_test_load_ymm0(const u8 src[32]) / store / clobber (AVX only) */
	.globl fpu_test_load_ymm0
fpu_test_load_ymm0:
	vmovdqu	(%rdi), %ymm0
	ret

	.globl fpu_test_store_ymm0
fpu_test_store_ymm0:
	vmovdqu	%ymm0, (%rdi)
	ret

	.globl fpu_test_clobber_ymm0
fpu_test_clobber_ymm0:
	vpcmpeqd %ymm0, %ymm0, %ymm0
	ret

	.section .note.GNU-stack, "", @progbits
