// SPDX-License-Identifier: GPL-2.0
/*
 * access and faccessat: may the caller read, write or execute a path?
 * Everything runs as root, so as for Linux's root only X_OK can fail:
 * it needs an execute bit somewhere (or a directory).
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/syscalls.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

static int check_mode(const struct stat *st, int mode)
{
	if ((mode & X_OK) && !S_ISDIR(st->st_mode) && !(st->st_mode & 0111))
		return -EACCES;
	return 0;
}

static long do_faccessat(int dirfd, const char __user *upath, int mode)
{
	struct process *p = current_process();
	struct file *dir;
	struct stat st;
	char *path;
	int err;

	if (mode & ~(F_OK | X_OK | W_OK | R_OK))
		return -EINVAL;
	if (!p || !p->fs)
		return -ENOENT;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	dir = dirfd_get(dirfd, path);
	err = IS_ERR(dir) ? (int)PTR_ERR(dir)
			  : vfs_stat(p->fs, dir ? &dir->f_path : NULL, path,
				     &st, 0);
	if (!err)
		err = check_mode(&st, mode);
	if (!IS_ERR_OR_NULL(dir))
		fput(dir);
	putname(path);
	return err;
}

SYSCALL_DEFINE2(access, const char __user *, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char __user *, path, int, mode)
{
	return do_faccessat(dirfd, path, mode);
}
