/* SPDX-License-Identifier: GPL-2.0 */
/*
 * POSIX signals with Linux's semantics (kernel/signal.c, the x86 frame
 * in arch/x86/kernel/signal.c; Documentation/signals.md).
 *
 * A signal is sent to a process (any thread that does not block it takes
 * it) or to one thread, and waits in a pending set with its siginfo until
 * that thread goes back to user mode: user_return_prepare() runs a
 * handler on a signal frame, or the default action (terminate, ignore,
 * stop, continue). Handlers are per process (struct sighand, shared by
 * CLONE_SIGHAND); the blocked mask and the alternate stack per thread.
 *
 * Locks: signal_lock (irqsave) guards every process's and thread's
 * signal state. Senders hold process_lock (the target must not go away),
 * then signal_lock; under it a send may wake threads (wait_lock, the rq
 * lock), so it works from interrupt handlers and never sleeps.
 */
#ifndef _MOSAIC_SIGNAL_H
#define _MOSAIC_SIGNAL_H

#include <mosaic/compiler.h>
#include <mosaic/signal_types.h>
#include <mosaic/spinlock.h>
#include <mosaic/wait.h>
#include <uapi/linux/signal.h>

struct process;
struct pt_regs;
struct thread;

static inline sigset_t sigmask(int sig)
{
	return 1ULL << (sig - 1);
}

/* Never blocked, caught or ignored. */
#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))

static inline bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

/* What the kernel keeps of a siginfo_t: its first 48 bytes, as Linux. */
typedef struct kernel_siginfo {
	__SIGINFO_HEAD;
	union __sifields f;
} kernel_siginfo_t;

/* The handlers of a process; CLONE_SIGHAND processes share one. */
struct sighand {
	int count;			/* processes using it (signal_lock) */
	struct sigaction action[_NSIG];
};

extern spinlock_t signal_lock;

/* Boot: the pool of queue entries, the tty's and the pipes' hooks. */
void signal_init(void);

/*
 * Hooks for the process code (kernel/process.c, fork.c, exit.c,
 * fs/exec.c), in the order of a process's life:
 *
 * signal_process_init(p, t): a process made without fork (init, the
 *   tests' programs): default handlers, t's state reset. 0 or -ENOMEM.
 * signal_fork(child, t, clone_flags): before the new thread t runs:
 *   child is the new process, or the caller's for CLONE_THREAD. The
 *   handlers are shared (CLONE_SIGHAND) or copied, t inherits the
 *   caller's blocked mask, its alternate stack unless it is a thread
 *   (CLONE_VM without CLONE_VFORK), and nothing is pending. 0 or -ENOMEM.
 * signal_exec(p): execve succeeded: caught signals go back to the
 *   default action (ignored ones stay ignored), the alternate stack goes.
 * signal_thread_exit(t): t leaves its process (process_lock held): its
 *   pending signals are dropped, shared ones go to another thread.
 * signal_process_exit(p): the last thread is leaving, before p becomes a
 *   zombie: handlers, the shared queue and the real-time timer go;
 *   nothing is queued to p afterwards.
 * signal_notify_parent_exit(p, status): p became a zombie with wait
 *   status @status (process_lock held): SIGCHLD (p->exit_signal) to the
 *   parent with CLD_EXITED/CLD_KILLED, its wait4 woken. Returns true
 *   when p must be reaped at once (the parent ignores SIGCHLD or set
 *   SA_NOCLDWAIT), as signal_child_exit_autoreap() says.
 */
int signal_process_init(struct process *p, struct thread *t);
int signal_fork(struct process *child, struct thread *t,
		unsigned long clone_flags);
void signal_exec(struct process *p);
void signal_thread_exit(struct thread *t);
void signal_process_exit(struct process *p);
bool signal_notify_parent_exit(struct process *p, int status);
bool signal_child_exit_autoreap(struct process *parent);

/*
 * Send a signal, process_lock held, any context: to process p (t NULL)
 * or to its thread t. 0 (also when the signal is ignored and dropped),
 * -EAGAIN when a real-time signal found no queue entry.
 */
int send_sig_info(int sig, const kernel_siginfo_t *info, struct process *p,
		  struct thread *t);
/* The same with the fields a kernel sender fills in (SIGCHLD, SIGALRM). */
int send_signal_process(struct process *p, int sig, int si_code, int si_pid,
			int si_status);
