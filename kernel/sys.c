// SPDX-License-Identifier: GPL-2.0
/*
 * System calls about the calling process itself: ids, process groups
 * and sessions; and sysinfo. Credentials are in cred.c, limits and
 * usage in resource.c, exit in exit.c, signals in signal.c.
 */
#include <mosaic/errno.h>
#include <mosaic/mm.h>
#include <mosaic/process.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/user.h>
#include <uapi/linux/sysinfo.h>

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

/*
 * sysinfo(2): memory in bytes (mem_unit 1, as Linux on 64-bit), from the
 * frame allocator; procs counts threads, as Linux's nr_threads does; the
 * scheduler's load averages; no swap.
 */
SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct mm_meminfo mi;
	struct sched_stats st;
	struct sysinfo si;
	u64 up = ktime_get_ns();

	memset(&si, 0, sizeof(si));
	mm_get_meminfo(&mi);
	sched_get_stats(&st);
	/* Whole seconds, rounded up as Linux rounds them. */
	si.uptime = (long)((up + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
	si.totalram = mi.frame_total_frames * PAGE_SIZE;
	si.freeram = mi.free_frames * PAGE_SIZE;
	for (int i = 0; i < 3; i++)
		si.loads[i] = st.avenrun[i]
			      << (SI_LOAD_SHIFT - SCHED_LOAD_SHIFT);
	si.procs = (u16)MIN(st.nr_threads, 0xffffU);
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}
