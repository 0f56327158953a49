// SPDX-License-Identifier: GPL-2.0
/*
 * open, openat, lseek, the stat family (stat, fstat, lstat, newfstatat,
 * statx), the working directory (chdir, fchdir), umask, and changes of
 * mode, owner and size (chmod, chown, truncate and their f-, l- and
 * -at forms) on the calling process's descriptor table and working
 * directory. Flag checking and the semantics are the VFS's (vfs_open,
 * vfs_stat, ...); what is checked here is what Linux checks before it
 * looks at a name, in Linux's order.
 */
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/string.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

static long do_openat(int dirfd, const char __user *upath, int flags,
		      u32 mode)
{
	struct process *p = current_process();
	struct user_at at;
	struct file *f;
	long fd;

	fd = user_at_get(&at, dirfd, upath, 0);
	if (fd) {
		user_at_put(&at);
		return fd;
	}
	f = vfs_open(at.fs, user_at_dir(&at), at.name, flags, mode);
	user_at_put(&at);
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
	struct file *f = fget_raw(fd);
	s64 r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = vfs_lseek(f, off, whence);
	fput(f);
	return r;
}

/* ------------------------------------------------------------------ stat */

static long stat_out(int err, const struct stat *st, struct stat __user *ust)
{
	if (err)
		return err;
	return copy_to_user(ust, st, sizeof(*st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat __user *, ust)
{
	struct file *f = fget_raw(fd);
	struct stat st;
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fstat(f, &st);
	fput(f);
	return stat_out(err, &st, ust);
}

/* What fstatat takes; AT_NO_AUTOMOUNT means nothing here (no automounts). */
#define FSTATAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)

static long do_fstatat(int dirfd, const char __user *upath,
		       struct stat __user *ust, int flags)
{
	struct stat st;
	int err;

	if (flags & ~FSTATAT_FLAGS)
		return -EINVAL;
	err = user_path_stat(dirfd, upath, &st, flags & ~AT_NO_AUTOMOUNT);
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

static struct statx_timestamp statx_time(u64 sec, u64 nsec)
{
	return (struct statx_timestamp){ .tv_sec = (s64)sec,
					 .tv_nsec = (u32)nsec };
}

/*
 * struct stat as statx: everything the VFS knows is the basic set, so
 * stx_mask is STATX_BASIC_STATS whatever was asked (Linux too fills
 * what it has); no birth time, attributes or mount id.
 */
static void stat_to_statx(const struct stat *st, struct statx *sx)
{
	dev_t dev = new_decode_dev((u32)st->st_dev);
	dev_t rdev = new_decode_dev((u32)st->st_rdev);

	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS;
	sx->stx_blksize = (u32)st->st_blksize;
	sx->stx_nlink = (u32)st->st_nlink;
	sx->stx_uid = st->st_uid;
	sx->stx_gid = st->st_gid;
	sx->stx_mode = (u16)st->st_mode;
	sx->stx_ino = st->st_ino;
	sx->stx_size = (u64)st->st_size;
	sx->stx_blocks = (u64)st->st_blocks;
	sx->stx_atime = statx_time(st->st_atime, st->st_atime_nsec);
	sx->stx_mtime = statx_time(st->st_mtime, st->st_mtime_nsec);
	sx->stx_ctime = statx_time(st->st_ctime, st->st_ctime_nsec);
	sx->stx_rdev_major = MAJOR(rdev);
	sx->stx_rdev_minor = MINOR(rdev);
	sx->stx_dev_major = MAJOR(dev);
	sx->stx_dev_minor = MINOR(dev);
}

#define STATX_FLAGS (FSTATAT_FLAGS | AT_STATX_SYNC_TYPE)

SYSCALL_DEFINE5(statx, int, dirfd, const char __user *, path, int, flags,
		unsigned int, mask, struct statx __user *, ubuf)
{
	struct statx sx;
	struct stat st;
	int err;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;	/* both FORCE_SYNC and DONT_SYNC */
	if (flags & ~STATX_FLAGS)
		return -EINVAL;
	err = user_path_stat(dirfd, path, &st,
			     flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
	if (err)
		return err;
	stat_to_statx(&st, &sx);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* ------------------------------------------------------------------ cwd */

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
	struct user_at at;
	long err = user_at_get(&at, AT_FDCWD, upath, 0);

	if (!err)
		err = vfs_chdir(at.fs, at.name);
	user_at_put(&at);
	return err;
}

/* An O_PATH descriptor of a directory will do, as on Linux. */
SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct process *p = current_process();
	struct file *f = fget_raw(fd);
	long err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fchdir(p->fs, f);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(umask, u32, mask)
{
	struct process *p = current_process();

	return p && p->fs ? vfs_umask(p->fs, mask) : 022;
}

/* ------------------------------------------------------------------ attributes */

static long do_fchmodat(int dirfd, const char __user *upath, u32 mode)
{
	struct user_at at;
	long err = user_at_get(&at, dirfd, upath, 0);

	if (!err)
		err = vfs_chmod(at.fs, user_at_dir(&at), at.name, mode, 0);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE2(chmod, const char __user *, path, u32, mode)
{
	return do_fchmodat(AT_FDCWD, path, mode);
}

/* fchmod and fchown take an open file, not an O_PATH one (EBADF). */
SYSCALL_DEFINE2(fchmod, int, fd, u32, mode)
{
	struct file *f = fget(fd);
	long err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fchmod(f, mode);
	fput(f);
	return err;
}

/* Linux's fchmodat has no flags argument (fchmodat2 came in 6.6). */
SYSCALL_DEFINE3(fchmodat, int, dirfd, const char __user *, path, u32, mode)
{
	return do_fchmodat(dirfd, path, mode);
}

static long do_fchownat(int dirfd, const char __user *upath, u32 uid,
			u32 gid, int flags)
{
	struct user_at at;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_at_get(&at, dirfd, upath, flags);
	if (!err)
		err = vfs_chown(at.fs, user_at_dir(&at), at.name, uid, gid,
				flags);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE3(chown, const char __user *, path, u32, uid, u32, gid)
{
	return do_fchownat(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, path, u32, uid, u32, gid)
{
	return do_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, u32, uid, u32, gid)
{
	struct file *f = fget(fd);
	long err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fchown(f, uid, gid);
	fput(f);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, const char __user *, path, u32, uid,
		u32, gid, int, flags)
{
	return do_fchownat(dirfd, path, uid, gid, flags);
}

/* A negative length is EINVAL before the name or descriptor is looked at. */
SYSCALL_DEFINE2(truncate, const char __user *, upath, s64, len)
{
	struct user_at at;
	long err;

	if (len < 0)
		return -EINVAL;
	err = user_at_get(&at, AT_FDCWD, upath, 0);
	if (!err)
		err = vfs_truncate(at.fs, NULL, at.name, len);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE2(ftruncate, int, fd, s64, len)
{
	struct file *f;
	long err;

	if (len < 0)
		return -EINVAL;
	f = fget(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_ftruncate(f, len);
	fput(f);
	return err;
}
