/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_X86_TRAPS_H
#define _ASM_X86_TRAPS_H

#include <asm/ptrace.h>

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define X86_TRAP_MC 18
#define IRQ_VECTOR_BASE 32

/* Page-fault error code bits. */
#define PF_PROT (1UL << 0)
#define PF_WRITE (1UL << 1)
#define PF_USER (1UL << 2)
#define PF_RSVD (1UL << 3)
#define PF_INSTR (1UL << 4)

void gdt_init(void);
/* TSS.rsp0: the stack the CPU switches to on an entry from ring 3. */
unsigned long tss_kernel_stack(void);
void do_irq(struct pt_regs *regs);
void do_exception(struct pt_regs *regs);
/* Called from entry.S for every vector. */
void interrupt_dispatch(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);
extern unsigned long breakpoint_count;
void idt_init(void);

/*
 * Exception fixups: an instruction listed in __ex_table that faults
 * resumes at its fixup address instead of being fatal (used by probes
 * and, later, by user-memory copies).
 */
struct exception_entry {
	unsigned long insn;
	unsigned long fixup;
};

/* Is there a fixup for a fault at ip? */
bool in_exception_table(unsigned long ip);

/* The last fault a fixup absorbed, so tests can check what was reported. */
struct fault_record {
	u64 vector, error_code, address, rip;
	int count;
};
extern struct fault_record last_fixed_fault;

/* Read/write one byte at addr; -EFAULT (not a panic) if it faults. */
int probe_read_byte(const void *addr, u8 *val);
int probe_write_byte(void *addr, u8 val);

/* Page-fault reporting is owned by the paging code. */
void describe_page_fault(const struct pt_regs *regs, unsigned long cr2);
/* Did a fault at this address hit a kernel stack guard page? */
bool is_stack_guard_address(unsigned long addr);

#endif /* _ASM_X86_TRAPS_H */
