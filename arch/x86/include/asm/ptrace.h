/* SPDX-License-Identifier: GPL-2.0 */
/* The register frame every interrupt and exception entry builds. */
#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

#ifndef __ASSEMBLER__
#include <mosaic/types.h>
#endif

/*
 * A system call (entry_syscall_64) builds the same frame: vector is
 * SYSCALL_FRAME_VECTOR, error_code holds the call number as it came in
 * (rax is overwritten with the result), and the "CPU" part is filled in
 * by the entry from rcx (rip), r11 (rflags) and the user rsp.
 */
#define SYSCALL_FRAME_VECTOR 0x100

/* Byte offsets for entry.S (checked against the struct in syscall.c). */
#define PT_R11 32
#define PT_RCX 96
#define PT_RIP 136
#define PT_CS 144
#define PT_RFLAGS 152
#define PT_RSP 160
#define PT_SS 168

#ifndef __ASSEMBLER__
struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/*
 * The user registers a thread saved when it entered the kernel from ring
 * 3 (a system call or an interrupt): the frame at the top of its kernel
 * stack, where TSS.rsp0 pointed. A macro: <asm/thread.h> needs no include.
 */
#define task_pt_regs(t) ((struct pt_regs *)(t)->arch.sp0 - 1)
#endif /* __ASSEMBLER__ */

#endif /* _ASM_X86_PTRACE_H */
