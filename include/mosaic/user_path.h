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
struct fs_struct;
struct path;

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
 * The calling process's descriptor @fd: a reference to fput(), or
 * ERR_PTR(-EBADF). fget() refuses O_PATH files as Linux's fdget() does
 * (read, write, fchmod, ftruncate ... are EBADF on them); fget_raw()
 * takes them (fstat, fchdir, fstatfs, dirfds).
 */
struct file *fget(int fd);
struct file *fget_raw(int fd);

/*
 * The path argument of an *at() system call, taken by user_at_get() and
 * released by user_at_put() (also after a failed get): the caller's
 * file-system context, the name and the directory it is relative to.
 */
struct user_at {
	struct fs_struct *fs;
	char *name;
	struct file *dir;	/* NULL: the cwd (or root, for "/...") */
};

/*
 * Copy the name and take the directory. With AT_EMPTY_PATH in @at_flags
 * an empty name is not ENOENT: it stays "" and at->dir is dirfd's file
 * (any type, O_PATH too), which the vfs_*() calls given AT_EMPTY_PATH
 * work on, as on Linux. 0 or -EFAULT, -ENOENT, -ENAMETOOLONG, -EBADF,
 * -ENOMEM.
 */
int user_at_get(struct user_at *at, int dirfd, const char __user *upath,
		int at_flags);
void user_at_put(struct user_at *at);

/* The directory to resolve at->name from, for the vfs_*() calls. */
const struct path *user_at_dir(const struct user_at *at);

/*
 * stat(2) of a user path relative to dirfd (at_flags: AT_SYMLINK_NOFOLLOW,
 * AT_EMPTY_PATH) in the calling process's file-system context: 0 and
 * *st, or -errno.
 */
struct stat;
int user_path_stat(int dirfd, const char __user *upath, struct stat *st,
		   int at_flags);

#endif /* _MOSAIC_USER_PATH_H */
