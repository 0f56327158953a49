// SPDX-License-Identifier: GPL-2.0
/*
 * Resource limits and usage: getrlimit(2), setrlimit, prlimit64,
 * getrusage and times, with Linux's values and checks. rlimit_lock
 * guards every process's limits, acct_lock its usage totals
 * (<mosaic/resource.h>); neither is held across a user copy.
 *
 * Enforced today: RLIMIT_NOFILE (descriptor tables). Stored and
 * reported, not enforced: the others. RLIMIT_NPROC binds only
 * unprivileged processes in Linux, and every process here runs as root
 * unless it gives that up; RLIMIT_STACK is for exec to size the stack
 * area by (TODO: the lead's exec, which maps a fixed stack today).
 */
#include <asm/elf.h>
#include <mosaic/cred.h>
#include <mosaic/errno.h>
#include <mosaic/mmap.h>
#include <mosaic/process.h>
#include <mosaic/resource.h>
#include <mosaic/sched.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/time.h>
#include <mosaic/timer.h>
#include <mosaic/uaccess.h>
#include <mosaic/vfs.h>

static DEFINE_SPINLOCK(rlimit_lock);
static DEFINE_SPINLOCK(acct_lock);

#define INF RLIM64_INFINITY
/* Linux's MLOCK_LIMIT and MQ_BYTES_MAX. */
#define MLOCK_LIMIT_DEFAULT (8ULL << 20)
#define MQ_BYTES_MAX_DEFAULT 819200ULL
/* Linux's INR_OPEN_CUR: the soft limit every process starts with. */
#define NOFILE_DEFAULT 1024ULL
/*
 * Linux's nr_open: no hard RLIMIT_NOFILE above it. Here it is what a
 * descriptor table holds (Linux lets init raise it to 1048576).
 */
#define NR_OPEN FDTABLE_MAX_FDS

/* As Linux's INIT_RLIMITS; NPROC and SIGPENDING are sized to the system. */
static const struct rlimit64 init_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { INF, INF },
	[RLIMIT_FSIZE] = { INF, INF },
	[RLIMIT_DATA] = { INF, INF },
	[RLIMIT_STACK] = { STACK_RLIMIT_DEFAULT, INF },
	[RLIMIT_CORE] = { 0, INF },
	[RLIMIT_RSS] = { INF, INF },
	[RLIMIT_NPROC] = { PROCESS_MAX, PROCESS_MAX },
	[RLIMIT_NOFILE] = { NOFILE_DEFAULT, NR_OPEN },
	[RLIMIT_MEMLOCK] = { MLOCK_LIMIT_DEFAULT, MLOCK_LIMIT_DEFAULT },
	[RLIMIT_AS] = { INF, INF },
	[RLIMIT_LOCKS] = { INF, INF },
	[RLIMIT_SIGPENDING] = { PROCESS_MAX, PROCESS_MAX },
	[RLIMIT_MSGQUEUE] = { MQ_BYTES_MAX_DEFAULT, MQ_BYTES_MAX_DEFAULT },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { INF, INF },
};

void rlimit_init_defaults(struct rlimit64 *rlim)
{
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = init_rlimits[i];
}

void rlimit_copy(struct process *child, struct process *parent)
{
	spin_lock(&rlimit_lock);
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	spin_unlock(&rlimit_lock);
}

u64 rlimit(unsigned int resource)
{
	struct process *p = current_process();

	if (!p || resource >= RLIM_NLIMITS)
		return INF;
	return READ_ONCE(p->rlim[resource].rlim_cur);
}

int do_prlimit(struct process *p, unsigned int resource,
	       const struct rlimit64 *new, struct rlimit64 *old)
{
	struct rlimit64 *lim;
	int ret = 0;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
		return -EPERM;
	lim = &p->rlim[resource];
	spin_lock(&rlimit_lock);
	if (old)
		*old = *lim;
	if (new && new->rlim_max > lim->rlim_max && !capable())
		ret = -EPERM;
	else if (new)
		*lim = *new;
	spin_unlock(&rlimit_lock);
	return ret;
}

/*
 * May the caller change or read @t's limits? Itself, or a process all
 * of whose ids are the caller's real ones, or when privileged: Linux's
 * check_prlimit_permission(). process_lock held (cred_lock nests).
 */
