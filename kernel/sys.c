// SPDX-License-Identifier: GPL-2.0
/*
 * System calls about the calling process itself: ids, exit, and the
 * signal state musl's startup sets (stored; no delivery yet).
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>

/*
 * As Linux: a process's first thread has the process's id as its thread
 * id; threads made by clone get theirs from the same space.
 */
SYSCALL_DEFINE0(gettid)
{
	return thread_user_tid(current());
}

SYSCALL_DEFINE0(getpid)
{
	struct process *p = current_process();

	return p ? p->pid : current()->tid;
}

SYSCALL_DEFINE0(getppid)
{
	struct process *p = current_process();
	unsigned long flags;
	int ppid = 0;

	if (!p)
		return 0;
	/* The parent may exit meanwhile and hand us to init. */
	flags = spin_lock_irqsave(&process_lock);
	if (p->parent)
		ppid = p->parent->pid;
	spin_unlock_irqrestore(&process_lock, flags);
	return ppid;
}

SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current()->clear_child_tid = tidptr;
	return thread_user_tid(current());
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SIGSET_SIZE 8
/* SIGKILL and SIGSTOP can never be blocked. */
#define UNBLOCKABLE ((1ULL << (9 - 1)) | (1ULL << (19 - 1)))

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const u64 __user *, set,
		u64 __user *, oldset, size_t, sigsetsize)
{
	struct process *p = current_process();
	u64 mask = p ? p->sigmask : 0, new;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (oldset && put_user(mask, oldset))
		return -EFAULT;
	if (!set)
		return 0;
	if (get_user(new, set))
		return -EFAULT;
	switch (how) {
	case SIG_BLOCK:
		mask |= new;
		break;
	case SIG_UNBLOCK:
		mask &= ~new;
		break;
	case SIG_SETMASK:
		mask = new;
		break;
	default:
		return -EINVAL;
	}
	if (p)
		p->sigmask = mask & ~UNBLOCKABLE;
	return 0;
}

/* struct sigaction as the kernel ABI has it (x86-64). */
struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	u64 mask;
};

/*
 * TODO(signals): handlers are not stored or run yet; every action reads
 * back as the default, so programs that only set up handlers start.
 */
SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction none;

	if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > 64)
		return -EINVAL;
	if (act && (sig == 9 || sig == 19))
		return -EINVAL;
	memset(&none, 0, sizeof(none));
	if (act && copy_from_user(&none, act, sizeof(none)))
		return -EFAULT;
	memset(&none, 0, sizeof(none));
	if (oact && copy_to_user(oact, &none, sizeof(none)))
		return -EFAULT;
	return 0;
}

/* Process groups and sessions, with Linux's rules. */

/* pid 0 means the caller. process_lock held. */
static struct process *find_target_locked(int pid)
{
	return pid ? process_find(pid) : current_process();
}

/* getpgid/getsid: the group or session of pid (0: the caller). */
static int process_id_of(int pid, bool session)
{
	unsigned long flags = spin_lock_irqsave(&process_lock);
	struct process *p = pid >= 0 ? find_target_locked(pid) : NULL;
	int ret = !p ? -ESRCH : session ? p->sid : p->pgid;

	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return process_id_of(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	struct process *p = current_process();

	return p ? READ_ONCE(p->pgid) : 0;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return process_id_of(pid, true);
}

/* setpgid's checks on the target p, a process of the caller me. (L) */
static int setpgid_check_locked(struct process *me, struct process *p,
				int pgid)
{
	if (p != me && (p->parent != me || p->zombie))
		return -ESRCH;
	if (p != me && p->did_exec)
		return -EACCES;
	if (p->sid != me->sid)
		return -EPERM;
	if (p->sid == p->pid)
		return -EPERM;	/* a session leader stays in its group */
	if (pgid != p->pid && !process_pgrp_exists_locked(pgid, me->sid))
		return -EPERM;
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *me = current_process(), *p;
	unsigned long flags;
	int err;

	if (pgid < 0 || pid < 0)
		return -EINVAL;
	if (!me)
		return -ESRCH;
	flags = spin_lock_irqsave(&process_lock);
	p = find_target_locked(pid);
	if (!p) {
		err = -ESRCH;
	} else {
		pgid = pgid ? pgid : p->pid;
		err = setpgid_check_locked(me, p, pgid);
		if (!err)
			p->pgid = pgid;
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

SYSCALL_DEFINE0(setsid)
{
	struct process *me = current_process();
	unsigned long flags;
	int ret;

	if (!me)
		return -EPERM;
	flags = spin_lock_irqsave(&process_lock);
	/* A group leader (or one whose pid names a group) may not. */
	if (process_pgrp_exists_locked(me->pid, -1)) {
		ret = -EPERM;
	} else {
		me->sid = me->pgid = me->pid;
		ret = me->sid;
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return ret;
}
