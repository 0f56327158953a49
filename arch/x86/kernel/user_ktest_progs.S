/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny ring-3 programs for user_ktest.c, copied to a user page at run
 * time: position independent, no data but the stack page the test maps
 * below USER_STACK_TOP. Each ends in exit(code); code 1 means a check
 * inside failed.
 */
#define SYS_sched_yield 24
#define SYS_exit 60
#define SYS_arch_prctl 158
#define SYS_gettid 186
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

	.macro PROG name
	.section .rodata
	.globl \name
	.globl \name\()_end
	.balign 16
\name:
	.endm

	.macro FAIL_EXIT
1:	movl	$1, %edi
	movl	$SYS_exit, %eax
	syscall
	.endm

/*
 * gettid, an unknown call (-ENOSYS), callee state across a yield, the
 * FS base for TLS, then exit((tid & 0x3f) + 64).
 */
	PROG user_prog_basic
	movl	$SYS_gettid, %eax
	syscall
	movl	%eax, %r12d
	movl	$999, %eax
	syscall
	cmpq	$-38, %rax
	jne	9f
	movabsq	$0x1234567887654321, %r13
	movq	%rsp, %r14
	movl	$SYS_sched_yield, %eax
	syscall
	testq	%rax, %rax
	jne	9f
	movabsq	$0x1234567887654321, %rax
	cmpq	%rax, %r13
	jne	9f
	cmpq	%rsp, %r14
	jne	9f
	/* TLS: FS at a block on our stack page holding a marker */
	leaq	-256(%rsp), %rsi
	movq	$0x5a5a, (%rsi)
	movq	%rsi, %rbx
	movl	$ARCH_SET_FS, %edi
	movl	$SYS_arch_prctl, %eax
	syscall
	testq	%rax, %rax
	jne	9f
	cmpq	$0x5a5a, %fs:0
	jne	9f
	leaq	-512(%rsp), %rsi
	movl	$ARCH_GET_FS, %edi
	movl	$SYS_arch_prctl, %eax
	syscall
	testq	%rax, %rax
	jne	9f
	cmpq	%rbx, -512(%rsp)
	jne	9f
	movl	%r12d, %edi
	andl	$0x3f, %edi
	addl	$64, %edi
	movl	$SYS_exit, %eax
	syscall
9:	FAIL_EXIT
user_prog_basic_end:

/* A store to an unmapped user address: killed by SIGSEGV. */
	PROG user_prog_segv
	movq	$0, 0x10
	FAIL_EXIT
user_prog_segv_end:

/* A read of the kernel half: a protection fault, SIGSEGV. */
	PROG user_prog_kread
	movabsq	$0xffffffff80100000, %rax
	movq	(%rax), %rax
	FAIL_EXIT
user_prog_kread_end:

/* An invalid opcode: SIGILL. */
	PROG user_prog_ud
	ud2
	FAIL_EXIT
user_prog_ud_end:

/*
 * xmm0/xmm1 hold a pattern made from the tid while the program yields
 * and spins (so it is preempted too); any change means another thread's
 * FPU state leaked in. exit(0) when it held.
 */
	PROG user_prog_fpu
	movl	$SYS_gettid, %eax
	syscall
	movq	%rax, %xmm0
	pshufd	$0, %xmm0, %xmm0
	movdqa	%xmm0, %xmm1
	movl	$200, %r12d
2:	movl	$SYS_sched_yield, %eax
	syscall
	movl	$20000, %ecx
3:	paddd	%xmm1, %xmm2
	decl	%ecx
	jnz	3b
	pcmpeqd	%xmm0, %xmm1
	pmovmskb %xmm1, %eax
	cmpl	$0xffff, %eax
	jne	9f
	movdqa	%xmm0, %xmm1
	decl	%r12d
	jnz	2b
	xorl	%edi, %edi
	movl	$SYS_exit, %eax
	syscall
9:	FAIL_EXIT
user_prog_fpu_end:

	.section .note.GNU-stack, "", @progbits

/*
 * Run by execve from a file exec_ktest.c writes: an ET_EXEC whose text
 * is at 0x400000 (entry 0x400100) and whose data page 0x401800 holds
 * one quadword of file data followed by bss (file bytes past p_filesz
 * that must read as zero), then an anonymous bss page. Checks the
 * initial stack of `prog arg1` with environment `K=V`; exit(0), or the
 * number of the check that failed.
 */
	PROG user_prog_exec
	movl	$1, %edi
	testq	$15, %rsp			/* psABI: aligned at entry */
	jnz	8f
	movl	$2, %edi
	cmpq	$2, (%rsp)			/* argc */
	jne	8f
	movl	$3, %edi
	movq	8(%rsp), %rax
	cmpl	$0x676f7270, (%rax)		/* "prog" */
	jne	8f
	movq	16(%rsp), %rax
	cmpl	$0x31677261, (%rax)		/* "arg1" */
	jne	8f
	movl	$4, %edi
	cmpq	$0, 24(%rsp)			/* argv[argc] */
	jne	8f
	movq	32(%rsp), %rax
	cmpl	$0x00563d4b, (%rax)		/* "K=V" */
	jne	8f
	cmpq	$0, 40(%rsp)			/* envp end */
	jne	8f
	leaq	48(%rsp), %rsi
	xorl	%r8d, %r8d
1:	movq	(%rsi), %rax
	movq	8(%rsi), %rdx
	addq	$16, %rsi
	testq	%rax, %rax
	jz	7f
	movl	$5, %edi
	cmpq	$6, %rax			/* AT_PAGESZ */
	jne	2f
	cmpq	$4096, %rdx
	jne	8f
	orl	$1, %r8d
2:	movl	$6, %edi
	cmpq	$9, %rax			/* AT_ENTRY */
	jne	3f
	cmpq	$0x400100, %rdx
	jne	8f
	orl	$2, %r8d
3:	movl	$7, %edi
	cmpq	$25, %rax			/* AT_RANDOM */
	jne	4f
	testq	%rdx, %rdx
	jz	8f
	orl	$4, %r8d
4:	movl	$8, %edi
	cmpq	$31, %rax			/* AT_EXECFN */
	jne	5f
	cmpb	$'/', (%rdx)
	jne	8f
	orl	$8, %r8d
5:	movl	$9, %edi
	cmpq	$3, %rax			/* AT_PHDR */
	jne	1b
	cmpq	$0x400040, %rdx
	jne	8f
	orl	$16, %r8d
	jmp	1b
7:	movl	$10, %edi
	cmpl	$31, %r8d			/* all five seen */
	jne	8f
	movl	$11, %edi
	movabsq	$0x1122334455667788, %rax
	cmpq	%rax, 0x401800			/* file data */
	jne	8f
	movl	$12, %edi
	cmpq	$0, 0x401808			/* bss in the file's page */
	jne	8f
	cmpq	$0, 0x401ff8
	jne	8f
	cmpq	$0, 0x4027f8			/* bss in its own page */
	jne	8f
	movq	$7, 0x4027f8			/* and it is writable */
	xorl	%edi, %edi
8:	movl	$SYS_exit, %eax
	syscall
user_prog_exec_end:
