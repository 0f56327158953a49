/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 per-CPU access: the GS base of every CPU points at its own
 * struct percpu, so one %gs-relative mov reads or writes a field of the
 * running CPU's area without knowing which CPU it is. Interrupts and
 * preemption need not be off for a single read or write: the move is
 * one instruction and cannot be split by a migration.
 */
#ifndef _ASM_X86_PERCPU_H
#define _ASM_X86_PERCPU_H

/*
 * Offsets of the struct percpu fields the syscall entry reaches with
 * %gs-relative moves before it has a stack (checked in percpu.c).
 */
#define PERCPU_KERNEL_STACK_TOP 16
#define PERCPU_USER_RSP_SCRATCH 24

#ifndef __ASSEMBLER__

#define __percpu_offset(field) __builtin_offsetof(struct percpu, field)
#define __percpu_type(field) __typeof__(((struct percpu *)0)->field)

/* Only 8- and 4-byte fields: the register size then gives the move's. */
#define __percpu_check_size(field)                                           \
	BUILD_BUG_ON(sizeof(__percpu_type(field)) != 8 &&                    \
		     sizeof(__percpu_type(field)) != 4)

#define this_cpu_read(field)                                                 \
	({                                                                   \
		__percpu_type(field) __val;                                  \
		__percpu_check_size(field);                                  \
		__asm__ __volatile__("mov %%gs:%c1, %0"                      \
				     : "=r"(__val)                           \
				     : "i"(__percpu_offset(field)));          \
		__val;                                                       \
	})

/*
 * For a field that never changes as seen by the code reading it (current:
 * a thread is always current to itself): the compiler may reuse the value.
 */
#define this_cpu_read_stable(field)                                          \
	({                                                                   \
		__percpu_type(field) __val;                                  \
		__percpu_check_size(field);                                  \
		__asm__("mov %%gs:%c1, %0"                                   \
			: "=r"(__val)                                        \
			: "i"(__percpu_offset(field)));                       \
		__val;                                                       \
	})

#define this_cpu_write(field, val)                                           \
	do {                                                                 \
		__percpu_type(field) __val = (val);                          \
		__percpu_check_size(field);                                  \
		__asm__ __volatile__("mov %0, %%gs:%c1"                      \
				     :                                       \
				     : "r"(__val), "i"(__percpu_offset(field))\
				     : "memory");                            \
	} while (0)

/* One read-modify-write instruction: safe against interrupts. */
#define __this_cpu_rmw(op, field)                                            \
	do {                                                                 \
		BUILD_BUG_ON(sizeof(__percpu_type(field)) != 4);             \
		__asm__ __volatile__(op "l %%gs:%c0"                         \
				     :                                       \
				     : "i"(__percpu_offset(field))           \
				     : "memory");                            \
	} while (0)
#define this_cpu_inc(field) __this_cpu_rmw("inc", field)
#define this_cpu_dec(field) __this_cpu_rmw("dec", field)
#endif /* __ASSEMBLER__ */

#endif /* _ASM_X86_PERCPU_H */
