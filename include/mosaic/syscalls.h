/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Defining a system call. The numbers and the table come from
 * arch/x86/entry/syscalls/syscall_64.tbl (scripts/syscalltbl.py); a call
 * is written as
 *
 *	SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
 *			size_t, count)
 *	{
 *		...
 *	}
 *
 * which defines the table's entry point __x64_sys_write(regs): it takes
 * the arguments from the saved user registers (rdi rsi rdx r10 r8 r9) and
 * casts each to its declared type, so the body sees typed arguments and
 * the entry never has to know them. Return a value or a negative errno.
 */
#ifndef _MOSAIC_SYSCALLS_H
#define _MOSAIC_SYSCALLS_H

#include <asm/ptrace.h>
#include <mosaic/compiler.h>
#include <mosaic/types.h>

typedef long (*syscall_fn_t)(const struct pt_regs *regs);

#define __SC_DECL1(t1, a1) t1 a1
#define __SC_DECL2(t1, a1, ...) t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...) t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...) t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...) t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...) t1 a1, __SC_DECL5(__VA_ARGS__)

/* The argument registers in order, cast through long as Linux does. */
#define __SC_ARG0 regs->rdi
#define __SC_ARG1 regs->rsi
#define __SC_ARG2 regs->rdx
#define __SC_ARG3 regs->r10
#define __SC_ARG4 regs->r8
#define __SC_ARG5 regs->r9
#define __SC_CAST(t, n) ((t)(__force unsigned long)__SC_ARG##n)
#define __SC_ARGS1(t1, a1) __SC_CAST(t1, 0)
#define __SC_ARGS2(t1, a1, t2, a2) __SC_ARGS1(t1, a1), __SC_CAST(t2, 1)
#define __SC_ARGS3(t1, a1, t2, a2, t3, a3)                                  \
	__SC_ARGS2(t1, a1, t2, a2), __SC_CAST(t3, 2)
#define __SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4)                          \
	__SC_ARGS3(t1, a1, t2, a2, t3, a3), __SC_CAST(t4, 3)
#define __SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                  \
	__SC_ARGS4(t1, a1, t2, a2, t3, a3, t4, a4), __SC_CAST(t5, 4)
#define __SC_ARGS6(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)          \
	__SC_ARGS5(t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), __SC_CAST(t6, 5)

#define SYSCALL_DEFINE0(name)                                               \
	static long __do_sys_##name(void);                                  \
	long __x64_sys_##name(const struct pt_regs *regs);                  \
	long __x64_sys_##name(const struct pt_regs *regs __maybe_unused)    \
	{                                                                   \
		return __do_sys_##name();                                   \
	}                                                                   \
	static long __do_sys_##name(void)

#define SYSCALL_DEFINEx(x, name, ...)                                       \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__));             \
	long __x64_sys_##name(const struct pt_regs *regs);                  \
	long __x64_sys_##name(const struct pt_regs *regs)                   \
	{                                                                   \
		return __do_sys_##name(__SC_ARGS##x(__VA_ARGS__));          \
	}                                                                   \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

/* Boot: program the syscall MSRs (arch/x86/kernel/syscall.c). */
void syscall_init(void);

#endif /* _MOSAIC_SYSCALLS_H */
