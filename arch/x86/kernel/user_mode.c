// SPDX-License-Identifier: GPL-2.0
/*
 * Ring 3: the first entry into user code, the last checks before every
 * return to it, and what happens when user code faults. Until signals
 * exist a fault takes the fatal default action: one Linux-style line on
 * the console and the thread ends with the signal as its wait status.
 */
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/smap.h>
#include <asm/traps.h>
#include <mosaic/errno.h>
#include <mosaic/irq.h>
#include <mosaic/mmap.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
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

void user_release_mm(void)
{
	struct thread *t = current();
	struct mm *mm = t->mm;

	if (mm) {
		t->mm = NULL;
		mm_activate(&init_mm);
		mm_put(mm);
	}
}

void user_exit(int status)
{
	local_irq_enable();
	/* The thread's reference to its address space ends with it. */
	user_release_mm();
	thread_exit(status);
}

void user_kill(int signo)
{
	process_exit(signo);
}

struct pt_regs *current_user_regs(void)
{
	return (struct pt_regs *)current()->arch.sp0 - 1;
}

void user_return_prepare(struct pt_regs *regs)
{
	preempt_check_resched();
	/* Another thread's exit_group or execve ends this one. */
	if (READ_ONCE(current()->exit_pending))
		process_thread_exit(0);
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

#define X86_EFLAGS_IF (1UL << 9)

/* The x86 page-fault error code as vm_fault()'s flags. */
static unsigned int fault_flags(u64 error_code)
{
	return ((error_code & PF_PROT) ? FAULT_PRESENT : 0) |
	       ((error_code & PF_WRITE) ? FAULT_WRITE : 0) |
	       ((error_code & PF_USER) ? FAULT_USER : 0) |
	       ((error_code & PF_INSTR) ? FAULT_EXEC : 0);
}

static void user_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	struct mm *mm = current()->mm;
	int err = -EFAULT;

	local_irq_enable();
	if (mm)
		err = vm_fault(mm, addr, fault_flags(regs->error_code));
	if (!err)
		return;
	if (err == -ENOMEM) {
		pr_err("Out of memory: killed pid %d (%s)\n", current()->tid,
		       current()->name);
		user_kill(SIGKILL);
	}
	report_segfault(regs, addr);
	user_kill(SIGSEGV);
}

/*
 * A kernel-mode fault on a user address inside the user-copy functions:
 * page it in as user code would have (demand paging, copy-on-write),
 * and take the exception-table fixup (-EFAULT) only if that fails. A
 * fault with the SMAP window closed is a kernel bug or a probe, never
 * paged in; with interrupts off (a copy under a spinlock, a bug) the
 * mm's sleeping lock cannot be taken, so it fails too.
 */
bool uaccess_page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	struct mm *mm = current()->mm;
	int err = -EFAULT;

	if (user_mode(regs) || addr >= TASK_SIZE_MAX ||
	    !in_exception_table(regs->rip))
		return false;
	if (x86_smap_enabled && !(regs->rflags & X86_EFLAGS_AC))
		return false;
	if (mm && (regs->rflags & X86_EFLAGS_IF)) {
		local_irq_enable();
		err = vm_fault(mm, addr, fault_flags(regs->error_code));
		local_irq_disable();
	}
	return !err;
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
