// SPDX-License-Identifier: GPL-2.0
/*
 * The end of threads and processes, and wait4/waitid. A thread leaves
 * its process; the last one out releases the process's files, hands its
 * children to init, and leaves a zombie with the wait status for the
 * parent, which wakes in wait4 and frees it. Nobody to reap it (a
 * process the kernel started for a test, or a parent gone without init)
 * means it is freed at once.
 */
#include <mosaic/errno.h>
#include <mosaic/futex.h>
#include <mosaic/ipc.h>
#include <mosaic/panic.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/semaphore.h>
#include <mosaic/signal.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/thread.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <mosaic/vfs.h>

#include "process_internal.h"

#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002
#define WSTOPPED WUNTRACED
#define WEXITED 0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define WAIT_THREAD_FLAGS (__WNOTHREAD | __WALL | __WCLONE)

#define P_ALL 0
#define P_PID 1
#define P_PGID 2

/*
 * Who adopts p's children: the nearest subreaper among its ancestors,
 * else init; with neither (a test boot, or init itself exiting) nobody.
 */
static struct process *find_reaper_locked(struct process *p)
{
	for (struct process *a = p->parent; a; a = a->parent) {
		if (a->child_subreaper && !a->zombie && !a->group_exiting)
			return a;
	}
	return init_process != p ? init_process : NULL;
}

/*
 * Children of an exiting process go to their reaper; without one, a
 * zombie among them is freed now and a live one will free itself.
 */
static void reparent_children_locked(struct process *p, struct list_head *dead)
{
	struct process *reaper = find_reaper_locked(p);
	struct process *c, *next;

	list_for_each_entry_safe(c, next, &p->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = reaper;
		if (reaper) {
			list_add_tail(&c->sibling, &reaper->children);
			/* The new parent hears of it; it may not want it. */
			if (c->zombie && signal_notify_parent_exit(c,
							  c->exit_status)) {
				list_del_init(&c->sibling);
				process_unhash_locked(c, dead);
			}
		} else if (c->zombie) {
			process_unhash_locked(c, dead);
		}
	}
}

/* A vfork parent waits for this: the child no longer uses its memory. */
void process_vfork_release(struct process *p)
{
	struct semaphore *done = __atomic_exchange_n(&p->vfork_done, NULL,
						 __ATOMIC_ACQ_REL);

	if (done)
		up(done);
}

/*
 * The files, directory and program go; /proc reads them under
 * process_lock, so they leave the process under it first.
 */
static void release_process_files(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct fdtable *files = p->files;
	struct fs_struct *fs = p->fs;
	struct file *exe = p->exe_file;

	p->files = NULL;
	p->fs = NULL;
	p->exe_file = NULL;
	spin_unlock_irqrestore(&process_lock, flags);
	fdtable_free(files);
	fs_struct_free(fs);
	if (exe)
		fput(exe);
}

/* The last thread of p is leaving with wait status @status. */
static void process_finish(struct process *p, int status)
{
	unsigned long flags;
	LIST_HEAD(dead);

	if (p->pid == 1)
		panic("Attempted to kill init! exitcode=0x%08x", status);
	ipc_exit(p);
	release_process_files(p);
	process_vfork_release(p);
	signal_process_exit(p);
	flags = spin_lock_irqsave(&process_lock);
	reparent_children_locked(p, &dead);
	p->exit_status = status;
	p->zombie = true;
	current()->proc = NULL;
	/* SIGCHLD; a parent that ignores it leaves no zombie to reap. */
	if (!p->parent || signal_notify_parent_exit(p, status)) {
		if (p->parent)
			list_del_init(&p->sibling);
		process_unhash_locked(p, &dead);
	}
	spin_unlock_irqrestore(&process_lock, flags);
	process_release_dead(&dead);
}

/*
 * CLONE_CHILD_CLEARTID: tell a joiner (pthread_join) the thread is gone:
 * the word becomes 0 and one waiter on it wakes, as Linux does (even if
 * the write faulted).
 */
static void clear_child_tid(struct thread *t)
{
	int __user *tidptr = t->clear_child_tid;

	t->clear_child_tid = NULL;
	if (!tidptr || !t->mm)
		return;
	(void)put_user(0, tidptr);
	futex_wake(t->mm, (u32 __user *)tidptr, 1);
}