/* Send to every process of group pgrp, process_lock held: 0 or -ESRCH. */
int kill_pgrp_locked(int pgrp, int sig, const kernel_siginfo_t *info);
/* A signal the calling thread raised on itself (SIGPIPE): SI_USER. */
void send_sig_current(int sig);
/*
 * A fault of the calling thread (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGTRAP): si_code and si_addr as given. Blocked or ignored, the
 * signal still comes and takes its default action, as in Linux.
 */
void force_sig_fault(int sig, int si_code, unsigned long addr);
/* A forced signal without an address (si_code SI_KERNEL). */
void force_sig(int sig);
/* Handled-and-blocked or ignored: would a fault with sig kill? */
bool signal_unhandled(int sig);
/*
 * Make t look at its signals or its exit_pending: out of an
 * interruptible sleep, back to user_return_prepare().
 */
void signal_wake_up(struct thread *t);

/*
 * Sleeping system calls: a signal for a thread makes signal_pending(t)
 * true and ends its interruptible sleeps (<mosaic/wait.h>); the call
 * returns -ERESTARTSYS (or a sibling, <mosaic/errno.h>), and the way
 * back to user mode runs the handler and turns that into EINTR or a
 * restart. signal_pending() is declared in <mosaic/wait.h>.
 *
 * ppoll and pselect6 wait with a temporary mask: set_user_sigmask()
 * installs it (0, -EINVAL for a size other than 8, -EFAULT), and
 * restore_saved_sigmask_unless(interrupted) puts the caller's back,
 * unless the call was interrupted: then it comes back after the handler
 * ran (as sigsuspend's).
 */
int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize);
void restore_saved_sigmask_unless(bool interrupted);

/* ---- For the architecture's delivery code (arch/x86/kernel/signal.c) */

/*
 * From user_return_prepare() while signal_pending(): handle one signal
 * (a handler's frame, or its default action), or finish an interrupted
 * call if none is left. Interrupts on; may sleep (a stop).
 */
void arch_do_signal(struct pt_regs *regs);

struct ksignal {
	int sig;
	struct sigaction ka;		/* the action as it was when taken */
	kernel_siginfo_t info;
};

/*
 * A siginfo as user space sees it (siginfo_t, 128 bytes): the kernel's
 * part, the rest zero. For signal frames and rt_sigtimedwait.
 */
void siginfo_to_external(siginfo_t *to, const kernel_siginfo_t *from);

/*
 * The next signal the calling thread must handle: true with ksig filled
 * in when a handler is to run. Default actions happen inside: ignoring,
 * stopping (it sleeps here until SIGCONT), or ending the process (it
 * does not return). False when nothing is left.
 */
bool get_signal(struct ksignal *ksig);
/* After building the frame: failed (-EFAULT), or block what the handler
 * blocks while it runs. */
void signal_setup_done(int failed, struct ksignal *ksig);
/* The mask to store in a frame: sigsuspend's saved one, or blocked. */
sigset_t sigmask_to_save(void);
/* No handler ran: put sigsuspend's mask back. */
void restore_saved_sigmask(void);
/* rt_sigreturn: the mask from the frame (SIGKILL, SIGSTOP stripped). */
void set_current_blocked(sigset_t set);

/*
 * The alternate stack of the calling thread: is user sp @sp on it (as
 * sigaltstack(2) sees it: never with SS_AUTODISARM), does it hold @sp.
 */
bool on_sig_stack(unsigned long sp);
bool altstack_contains(unsigned long sp);
/* uc_stack of a frame; SS_AUTODISARM then drops the alt stack. */
void save_altstack(stack_t *uc_stack);
/* rt_sigreturn: uc_stack back (errors ignored, as Linux); -EFAULT. */
int restore_altstack(const stack_t __user *uss, unsigned long sp);
/* Top of the alt stack to use for SA_ONSTACK at sp, or 0 for none. */
unsigned long sigaltstack_top(unsigned long sp);

/* restart_syscall(2)'s number: what -ERESTART_RESTARTBLOCK turns into. */
#define NR_restart_syscall 219

/* ITIMER_REAL's timer function (kernel/time/itimer.c). */
void itimer_real_fire(struct timer_list *timer);

#endif /* _MOSAIC_SIGNAL_H */
