/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the VFS and ramfs ktest suites. */
#ifndef _FS_VFS_KTEST_H
#define _FS_VFS_KTEST_H

#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

#define KFS vfs_kernel_fs()

/* 0 if @name opens with @flags (the file is closed again), else the errno. */
static inline int open_errno(const char *name, int flags)
{
	struct file *f = vfs_open(KFS, NULL, name, flags, 0644);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fput(f);
	return 0;
}

/* Create (or replace) a file holding @text; 0 or the errno. */
static inline int put_file(const char *name, const char *text)
{
	struct file *f = vfs_open(KFS, NULL, name,
				  O_CREAT | O_WRONLY | O_TRUNC, 0644);
	size_t len = strlen(text);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = vfs_write(f, text, len);
	fput(f);
	return n == (ssize_t)len ? 0 : (n < 0 ? (int)n : -EIO);
}

/* Read up to size-1 bytes of @name into buf (NUL-terminated); bytes or errno. */
static inline ssize_t read_file(const char *name, char *buf, size_t size)
{
	struct file *f = vfs_open(KFS, NULL, name, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = vfs_read(f, buf, size - 1);
	fput(f);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

static inline int stat_errno(const char *name, struct stat *st, int flags)
{
	return vfs_stat(KFS, NULL, name, st, flags);
}

/* Objects alive in the VFS, to check a test gave everything back. */
struct vfs_census {
	unsigned long dentries, inodes, files;
};

static inline void vfs_census_take(struct vfs_census *c)
{
	c->dentries = dcache_live_dentries();
	c->inodes = vfs_live_inodes();
	c->files = vfs_live_files();
}

#define KT_EXPECT_CENSUS(t, before)                                         \
	do {                                                                \
		struct vfs_census __now;                                    \
		vfs_census_take(&__now);                                    \
		KT_EXPECT_EQ(t, __now.dentries, (before).dentries);         \
		KT_EXPECT_EQ(t, __now.inodes, (before).inodes);             \
		KT_EXPECT_EQ(t, __now.files, (before).files);               \
	} while (0)

#endif /* _FS_VFS_KTEST_H */
