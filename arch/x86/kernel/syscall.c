// SPDX-License-Identifier: GPL-2.0
/*
 * The system-call boundary: the MSRs that make `syscall` enter
 * entry_syscall_64 (entry.S), and the dispatch through the table
 * generated from arch/x86/entry/syscalls/syscall_64.tbl.
 */
#include <asm/msr.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/smap.h>
#include <mosaic/bitmap.h>
#include <mosaic/errno.h>
#include <mosaic/ipc.h>
#include <mosaic/irq.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <uapi/mosaic/ipc.h>

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
#define EFER_SCE (1ULL << 0)

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_IF (1UL << 9)
#define X86_EFLAGS_DF (1UL << 10)
#define X86_EFLAGS_NT (1UL << 14)

void entry_syscall_64(void);

_Static_assert(__builtin_offsetof(struct pt_regs, r11) == PT_R11, "PT_R11");
_Static_assert(__builtin_offsetof(struct pt_regs, rcx) == PT_RCX, "PT_RCX");
_Static_assert(__builtin_offsetof(struct pt_regs, rip) == PT_RIP, "PT_RIP");
_Static_assert(__builtin_offsetof(struct pt_regs, cs) == PT_CS, "PT_CS");
_Static_assert(__builtin_offsetof(struct pt_regs, rflags) == PT_RFLAGS,
	       "PT_RFLAGS");
_Static_assert(__builtin_offsetof(struct pt_regs, rsp) == PT_RSP, "PT_RSP");
_Static_assert(__builtin_offsetof(struct pt_regs, ss) == PT_SS, "PT_SS");
/*
 * SYSRET loads CS = STAR[63:48] + 16 and SS = STAR[63:48] + 8, so the
 * user data segment must sit right below the user code segment.
 */
_Static_assert(USER_CS == USER_DS + 8, "GDT order for SYSRET");

#define __SYSCALL(nr, sym) long sym(const struct pt_regs *regs);
#include <generated/asm/syscall_table_64.h>
#undef __SYSCALL

#define __SYSCALL(nr, sym) [nr] = sym,
static const syscall_fn_t syscall_table[NR_syscalls] = {
#include <generated/asm/syscall_table_64.h>
};
#undef __SYSCALL

/*
 * Calls we lack are logged once per process and call, at debug level: a
 * program probing for optional calls (musl does) must not flood the
 * console. Kernel-made user threads without a process share one set.
 */
static unsigned long ni_logged_no_process[BITS_TO_LONGS(SYSCALL_NR_MAX)];

static long sys_ni_syscall(const struct pt_regs *regs)
{
	struct process *p = current_process();
	unsigned long nr = regs->error_code;
	unsigned long *logged = p ? p->ni_logged : ni_logged_no_process;

	if (nr >= SYSCALL_NR_MAX || !test_and_set_bit(nr, logged))
		pr_debug("%s (%d): system call %lu not implemented\n",
			 current()->name, p ? p->pid : current()->tid, nr);
	return -ENOSYS;
}

/*
 * syscall: CS = KERNEL_CS, SS = KERNEL_CS + 8; sysret: CS = base + 16,
 * SS = base + 8 with base USER_DS - 8. Read as a variable: a constant
 * would make sparse flag wrmsr()'s split into halves as a truncation.
 */
static u64 star_value = ((u64)(USER_DS - 8) << 48) | ((u64)KERNEL_CS << 32);

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, READ_ONCE(star_value));
	wrmsr(MSR_LSTAR, (u64)entry_syscall_64);
	/* AC too: user code may set it, and it would switch SMAP off. */
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
				       X86_EFLAGS_NT | X86_EFLAGS_AC);
}

static syscall_fn_t syscall_lookup(unsigned long nr)
{
	if (nr < NR_syscalls && syscall_table[nr])
		return syscall_table[nr];
	return sys_ni_syscall;
}

/* From entry_syscall_64, interrupts off; returns with them off. */
void do_syscall_64(struct pt_regs *regs);
void do_syscall_64(struct pt_regs *regs)
{
#ifdef CONFIG_IPC_FASTPATH
	/* Before anything else, interrupts still off (kernel/ipc/). */
	if ((regs->error_code == __NR_ipc_call ||
	     regs->error_code == __NR_ipc_reply_recv) && ipc_fastpath(regs)) {
		if (unlikely(user_work_pending(current())))
			user_return_prepare(regs);
		return;
	}
#endif
	local_irq_enable();
	regs->rax = (u64)syscall_lookup(regs->error_code)(regs);
	user_return_prepare(regs);
}
