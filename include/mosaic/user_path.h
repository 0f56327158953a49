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

#endif /* _MOSAIC_USER_PATH_H */
