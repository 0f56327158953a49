// SPDX-License-Identifier: GPL-2.0
/*
 * The system calls on names: mknod, mkdir, rmdir, unlink, symlink,
 * link, rename, readlink and their *at() forms. Each is the VFS call of
 * fs/namei.c on the names copied in; flags are checked first, as Linux
 * checks them before it looks at a name.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

static long do_mknodat(int dirfd, const char __user *upath, u32 mode,
		       u32 dev)
{
	struct user_at at;
	long err = may_mknod(mode);

	if (err)
		return err;
	err = user_at_get(&at, dirfd, upath, 0);
	if (!err)
		err = vfs_mknod(at.fs, user_at_dir(&at), at.name, mode, dev);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE3(mknod, const char __user *, path, u32, mode, u32, dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

SYSCALL_DEFINE4(mknodat, int, dirfd, const char __user *, path, u32, mode,
		u32, dev)
{
	return do_mknodat(dirfd, path, mode, dev);
}

static long do_mkdirat(int dirfd, const char __user *upath, u32 mode)
{
	struct user_at at;
	long err = user_at_get(&at, dirfd, upath, 0);

	if (!err)
		err = vfs_mkdir(at.fs, user_at_dir(&at), at.name, mode);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE2(mkdir, const char __user *, path, u32, mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, const char __user *, path, u32, mode)
{
	return do_mkdirat(dirfd, path, mode);
}

static long do_unlinkat(int dirfd, const char __user *upath, int flags)
{
	struct user_at at;
	long err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	err = user_at_get(&at, dirfd, upath, 0);
	if (!err && (flags & AT_REMOVEDIR))
		err = vfs_rmdir(at.fs, user_at_dir(&at), at.name);
	else if (!err)
		err = vfs_unlink(at.fs, user_at_dir(&at), at.name);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE1(rmdir, const char __user *, path)
{
	return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

SYSCALL_DEFINE1(unlink, const char __user *, path)
{
	return do_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, const char __user *, path, int, flags)
{
	return do_unlinkat(dirfd, path, flags);
}

/* The target is any non-empty string; it is not resolved now. */
static long do_symlinkat(const char __user *utarget, int dirfd,
			 const char __user *upath)
{
	char *target = getname(utarget);
	struct user_at at;
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	err = user_at_get(&at, dirfd, upath, 0);
	if (!err)
		err = vfs_symlink(at.fs, target, user_at_dir(&at), at.name);
	user_at_put(&at);
	putname(target);
	return err;
}

SYSCALL_DEFINE2(symlink, const char __user *, target, const char __user *,
		path)
{
	return do_symlinkat(target, AT_FDCWD, path);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, target, int, dirfd,
		const char __user *, path)
{
	return do_symlinkat(target, dirfd, path);
}

/* AT_EMPTY_PATH links the file olddirfd names (Linux asks root for it:
 * everything runs as root here). */
static long do_linkat(int olddirfd, const char __user *uold, int newdirfd,
		      const char __user *unew, int flags)
{
	struct user_at old, new = { 0 };
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_at_get(&old, olddirfd, uold, flags);
	if (!err)
		err = user_at_get(&new, newdirfd, unew, 0);
	if (!err)
		err = vfs_link(old.fs, user_at_dir(&old), old.name,
			       user_at_dir(&new), new.name, flags);
	user_at_put(&new);
	user_at_put(&old);
	return err;
}

SYSCALL_DEFINE2(link, const char __user *, oldpath, const char __user *,
		newpath)
{
	return do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

SYSCALL_DEFINE5(linkat, int, olddirfd, const char __user *, oldpath, int,
		newdirfd, const char __user *, newpath, int, flags)
{
	return do_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}

static long do_renameat2(int olddirfd, const char __user *uold,
			 int newdirfd, const char __user *unew,
			 unsigned int flags)
{
	struct user_at old, new = { 0 };
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) &&
	    (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	err = user_at_get(&old, olddirfd, uold, 0);
	if (!err)
		err = user_at_get(&new, newdirfd, unew, 0);
	if (!err)
		err = vfs_rename(old.fs, user_at_dir(&old), old.name,
				 user_at_dir(&new), new.name, flags);
	user_at_put(&new);
	user_at_put(&old);
	return err;
}

SYSCALL_DEFINE2(rename, const char __user *, oldpath, const char __user *,
		newpath)
{
	return do_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

SYSCALL_DEFINE4(renameat, int, olddirfd, const char __user *, oldpath, int,
		newdirfd, const char __user *, newpath)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, const char __user *, oldpath, int,
		newdirfd, const char __user *, newpath, unsigned int, flags)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

/*
 * readlinkat: an empty name is always allowed (Linux's LOOKUP_EMPTY) and
 * reads the link dirfd is, e.g. one opened O_PATH | O_NOFOLLOW. The size
 * is checked before the name.
 */
static long do_readlinkat(int dirfd, const char __user *upath,
			  char __user *ubuf, int size)
{
	size_t n = MIN((size_t)size, (size_t)PATH_MAX);
	struct user_at at;
	char *buf = NULL;
	ssize_t r;

	if (size <= 0)
		return -EINVAL;
	r = user_at_get(&at, dirfd, upath, AT_EMPTY_PATH);
	if (!r) {
		buf = kmalloc(n);
		r = buf ? vfs_readlink(at.fs, user_at_dir(&at), at.name, buf,
				       n, AT_EMPTY_PATH)
			: -ENOMEM;
	}
	if (r > 0 && copy_to_user(ubuf, buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	user_at_put(&at);
	return r;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int,
		size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, const char __user *, path,
		char __user *, buf, int, size)
{
	return do_readlinkat(dirfd, path, buf, size);
}