void process_thread_exit(int status)
{
	struct thread *t = current();
	struct process *p = t->proc;
	unsigned long flags;
	bool last;

	if (!p)
		user_exit(status);
	ipc_thread_exit(t);
	clear_child_tid(t);
	/* The peak of its address space outlives it (getrusage). */
	if (t->mm)
		process_account_mm(p, t->mm);
	/* As Linux's exit_mm(): the memory is back before anyone is told. */
	user_release_mm();
	flags = spin_lock_irqsave(&process_lock);
	signal_thread_exit(t);
	list_del_init(&t->group_node);
	last = --p->nr_threads == 0;
	if (p->thread == t)
		p->thread = last ? NULL : list_first_entry(&p->threads,
							    struct thread,
							    group_node);
	if (t->user_tid != p->pid)
		pid_free_locked(t->user_tid);
	p->run_units += t->stats.run_units;
	process_account_thread_exit_locked(p, t);
	if (p->group_exiting)
		status = p->exit_status;
	if (!last)
		t->proc = NULL;
	spin_unlock_irqrestore(&process_lock, flags);
	if (last)
		process_finish(p, status);
	user_exit(status);
}

/* Every thread of p but the caller leaves at its next return. (L) */
static void stop_other_threads_locked(struct process *p)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, group_node) {
		if (t != current()) {
			WRITE_ONCE(t->exit_pending, true);
			/* Out of an interruptible sleep, to see it. */
			signal_wake_up(t);
		}
	}
}

void process_exec_threads(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);

	stop_other_threads_locked(p);
	spin_unlock_irqrestore(&process_lock, flags);
}

void process_exit(int status)
{
	struct process *p = current_process();
	unsigned long flags;

	if (!p)
		user_exit(status);
	flags = spin_lock_irqsave(&process_lock);
	if (!p->group_exiting) {
		p->group_exiting = true;
		p->exit_status = status;
	}
	stop_other_threads_locked(p);
	spin_unlock_irqrestore(&process_lock, flags);
	process_thread_exit(status);
}

SYSCALL_DEFINE1(exit, int, code)
{
	process_thread_exit(W_EXITCODE(code));
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	process_exit(W_EXITCODE(code));
}

/* Which children a wait selects: wait4's pid, waitid's idtype/id. */
struct wait_sel {
	int type;	/* P_ALL, P_PID, P_PGID */
	int id;
	int options;
	bool exited;	/* report exits (waitid without WEXITED does not) */
};

static bool child_selected(const struct process *c, const struct wait_sel *s)
{
	/* A "clone" child signals its parent with something not SIGCHLD. */
	bool clone_child = c->exit_signal != SIGCHLD;

	if (!(s->options & __WALL) && clone_child != !!(s->options & __WCLONE))
		return false;
	switch (s->type) {
	case P_PID:
		return c->pid == s->id;
	case P_PGID:
		return c->pgid == s->id;
	default:
		return true;
	}
}

/* What a reaped (or, with WNOWAIT, looked-at) child leaves behind. */
struct wait_result {
	int pid;
	int status;
	u64 run_units;
	struct rusage ru;
};

/* A zombie child: its status, and it is reaped unless WNOWAIT. (L) */
static void reap_zombie_locked(struct process *me, struct process *c,
			       const struct wait_sel *s, struct wait_result *r,
			       struct list_head *dead)
{
	r->pid = c->pid;
	r->status = c->exit_status;
	r->run_units = c->run_units + c->children_run_units;
	process_reaped_rusage(c, &r->ru);
	if (!(s->options & WNOWAIT)) {
		me->children_run_units += r->run_units;
		process_account_reap(me, c);
		list_del_init(&c->sibling);
		process_unhash_locked(c, dead);
	}
}

/*
 * A stop (WUNTRACED) or a continue (WCONTINUED) of a live child not yet
 * reported: the wait status says which, as Linux's: the stop signal
 * << 8 | 0x7f, or 0xffff. Reported once unless WNOWAIT. (L)
 */
static bool child_stop_event_locked(struct process *c,
				    const struct wait_sel *s,
				    struct wait_result *r)
{
	bool *reported;

	if ((s->options & WUNTRACED) && c->stopped && !c->stop_reported) {
		r->status = (c->stop_signal << 8) | 0x7f;
		reported = &c->stop_reported;
	} else if ((s->options & WCONTINUED) && !c->continued_reported) {
		r->status = 0xffff;
		reported = &c->continued_reported;
	} else {
		return false;
	}
	r->pid = c->pid;
	r->run_units = c->run_units;
	if (!(s->options & WNOWAIT))
		*reported = true;
	return true;
}

/*
 * A child matching s that exited, stopped or continued: 1 with *r
 * filled in, 0 if none yet, -ECHILD if none matches at all. (L)
 */
static int find_child_event_locked(struct process *me,
				   const struct wait_sel *s,
				   struct wait_result *r, struct list_head *dead)
{
	struct process *c;
	bool any = false;

	list_for_each_entry(c, &me->children, sibling) {
		if (!child_selected(c, s))
			continue;
		any = true;
		if (c->zombie && s->exited) {
			reap_zombie_locked(me, c, s, r, dead);
			return 1;
		}
		if (!c->zombie && child_stop_event_locked(c, s, r))
			return 1;
	}
	return any ? 0 : -ECHILD;
}

