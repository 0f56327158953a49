// SPDX-License-Identifier: GPL-2.0
/*
 * System calls about the calling process itself: ids, exit, and the
 * signal state musl's startup sets (stored; no delivery yet); and
 * sysinfo. Credentials are in cred.c, limits and usage in resource.c.
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
 * id. Kernel-made user threads without a process use the thread's.
 */
static long user_tid(void)
{
	struct process *p = current_process();

	return p && p->thread == current() ? p->pid : current()->tid;
}

SYSCALL_DEFINE0(gettid)
{
	return user_tid();
}

SYSCALL_DEFINE0(getpid)
{
	struct process *p = current_process();

	return p ? p->pid : current()->tid;
}

SYSCALL_DEFINE0(getppid)
{
	struct process *p = current_process();

	return p && p->parent ? p->parent->pid : 0;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	struct process *p = current_process();

	if (p)
		p->tid_address = (__force unsigned long)tidptr;
	return user_tid();
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

SYSCALL_DEFINE1(exit, int, code)
{
	process_exit(W_EXITCODE(code));
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	process_exit(W_EXITCODE(code));
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

/*
 * sysinfo(2): memory in bytes (mem_unit 1, as Linux on 64-bit), from the
 * frame allocator; procs counts threads, as Linux's nr_threads does.
 * TODO: load averages (0 until the scheduler keeps them); no swap.
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
	si.procs = (u16)MIN(st.nr_threads, 0xffffU);
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}
