/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource limits and usage of processes (kernel/resource.c):
 * getrlimit(2)/setrlimit/prlimit64, getrusage, times and the CPU-time
 * clocks read these.
 */
#ifndef _MOSAIC_RESOURCE_H
#define _MOSAIC_RESOURCE_H

#include <mosaic/sched.h>
#include <mosaic/types.h>
#include <uapi/linux/resource.h>

struct mm;
struct process;

/* What a process's threads used, summed (struct process, resource.c). */
struct process_acct {
	u64 utime_ns, stime_ns;		/* its threads that exited */
	u64 nvcsw, nivcsw;		/* ... their context switches */
	u64 cutime_ns, cstime_ns;	/* reaped children, theirs included */
	u64 cnvcsw, cnivcsw;
	unsigned long maxrss;		/* pages: the peak of its mms so far */
	unsigned long cmaxrss;		/* the largest of a reaped child's */
};

/* Linux's limits for init (INIT_RLIMITS), which every process inherits. */
void rlimit_init_defaults(struct rlimit64 *rlim);
/* fork: the child's limits are the parent's. */
void rlimit_copy(struct process *child, struct process *parent);
/* The calling process's soft limit; RLIM64_INFINITY without a process. */
u64 rlimit(unsigned int resource);
/*
 * One resource's limits of @p: read into @old (if not NULL), then set
 * to @new (if not NULL) with Linux's checks: -EINVAL for a resource out
 * of range or soft above hard, -EPERM to raise a hard limit unless
 * capable(), or RLIMIT_NOFILE above what a descriptor table can hold.
 */
int do_prlimit(struct process *p, unsigned int resource,
	       const struct rlimit64 *new, struct rlimit64 *old);

/* CPU time of every thread of @p, living or exited. */
void process_cputime(struct process *p, struct thread_cputime *ct);
/*
 * Accounting hooks. exec and thread exit: fold the peak RSS of the mm
 * being dropped into the process's. Thread exit, as @t leaves
 * p->threads (process_lock held): move its CPU time and switches to the
 * process's totals, so process_cputime() counts them once. wait4, when
 * a parent reaps @child (process_lock held): add the child's and its
 * children's usage to the parent's RUSAGE_CHILDREN.
 */
void process_account_mm(struct process *p, struct mm *mm);
void process_account_thread_exit_locked(struct process *p, struct thread *t);
void process_account_reap(struct process *parent, struct process *child);
/* What wait4 reports of a zombie: its usage and its children's. */
void process_reaped_rusage(struct process *child, struct rusage *ru);

#endif /* _MOSAIC_RESOURCE_H */
