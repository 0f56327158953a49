// SPDX-License-Identifier: GPL-2.0
/* statfs(2) and fstatfs(2): the VFS's vfs_statfs()/vfs_fstatfs(). */
#include <mosaic/errno.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

static long statfs_out(int err, const struct statfs *st,
		       struct statfs __user *ubuf)
{
	if (err)
		return err;
	return copy_to_user(ubuf, st, sizeof(*st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, path, struct statfs __user *,
		ubuf)
{
	struct user_at at;
	struct statfs st;
	int err = user_at_get(&at, AT_FDCWD, path, 0);

	if (!err)
		err = vfs_statfs(at.fs, NULL, at.name, &st);
	user_at_put(&at);
	return statfs_out(err, &st, ubuf);
}

/* Any descriptor, O_PATH ones too, as on Linux. */
SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs __user *, ubuf)
{
	struct file *f = fget_raw(fd);
	struct statfs st;
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fstatfs(f, &st);
	fput(f);
	return statfs_out(err, &st, ubuf);
}