static int prlimit_permission(struct process *me, struct process *t)
{
	struct cred c, tc;

	if (t == me || capable())
		return 0;
	cred_ids_of(me, &c);
	cred_ids_of(t, &tc);
	if (c.uid == tc.uid && c.uid == tc.euid && c.uid == tc.suid &&
	    c.gid == tc.gid && c.gid == tc.egid && c.gid == tc.sgid)
		return 0;
	return -EPERM;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *,
		rlim)
{
	struct process *p = current_process();
	struct rlimit64 r;
	struct rlimit out;
	int ret;

	if (!p)
		return -ESRCH;
	ret = do_prlimit(p, resource, NULL, &r);
	if (ret)
		return ret;
	out.rlim_cur = r.rlim_cur;
	out.rlim_max = r.rlim_max;
	return copy_to_user(rlim, &out, sizeof(out)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource,
		const struct rlimit __user *, rlim)
{
	struct process *p = current_process();
	struct rlimit64 r;
	struct rlimit in;

	if (copy_from_user(&in, rlim, sizeof(in)))
		return -EFAULT;
	if (!p)
		return -ESRCH;
	r.rlim_cur = in.rlim_cur;
	r.rlim_max = in.rlim_max;
	return do_prlimit(p, resource, &r, NULL);
}

/*
 * prlimit64(2) on the caller (pid 0) or any process a thread id names,
 * as Linux. The target is used under process_lock, which keeps it from
 * being freed; the limits are copied in and out around it.
 */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim,
		struct rlimit64 __user *, old_rlim)
{
	struct process *me = current_process(), *p = me;
	struct rlimit64 new, old;
	unsigned long flags;
	struct thread *t;
	int ret;

	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	if (!me)
		return -ESRCH;
	flags = spin_lock_irqsave(&process_lock);
	if (pid) {
		t = pid > 0 ? process_find_thread(pid) : NULL;
		p = t ? t->proc : NULL;
	}
	ret = p ? prlimit_permission(me, p) : -ESRCH;
	if (!ret)
		ret = do_prlimit(p, resource, new_rlim ? &new : NULL,
				 old_rlim ? &old : NULL);
	spin_unlock_irqrestore(&process_lock, flags);
	if (!ret && old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		ret = -EFAULT;
	return ret;
}

/* ------------------------------------------------------------------ usage */

void process_cputime(struct process *p, struct thread_cputime *ct)
{
	struct thread_cputime one;
	unsigned long flags;
	struct thread *t;

	*ct = (struct thread_cputime){ 0 };
	/* process_lock -> rq->lock, the order wait_lock's users keep too. */
	flags = spin_lock_irqsave(&process_lock);
	list_for_each_entry(t, &p->threads, group_node) {
		thread_cputime(t, &one);
		ct->utime_ns += one.utime_ns;
		ct->stime_ns += one.stime_ns;
	}
	spin_unlock_irqrestore(&process_lock, flags);
	flags = spin_lock_irqsave(&acct_lock);
	ct->utime_ns += p->acct.utime_ns;
	ct->stime_ns += p->acct.stime_ns;
	spin_unlock_irqrestore(&acct_lock, flags);
	ct->sum_ns = ct->utime_ns + ct->stime_ns;
}

void process_account_mm(struct process *p, struct mm *mm)
{
	unsigned long peak = mm_hiwater_rss(mm);
	unsigned long flags;

	if (!p)
		return;
	flags = spin_lock_irqsave(&acct_lock);
	p->acct.maxrss = MAX(p->acct.maxrss, peak);
	spin_unlock_irqrestore(&acct_lock, flags);
}

void process_account_thread_exit_locked(struct process *p, struct thread *t)
{
	struct thread_cputime ct;
	unsigned long flags;

	thread_cputime(t, &ct);
	flags = spin_lock_irqsave(&acct_lock);
	p->acct.utime_ns += ct.utime_ns;
	p->acct.stime_ns += ct.stime_ns;
	p->acct.nvcsw += t->stats.nr_voluntary;
	p->acct.nivcsw += t->stats.nr_forced;
	spin_unlock_irqrestore(&acct_lock, flags);
}

void process_account_reap(struct process *parent, struct process *child)
{
	unsigned long flags = spin_lock_irqsave(&acct_lock);
	struct process_acct *c = &child->acct, *pa = &parent->acct;

	pa->cutime_ns += c->utime_ns + c->cutime_ns;
	pa->cstime_ns += c->stime_ns + c->cstime_ns;
	pa->cnvcsw += c->nvcsw + c->cnvcsw;
	pa->cnivcsw += c->nivcsw + c->cnivcsw;
	pa->cmaxrss = MAX(pa->cmaxrss, MAX(c->maxrss, c->cmaxrss));
	spin_unlock_irqrestore(&acct_lock, flags);
}

/* What getrusage and times report, in one form for both. */
struct usage {
	u64 utime_ns, stime_ns;
	u64 nvcsw, nivcsw;
	unsigned long maxrss;	/* pages */
};

/* RUSAGE_SELF or RUSAGE_THREAD; the peak RSS is the process's for both. */
static void usage_self(struct process *p, int who, struct usage *u)
{
	struct thread *t = current();
	struct thread_cputime ct;

	if (who == RUSAGE_THREAD || !p)
		thread_cputime(t, &ct);
	else
		process_cputime(p, &ct);
	u->utime_ns = ct.utime_ns;
	u->stime_ns = ct.stime_ns;
	u->nvcsw = t->stats.nr_voluntary;
	u->nivcsw = t->stats.nr_forced;
	u->maxrss = p ? p->acct.maxrss : 0;
	if (who == RUSAGE_SELF && p) {
		u->nvcsw += p->acct.nvcsw;
		u->nivcsw += p->acct.nivcsw;
	}
	if (t->mm)
		u->maxrss = MAX(u->maxrss, mm_hiwater_rss(t->mm));
}

static void usage_children(struct process *p, struct usage *u)
{
	unsigned long flags;

	if (!p)
		return;
	flags = spin_lock_irqsave(&acct_lock);
	u->utime_ns = p->acct.cutime_ns;
	u->stime_ns = p->acct.cstime_ns;
	u->nvcsw = p->acct.cnvcsw;
	u->nivcsw = p->acct.cnivcsw;
	u->maxrss = p->acct.cmaxrss;
	spin_unlock_irqrestore(&acct_lock, flags);
}

static struct __kernel_old_timeval ns_to_timeval(u64 ns)
{
	return (struct __kernel_old_timeval){
		.tv_sec = (long)(ns / NSEC_PER_SEC),
		.tv_usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC),
	};
}

