// SPDX-License-Identifier: GPL-2.0
/* Path arguments of system calls: see <mosaic/user_path.h>. */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/process.h>
#include <mosaic/string.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

/* The name, or "" if @allow_empty (AT_EMPTY_PATH). */
static char *getname_flags(const char __user *upath, bool allow_empty)
{
	char *name = kmalloc(PATH_MAX);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, upath, PATH_MAX);
	if (len < 0 || len == PATH_MAX || (len == 0 && !allow_empty)) {
		kfree(name);
		return ERR_PTR(len < 0 ? len : len ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
}

char *getname(const char __user *upath)
{
	return getname_flags(upath, false);
}

void putname(char *name)
{
	kfree(name);
}

struct file *dirfd_get(int dirfd, const char *path)
{
	struct process *p = current_process();

	if (dirfd == AT_FDCWD || path[0] == '/')
		return NULL;
	if (!p || !p->files)
		return ERR_PTR(-EBADF);
	return fd_get(p->files, dirfd);
}

struct file *fget_raw(int fd)
{
	struct process *p = current_process();

	if (!p || !p->files)
		return ERR_PTR(-EBADF);
	return fd_get(p->files, fd);
}

struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	if (!IS_ERR(f) && (f->f_flags & O_PATH)) {
		fput(f);
		return ERR_PTR(-EBADF);
	}
	return f;
}

int user_at_get(struct user_at *at, int dirfd, const char __user *upath,
		int at_flags)
{
	struct process *p = current_process();
	struct file *f;

	memset(at, 0, sizeof(*at));
	if (!p || !p->fs)
		return -ENOENT;
	at->fs = p->fs;
	at->name = getname_flags(upath, at_flags & AT_EMPTY_PATH);
	if (IS_ERR(at->name)) {
		int err = (int)PTR_ERR(at->name);

		at->name = NULL;
		return err;
	}
	f = dirfd_get(dirfd, at->name);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	at->dir = f;
	return 0;
}

void user_at_put(struct user_at *at)
{
	if (at->dir)
		fput(at->dir);
	if (at->name)
		putname(at->name);
}

const struct path *user_at_dir(const struct user_at *at)
{
	return at->dir ? &at->dir->f_path : NULL;
}

int user_path_stat(int dirfd, const char __user *upath, struct stat *st,
		   int at_flags)
{
	struct user_at at;
	int err = user_at_get(&at, dirfd, upath, at_flags);

	if (!err)
		err = vfs_stat(at.fs, user_at_dir(&at), at.name, st, at_flags);
	user_at_put(&at);
	return err;
}
