// SPDX-License-Identifier: GPL-2.0
/*
 * POSIX signals, with Linux's semantics (<mosaic/signal.h>,
 * Documentation/signals.md): sending (kill, tgkill, the kernel's own),
 * the pending sets and their siginfo, the blocked masks, the choice of
 * the thread that takes a process's signal, default actions including
 * job-control stops, and the system calls about it all. Building the
 * frame a handler runs on is the architecture's (arch/x86/kernel/
 * signal.c), from get_signal() on the way back to user mode.
 *
 * signal_lock (irqsave) guards all of it; senders come in holding
 * process_lock, so a target found under it stays alive.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/pipe.h>
#include <mosaic/printk.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/tty.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>

DEFINE_SPINLOCK_IRQ(signal_lock);

/* Default actions (signal(7)); the real-time signals terminate. */
#define SIG_STOP_MASK                                                      \
	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) |          \
	 sigmask(SIGTTOU))
#define SIG_IGNORE_MASK                                                    \
	(sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) |         \
	 sigmask(SIGURG))
/* Faults of the thread itself: taken before anything else pending. */
#define SIG_SYNCHRONOUS_MASK                                               \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) |            \
	 sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))

/* sa_flags rt_sigaction keeps; anything else reads back as unset. */
#define UAPI_SA_FLAGS                                                      \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK |           \
	 SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS |      \
	 SA_RESTORER)

enum send_type {
	SEND_PROCESS,	/* any thread, t preferred */
	SEND_THREAD,	/* t's own queue */
};

static bool sig_in(int sig, sigset_t mask)
{
	return mask & sigmask(sig);
}

static unsigned long sig_handler(const struct process *p, int sig)
{
	return p->sighand->action[sig - 1].sa_handler;
}

/* A siginfo with the sender's fields zero (SI_KERNEL: the kernel's). */
static void kernel_siginfo(kernel_siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
}

void siginfo_to_external(siginfo_t *to, const kernel_siginfo_t *from)
{
	memset(to, 0, sizeof(*to));
	memcpy(to, from, sizeof(*from));
}

/* ------------------------------------------------------------------ locks */

/* process_lock then signal_lock, for the callers that hold neither. */
struct sig_locks {
	unsigned long process_flags, signal_flags;
};

#define lock_both(l)                                                       \
	do {                                                               \
		(l)->process_flags = spin_lock_irqsave(&process_lock);     \
		(l)->signal_flags = spin_lock_irqsave(&signal_lock);       \
	} while (0)

#define unlock_both(l)                                                     \
	do {                                                               \
		spin_unlock_irqrestore(&signal_lock, (l)->signal_flags);   \
		spin_unlock_irqrestore(&process_lock, (l)->process_flags); \
	} while (0)

/* ---------------------------------------------------------- queue entries */

/*
 * The siginfo of a pending signal lives in a queue entry. Signals are
 * sent from interrupt handlers, which may not allocate, so entries come
 * from a fixed pool. rt_sigqueueinfo stops short of the last
 * SIGQUEUE_RESERVE entries (Linux's RLIMIT_SIGPENDING, which kill and
 * the kernel override); when even those are gone a standard signal
 * still arrives without its siginfo, and a queued real-time one fails
 * with EAGAIN, as in Linux.
 */
#define SIGQUEUE_POOL 256
#define SIGQUEUE_RESERVE 64

struct sigqueue {
	struct sigqueue *next;
	kernel_siginfo_t info;
};

static struct sigqueue sigqueue_pool[SIGQUEUE_POOL];
static struct sigqueue *sigqueue_free_list;
static unsigned int sigqueue_used;

static struct sigqueue *sigqueue_alloc(bool override)
{
	struct sigqueue *q = sigqueue_free_list;

	if (!q || (!override &&
		   sigqueue_used >= SIGQUEUE_POOL - SIGQUEUE_RESERVE))
		return NULL;
	sigqueue_free_list = q->next;
	q->next = NULL;
	sigqueue_used++;
	return q;
}

static void sigqueue_free(struct sigqueue *q)
{
	q->next = sigqueue_free_list;
	sigqueue_free_list = q;
	sigqueue_used--;
}

static void pending_append(struct sigpending *pd, struct sigqueue *q)
{
	struct sigqueue **pp = &pd->head;

	while (*pp)
		pp = &(*pp)->next;
	*pp = q;
}

/* Forget every pending instance of the signals in @mask. */
static void pending_flush_mask(struct sigpending *pd, sigset_t mask)
{
	struct sigqueue **pp = &pd->head;

	pd->signal &= ~mask;
	while (*pp) {
		struct sigqueue *q = *pp;

		if (sig_in(q->info.si_signo, mask)) {
			*pp = q->next;
			sigqueue_free(q);
		} else {
			pp = &q->next;
		}
	}
}

/* The lowest unblocked pending signal, faults first; 0 if none. */
static int next_signal(const struct sigpending *pd, sigset_t blocked)
{
	sigset_t x = pd->signal & ~blocked;

	if (!x)
		return 0;
	if (x & SIG_SYNCHRONOUS_MASK)
		x &= SIG_SYNCHRONOUS_MASK;
	return __builtin_ctzll(x) + 1;
}

/*
 * Take the oldest instance of @sig off @pd into @info. The bit stays set
 * while more instances are queued; one that lost its siginfo (the pool
 * was empty) reads as a bare SI_USER signal, as Linux's.
 */
