/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt and exception entry. Every vector has a stub that makes the
 * stack look the same (a zero error code where the CPU pushes none, then
 * the vector number) and jumps to a common path that saves all registers
 * as a struct pt_regs and calls the C dispatcher.
 *
 * GS discipline (see Documentation/percpu.md): in the kernel GS points at
 * the per-CPU area, in user mode at the user's GS. An entry from ring 3
 * (the saved CS has RPL 3) does swapgs first and the exit back swaps
 * again; an entry from ring 0 already has the kernel's GS. NMI, double
 * fault and machine check arrive on their own IST stacks at any point,
 * even between a syscall entry and its swapgs, so the saved CS does not
 * tell which GS is loaded: they read MSR_GS_BASE instead (a kernel-half,
 * negative address is the per-CPU area) and undo only their own swap.
 */
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>
#include <asm/segment.h>

#define X86_EFLAGS_TF (1 << 8)
#define X86_EFLAGS_RF (1 << 16)

/* The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29, 30. */
	.text
	.macro VECTOR_STUB v
	.balign 16
vector_stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	.if (\v == 2 || \v == 8 || \v == 18)
	jmp	paranoid_common
	.else
	jmp	interrupt_common
	.endif
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

	/*
	 * User code may set RFLAGS.AC, and an interrupt inside a user copy
	 * arrives with it set: close the SMAP window for the handler (the
	 * saved RFLAGS restores it on return). clac is #UD without SMAP.
	 */
	.macro CLAC_IF_SMAP
	testb	$1, x86_smap_enabled(%rip)
	jz	.Lno_smap\@
	clac
.Lno_smap\@:
	.endm

	.macro SAVE_REGS
	cld
	CLAC_IF_SMAP
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
	.endm

	.macro RESTORE_REGS
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
	.endm

	/* Call the dispatcher on the pt_regs at rsp, with a frame link. */
	.macro CALL_DISPATCH
	movq	%rsp, %rdi
	/* A frame link so backtraces walk through the interrupted code. */
	pushq	17*8(%rsp)	/* rip of the interrupted code */
	pushq	%rbp
	movq	%rsp, %rbp
	call	interrupt_dispatch
	addq	$16, %rsp
	.endm

/* Frame offsets of the CPU-pushed CS: after the stub, after RESTORE_REGS. */
#define STUB_CS		24
#define IRET_CS		8

interrupt_common:
	testb	$3, STUB_CS(%rsp)
	jz	1f
	swapgs			/* from ring 3: load the kernel's GS */
1:
	SAVE_REGS
	CALL_DISPATCH
	.globl interrupt_return
interrupt_return:
	RESTORE_REGS
	testb	$3, IRET_CS(%rsp)
	jz	2f
	swapgs			/* back to ring 3: give the user its GS */
2:
	iretq

/*
 * NMI, #DF, #MC. ebx (callee-saved, so it survives the call) remembers
 * whether this entry swapped: 1 = GS was already the kernel's.
 */
paranoid_common:
	SAVE_REGS
	movl	$MSR_GS_BASE, %ecx
	rdmsr
	movl	$1, %ebx
	testl	%edx, %edx
	js	3f		/* kernel-half base: the per-CPU area */
	swapgs
	xorl	%ebx, %ebx
3:
	CALL_DISPATCH
	testl	%ebx, %ebx
	jnz	4f
	swapgs
4:
	RESTORE_REGS
	iretq

/*
 * The syscall instruction (LSTAR): rcx = user rip, r11 = user rflags,
 * CS/SS from STAR, RFLAGS masked by FMASK (IF, TF, DF, AC off), and
 * still the user's rsp and GS. Build a struct pt_regs on the thread's
 * kernel stack (TSS.rsp0, mirrored in the per-CPU area) and call
 * do_syscall_64(regs), which returns with interrupts off.
 *
 * Return with sysretq only when it restores exactly the saved frame:
 * rcx/r11 still equal rip/rflags, the selectors are the user's, no TF/RF
 * to honour, and rip is a canonical user address; sysret to a
 * non-canonical rip faults in ring 0 on the user stack on Intel CPUs.
 * Anything else (execve, a signal frame, ptrace-like changes) leaves
 * through iretq, which restores every field.
 */
	.text
	.globl entry_syscall_64
	.type entry_syscall_64, @function
entry_syscall_64:
	swapgs
	movq	%rsp, %gs:PERCPU_USER_RSP_SCRATCH
	movq	%gs:PERCPU_KERNEL_STACK_TOP, %rsp
	pushq	$USER_DS			/* ss */
	pushq	%gs:PERCPU_USER_RSP_SCRATCH	/* rsp */
	pushq	%r11				/* rflags */
	pushq	$USER_CS			/* cs */
	pushq	%rcx				/* rip */
	pushq	%rax				/* error_code: call number */
	pushq	$SYSCALL_FRAME_VECTOR
	SAVE_REGS
	movq	%rsp, %rdi
	pushq	PT_RIP(%rsp)			/* frame link for backtraces */
	pushq	%rbp
	movq	%rsp, %rbp
	call	do_syscall_64
	addq	$16, %rsp

	movq	PT_RCX(%rsp), %rcx
	cmpq	PT_RIP(%rsp), %rcx
	jne	syscall_return_iret
	movq	PT_R11(%rsp), %r11
	cmpq	PT_RFLAGS(%rsp), %r11
	jne	syscall_return_iret
	testq	$(X86_EFLAGS_TF | X86_EFLAGS_RF), %r11
	jnz	syscall_return_iret
	cmpq	$USER_CS, PT_CS(%rsp)
	jne	syscall_return_iret
	cmpq	$USER_DS, PT_SS(%rsp)
	jne	syscall_return_iret
	movq	%rcx, %r11
	shrq	$47, %r11			/* canonical and in the user half */
	jnz	syscall_return_iret
	RESTORE_REGS				/* rcx = rip, r11 = rflags again */
	movq	(PT_RSP - PT_RIP)(%rsp), %rsp
	swapgs
	sysretq
syscall_return_iret:
	jmp	interrupt_return
	.size entry_syscall_64, . - entry_syscall_64

/*
 * Enter user mode for the first time (a new program): iretq to rip/rsp
 * with interrupts on and every other register zero, so no kernel value
 * leaks. void enter_user_mode(unsigned long rip, unsigned long rsp)
 */
	.globl enter_user_mode
	.type enter_user_mode, @function
enter_user_mode:
	cli
	pushq	$USER_DS
	pushq	%rsi
	pushq	$0x202				/* IF, reserved bit 1 */
	pushq	$USER_CS
	pushq	%rdi
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	swapgs
	iretq
	.size enter_user_mode, . - enter_user_mode

/*
 * Leave for ring 3 through a whole saved frame: a forked child's first
 * return, which restores its parent's registers (rax 0) from a struct
 * pt_regs on its own kernel stack. Interrupts off; the frame is the
 * last thing on the stack. void return_to_user(struct pt_regs *regs)
 */
	.globl return_to_user
	.type return_to_user, @function
return_to_user:
	movq	%rdi, %rsp
	jmp	interrupt_return
	.size return_to_user, . - return_to_user

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
