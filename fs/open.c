// SPDX-License-Identifier: GPL-2.0
/*
 * open, openat, lseek and the stat family on the calling process's
 * descriptor table and working directory. Flag checking and the
 * semantics are the VFS's (vfs_open, vfs_stat).
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

#define AT_EMPTY_PATH 0x1000

static long do_openat(int dirfd, const char __user *upath, int flags,
		      u32 mode)
{
	struct process *p = current_process();
	struct file *dir, *f;
	char *path;
	long fd;

	if (!p || !p->files)
		return -EBADF;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	dir = dirfd_get(dirfd, path);
	if (IS_ERR(dir)) {
		putname(path);
		return PTR_ERR(dir);
	}
	f = vfs_open(p->fs, dir ? &dir->f_path : NULL, path, flags, mode);
	if (dir)
		fput(dir);
	putname(path);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(p->files, f, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, path, int, flags, u32, mode)
{
	return do_openat(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, const char __user *, path, int, flags,
		u32, mode)
{
	return do_openat(dirfd, path, flags, mode);
}

SYSCALL_DEFINE3(lseek, int, fd, s64, off, int, whence)
{
	struct process *p = current_process();
	struct file *f;
	s64 r;

	if (!p || !p->files)
		return -EBADF;
	f = fd_get(p->files, fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	r = vfs_lseek(f, off, whence);
	fput(f);
	return r;
}

static long stat_out(int err, const struct stat *st, struct stat __user *ust)
{
	if (err)
		return err;
	return copy_to_user(ust, st, sizeof(*st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat __user *, ust)
{
	struct process *p = current_process();
	struct stat st;
	struct file *f;
	int err;

	if (!p || !p->files)
		return -EBADF;
	f = fd_get(p->files, fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fstat(f, &st);
	fput(f);
	return stat_out(err, &st, ust);
}

static long do_fstatat(int dirfd, const char __user *upath,
		       struct stat __user *ust, int flags)
{
	struct stat st;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_path_stat(dirfd, upath, &st, flags & AT_SYMLINK_NOFOLLOW);
	return stat_out(err, &st, ust);
}

SYSCALL_DEFINE2(stat, const char __user *, path, struct stat __user *, ust)
{
	return do_fstatat(AT_FDCWD, path, ust, 0);
}

SYSCALL_DEFINE2(lstat, const char __user *, path, struct stat __user *, ust)
{
	return do_fstatat(AT_FDCWD, path, ust, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, const char __user *, path,
		struct stat __user *, ust, int, flags)
{
	return do_fstatat(dirfd, path, ust, flags);
}