static void collect_signal(int sig, struct sigpending *pd,
			   kernel_siginfo_t *info)
{
	struct sigqueue **pp, **first = NULL;
	bool more = false;

	for (pp = &pd->head; *pp; pp = &(*pp)->next) {
		if ((*pp)->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = pp;
	}
	if (!more)
		pd->signal &= ~sigmask(sig);
	memset(info, 0, sizeof(*info));
	if (first) {
		struct sigqueue *q = *first;

		*first = q->next;
		*info = q->info;
		sigqueue_free(q);
	} else {
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

/* ------------------------------------------------- threads of a process */

#define for_each_thread(p, t) list_for_each_entry(t, &(p)->threads, group_node)

/* Some signal t may take now, a stop to join, or the end of its process. */
static bool thread_has_work(const struct thread *t)
{
	const struct process *p = t->proc;
	sigset_t blocked = t->sig.blocked;

	if ((t->sig.queue.signal & ~blocked) || READ_ONCE(t->exit_pending))
		return true;
	if (!p)
		return false;
	return (p->shared_pending.signal & ~blocked) || p->group_exit_sig ||
	       (p->group_stop_count && !t->sig.parked);
}

static void recalc_sigpending(struct thread *t)
{
	WRITE_ONCE(t->sig.pending, thread_has_work(t));
}

bool signal_pending(struct thread *t)
{
	return READ_ONCE(t->sig.pending);
}

/* t has work now: out of an interruptible sleep, if it is in one. */
static void signal_wake_up_locked(struct thread *t)
{
	WRITE_ONCE(t->sig.pending, true);
	wake_up_interruptible_thread(t);
}

void signal_wake_up(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	signal_wake_up_locked(t);
	spin_unlock_irqrestore(&signal_lock, flags);
}

/* Whether t should take @sig now: Linux's wants_signal(). */
static bool wants_signal(int sig, const struct thread *t)
{
	if (t->sig.blocked & sigmask(sig))
		return false;
	return sig == SIGKILL || !t->sig.parked;
}

/* The thread whose mask decides whether a process's signal is ignored. */
static struct thread *main_thread(struct process *p)
{
	return p->thread;
}

/*
 * A newly blocked set on t: pending process signals it no longer takes
 * go to a thread that still does (Linux's retarget_shared_pending).
 */
static void retarget_shared(struct thread *t, sigset_t newly_blocked)
{
	struct process *p = t->proc;
	sigset_t left = p ? p->shared_pending.signal & newly_blocked : 0;
	struct thread *u;

	if (!left)
		return;
	for_each_thread(p, u) {
		sigset_t take = left & ~u->sig.blocked;

		if (u == t || !take)
			continue;
		signal_wake_up_locked(u);
		left &= ~take;
		if (!left)
			break;
	}
}

static void set_blocked_locked(struct thread *t, sigset_t set)
{
	sigset_t newly = set & ~t->sig.blocked;

	t->sig.blocked = set & ~SIG_KERNEL_ONLY_MASK;
	retarget_shared(t, newly);
	recalc_sigpending(t);
}

void set_current_blocked(sigset_t set)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	set_blocked_locked(current(), set);
	spin_unlock_irqrestore(&signal_lock, flags);
}

/* ------------------------------------------------------------ job control */

/*
 * A group is orphaned when no member has a parent in another group of
 * the same session (POSIX; as Linux, a parent that is init does not
 * count): nobody is left to continue it, so the terminal's stop signals
 * are dropped for it. process_lock held.
 */
struct orphan_check {
	int pgrp;
	int sid;
};

static int has_outside_parent(struct process *q, void *arg)
{
	const struct orphan_check *c = arg;
	const struct process *parent = q->parent;

	if (q->pgid != c->pgrp || q->zombie || !parent || parent->pid == 1)
		return 0;
	return parent->pgid != c->pgrp && parent->sid == q->sid;
}

static bool pgrp_orphaned_locked(const struct process *p)
{
	struct orphan_check c = { .pgrp = p->pgid, .sid = p->sid };

	return !process_for_each_locked(has_outside_parent, &c);
}

/*
 * Tell p's parent that p stopped or continued: SIGCHLD unless the parent
 * said SA_NOCLDSTOP, and its wait4 woken either way. Both locks held.
 */
static int send_signal_locked(int sig, const kernel_siginfo_t *info,
			      struct process *p, struct thread *t,
			      enum send_type type, bool force);

static void notify_parent_stop(struct process *p, int why)
{
	struct process *parent = p->parent;
	kernel_siginfo_t info;

	if (!parent || !parent->sighand)
		return;
	if (!(parent->sighand->action[SIGCHLD - 1].sa_flags & SA_NOCLDSTOP)) {
		kernel_siginfo(&info, SIGCHLD, why);
		info.f.sigchld.pid = p->pid;
		info.f.sigchld.status = why == CLD_CONTINUED ? SIGCONT :
							       p->stop_signal;
		send_signal_locked(SIGCHLD, &info, parent, NULL, SEND_PROCESS,
				   false);
	}
	wake_up_all(&parent->child_wait);
}

/* SIGCONT was sent: a stopped (or stopping) process runs again. */
static void continue_process(struct process *p)
{
	bool was_stopped = p->stopped;
	struct thread *t;

	if (!p->stopped && !p->group_stop_count)
		return;
	p->stopped = false;
	p->group_stop_count = 0;
	for_each_thread(p, t) {
		if (t->sig.parked) {
			t->sig.parked = false;
			signal_wake_up_locked(t);
		}
	}
	if (was_stopped) {
		p->continued_reported = false;
		notify_parent_stop(p, CLD_CONTINUED);
	}
}

/* ---------------------------------------------------------------- sending */

static bool sig_handler_ignored(unsigned long handler, int sig)
{
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && sig_in(sig, SIG_IGNORE_MASK));
}

/*
 * Dropped at once: ignored and not blocked by @t (a blocked signal waits:
 * the handler may change before it is unblocked). Init hears no default
 * action, except the SIGKILL or SIGSTOP of a fault (force), as Linux.
 */
static bool sig_ignored(struct process *p, struct thread *t, int sig,
			bool force)
{
	unsigned long handler = sig_handler(p, sig);

	if (t && ((t->sig.blocked | t->sig.real_blocked) & sigmask(sig)))
		return false;
	if (p->signal_unkillable && handler == SIG_DFL &&
	    !(force && sig_in(sig, SIG_KERNEL_ONLY_MASK)))
		return true;
	return sig_handler_ignored(handler, sig);
}

/*
 * What a signal does the moment it is sent, whatever becomes of it: a
 * stop signal cancels a pending SIGCONT, SIGCONT cancels pending stops
 * and resumes a stopped process. False: drop it.
 */
static bool prepare_signal(int sig, struct process *p, struct thread *t,
			   bool force)
{
	struct thread *u;

	if (!p->sighand || p->zombie)
		return false;
	if (p->group_exit_sig)
		return sig == SIGKILL;
	if (sig_in(sig, SIG_STOP_MASK)) {
		pending_flush_mask(&p->shared_pending, sigmask(SIGCONT));
		for_each_thread(p, u)
			pending_flush_mask(&u->sig.queue, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		pending_flush_mask(&p->shared_pending, SIG_STOP_MASK);
		for_each_thread(p, u)
			pending_flush_mask(&u->sig.queue, SIG_STOP_MASK);
		continue_process(p);
	}
	return !sig_ignored(p, t ? t : main_thread(p), sig, force);
}

/* Kills the process when taken: no handler, not ignored, not a stop. */
static bool sig_fatal(struct process *p, int sig)
{
	return sig_handler(p, sig) == SIG_DFL &&
	       !sig_in(sig, SIG_IGNORE_MASK | SIG_STOP_MASK);
}

/* A process's signal: @prefer if it takes it, else any thread that does. */
static struct thread *pick_thread(int sig, struct process *p,
				  struct thread *prefer)
{
	struct thread *t;

	if (prefer && wants_signal(sig, prefer))
		return prefer;
	for_each_thread(p, t) {
		if (wants_signal(sig, t))
			return t;
	}
	return NULL;
}

/*
 * Wake the thread that is to take a new pending signal. A fatal one
 * takes the whole process down at once, every thread woken to leave
 * (Linux's complete_signal).
 */
static void complete_signal(int sig, struct process *p, struct thread *t)
{
	struct thread *u;

	if (!t)
		return;		/* blocked everywhere: it waits */
	/* Not while t waits for it in rt_sigtimedwait: that takes it. */
	if (sig_fatal(p, sig) && !p->group_exit_sig &&
	    !sig_in(sig, t->sig.real_blocked)) {
		p->group_exit_sig = sig;
		for_each_thread(p, u)
			signal_wake_up_locked(u);
		return;
	}
	signal_wake_up_locked(t);
}

static int send_signal_locked(int sig, const kernel_siginfo_t *info,
			      struct process *p, struct thread *t,
			      enum send_type type, bool force)
{
	struct sigpending *pd;
	struct sigqueue *q;
	bool override;

	if (!prepare_signal(sig, p, t ? t : main_thread(p), force))
		return 0;
	pd = type == SEND_THREAD ? &t->sig.queue : &p->shared_pending;
	/* A standard signal is pending once at most. */
	if (sig < SIGRTMIN && (pd->signal & sigmask(sig)))
		return 0;
	/* Linux's RLIMIT_SIGPENDING, which kill and the kernel pass. */
	override = sig < SIGRTMIN && info->si_code >= 0;
	q = sigqueue_alloc(override);
	if (q) {
		q->info = *info;
		pending_append(pd, q);
	} else if (sig >= SIGRTMIN && info->si_code != SI_USER) {
		return -EAGAIN;
	}
	pd->signal |= sigmask(sig);
	if (type == SEND_PROCESS)
		t = pick_thread(sig, p, t ? t : main_thread(p));
	else if (!wants_signal(sig, t))
		t = NULL;
	complete_signal(sig, p, t);
	return 0;
}

int send_sig_info(int sig, const kernel_siginfo_t *info, struct process *p,
		  struct thread *t)
{
	unsigned long flags;
	int ret;

	if (!valid_signal(sig))
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	ret = send_signal_locked(sig, info, p, t,
				 t ? SEND_THREAD : SEND_PROCESS, false);
	spin_unlock_irqrestore(&signal_lock, flags);
	return ret;
}

int send_signal_process(struct process *p, int sig, int si_code, int si_pid,
			int si_status)
{
	kernel_siginfo_t info;

	kernel_siginfo(&info, sig, si_code);
	info.f.sigchld.pid = si_pid;
	info.f.sigchld.status = si_status;
	return send_sig_info(sig, &info, p, NULL);
}

/* The siginfo of kill(2), tgkill(2) and friends: who sent it. */
static void user_siginfo(kernel_siginfo_t *info, int sig, int code)
{
	struct process *me = current_process();

	kernel_siginfo(info, sig, code);
	info->f.kill.pid = me ? me->pid : 0;
	info->f.kill.uid = me ? READ_ONCE(me->cred.uid) : 0;
}

void send_sig_current(int sig)
{
	struct thread *t = current();
	kernel_siginfo_t info;
	struct sig_locks l;

	if (!t->proc)
		return;
	user_siginfo(&info, sig, SI_USER);
	lock_both(&l);
	send_signal_locked(sig, &info, t->proc, t, SEND_PROCESS, false);
	unlock_both(&l);
}

/*
 * A signal the thread caused (a fault, a frame that could not be
 * written): blocked or ignored, it takes the default action instead, as
 * Linux's force_sig_info. Init dies of it too. A user thread without a
 * process (the kernel's own tests of ring 3) just ends with it.
 */
static void force_sig_info(const kernel_siginfo_t *info)
{
	struct thread *t = current();
	struct process *p = t->proc;
	int sig = info->si_signo;
	struct sigaction *ka;
	struct sig_locks l;

	if (!p)
		user_exit(sig);
	lock_both(&l);
	if (p->sighand) {
		ka = &p->sighand->action[sig - 1];
		if ((t->sig.blocked & sigmask(sig)) ||
		    ka->sa_handler == SIG_IGN) {
			ka->sa_handler = SIG_DFL;
			t->sig.blocked &= ~sigmask(sig);
		}
		if (ka->sa_handler == SIG_DFL)
			p->signal_unkillable = false;
		send_signal_locked(sig, info, p, t, SEND_THREAD, true);
		recalc_sigpending(t);
	}
	unlock_both(&l);
}

void force_sig_fault(int sig, int si_code, unsigned long addr)
{
	kernel_siginfo_t info;

	kernel_siginfo(&info, sig, si_code);
	info.f.sigfault.addr = addr;
	force_sig_info(&info);
}

void force_sig(int sig)
{
	force_sig_fault(sig, SI_KERNEL, 0);
}

bool signal_unhandled(int sig)
{
	struct thread *t = current();
	struct process *p = t->proc;
	unsigned long flags, handler;
	bool blocked;

	if (!p)
		return true;
	flags = spin_lock_irqsave(&signal_lock);
	handler = p->sighand ? sig_handler(p, sig) : SIG_DFL;
	blocked = t->sig.blocked & sigmask(sig);
	spin_unlock_irqrestore(&signal_lock, flags);
	/* Forced while blocked, a fault takes the default action too. */
	return handler == SIG_DFL || handler == SIG_IGN || blocked;
}

/* ------------------------------------------------------------- delivery */

/*
 * The next signal for t outside @blocked: its own first (faults lead),
 * then the process's.
 */
static int dequeue_signal(struct thread *t, sigset_t blocked,
			  kernel_siginfo_t *info)
{
	struct process *p = t->proc;
	int sig = next_signal(&t->sig.queue, blocked);

	if (sig) {
		collect_signal(sig, &t->sig.queue, info);
		return sig;
	}
	sig = next_signal(&p->shared_pending, blocked);
	if (sig)
		collect_signal(sig, &p->shared_pending, info);
	return sig;
}

static bool still_parked(void *arg)
{
	struct thread *t = arg;

	return READ_ONCE(t->sig.parked) &&
	       !READ_ONCE(t->proc->group_exit_sig) &&
	       !READ_ONCE(t->exit_pending);
}

/*
 * t joins the group stop of its process (both locks held): the last
 * thread to park makes the process stopped and tells the parent. The
 * caller then sleeps until SIGCONT unparks it or SIGKILL ends it all.
 */
static void park_locked(struct thread *t)
{
	struct process *p = t->proc;

	t->sig.parked = true;
	if (--p->group_stop_count == 0) {
		p->stopped = true;
		p->stop_reported = false;
		notify_parent_stop(p, CLD_STOPPED);
	}
	recalc_sigpending(t);
}

/* A stop signal's default action: every thread of the process parks. */
static void begin_group_stop_locked(struct thread *t, int sig)
{
	struct process *p = t->proc;
	struct thread *u;

	if (p->group_stop_count)
		return;		/* one is under way: join it */
	p->stop_signal = sig;
	for_each_thread(p, u) {
		if (u->sig.parked)
			continue;
		p->group_stop_count++;
		if (u != t)
			signal_wake_up_locked(u);
	}
}

enum signal_action {
	SIGNAL_NONE,		/* nothing left to do */
	SIGNAL_HANDLER,		/* run ksig's handler */
	SIGNAL_AGAIN,		/* one was ignored: look again */
	SIGNAL_PARK,		/* stopped: sleep, then look again */
	SIGNAL_EXIT,		/* the process ends: leave with it */
};

/* One step of get_signal(), both locks held. */
static enum signal_action next_action_locked(struct thread *t,
					     struct ksignal *ksig)
{
	struct process *p = t->proc;
	struct sigaction *ka;
	int sig;

	if (!p->sighand || p->group_exit_sig)
		return SIGNAL_EXIT;
	if (p->group_stop_count && !t->sig.parked) {
		park_locked(t);
		return SIGNAL_PARK;
	}
	sig = dequeue_signal(t, t->sig.blocked, &ksig->info);
	recalc_sigpending(t);
	if (!sig)
		return SIGNAL_NONE;
	ka = &p->sighand->action[sig - 1];
	if (ka->sa_handler == SIG_IGN)
		return SIGNAL_AGAIN;
	if (ka->sa_handler != SIG_DFL) {
		ksig->sig = sig;
		ksig->ka = *ka;
		if (ka->sa_flags & SA_RESETHAND)
			ka->sa_handler = SIG_DFL;
		return SIGNAL_HANDLER;
	}
	if (sig_in(sig, SIG_IGNORE_MASK) ||
	    (p->signal_unkillable && !sig_in(sig, SIG_KERNEL_ONLY_MASK)))
		return SIGNAL_AGAIN;
	if (sig_in(sig, SIG_STOP_MASK)) {
		if (sig != SIGSTOP && pgrp_orphaned_locked(p))
			return SIGNAL_AGAIN;
		begin_group_stop_locked(t, sig);
		park_locked(t);
		return SIGNAL_PARK;
	}
	/*
	 * Terminate, or "core": Mosaic writes no core file, and Linux sets
	 * the wait status's core bit only when it wrote one (RLIMIT_CORE is
	 * 0 by default): the status is the signal number alone.
	 */
	p->group_exit_sig = sig;
	return SIGNAL_EXIT;
}

bool get_signal(struct ksignal *ksig)
{
	struct thread *t = current();
	struct process *p = t->proc;
	enum signal_action act;
	struct sig_locks l;
	int status;

	if (!p) {
		WRITE_ONCE(t->sig.pending, false);
		return false;
	}
	for (;;) {
		lock_both(&l);
		act = next_action_locked(t, ksig);
		status = p->group_exit_sig ? p->group_exit_sig : SIGKILL;
		unlock_both(&l);
		switch (act) {
		case SIGNAL_NONE:
			return false;
		case SIGNAL_HANDLER:
			return true;
		case SIGNAL_PARK:
			wait_interruptible_while(still_parked, t);
			break;
		case SIGNAL_EXIT:
			process_exit(status);
		case SIGNAL_AGAIN:
			break;
		}
	}
}

sigset_t sigmask_to_save(void)
{
	struct thread *t = current();

	return t->sig.restore_mask ? t->sig.saved_mask : t->sig.blocked;
}

void restore_saved_sigmask(void)
{
	struct thread *t = current();

	if (!t->sig.restore_mask)
		return;
	t->sig.restore_mask = false;
	set_current_blocked(t->sig.saved_mask);
}

/* The frame for ksig could not be written: SIGSEGV, which now kills. */
static void force_sigsegv(int sig)
{
	struct process *p = current_process();
	unsigned long flags;

	if (sig == SIGSEGV && p) {
		flags = spin_lock_irqsave(&signal_lock);
		if (p->sighand)
			p->sighand->action[SIGSEGV - 1].sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&signal_lock, flags);
	}
	force_sig(SIGSEGV);
}

void signal_setup_done(int failed, struct ksignal *ksig)
{
	struct thread *t = current();
	unsigned long flags;
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	flags = spin_lock_irqsave(&signal_lock);
	t->sig.restore_mask = false;
	blocked = t->sig.blocked | ksig->ka.sa_mask;
	if (!(ksig->ka.sa_flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	set_blocked_locked(t, blocked);
	spin_unlock_irqrestore(&signal_lock, flags);
}

/* --------------------------------------------------------- alternate stack */

bool altstack_contains(unsigned long sp)
{
	const struct thread *t = current();

	return sp > t->sig.sas_ss_sp &&
	       sp - t->sig.sas_ss_sp <= t->sig.sas_ss_size;
}

/* SS_AUTODISARM: the stack counts as not in use once a handler has it. */
bool on_sig_stack(unsigned long sp)
{
	if (current()->sig.sas_ss_flags & SS_AUTODISARM)
		return false;
	return altstack_contains(sp);
}

static int sas_ss_flags(unsigned long sp)
{
	if (!current()->sig.sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

static void sas_ss_reset(struct thread *t)
{
	t->sig.sas_ss_sp = 0;
	t->sig.sas_ss_size = 0;
	t->sig.sas_ss_flags = SS_DISABLE;
}

unsigned long sigaltstack_top(unsigned long sp)
{
	const struct thread *t = current();

	if (sas_ss_flags(sp) != 0)
		return 0;	/* none, or already on it */
	return t->sig.sas_ss_sp + t->sig.sas_ss_size;
}

void save_altstack(stack_t *uc_stack)
{
	struct thread *t = current();

	uc_stack->ss_sp = t->sig.sas_ss_sp;
	uc_stack->ss_size = t->sig.sas_ss_size;
	uc_stack->ss_flags = t->sig.sas_ss_size ? (int)t->sig.sas_ss_flags :
						  SS_DISABLE;
	if (t->sig.sas_ss_flags & SS_AUTODISARM)
		sas_ss_reset(t);
}

static int do_sigaltstack(const stack_t *ss, stack_t *oss, unsigned long sp)
{
	struct thread *t = current();
	unsigned int mode;

	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = t->sig.sas_ss_sp;
		oss->ss_size = t->sig.sas_ss_size;
		oss->ss_flags = sas_ss_flags(sp) |
				(int)(t->sig.sas_ss_flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	mode = (unsigned int)ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sig.sas_ss_sp = 0;
		t->sig.sas_ss_size = 0;
	} else {
		if (ss->ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		t->sig.sas_ss_sp = ss->ss_sp;
		t->sig.sas_ss_size = ss->ss_size;
	}
	t->sig.sas_ss_flags = (u32)ss->ss_flags;
	return 0;
}

int restore_altstack(const stack_t __user *uss, unsigned long sp)
{
	stack_t ss;

	if (copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	do_sigaltstack(&ss, NULL, sp);
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t __user *, uss, stack_t __user *,
		uoss)
{
	unsigned long sp = current_user_regs()->rsp;
	stack_t ss, oss;
	int err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = do_sigaltstack(uss ? &ss : NULL, uoss ? &oss : NULL, sp);
	if (!err && uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		err = -EFAULT;
	return err;
}

/* ------------------------------------------------------- masks and actions */

static int do_sigprocmask(int how, sigset_t set)
{
	struct thread *t = current();
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	sigset_t mask = t->sig.blocked;
	int err = 0;

	switch (how) {
	case SIG_BLOCK:
		mask |= set;
		break;
	case SIG_UNBLOCK:
		mask &= ~set;
		break;
	case SIG_SETMASK:
		mask = set;
		break;
	default:
		err = -EINVAL;
	}
	if (!err)
		set_blocked_locked(t, mask);
	spin_unlock_irqrestore(&signal_lock, flags);
	return err;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t old = current()->sig.blocked, set;
	int err;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&set, nset, sizeof(set)))
			return -EFAULT;
		err = do_sigprocmask(how, set);
		if (err)
			return err;
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	struct thread *t = current();
	unsigned long flags;
	sigset_t set;

	if (sigsetsize > SIGSET_SIZE)
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	set = t->sig.queue.signal;
	if (t->proc)
		set |= t->proc->shared_pending.signal;
	set &= t->sig.blocked;
	spin_unlock_irqrestore(&signal_lock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

static int do_sigaction(int sig, struct sigaction *act, struct sigaction *oact)
{
	struct process *p = current_process();
	struct sigaction *k;
	unsigned long flags;
	struct thread *t;

	if (!valid_signal(sig) || (act && sig_in(sig, SIG_KERNEL_ONLY_MASK)))
		return -EINVAL;
	if (!p || !p->sighand)
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	k = &p->sighand->action[sig - 1];
	if (oact)
		*oact = *k;
	if (act) {
		act->sa_flags &= UAPI_SA_FLAGS;
		act->sa_mask &= ~SIG_KERNEL_ONLY_MASK;
		*k = *act;
		/*
		 * POSIX: setting a pending signal to be ignored discards it,
		 * blocked or not.
		 */
		if (sig_handler_ignored(k->sa_handler, sig)) {
			pending_flush_mask(&p->shared_pending, sigmask(sig));
			for_each_thread(p, t) {
				pending_flush_mask(&t->sig.queue, sigmask(sig));
				recalc_sigpending(t);
			}
		}
	}
	spin_unlock_irqrestore(&signal_lock, flags);
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct sigaction new, old;
	int err;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	err = do_sigaction(sig, act ? &new : NULL, oact ? &old : NULL);
	if (err)
		return err;
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* ------------------------------------------------------------- waiting */

/* Sleep until a signal is to be handled; the caller's mask stays. */
static void sleep_for_signal(void)
{
	struct waiter w;

	waiter_init(&w);
	while (!signal_pending(current()))
		waiter_sleep_interruptible(&w, 0);
}

SYSCALL_DEFINE0(pause)
{
	sleep_for_signal();
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t __user *, unewset, size_t,
		sigsetsize)
{
	struct thread *t = current();
	sigset_t set;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&set, unewset, sizeof(set)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	set_current_blocked(set);
	sleep_for_signal();
	/* The handler runs with @set; the old mask comes back after it. */
	t->sig.restore_mask = true;
	return -ERESTARTNOHAND;
}

/*
 * Linux's do_sigtimedwait: take a pending signal of @set, else (unless
 * the timeout is zero) unblock @set and sleep once until a signal comes
 * or @end_ns (0: never). The signal, -EAGAIN when the time is up with
 * none of @set, -EINTR when another signal ended the sleep: that one
 * is delivered on the way out, and the call is not restarted.
 */
static int do_sigtimedwait(sigset_t set, kernel_siginfo_t *info, bool wait,
			   u64 end_ns)
{
	struct thread *t = current();
	sigset_t others = ~(set & ~SIG_KERNEL_ONLY_MASK);
	unsigned long flags;
	struct waiter w;
	int sig, err = 0;

	if (!t->proc)
		return -EINVAL;
	flags = spin_lock_irqsave(&signal_lock);
	sig = dequeue_signal(t, others, info);
	if (!sig && wait) {
		t->sig.real_blocked = t->sig.blocked;
		t->sig.blocked &= others;
		recalc_sigpending(t);
		spin_unlock_irqrestore(&signal_lock, flags);
		waiter_init(&w);
		do
			err = waiter_sleep_interruptible(&w, end_ns);
		while (!err);
		flags = spin_lock_irqsave(&signal_lock);
		set_blocked_locked(t, t->sig.real_blocked);
		t->sig.real_blocked = 0;
		sig = dequeue_signal(t, others, info);
	}
	recalc_sigpending(t);
	spin_unlock_irqrestore(&signal_lock, flags);
	if (sig)
		return sig;
	return err == -EINTR ? -EINTR : -EAGAIN;
}

SYSCALL_DEFINE4(rt_sigtimedwait, const sigset_t __user *, uthese,
		siginfo_t __user *, uinfo,
		const struct __kernel_timespec __user *, uts, size_t,
		sigsetsize)
{
	kernel_siginfo_t info;
	siginfo_t out;
	sigset_t set;
	u64 ns = 0, end_ns = 0;
	int ret;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&set, uthese, sizeof(set)))
		return -EFAULT;
	if (uts) {
		ret = get_user_timespec_ns(uts, &ns);
		if (ret)
			return ret;
		end_ns = ktime_add_safe_ns(ktime_get_ns(), ns);
	}
	ret = do_sigtimedwait(set, &info, !uts || ns, end_ns);
	if (ret > 0 && uinfo) {
		siginfo_to_external(&out, &info);
		if (copy_to_user(uinfo, &out, sizeof(out)))
			ret = -EFAULT;
	}
	return ret;
}

int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize)
{
	struct thread *t = current();
	sigset_t set;

	if (!umask)
		return 0;
	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&set, umask, sizeof(set)))
		return -EFAULT;
	t->sig.saved_mask = t->sig.blocked;
	t->sig.restore_mask = true;
	set_current_blocked(set);
	return 0;
}

void restore_saved_sigmask_unless(bool interrupted)
{
	if (!interrupted)
		restore_saved_sigmask();
	/* else delivery stores the saved mask in the frame, or restores it */
}

/* A call that was told to fail rather than restart. */
static long do_no_restart_syscall(struct restart_block *rb)
{
	return -EINTR;
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current()->sig.restart;
	long (*fn)(struct restart_block *rb) = rb->fn ? rb->fn :
						       do_no_restart_syscall;

	rb->fn = do_no_restart_syscall;
	return fn(rb);
}

/* --------------------------------------------------------------- kill */

/*
 * Linux's group_send_sig_info for root: the number is checked once a
 * target exists (kill of a missing pid is ESRCH whatever the number),
 * signal 0 checks only, and a zombie takes a signal and ignores it.
 */
static int group_send_sig_info(int sig, const kernel_siginfo_t *info,
			       struct process *p)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!sig || p->zombie)
		return 0;
	return send_sig_info(sig, info, p, NULL);
}

struct kill_many {
	int pgrp;			/* 0: every process but init and me */
	int sig;
	const kernel_siginfo_t *info;
	int ret;
	int count;
	bool sent;
};

static int kill_one(struct process *p, void *arg)
{
	struct kill_many *k = arg;
	int err;

	if (k->pgrp ? p->pgid != k->pgrp :
		      p->pid <= 1 || p == current_process())
		return 0;
	err = group_send_sig_info(k->sig, k->info, p);
	k->count++;
	k->sent |= !err;
	k->ret = err;
	return 0;
}

int kill_pgrp_locked(int pgrp, int sig, const kernel_siginfo_t *info)
{
	struct kill_many k = { .pgrp = pgrp, .sig = sig, .info = info,
			       .ret = -ESRCH };

	process_for_each_locked(kill_one, &k);
	return k.sent ? 0 : k.ret;
}

/* kill(2)'s pid: one process, a group, or (-1) everyone we may signal. */
static int kill_something_info(int sig, const kernel_siginfo_t *info,
			       int pid)
{
	struct process *me = current_process(), *p;
	struct kill_many k = { .sig = sig, .info = info };

	if (pid > 0) {
		p = process_find(pid);
		return p ? group_send_sig_info(sig, info, p) : -ESRCH;
	}
	if (pid != -1)
		return kill_pgrp_locked(pid ? -pid : (me ? me->pgid : 0), sig,
					info);
	process_for_each_locked(kill_one, &k);
	return k.count ? k.ret : -ESRCH;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	kernel_siginfo_t info;
	unsigned long flags;
	int ret;

	/* -INT_MIN is no group. */
	if (pid == (int)0x80000000)
		return -ESRCH;
	user_siginfo(&info, sig, SI_USER);
	flags = spin_lock_irqsave(&process_lock);
	ret = kill_something_info(sig, &info, pid);
	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}

/* tgkill/tkill: thread tid, of process tgid unless tgid is 0. */
static int do_send_specific(int tgid, int tid, int sig,
			    const kernel_siginfo_t *info)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct thread *t = process_find_thread(tid);
	int ret = -ESRCH;

	if (t && t->proc && (tgid <= 0 || t->proc->pid == tgid)) {
		ret = 0;
		if (sig < 0 || sig > _NSIG)
			ret = -EINVAL;
		else if (sig)
			ret = send_sig_info(sig, info, t->proc, t);
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}

static int do_tkill(int tgid, int tid, int sig)
{
	kernel_siginfo_t info;

	user_siginfo(&info, sig, SI_TKILL);
	return do_send_specific(tgid, tid, sig, &info);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return do_tkill(0, tid, sig);
}

/*
 * sigqueue(3)'s call: the caller's own siginfo, kept as given. Nobody
 * may pose as the kernel or as kill/tgkill (si_code >= 0, SI_TKILL) to
 * another process: EPERM, as Linux.
 */
static int copy_siginfo_from_user(kernel_siginfo_t *info, int sig,
				  const siginfo_t __user *uinfo)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	info->si_signo = sig;
	return 0;
}

static bool siginfo_forged(const kernel_siginfo_t *info, int pid)
{
	struct process *me = current_process();

	return (info->si_code >= 0 || info->si_code == SI_TKILL) &&
	       (!me || me->pid != pid);
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, const siginfo_t __user *,
		uinfo)
{
	kernel_siginfo_t info;
	unsigned long flags;
	struct process *p;
	int ret = copy_siginfo_from_user(&info, sig, uinfo);

	if (ret)
		return ret;
	if (siginfo_forged(&info, pid))
		return -EPERM;
	flags = spin_lock_irqsave(&process_lock);
	p = pid > 0 ? process_find(pid) : NULL;
	ret = p ? group_send_sig_info(sig, &info, p) : -ESRCH;
	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig,
		const siginfo_t __user *, uinfo)
{
	kernel_siginfo_t info;
	int ret;

	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	ret = copy_siginfo_from_user(&info, sig, uinfo);
	if (ret)
		return ret;
	if (siginfo_forged(&info, tgid))
		return -EPERM;
	return do_send_specific(tgid, tid, sig, &info);
}

/* The tty's ISIG characters, hangup and SIGWINCH: to the foreground group. */
static void tty_signal_pgrp(struct tty *tty, int sig, int pgrp)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	kernel_siginfo_t info;

	kernel_siginfo(&info, sig, SI_KERNEL);
	kill_pgrp_locked(pgrp, sig, &info);
	spin_unlock_irqrestore(&process_lock, flags);
}

