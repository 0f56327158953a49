/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path arguments of system calls (fs/user_path.c): the name copied from
 * user memory, and the directory a dirfd names.
 */
#ifndef _MOSAIC_USER_PATH_H
#define _MOSAIC_USER_PATH_H

#include <mosaic/compiler.h>
#include <mosaic/err.h>
#include <mosaic/types.h>

#define PATH_MAX 4096

struct file;

/* A kernel copy of a user path, or ERR_PTR(-EFAULT/-ENOENT/-ENAMETOOLONG). */
char *getname(const char __user *upath);
void putname(char *name);
/*
 * The open directory dirfd names for a relative path: NULL for AT_FDCWD
 * or an absolute path (the cwd or root serves), a reference to put, or
 * ERR_PTR(-EBADF).
 */
struct file *dirfd_get(int dirfd, const char *path);
/*
 * stat(2) of a user path relative to dirfd (at_flags: AT_SYMLINK_NOFOLLOW)
 * in the calling process's file-system context: 0 and *st, or -errno.
 */
struct stat;
int user_path_stat(int dirfd, const char __user *upath, struct stat *st,
		   int at_flags);

#endif /* _MOSAIC_USER_PATH_H */
