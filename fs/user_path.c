// SPDX-License-Identifier: GPL-2.0
/* Path arguments of system calls: see <mosaic/user_path.h>. */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/process.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

char *getname(const char __user *upath)
{
	char *name = kmalloc(PATH_MAX);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, upath, PATH_MAX);
	if (len < 0 || len == PATH_MAX || len == 0) {
		kfree(name);
		return ERR_PTR(len < 0 ? len : len ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
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

int user_path_stat(int dirfd, const char __user *upath, struct stat *st,
		   int at_flags)
{
	struct process *p = current_process();
	struct file *dir;
	char *path;
	int err;

	if (!p || !p->fs)
		return -ENOENT;
	path = getname(upath);
	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	dir = dirfd_get(dirfd, path);
	err = IS_ERR(dir) ? (int)PTR_ERR(dir)
			  : vfs_stat(p->fs, dir ? &dir->f_path : NULL, path, st,
				     at_flags);
	if (!IS_ERR_OR_NULL(dir))
		fput(dir);
	putname(path);
	return err;
}
