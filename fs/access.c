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
	struct stat st;
	int err;

	if (mode & ~(F_OK | X_OK | W_OK | R_OK))
		return -EINVAL;
	err = user_path_stat(dirfd, upath, &st, 0);
	return err ? err : check_mode(&st, mode);
}

SYSCALL_DEFINE2(access, const char __user *, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char __user *, path, int, mode)
{
	return do_faccessat(dirfd, path, mode);
}
