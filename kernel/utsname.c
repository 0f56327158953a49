// SPDX-License-Identifier: GPL-2.0
/*
 * uname(2), sethostname and setdomainname. The node and domain names
 * start as Linux's default "(none)"; uts_lock guards them. sysname is
 * "Mosaic" (programs that test for "Linux" are told the truth), the
 * release is the Makefile's, the version names the policies built in,
 * machine is "x86_64". Debian's busybox `uname -a` prints, e.g.:
 * "Mosaic (none) 0.1 #1 PREEMPT frame=buddy heap=fixed-block sched=mlfq
 * x86_64 GNU/Linux" (its -o is fixed at build time).
 */
#include <mosaic/cred.h>
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/sched_policy.h>
#include <mosaic/spinlock.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/utsname.h>
#include <mosaic/vsprintf.h>
#include <uapi/linux/utsname.h>

const char uts_release[] = UTS_RELEASE CONFIG_LOCALVERSION;

static DEFINE_SPINLOCK(uts_lock);
static char uts_nodename[__NEW_UTS_LEN + 1] = "(none)";
static char uts_domainname[__NEW_UTS_LEN + 1] = "(none)";

int uts_policies(char *buf, size_t size)
{
	struct heap_stats hs;

	heap_get_stats(&hs);
	return snprintf(buf, size, "frame=%s heap=%s sched=%s",
			frame_policy_name(), hs.policy,
			sched_selected_policy->name);
}

static void fill_utsname(struct new_utsname *u)
{
	char policies[__NEW_UTS_LEN + 1];

	memset(u, 0, sizeof(*u));
	strscpy(u->sysname, "Mosaic", sizeof(u->sysname));
	strscpy(u->release, uts_release, sizeof(u->release));
	uts_policies(policies, sizeof(policies));
	snprintf(u->version, sizeof(u->version), "#1 PREEMPT %s", policies);
	strscpy(u->machine, "x86_64", sizeof(u->machine));
	spin_lock(&uts_lock);
	memcpy(u->nodename, uts_nodename, sizeof(u->nodename));
	memcpy(u->domainname, uts_domainname, sizeof(u->domainname));
	spin_unlock(&uts_lock);
}

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	fill_utsname(&u);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/*
 * sethostname/setdomainname: len bytes, not necessarily NUL-terminated,
 * at most __NEW_UTS_LEN; privileged only.
 */
static long set_uts_name(char *field, const char __user *name, int len)
{
	char tmp[__NEW_UTS_LEN + 1];

	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (!capable())
		return -EPERM;
	memset(tmp, 0, sizeof(tmp));
	if (copy_from_user(tmp, name, (unsigned long)len))
		return -EFAULT;
	spin_lock(&uts_lock);
	memcpy(field, tmp, sizeof(tmp));
	spin_unlock(&uts_lock);
	return 0;
}

SYSCALL_DEFINE2(sethostname, const char __user *, name, int, len)
{
	return set_uts_name(uts_nodename, name, len);
}

SYSCALL_DEFINE2(setdomainname, const char __user *, name, int, len)
{
	return set_uts_name(uts_domainname, name, len);
}
