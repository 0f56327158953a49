/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signal state embedded in struct thread and struct process
 * (kernel/signal.c, <mosaic/signal.h>). Everything here is guarded by
 * signal_lock, except where a field says otherwise. All-zero is the
 * state of a new kernel thread: nothing pending, nothing blocked, no
 * alternate stack.
 */
#ifndef _MOSAIC_SIGNAL_TYPES_H
#define _MOSAIC_SIGNAL_TYPES_H

#include <mosaic/timer.h>
#include <mosaic/types.h>

/* One bit per signal 1..64, bit (sig - 1), as Linux's x86-64 sigset_t. */
typedef u64 sigset_t;

struct sigqueue;

/* Signals waiting for delivery: the set, and the siginfo of each. */
struct sigpending {
	sigset_t signal;
	struct sigqueue *head;		/* FIFO, singly linked; NULL: empty */
};

/*
 * How restart_syscall(2) resumes a call that returned
 * -ERESTART_RESTARTBLOCK (a sleep that must continue with the time
 * left): the call stores its function and arguments here first.
 */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	u64 arg[4];
};

struct thread_signal {
	sigset_t blocked;
	/*
	 * rt_sigtimedwait: the mask before the wait unblocked its set (0
	 * otherwise). A signal blocked here is not ignored at send time, as
	 * Linux's real_blocked: the waiter takes it instead.
	 */
	sigset_t real_blocked;
	/* sigsuspend: the mask to put back once a handler ran or on return */
	sigset_t saved_mask;
	bool restore_mask;
	/* Work before user mode: unblocked signals, a stop or a kill. */
	bool pending;
	/* In an interruptible sleep that a signal ends (wait_lock). */
	bool interruptible;
	/* Parked in a group stop, until SIGCONT or SIGKILL. */
	bool parked;
	struct sigpending queue;	/* sent to this thread */
	/* sigaltstack(2); size 0: none */
	u64 sas_ss_sp;
	u64 sas_ss_size;
	u32 sas_ss_flags;		/* SS_AUTODISARM */
	struct restart_block restart;
};

/* ITIMER_REAL (alarm, setitimer): SIGALRM to the process. */
struct itimer_real {
	struct timer_list timer;	/* fires at the tick of @expires_ns */
	u64 expires_ns;			/* ktime; 0: disarmed */
	u64 interval_ns;		/* re-armed by this much; 0: once */
};

#endif /* _MOSAIC_SIGNAL_TYPES_H */
