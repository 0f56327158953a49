// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials: the user and group ids of a process, its supplementary
 * groups, and the system calls that read and change them with Linux's
 * rules (see <mosaic/cred.h> for the privilege model). cred_lock guards
 * every process's struct cred and the group_info reference counts; the
 * lists themselves never change once made.
 */
#include <mosaic/cred.h>
#include <mosaic/err.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/process.h>
#include <mosaic/sort.h>
#include <mosaic/spinlock.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>

#define INVALID_ID ((u32)-1)

static DEFINE_SPINLOCK(cred_lock);

/* Kernel threads (no process) act as root. */
static const struct cred kernel_cred;

void cred_init_root(struct cred *c)
{
	*c = kernel_cred;
}

static void get_groups_locked(struct group_info *g)
{
	if (g)
		g->refcount++;
}

static void put_groups(struct group_info *g)
{
	bool last;

	if (!g)
		return;
	spin_lock(&cred_lock);
	last = --g->refcount == 0;
	spin_unlock(&cred_lock);
	if (last)
		kfree(g);
}

void cred_copy(struct cred *dst, const struct cred *src)
{
	spin_lock(&cred_lock);
	*dst = *src;
	get_groups_locked(dst->groups);
	spin_unlock(&cred_lock);
}

void cred_release(struct cred *c)
{
	put_groups(c->groups);
	c->groups = NULL;
}

void cred_ids_of(struct process *p, struct cred *c)
{
	spin_lock(&cred_lock);
	*c = p ? p->cred : kernel_cred;
	c->groups = NULL;
	spin_unlock(&cred_lock);
}

void current_cred_ids(struct cred *c)
{
	cred_ids_of(current_process(), c);
}

bool capable(void)
{
	struct process *p = current_process();

	return !p || READ_ONCE(p->cred.euid) == 0;
}

/* ---------------------------------------------------------- reading ids */

/* One id of the calling process (0 for a kernel thread). */
#define CURRENT_ID(field)                                                   \
	({                                                                  \
		struct process *__p = current_process();                    \
		__p ? READ_ONCE(__p->cred.field) : 0;                       \
	})

SYSCALL_DEFINE0(getuid)
{
	return CURRENT_ID(uid);
}

SYSCALL_DEFINE0(geteuid)
{
	return CURRENT_ID(euid);
}

SYSCALL_DEFINE0(getgid)
{
	return CURRENT_ID(gid);
}

SYSCALL_DEFINE0(getegid)
{
	return CURRENT_ID(egid);
}

/* getresuid/getresgid: three put_users, stopping at the first fault. */
static long put_three(u32 r, u32 e, u32 s, u32 __user *rp, u32 __user *ep,
		      u32 __user *sp)
{
	if (put_user(r, rp) || put_user(e, ep) || put_user(s, sp))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, u32 __user *, ruid, u32 __user *, euid,
		u32 __user *, suid)
{
	struct cred c;

	current_cred_ids(&c);
	return put_three(c.uid, c.euid, c.suid, ruid, euid, suid);
}

SYSCALL_DEFINE3(getresgid, u32 __user *, rgid, u32 __user *, egid,
		u32 __user *, sgid)
{
	struct cred c;

	current_cred_ids(&c);
	return put_three(c.gid, c.egid, c.sgid, rgid, egid, sgid);
}

/* ---------------------------------------------------------- changing ids */

/*
 * The user and the group ids follow the same rules, so one set of
 * functions changes either: an id_set names the four fields of one.
 */
struct id_set {
	u32 *real, *eff, *saved, *fs;
};

static struct id_set uid_set(struct cred *c)
{
	return (struct id_set){ &c->uid, &c->euid, &c->suid, &c->fsuid };
}

static struct id_set gid_set(struct cred *c)
{
	return (struct id_set){ &c->gid, &c->egid, &c->sgid, &c->fsgid };
}

typedef long (*id_change_fn)(struct id_set ids, bool priv, u32 a, u32 b,
			     u32 c);

/*
 * Apply @change to the calling process's uids or gids under cred_lock.
 * Privilege is judged before the change, as Linux judges it on the old
 * credentials.
 */
static long change_ids(bool gids, id_change_fn change, u32 a, u32 b, u32 c)
{
	struct process *p = current_process();
	struct cred *cred;
	long ret;

	if (!p)
		return -EPERM;
	cred = &p->cred;
	spin_lock(&cred_lock);
	ret = change(gids ? gid_set(cred) : uid_set(cred), cred->euid == 0, a,
		     b, c);
	spin_unlock(&cred_lock);
	return ret;
}

/* setuid(2): privileged, all ids; else the effective one, to real or saved. */
static long set_one(struct id_set ids, bool priv, u32 id, u32 b, u32 c)
{
	if (id == INVALID_ID)
		return -EINVAL;
	if (priv) {
		*ids.real = *ids.saved = id;
	} else if (id != *ids.real && id != *ids.saved) {
		return -EPERM;
	}
	*ids.eff = *ids.fs = id;
	return 0;
}

/*
 * setreuid(2): -1 keeps an id. Unprivileged, the real id may become the
 * real or effective one, the effective id any of the three. The saved
 * id follows the effective one when the real id is set, or the new
 * effective id differs from the old real one.
 */