static bool child_wait_wake(struct wait_queue_entry *e)
{
	return waiter_wake_locked(e->private);
}

/*
 * Sleep until a selected child exits (or stops, continues: WUNTRACED,
 * WCONTINUED): 1 with *r filled in, 0 for WNOHANG with none yet,
 * -ECHILD when no child is selected at all, -ERESTARTSYS for a signal.
 */
static int do_wait(const struct wait_sel *s, struct wait_result *r)
{
	struct process *me = current_process();
	struct wait_queue_entry e;
	struct waiter w;
	int ret;

	if (!me)
		return -ECHILD;
	waiter_init(&w);
	wait_entry_init(&e, child_wait_wake, &w);
	add_wait_queue(&me->child_wait, &e);
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&process_lock);
		LIST_HEAD(dead);

		ret = find_child_event_locked(me, s, r, &dead);
		spin_unlock_irqrestore(&process_lock, flags);
		process_release_dead(&dead);
		if (ret || (s->options & WNOHANG))
			break;
		if (waiter_sleep_interruptible(&w, 0) == -EINTR) {
			ret = -ERESTARTSYS;
			break;
		}
	}
	remove_wait_queue(&e);
	return ret;
}

/* The child's usage (kernel/resource.c), or zeros when none was reaped. */
static int put_rusage(struct rusage __user *ru, const struct wait_result *r)
{
	struct rusage zero;

	if (!r) {
		memset(&zero, 0, sizeof(zero));
		return copy_to_user(ru, &zero, sizeof(zero)) ? -EFAULT : 0;
	}
	return copy_to_user(ru, &r->ru, sizeof(r->ru)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(wait4, int, pid, int __user *, wstatus, int, options,
		struct rusage __user *, ru)
{
	struct wait_sel s = { .options = options, .exited = true };
	struct wait_result r;
	int ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WAIT_THREAD_FLAGS))
		return -EINVAL;
	/* INT_MIN has no group to negate into: Linux says ESRCH. */
	if (pid == (int)0x80000000)
		return -ESRCH;
	if (pid > 0) {
		s.type = P_PID;
		s.id = pid;
	} else if (pid == 0) {
		s.type = P_PGID;
		s.id = current_process() ? current_process()->pgid : 0;
	} else if (pid < -1) {
		s.type = P_PGID;
		s.id = -pid;
	}
	ret = do_wait(&s, &r);
	if (ret <= 0)
		return ret;
	/* The child is reaped either way, as in Linux. */
	if (wstatus && put_user(r.status, wstatus))
		return -EFAULT;
	if (ru && put_rusage(ru, &r))
		return -EFAULT;
	return r.pid;
}

/* The part of siginfo_t waitid fills in (x86-64 layout, 128 bytes). */
struct k_siginfo_chld {
	int si_signo, si_errno, si_code, _pad;
	int si_pid;
	unsigned int si_uid;
	int si_status;
	int _pad2;
	long si_utime, si_stime;
	char _rest[128 - 48];
};

static void chld_info(struct k_siginfo_chld *si, const struct wait_result *r)
{
	memset(si, 0, sizeof(*si));
	if (!r)
		return;		/* WNOHANG, none ready: si_pid 0 */
	si->si_signo = SIGCHLD;
	si->si_pid = r->pid;
	if (r->status == 0xffff) {
		si->si_code = CLD_CONTINUED;
		si->si_status = SIGCONT;
	} else if ((r->status & 0xff) == 0x7f) {
		si->si_code = CLD_STOPPED;
		si->si_status = (r->status >> 8) & 0xff;
	} else if ((r->status & 0x7f) == 0) {
		si->si_code = CLD_EXITED;
		si->si_status = (r->status >> 8) & 0xff;
	} else {
		si->si_code = (r->status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		si->si_status = r->status & 0x7f;
	}
}

SYSCALL_DEFINE5(waitid, int, which, int, id, struct k_siginfo_chld __user *,
		infop, int, options, struct rusage __user *, ru)
{
	struct wait_sel s = { .type = which, .id = id, .options = options,
			      .exited = options & WEXITED };
	struct k_siginfo_chld si;
	struct wait_result r;
	int ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			WAIT_THREAD_FLAGS))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (which == P_PGID && id == 0)
		s.id = current_process() ? current_process()->pgid : 0;
	else if (which != P_ALL && which != P_PID && which != P_PGID)
		return -EINVAL;
	else if (which != P_ALL && id <= 0)
		return -EINVAL;
	ret = do_wait(&s, &r);
	if (ret < 0)
		return ret;
	chld_info(&si, ret ? &r : NULL);
	if (infop && copy_to_user(infop, &si, sizeof(si)))
		return -EFAULT;
	if (ru && put_rusage(ru, ret ? &r : NULL))
		return -EFAULT;
	return 0;
}
