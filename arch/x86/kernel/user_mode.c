// SPDX-License-Identifier: GPL-2.0
/*
 * Ring 3: the first entry into user code, the last checks before every
 * return to it (a switch that is due, the end of the thread, signals to
 * deliver), and what happens when user code faults: a signal with
 * Linux's si_code and si_addr. When the fault's signal is going to kill
 * (no handler), the console gets Linux's one line about it and the user
 * call chain, ready for addr2line.
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
#include <mosaic/signal.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <mosaic/vsprintf.h>

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

struct pt_regs *current_user_regs(void)
{
	return (struct pt_regs *)current()->arch.sp0 - 1;
}

/* "pid N (name)", as the process knows itself. */
static int report_pid(void)
{
	struct process *p = current_process();

	return p ? p->pid : current()->tid;
}

/* Something to do before user mode may run again. Interrupts off. */
bool user_work_pending(struct thread *t)
{
	return this_cpu_read(need_resched) || READ_ONCE(t->exit_pending) ||
	       signal_pending(t);
}

/* The work user_return_prepare() found, until none is left. */
static void __noinline user_return_work(struct pt_regs *regs,
					struct thread *t)
{
	for (;;) {
		local_irq_enable();
		preempt_check_resched();
		/* Another thread's exit_group or execve ends this one. */
		if (READ_ONCE(t->exit_pending))
			process_thread_exit(0);
		if (signal_pending(t))
			arch_do_signal(regs);
		/*
		 * Neither sysret nor iret may be given a rip outside the
		 * user half: sysret would fault in ring 0 on the user
		 * stack, iret in ring 0 with the user's GS. A handler may
		 * still take the SIGSEGV (its frame has a good rip).
		 */
		if (regs->rip >= TASK_SIZE_MAX) {
			pr_info("pid %d (%s): bad return address %016llx\n",
				report_pid(), t->name, regs->rip);
			force_sig(SIGSEGV);
			continue;
		}
		/* Checked with interrupts off: nothing can come in between. */
		local_irq_disable();
		if (!user_work_pending(t))
			return;
	}
}

void user_return_prepare(struct pt_regs *regs)
{
	struct thread *t = current();

	/*
	 * Nearly every return has nothing to do: the loop's last check,
	 * with interrupts off, decides alone, and the loop stays out of
	 * line (its set-up was a fifth of a null system call).
	 */
	local_irq_disable();
	if (user_work_pending(t) || regs->rip >= TASK_SIZE_MAX)
		user_return_work(regs, t);
}

#define CALL_CHAIN_DEPTH 16

/*
 * The user stack's frame-pointer chain (rbp -> saved rbp, return
 * address), read as user memory: each caller's return address, innermost
 * first. Code built without frame pointers ends it early or makes it
 * nonsense; the ip is always right.
 */
static void report_call_chain(const struct pt_regs *regs)
{
	char line[CALL_CHAIN_DEPTH * 20 + 32];
	unsigned long fp = regs->rbp;
	size_t len;

	len = scnprintf(line, sizeof(line), " %llx", regs->rip);
	for (int i = 0; i < CALL_CHAIN_DEPTH; i++) {
		unsigned long frame[2];

		if (!fp || (fp & 7) || fp >= TASK_SIZE_MAX ||
		    copy_from_user(frame, (const void __user *)fp,
				   sizeof(frame)) ||
		    !frame[1])
			break;
		len += scnprintf(line + len, sizeof(line) - len, " %lx",
				 frame[1]);
		if (frame[0] <= fp)
			break;		/* callers' frames lie above */
		fp = frame[0];
	}
	pr_info("pid %d (%s): call chain (addr2line -e %s):%s\n", report_pid(),
		current()->name, current()->name, line);
}

/* What a signal frame's err, trapno and cr2 will say. */
static void set_fault_info(unsigned long vector, unsigned long error_code,
			   unsigned long cr2)
{
	struct thread *t = current();

	t->arch.trap_nr = vector;
	t->arch.error_code = error_code;
	t->arch.cr2 = cr2;
}

static void report_segfault(const struct pt_regs *regs, unsigned long addr)
{
	pr_info("pid %d (%s): segfault at %lx ip %016llx sp %016llx error %llx\n",
		report_pid(), current()->name, addr, regs->rip, regs->rsp,
		regs->error_code);
	report_call_chain(regs);
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
	unsigned long error_code = regs->error_code | PF_USER;
	int err = -EFAULT;

	local_irq_enable();
	if (mm)
		err = vm_fault(mm, addr, fault_flags(regs->error_code));
	if (!err)
		return;
	if (err == -ENOMEM) {
		pr_err("Out of memory: killed pid %d (%s)\n", report_pid(),
		       current()->name);
		force_sig(SIGKILL);
		return;
	}
	/* As Linux: a kernel address reads as a protection fault. */
	if (addr >= TASK_SIZE_MAX)
		error_code |= PF_PROT;
	set_fault_info(X86_TRAP_PF, error_code, addr);
	if (err == -EIO) {
		/* A file mapping's page wholly past the end of the file. */
		force_sig_fault(SIGBUS, BUS_ADRERR, addr);
		return;
	}
	if (signal_unhandled(SIGSEGV))
		report_segfault(regs, addr);
	force_sig_fault(SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
			addr);
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

#define X86_TRAP_MF 16
#define X86_TRAP_AC 17
#define X86_TRAP_XM 19

/* Linux's signal for each user exception, its si_code and si_addr. */
struct trap_info {
	int sig;
	int code;		/* SI_KERNEL: no address */
	bool addr_is_ip;
};

static struct trap_info trap_info(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DE:
		return (struct trap_info){ SIGFPE, FPE_INTDIV, true };
	case X86_TRAP_DB:
		return (struct trap_info){ SIGTRAP, TRAP_TRACE, true };
	case X86_TRAP_BP:
		return (struct trap_info){ SIGTRAP, SI_KERNEL, false };
	case X86_TRAP_UD:
		return (struct trap_info){ SIGILL, ILL_ILLOPN, true };
	case 9:		/* coprocessor segment overrun */
		return (struct trap_info){ SIGFPE, SI_KERNEL, false };
	case 11:	/* segment not present */
	case 12:	/* stack segment */
		return (struct trap_info){ SIGBUS, SI_KERNEL, false };
	case X86_TRAP_AC:
		return (struct trap_info){ SIGBUS, BUS_ADRALN, false };
	case X86_TRAP_MF:
	case X86_TRAP_XM:
		return (struct trap_info){
			SIGFPE,
			fpu_exception_code(current(), vector == X86_TRAP_XM),
			true };
	default:	/* #GP, #OF, #BR, #TS ... */
		return (struct trap_info){ SIGSEGV, SI_KERNEL, false };
	}
}

void do_user_exception(struct pt_regs *regs)
{
	struct trap_info ti;

	if (regs->vector == X86_TRAP_PF) {
		user_page_fault(regs);
		return;
	}
	local_irq_enable();
	ti = trap_info(regs->vector);
	/* An x87/SIMD exception with nothing unmasked: spurious, as Linux. */
	if (ti.sig == SIGFPE && !ti.code)
		return;
	set_fault_info(regs->vector, regs->error_code, current()->arch.cr2);
	if (signal_unhandled(ti.sig)) {
		pr_info("pid %d (%s): trap %llu ip %016llx sp %016llx error %llx\n",
			report_pid(), current()->name, regs->vector, regs->rip,
			regs->rsp, regs->error_code);
		report_call_chain(regs);
	}
	force_sig_fault(ti.sig, ti.code, ti.addr_is_ip ? regs->rip : 0);
}