static long set_re(struct id_set ids, bool priv, u32 r, u32 e, u32 c)
{
	u32 old_real = *ids.real;

	if (r != INVALID_ID && !priv && r != *ids.real && r != *ids.eff)
		return -EPERM;
	if (e != INVALID_ID && !priv && e != *ids.real && e != *ids.eff &&
	    e != *ids.saved)
		return -EPERM;
	if (r != INVALID_ID)
		*ids.real = r;
	if (e != INVALID_ID)
		*ids.eff = e;
	if (r != INVALID_ID || (e != INVALID_ID && e != old_real))
		*ids.saved = *ids.eff;
	*ids.fs = *ids.eff;
	return 0;
}

/* Is @id one an unprivileged setres*id may pick: one of the three now? */
static bool held(struct id_set ids, u32 id)
{
	return id == INVALID_ID || id == *ids.real || id == *ids.eff ||
	       id == *ids.saved;
}

/* setresuid(2): -1 keeps an id; unprivileged, each new one is held. */
static long set_res(struct id_set ids, bool priv, u32 r, u32 e, u32 s)
{
	if (!priv && (!held(ids, r) || !held(ids, e) || !held(ids, s)))
		return -EPERM;
	if (r != INVALID_ID)
		*ids.real = r;
	if (e != INVALID_ID)
		*ids.eff = e;
	if (s != INVALID_ID)
		*ids.saved = s;
	*ids.fs = *ids.eff;
	return 0;
}

/*
 * setfsuid(2): returns the old filesystem id whatever happens; changes
 * it if privileged or to one of the real, effective, saved or current
 * filesystem ids.
 */
static long set_fs(struct id_set ids, bool priv, u32 id, u32 b, u32 c)
{
	u32 old = *ids.fs;

	if (id != INVALID_ID && (priv || held(ids, id) || id == *ids.fs))
		*ids.fs = id;
	return old;
}

SYSCALL_DEFINE1(setuid, u32, uid)
{
	return change_ids(false, set_one, uid, 0, 0);
}

SYSCALL_DEFINE1(setgid, u32, gid)
{
	return change_ids(true, set_one, gid, 0, 0);
}

SYSCALL_DEFINE2(setreuid, u32, ruid, u32, euid)
{
	return change_ids(false, set_re, ruid, euid, 0);
}

SYSCALL_DEFINE2(setregid, u32, rgid, u32, egid)
{
	return change_ids(true, set_re, rgid, egid, 0);
}

SYSCALL_DEFINE3(setresuid, u32, ruid, u32, euid, u32, suid)
{
	return change_ids(false, set_res, ruid, euid, suid);
}

SYSCALL_DEFINE3(setresgid, u32, rgid, u32, egid, u32, sgid)
{
	return change_ids(true, set_res, rgid, egid, sgid);
}

SYSCALL_DEFINE1(setfsuid, u32, uid)
{
	return change_ids(false, set_fs, uid, 0, 0);
}

SYSCALL_DEFINE1(setfsgid, u32, gid)
{
	return change_ids(true, set_fs, gid, 0, 0);
}

/* ------------------------------------------------- supplementary groups */

static struct group_info *current_groups(void)
{
	struct process *p = current_process();
	struct group_info *g;

	spin_lock(&cred_lock);
	g = p ? p->cred.groups : NULL;
	get_groups_locked(g);
	spin_unlock(&cred_lock);
	return g;
}

/*
 * getgroups(2): size 0 asks for the count; a smaller buffer than the
 * list is EINVAL.
 */
SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	struct group_info *g;
	long n;

	if (size < 0)
		return -EINVAL;
	g = current_groups();
	n = g ? (long)g->ngroups : 0;
	if (size && n > size)
		n = -EINVAL;
	else if (size && n &&
		 copy_to_user(list, g->gid, (unsigned long)n * sizeof(u32)))
		n = -EFAULT;
	put_groups(g);
	return n;
}

static int cmp_gid(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* A sorted list of @n groups from user space, or an ERR_PTR. */
static struct group_info *groups_from_user(const u32 __user *list,
					   unsigned int n)
{
	size_t bytes = (size_t)n * sizeof(u32);
	struct group_info *g = kmalloc(sizeof(*g) + bytes);

	if (!g)
		return ERR_PTR(-ENOMEM);
	g->refcount = 1;
	g->ngroups = n;
	if (copy_from_user(g->gid, list, bytes)) {
		kfree(g);
		return ERR_PTR(-EFAULT);
	}
	for (unsigned int i = 0; i < n; i++) {
		if (g->gid[i] == INVALID_ID) {
			kfree(g);
			return ERR_PTR(-EINVAL);
		}
	}
	/* Sorted, as Linux keeps them: getgroups returns them so. */
	sort(g->gid, n, sizeof(u32), cmp_gid);
	return g;
}

/* setgroups(2): privileged only; at most NGROUPS_MAX; size 0 clears. */
SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	struct process *p = current_process();
	struct group_info *g = NULL, *old;

	if (!capable() || !p)
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		g = groups_from_user(list, (unsigned int)size);
		if (IS_ERR(g))
			return PTR_ERR(g);
	}
	spin_lock(&cred_lock);
	old = p->cred.groups;
	p->cred.groups = g;
	spin_unlock(&cred_lock);
	put_groups(old);
	return 0;
}
