/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials (kernel/cred.c): a process's user and group ids and its
 * supplementary groups, changed by the set*id(2) and setgroups(2)
 * calls with Linux's rules. There are no capability sets: a process is
 * privileged (CAP_SETUID, CAP_SYS_ADMIN, ...) exactly while its
 * effective uid is 0, which is what Linux's rules give a process of
 * root that has no file capabilities or securebits.
 */
#ifndef _MOSAIC_CRED_H
#define _MOSAIC_CRED_H

#include <mosaic/types.h>

struct process;

/* Linux's NGROUPS_MAX: setgroups(2) of more is EINVAL. */
#define NGROUPS_MAX 65536

/* A sorted, shared, immutable set of supplementary groups. */
struct group_info {
	int refcount;
	unsigned int ngroups;
	u32 gid[];
};

/*
 * Per process (not per thread as in Linux, where libc makes every
 * thread take the same change: the result user space sees is the same).
 * Changed under cred_lock (kernel/cred.c).
 */
struct cred {
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	struct group_info *groups;	/* a reference; NULL: no groups */
};

/* Everything 0, no supplementary groups: what the first process has. */
void cred_init_root(struct cred *c);
/* fork(): the child's credentials are a copy (sharing the groups). */
void cred_copy(struct cred *dst, const struct cred *src);
/* Process teardown: drop the groups reference. */
void cred_release(struct cred *c);
/* A process's ids, copied whole (groups left NULL: no reference). */
void cred_ids_of(struct process *p, struct cred *c);
/* The calling process's; a kernel thread's are root's. */
void current_cred_ids(struct cred *c);

/*
 * Is the calling thread privileged? Its process's effective uid is 0;
 * kernel threads always are.
 */
bool capable(void);

#endif /* _MOSAIC_CRED_H */
