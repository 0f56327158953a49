// SPDX-License-Identifier: GPL-2.0
/*
 * utimensat(2), which also serves futimens(3) (a NULL name: the open
 * file itself) and utimes(3) in the C libraries. The times are checked
 * before the name, in Linux's order: a fault copying them, both
 * UTIME_OMIT (nothing to do, not even a lookup), a bad tv_nsec.
 */
#include <mosaic/errno.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>
#include <uapi/linux/time_types.h>

static bool nsec_valid(long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec <= 999999999L);
}

/* futimens: flags must be 0, and an O_PATH descriptor is EBADF. */
static long utimens_fd(int fd, const struct timespec64 *times, int flags)
{
	struct file *f;
	long err;

	if (flags)
		return -EINVAL;
	f = fget(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_futimens(f, times);
	fput(f);
	return err;
}

static long utimens_path(int dirfd, const char __user *upath,
			 const struct timespec64 *times, int flags)
{
	struct user_at at;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = user_at_get(&at, dirfd, upath, flags);
	if (!err)
		err = vfs_utimens(at.fs, user_at_dir(&at), at.name, times,
				  flags);
	user_at_put(&at);
	return err;
}

SYSCALL_DEFINE4(utimensat, int, dirfd, const char __user *, path,
		const struct __kernel_timespec __user *, utimes, int, flags)
{
	struct __kernel_timespec ut[2];
	struct timespec64 t[2];

	if (utimes) {
		if (copy_from_user(ut, utimes, sizeof(ut)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			t[i].tv_sec = ut[i].tv_sec;
			t[i].tv_nsec = (long)ut[i].tv_nsec;
		}
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
		if (!nsec_valid(t[0].tv_nsec) || !nsec_valid(t[1].tv_nsec))
			return -EINVAL;
	}
	if (!path && dirfd != AT_FDCWD)
		return utimens_fd(dirfd, utimes ? t : NULL, flags);
	return utimens_path(dirfd, path, utimes ? t : NULL, flags);
}
