// SPDX-License-Identifier: GPL-2.0
/*
 * sync, fsync and fdatasync. Every file system here keeps its data in
 * memory, so there is nothing to write back: sync always succeeds, and
 * fsync succeeds on files whose operations have an fsync (ramfs files
 * and directories) and is EINVAL on the others (pipes, devices, /proc),
 * as on Linux.
 */
#include <mosaic/syscalls.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

SYSCALL_DEFINE0(sync)
{
	return 0;
}

static long do_fsync(int fd)
{
	struct file *f = fget(fd);
	long err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vfs_fsync(f);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd);
}

/* The same: there is no metadata to leave unwritten either. */
SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd);
}
