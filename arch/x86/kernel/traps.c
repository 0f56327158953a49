// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions: every one of the 32 vectors is reported by name with its
 * error code, CR2 for page faults, all registers and a symbolized
 * backtrace, then the kernel panics, unless an exception-table fixup
 * covers the faulting instruction (probes, later user copies) or the
 * exception is a breakpoint, which is counted and resumed.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/backtrace.h>
#include <mosaic/compiler.h>
#include <mosaic/irq.h>
#include <mosaic/panic.h>
#include <mosaic/percpu.h>
#include <mosaic/printk.h>
#include <mosaic/timer.h>
#include <mosaic/user.h>
#include <mosaic/vsprintf.h>

static const char *const exception_names[32] = {
	"Divide Error", "Debug", "Non-Maskable Interrupt", "Breakpoint",
	"Overflow", "Bound Range Exceeded", "Invalid Opcode",
	"Device Not Available", "Double Fault", "Coprocessor Segment Overrun",
	"Invalid TSS", "Segment Not Present", "Stack-Segment Fault",
	"General Protection Fault", "Page Fault", "Reserved (15)",
	"x87 Floating-Point Exception", "Alignment Check", "Machine Check",
	"SIMD Floating-Point Exception", "Virtualization Exception",
	"Control Protection Exception", "Reserved (22)", "Reserved (23)",
	"Reserved (24)", "Reserved (25)", "Reserved (26)", "Reserved (27)",
	"Hypervisor Injection Exception", "VMM Communication Exception",
	"Security Exception", "Reserved (31)",
};

struct fault_record last_fixed_fault;
unsigned long breakpoint_count;

extern const struct exception_entry __start_ex_table[], __stop_ex_table[];

static const struct exception_entry *search_exception_table(unsigned long ip)
{
	for (const struct exception_entry *e = __start_ex_table;
	     e < __stop_ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

bool in_exception_table(unsigned long ip)
{
	return search_exception_table(ip) != NULL;
}

static bool fixup_exception(struct pt_regs *regs, unsigned long cr2)
{
	const struct exception_entry *e = search_exception_table(regs->rip);

	if (!e)
		return false;
	last_fixed_fault.vector = regs->vector;
	last_fixed_fault.error_code = regs->error_code;
	last_fixed_fault.address = cr2;
	last_fixed_fault.rip = regs->rip;
	last_fixed_fault.count++;
	regs->rip = e->fixup;
	return true;
}

void show_regs(const struct pt_regs *regs)
{
	pr_emerg("RIP: %04llx:%016llx RFLAGS: %016llx\n", regs->cs, regs->rip,
		 regs->rflags);
	pr_emerg("RSP: %04llx:%016llx\n", regs->ss, regs->rsp);
	pr_emerg("RAX: %016llx RBX: %016llx RCX: %016llx\n", regs->rax,
		 regs->rbx, regs->rcx);
	pr_emerg("RDX: %016llx RSI: %016llx RDI: %016llx\n", regs->rdx,
		 regs->rsi, regs->rdi);
	pr_emerg("RBP: %016llx R08: %016llx R09: %016llx\n", regs->rbp,
		 regs->r8, regs->r9);
	pr_emerg("R10: %016llx R11: %016llx R12: %016llx\n", regs->r10,
		 regs->r11, regs->r12);
	pr_emerg("R13: %016llx R14: %016llx R15: %016llx\n", regs->r13,
		 regs->r14, regs->r15);
	pr_emerg("CR2: %016llx CR3: %016llx CR4: %016llx\n", read_cr2(),
		 read_cr3(), read_cr4());
}

static const char *exception_name(unsigned long v)
{
	return v < 32 ? exception_names[v] : "Unknown interrupt";
}

/* Report the exception with registers and call trace, then panic(reason). */
static void __noreturn die(const struct pt_regs *regs, const char *reason)
{
	pr_emerg("%s (vector %llu, error code 0x%llx)\n",
		 exception_name(regs->vector), regs->vector, regs->error_code);
	show_regs(regs);
	pr_emerg("Call trace:\n");
	print_backtrace_from(regs->rip, regs->rbp);
	panic("%s", reason);
}

static void __noreturn die_fatal(const struct pt_regs *regs)
{
	static char reason[64];

	scnprintf(reason, sizeof(reason), "fatal exception: %s",
		  exception_name(regs->vector));
	die(regs, reason);
}

/*
 * A double fault in the kernel is nearly always a stack overflow: the
 * page fault on the guard page could not push its frame. This handler
 * runs on its own IST stack, so it can still say so.
 */
static void __noreturn handle_double_fault(struct pt_regs *regs)
{
	if (is_stack_guard_address(regs->rsp) ||
	    is_stack_guard_address(regs->rsp - 8)) {
		pr_emerg("RSP %016llx is in a stack guard page\n", regs->rsp);
		die(regs, "kernel stack overflow");
	}
	die_fatal(regs);
}

static void handle_page_fault(struct pt_regs *regs)
{
	unsigned long cr2 = read_cr2();

	if (!user_mode(regs) && fixup_exception(regs, cr2))
		return;
	describe_page_fault(regs, cr2);
	die_fatal(regs);
}

void do_exception(struct pt_regs *regs)
{
	switch (regs->vector) {
	case X86_TRAP_BP:
		/* int3 has already advanced RIP: count and resume. */
		breakpoint_count++;
		return;
	case X86_TRAP_PF:
		handle_page_fault(regs);
		return;
	case X86_TRAP_DF:
		handle_double_fault(regs);
	default:
		if (!user_mode(regs) && fixup_exception(regs, 0))
			return;
		die_fatal(regs);
	}
}

/* NMI, #DF and #MC are about the machine, not the user code it ran. */
static bool is_user_exception(const struct pt_regs *regs)
{
	return regs->vector < IRQ_VECTOR_BASE && user_mode(regs) &&
	       regs->vector != X86_TRAP_NMI && regs->vector != X86_TRAP_DF &&
	       regs->vector != X86_TRAP_MC;
}

void interrupt_dispatch(struct pt_regs *regs)
{
	bool hw_irq = regs->vector >= IRQ_VECTOR_BASE;

	/*
	 * An exception of user code runs in the thread's own context (it
	 * may sleep paging in, or end the thread), not as an interrupt.
	 */
	if (is_user_exception(regs)) {
		do_user_exception(regs);
		user_return_prepare(regs);
		return;
	}
	/* Paging in for a user copy may sleep: not as an interrupt either. */
	if (regs->vector == X86_TRAP_PF && uaccess_page_fault(regs))
		return;

	/* Per CPU, not per thread: back to 0 before a preemption switches. */
	this_cpu_write(irq_depth, this_cpu_read(irq_depth) + 1);
	if (regs->vector < IRQ_VECTOR_BASE)
		do_exception(regs);
	else
		do_irq(regs);
	this_cpu_write(irq_depth, this_cpu_read(irq_depth) - 1);
	if (hw_irq)
		irq_exit_preempt();
	/* A signal the interrupt raised (the tty, an alarm) is due now. */
	if (hw_irq && user_mode(regs))
		user_return_prepare(regs);
}
