// SPDX-License-Identifier: GPL-2.0
/*
 * Ring 3: the first entry into user code, the last checks before every
 * return to it, and what happens when user code faults. Until signals
 * exist a fault takes the fatal default action: one Linux-style line on
 * the console and the thread ends with the signal as its wait status.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/sched.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>

void enter_user_mode(unsigned long rip, unsigned long rsp) __noreturn;

int start_user_thread(unsigned long rip, unsigned long rsp)
{
	struct thread *t = current();
	int err = thread_fpu_prepare(t);

	if (err)
		return err;
	/* No switch may save half-loaded state: interrupts off from here. */
	local_irq_disable();
	fpu_restore(t->arch.fpu);
	enter_user_mode(rip, rsp);
}

void user_kill(int signo)
{
	local_irq_enable();
	thread_exit(signo);
}

void user_return_prepare(struct pt_regs *regs)
{
	preempt_check_resched();
	/*
	 * Neither sysret nor iret may be given a rip outside the user half:
	 * sysret would fault in ring 0 on the user stack, iret in ring 0
	 * with the user's GS. Whatever set it, the program cannot go on.
	 */
	if (regs->rip >= TASK_SIZE_MAX) {
		pr_info("pid %d (%s): bad return address %016llx\n",
			current()->tid, current()->name, regs->rip);
		user_kill(SIGSEGV);
	}
	local_irq_disable();
}

static void report_segfault(const struct pt_regs *regs, unsigned long addr)
{
	/* TODO(process): the process id and name once processes exist. */
	pr_info("pid %d (%s): segfault at %lx ip %016llx sp %016llx error %llx\n",
		current()->tid, current()->name, addr, regs->rip, regs->rsp,
		regs->error_code);
}

static void user_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();

	local_irq_enable();
	/* TODO(vma): vm_fault(current()->mm, addr, flags) resolves first. */
	report_segfault(regs, addr);
	user_kill(SIGSEGV);
}

static int trap_signal(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DE:
	case 16:	/* x87 floating point */
	case 19:	/* SIMD floating point */
		return SIGFPE;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return SIGTRAP;
	case 17:	/* alignment check */
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

void do_user_exception(struct pt_regs *regs)
{
	if (regs->vector == X86_TRAP_PF) {
		user_page_fault(regs);
		return;
	}
	local_irq_enable();
	pr_info("pid %d (%s): trap %llu ip %016llx sp %016llx error %llx\n",
		current()->tid, current()->name, regs->vector, regs->rip,
		regs->rsp, regs->error_code);
	user_kill(trap_signal(regs->vector));
}