static void pipe_sigpipe(void)
{
	send_sig_current(SIGPIPE);
}

/* ------------------------------------------------------ process hooks */

#define CLONE_VM 0x00000100
#define CLONE_SIGHAND 0x00000800
#define CLONE_VFORK 0x00004000
#define CLONE_THREAD 0x00010000

/* Filled in under signal_lock by sighand_init(): allocated outside it. */
static struct sighand *sighand_alloc(void)
{
	return kmalloc(sizeof(struct sighand));
}

/* @from's actions (signal_lock held), or all SIG_DFL for NULL. */
static void sighand_init(struct sighand *sh, const struct sighand *from)
{
	if (from)
		memcpy(sh->action, from->action, sizeof(sh->action));
	else
		memset(sh->action, 0, sizeof(sh->action));
	sh->count = 1;
}

/* Drop p's reference (signal_lock held); the caller frees what returns. */
static struct sighand *sighand_detach(struct process *p)
{
	struct sighand *sh = p->sighand;

	p->sighand = NULL;
	return sh && --sh->count == 0 ? sh : NULL;
}

/* Nothing pending, nothing blocked, no alternate stack. */
static void thread_signal_reset(struct thread *t)
{
	memset(&t->sig, 0, sizeof(t->sig));
	t->sig.sas_ss_flags = SS_DISABLE;
}

