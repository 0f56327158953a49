// SPDX-License-Identifier: GPL-2.0
/*
 * dup, dup2, dup3 and fcntl on the calling process's descriptors (the
 * table's rules are fs/fdtable.c's). fcntl knows F_DUPFD,
 * F_DUPFD_CLOEXEC, F_GETFD/F_SETFD and F_GETFL/F_SETFL; other commands
 * give -EINVAL, as Linux does for unknown ones.
 */
#include <mosaic/errno.h>
#include <mosaic/process.h>
#include <mosaic/syscalls.h>
#include <mosaic/vfs.h>

/* What F_SETFL may change; the access mode and creation flags stay. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

static struct fdtable *files(void)
{
	struct process *p = current_process();

	return p ? p->files : NULL;
}

SYSCALL_DEFINE1(dup, int, fd)
{
	return files() ? fd_dup(files(), fd) : -EBADF;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	return files() ? fd_dup2(files(), oldfd, newfd) : -EBADF;
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	return files() ? fd_dup3(files(), oldfd, newfd, flags) : -EBADF;
}

static long file_flags(int fd, bool set, unsigned long arg)
{
	struct file *f = fd_get(files(), fd);
	long r = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	spin_lock(&f->f_lock);
	if (set)
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
	else
		r = f->f_flags;
	spin_unlock(&f->f_lock);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(fcntl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct fdtable *t = files();

	if (!t)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= FDTABLE_MAX_FDS)
			return -EINVAL;
		return fd_dupfd(t, fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_get_flags(t, fd);
	case F_SETFD:
		return fd_set_flags(t, fd, (int)(arg & FD_CLOEXEC));
	case F_GETFL:
		return file_flags(fd, false, 0);
	case F_SETFL:
		return file_flags(fd, true, arg);
	default:
		return -EINVAL;
	}
}
