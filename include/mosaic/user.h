/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running threads in user mode (arch/x86/kernel/user_mode.c): entering
 * ring 3, the checks on every way back (signal delivery among them), and
 * the signal a fault raises. Exit statuses of user threads are Linux wait statuses: an
 * exit code in bits 8..15, or the number of the signal that killed it.
 */
#ifndef _MOSAIC_USER_H
#define _MOSAIC_USER_H

#include <asm/ptrace.h>
#include <mosaic/compiler.h>
#include <uapi/linux/signal.h>

/* The wait status of exit(code). */
#define W_EXITCODE(code) (((code) & 0xff) << 8)

/*
 * Start user code at rip with stack rsp in the current thread, whose mm
 * is loaded: gives it its FPU area (the initial state), never returns.
 * -ENOMEM if the FPU area cannot be had.
 */
int start_user_thread(unsigned long rip, unsigned long rsp);

/*
 * Last C on the way back to user mode (syscall, exception, interrupt):
 * switch if a reschedule is due, end the thread if its process is
 * exiting, deliver pending signals, refuse a non-canonical rip; returns
 * with interrupts off and nothing left to do.
 */
void user_return_prepare(struct pt_regs *regs);
/*
 * What user_return_prepare() would have to do (a reschedule, a signal,
 * an exit): a return that skipped it (IPC's fastpath) calls it then.
 * Interrupts off.
 */
struct thread;
bool user_work_pending(struct thread *t);

/*
 * End the current user thread with a wait status, dropping its reference
 * to its address space. TODO(process): the process's, not the thread's.
 */
void user_exit(int status) __noreturn;
/*
 * Drop the current thread's reference to its address space (the last
 * one frees it) and run on the kernel's: the first step of an exit, so
 * a parent woken by the exit finds the memory back.
 */
void user_release_mm(void);

/*
 * The current thread's user registers as its last system call saved
 * them (the frame at the top of its kernel stack): execve and clone
 * read and rewrite them.
 */
struct pt_regs *current_user_regs(void);

/* An exception in user mode: resolved, or the thread is killed. */
void do_user_exception(struct pt_regs *regs);
/*
 * A kernel page fault in a user copy that vm_fault() resolved: true
 * means retry the access; false, the exception-table fixup applies.
 */
bool uaccess_page_fault(struct pt_regs *regs);

#endif /* _MOSAIC_USER_H */