static void process_signal_init(struct process *p, struct sighand *sh)
{
	p->sighand = sh;
	p->shared_pending.signal = 0;
	p->shared_pending.head = NULL;
	timer_setup(&p->itimer_real.timer, itimer_real_fire);
	p->itimer_real.expires_ns = 0;
	p->itimer_real.interval_ns = 0;
	p->group_exit_sig = 0;
	p->group_stop_count = 0;
	p->signal_unkillable = p->pid == 1;
	p->stopped = false;
	p->stop_signal = 0;
	p->stop_reported = true;
	p->continued_reported = true;
}

int signal_process_init(struct process *p, struct thread *t)
{
	struct sighand *sh = sighand_alloc();

	if (!sh)
		return -ENOMEM;
	sighand_init(sh, NULL);
	process_signal_init(p, sh);
	thread_signal_reset(t);
	return 0;
}

int signal_fork(struct process *child, struct thread *t,
		unsigned long clone_flags)
{
	struct thread *me = current();
	struct process *parent = me->proc;
	struct sighand *sh = NULL;
	unsigned long flags;

	if (!parent)
		return -EINVAL;
	if (!(clone_flags & CLONE_SIGHAND)) {
		sh = sighand_alloc();
		if (!sh)
			return -ENOMEM;
	}
	flags = spin_lock_irqsave(&signal_lock);
	thread_signal_reset(t);
	t->sig.blocked = me->sig.blocked;
	/* A new thread (its own stack) starts without the alt stack. */
	if ((clone_flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
		t->sig.sas_ss_sp = me->sig.sas_ss_sp;
		t->sig.sas_ss_size = me->sig.sas_ss_size;
		t->sig.sas_ss_flags = me->sig.sas_ss_flags;
	}
	if (!(clone_flags & CLONE_THREAD)) {
		if (sh) {
			sighand_init(sh, parent->sighand);
		} else {
			sh = parent->sighand;
			sh->count++;
		}
		process_signal_init(child, sh);
	}
	spin_unlock_irqrestore(&signal_lock, flags);
	return 0;
}

void signal_exec(struct process *p)
{
	struct thread *t = current();
	struct sighand *fresh = NULL;
	unsigned long flags;

	/*
	 * Shared handlers (CLONE_SIGHAND) are the other process's too: the
	 * new program gets its own copy. Without memory for it, the shared
	 * ones are reset: the other process's lose their handlers.
	 */
	if (READ_ONCE(p->sighand->count) > 1)
		fresh = sighand_alloc();
	flags = spin_lock_irqsave(&signal_lock);
	if (fresh && p->sighand->count > 1) {
		sighand_init(fresh, p->sighand);
		p->sighand->count--;
		p->sighand = fresh;
		fresh = NULL;
	}
	for (int i = 0; i < _NSIG; i++) {
		struct sigaction *ka = &p->sighand->action[i];

		if (ka->sa_handler != SIG_IGN)
			ka->sa_handler = SIG_DFL;
		ka->sa_flags = 0;
		ka->sa_restorer = 0;
		ka->sa_mask = 0;
	}
	sas_ss_reset(t);
	spin_unlock_irqrestore(&signal_lock, flags);
	kfree(fresh);
}

void signal_thread_exit(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);

	pending_flush_mask(&t->sig.queue, ~0ULL);
	/* What it would have taken of the process's, another may take. */
	retarget_shared(t, ~t->sig.blocked);
	t->sig.blocked = ~0ULL;
	t->sig.pending = false;
	spin_unlock_irqrestore(&signal_lock, flags);
}

