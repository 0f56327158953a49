// SPDX-License-Identifier: GPL-2.0
/*
 * getdents64(2): a directory's entries as struct linux_dirent64 records
 * (fs/file.c's vfs_getdents64() fills them). Each record's d_off is the
 * position after it, so lseek(fd, d_off, SEEK_SET) resumes there, which
 * is what telldir(3)/seekdir(3) do.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/syscalls.h>
#include <mosaic/uaccess.h>
#include <mosaic/user_path.h>
#include <mosaic/vfs.h>

/*
 * The most one call returns: fewer entries than the buffer would hold
 * is allowed (the C library calls again), and glibc asks for 32 KiB.
 */
#define GETDENTS_MAX (32 * 1024U)

SYSCALL_DEFINE3(getdents64, int, fd, void __user *, ubuf, unsigned int,
		count)
{
	size_t size = MIN(count, GETDENTS_MAX);
	struct file *f = fget(fd);
	ssize_t n;
	s64 pos;
	char *buf;

	if (IS_ERR(f))
		return PTR_ERR(f);
	/* Linux's count is an int: past INT_MAX no record fits. */
	if ((int)count < 0)
		size = 0;
	buf = kmalloc(size);
	pos = vfs_lseek(f, 0, SEEK_CUR);
	n = buf ? vfs_getdents64(f, buf, size) : -ENOMEM;
	if (n > 0 && copy_to_user(ubuf, buf, (size_t)n)) {
		/* Nothing was delivered: the next call reads them again. */
		if (pos >= 0)
			vfs_lseek(f, pos, SEEK_SET);
		n = -EFAULT;
	}
	kfree(buf);
	fput(f);
	return n;
}