static void usage_to_rusage(const struct usage *u, struct rusage *r)
{
	memset(r, 0, sizeof(*r));
	r->ru_utime = ns_to_timeval(u->utime_ns);
	r->ru_stime = ns_to_timeval(u->stime_ns);
	r->ru_maxrss = (long)(u->maxrss * (PAGE_SIZE / 1024));
	r->ru_nvcsw = (long)u->nvcsw;
	r->ru_nivcsw = (long)u->nivcsw;
}

void process_reaped_rusage(struct process *child, struct rusage *ru)
{
	unsigned long flags = spin_lock_irqsave(&acct_lock);
	const struct process_acct *c = &child->acct;
	struct usage u = {
		.utime_ns = c->utime_ns + c->cutime_ns,
		.stime_ns = c->stime_ns + c->cstime_ns,
		.nvcsw = c->nvcsw + c->cnvcsw,
		.nivcsw = c->nivcsw + c->cnivcsw,
		.maxrss = MAX(c->maxrss, c->cmaxrss),
	};

	spin_unlock_irqrestore(&acct_lock, flags);
	usage_to_rusage(&u, ru);
}

SYSCALL_DEFINE2(getrusage, int, who, struct rusage __user *, ru)
{
	struct process *p = current_process();
	struct usage u = { 0 };
	struct rusage r;

	if (who == RUSAGE_CHILDREN)
		usage_children(p, &u);
	else if (who == RUSAGE_SELF || who == RUSAGE_THREAD)
		usage_self(p, who, &u);
	else
		return -EINVAL;
	usage_to_rusage(&u, &r);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

static long ns_to_clock_t(u64 ns)
{
	return (long)(ns / (NSEC_PER_SEC / USER_HZ));
}

/* times(2): CPU times in clock ticks (USER_HZ), and the ticks since boot. */
SYSCALL_DEFINE1(times, struct tms __user *, buf)
{
	struct process *p = current_process();
	struct usage self = { 0 }, children = { 0 };
	struct tms t;

	if (buf) {
		usage_self(p, RUSAGE_SELF, &self);
		usage_children(p, &children);
		t.tms_utime = ns_to_clock_t(self.utime_ns);
		t.tms_stime = ns_to_clock_t(self.stime_ns);
		t.tms_cutime = ns_to_clock_t(children.utime_ns);
		t.tms_cstime = ns_to_clock_t(children.stime_ns);
		if (copy_to_user(buf, &t, sizeof(t)))
			return -EFAULT;
	}
	return ns_to_clock_t(ktime_get_ns());
}