void signal_process_exit(struct process *p)
{
	struct sighand *sh;
	unsigned long flags;

	del_timer(&p->itimer_real.timer);
	flags = spin_lock_irqsave(&signal_lock);
	pending_flush_mask(&p->shared_pending, ~0ULL);
	sh = sighand_detach(p);
	p->itimer_real.expires_ns = 0;
	spin_unlock_irqrestore(&signal_lock, flags);
	kfree(sh);
}

/* Whether @parent's children are reaped at their exit (signal_lock held). */
static bool autoreap_locked(const struct process *parent)
{
	const struct sigaction *sa;

	if (!parent->sighand)
		return false;
	sa = &parent->sighand->action[SIGCHLD - 1];
	return sa->sa_handler == SIG_IGN || (sa->sa_flags & SA_NOCLDWAIT);
}

bool signal_child_exit_autoreap(struct process *parent)
{
	unsigned long flags = spin_lock_irqsave(&signal_lock);
	bool autoreap = autoreap_locked(parent);

	spin_unlock_irqrestore(&signal_lock, flags);
	return autoreap;
}

/* CPU time in clock ticks (sysconf(_SC_CLK_TCK) = 100), for SIGCHLD. */
static long units_to_clock_t(u64 units)
{
	return (long)(units * 100 / CONFIG_HZ / SCHED_TICK_UNITS);
}

