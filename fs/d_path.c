// SPDX-License-Identifier: GPL-2.0
/*
 * d_path(): the absolute name of a place in the name space, built from
 * the end by walking up dentries and out of mounts, as Linux's d_path()
 * (for /proc/mounts, getcwd(2), and /proc/<pid>/cwd later).
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/process.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

/* Put @name (len bytes) and a '/' before *start, inside buf. */
static int prepend(char *buf, char **start, const char *name, size_t len)
{
	if ((size_t)(*start - buf) < len + 1)
		return -ENAMETOOLONG;
	*start -= len;
	memcpy(*start, name, len);
	*--*start = '/';
	return 0;
}

int d_path(const struct path *p, char *buf, size_t size)
{
	const struct mount *mnt = p->mnt;
	const struct dentry *d = p->dentry;
	char *start;
	size_t len;
	int err = 0;

	if (size < 2)
		return -ENAMETOOLONG;
	start = buf + size - 1;
	*start = '\0';
	for (;;) {
		if (d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;	/* the root of everything */
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		if (d->d_parent == d)
			break;	/* a detached tree's root */
		err = prepend(buf, &start, d->d_name, d->d_len);
		if (err)
			return err;
		d = d->d_parent;
	}
	if (*start == '\0')
		*--start = '/';
	len = (size_t)(buf + size - 1 - start);
	memmove(buf, start, len + 1);
	return (int)len;
}

/*
 * getcwd(2) as the system call (not the C library) returns it: the
 * length stored, NUL included; ERANGE when size cannot hold that.
 */
SYSCALL_DEFINE2(getcwd, char __user *, ubuf, unsigned long, size)
{
	struct process *p = current_process();
	char *buf = kmalloc(PATH_MAX);
	long len;

	if (!buf)
		return -ENOMEM;
	len = p && p->fs ? vfs_getcwd(p->fs, buf, PATH_MAX) : -ENOENT;
	if (len >= 0) {
		len++;
		if ((unsigned long)len > size)
			len = -ERANGE;
		else if (copy_to_user(ubuf, buf, (size_t)len))
			len = -EFAULT;
	}
	kfree(buf);
	return len;
}