/* A zombie's siginfo for its parent, from its wait status. */
static void exit_siginfo(kernel_siginfo_t *info, const struct process *p,
			 int status)
{
	kernel_siginfo(info, p->exit_signal, CLD_EXITED);
	info->f.sigchld.pid = p->pid;
	info->f.sigchld.uid = READ_ONCE(p->cred.uid);
	info->f.sigchld.utime = units_to_clock_t(p->run_units);
	info->f.sigchld.status = (status >> 8) & 0xff;
	if (status & 0x7f) {
		info->si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info->f.sigchld.status = status & 0x7f;
	}
}

bool signal_notify_parent_exit(struct process *p, int status)
{
	struct process *parent = p->parent;
	int sig = p->exit_signal;
	kernel_siginfo_t info;
	bool autoreap = false;
	unsigned long flags;

	if (!parent)
		return false;
	exit_siginfo(&info, p, status);
	flags = spin_lock_irqsave(&signal_lock);
	/*
	 * POSIX: a parent that ignores SIGCHLD or set SA_NOCLDWAIT leaves
	 * no zombies; with SA_NOCLDWAIT and a handler it still hears of it.
	 */
	if (sig == SIGCHLD && autoreap_locked(parent)) {
		autoreap = true;
		if (sig_handler(parent, SIGCHLD) == SIG_IGN)
			sig = 0;
	}
	if (valid_signal(sig))
		send_signal_locked(sig, &info, parent, NULL, SEND_PROCESS,
				   false);
	spin_unlock_irqrestore(&signal_lock, flags);
	/* Even with nothing to reap: a wait4 may now be ECHILD. */
	wake_up_all(&parent->child_wait);
	return autoreap;
}

void signal_init(void)
{
	for (int i = 0; i < SIGQUEUE_POOL; i++) {
		sigqueue_pool[i].next = sigqueue_free_list;
		sigqueue_free_list = &sigqueue_pool[i];
	}
	tty_set_signal_hook(tty_signal_pgrp);
	pipe_set_sigpipe_hook(pipe_sigpipe);
}
