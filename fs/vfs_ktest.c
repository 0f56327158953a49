// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `vfs`: path resolution and the name operations return what
 * Linux returns (path_resolution(7), open(2), rename(2), ...), readdir
 * records, stat fields and descriptor tables. Each case works in its own
 * directory under a ramfs mounted at /ktvfs for the suite, and the
 * suite's end checks every dentry, inode and file came back.
 */
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/sched.h>
#include <mosaic/string.h>
#include <mosaic/timer.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

#include "vfs_ktest.h"

static struct vfs_census suite_start;

static int vfs_suite_init(struct ktest *t)
{
	vfs_census_take(&suite_start);
	if (vfs_mkdir(KFS, NULL, "/ktvfs", 0755))
		return -1;
	return vfs_mount(KFS, "ktvfs", "/ktvfs", "ramfs", "");
}

static void vfs_suite_exit(struct ktest *t)
{
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktvfs"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs"), 0);
	KT_EXPECT_CENSUS(t, suite_start);
}

static u64 ino_of(const char *name, int flags)
{
	struct stat st;

	return stat_errno(name, &st, flags) ? 0 : st.st_ino;
}

static void test_walk_dots_and_slashes(struct ktest *t)
{
	struct fs_struct *fs;
	u64 f;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/w", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/w/a", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/w/a/f", "x") == 0);
	f = ino_of("/ktvfs/w/a/f", 0);
	KT_ASSERT(t, f != 0);
	KT_EXPECT_EQ(t, ino_of("//ktvfs///w/a//f", 0), f);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/w/./a/../a/f", 0), f);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/w/a/.", 0), ino_of("/ktvfs/w/a", 0));
	/* ".." at the root is the root. */
	KT_EXPECT_EQ(t, ino_of("/..", 0), ino_of("/", 0));
	KT_EXPECT_EQ(t, ino_of("/../../ktvfs", 0), ino_of("/ktvfs", 0));
	/* Relative to a working directory. */
	fs = fs_struct_copy(KFS);
	KT_ASSERT(t, fs);
	KT_EXPECT_EQ(t, vfs_chdir(fs, "/ktvfs/w/a"), 0);
	{
		struct stat st;

		KT_EXPECT_EQ(t, vfs_stat(fs, NULL, "f", &st, 0), 0);
		KT_EXPECT_EQ(t, st.st_ino, f);
		KT_EXPECT_EQ(t, vfs_stat(fs, NULL, "../a/./f", &st, 0), 0);
		KT_EXPECT_EQ(t, st.st_ino, f);
	}
	KT_EXPECT_EQ(t, vfs_chdir(fs, "f"), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_chdir(fs, "nope"), -ENOENT);
	fs_struct_free(fs);
}

static void test_walk_errnos(struct ktest *t)
{
	char *name = kmalloc(PATH_MAX + 16);
	struct stat st;
	size_t i;

	KT_ASSERT(t, name);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/e", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/e/file", "x") == 0);
	KT_EXPECT_EQ(t, stat_errno("", &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/missing", &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/missing/x", &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/file/x", &st, 0), -ENOTDIR);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/file/", &st, 0), -ENOTDIR);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/file/.", &st, 0), -ENOTDIR);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/e/", &st, 0), 0);

	/* A 255-byte name is fine, 256 is ENAMETOOLONG. */
	strscpy(name, "/ktvfs/e/", PATH_MAX);
	for (i = 0; i < NAME_MAX; i++)
		name[9 + i] = 'n';
	name[9 + NAME_MAX] = '\0';
	KT_EXPECT_EQ(t, put_file(name, "y"), 0);
	KT_EXPECT_EQ(t, stat_errno(name, &st, 0), 0);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, name), 0);
	name[9 + NAME_MAX] = 'n';
	name[10 + NAME_MAX] = '\0';
	KT_EXPECT_EQ(t, stat_errno(name, &st, 0), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, open_errno(name, O_CREAT | O_WRONLY), -ENAMETOOLONG);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, name, 0755), -ENAMETOOLONG);
	/* A missing directory on the way is found first, as on Linux. */
	memcpy(name, "/ktvfs/m/", 9);
	KT_EXPECT_EQ(t, stat_errno(name, &st, 0), -ENOENT);

	/* 4095 bytes resolve; 4096 (with the NUL, past PATH_MAX) do not. */
	for (i = 0; i + 2 <= PATH_MAX - 2; i += 2)
		memcpy(name + i, "./", 2);
	name[i] = 'f';
	name[i + 1] = '\0';
	KT_EXPECT_EQ(t, strlen(name), PATH_MAX - 1);
	{
		struct fs_struct *fs = fs_struct_copy(KFS);

		KT_ASSERT(t, fs);
		KT_EXPECT_EQ(t, vfs_chdir(fs, "/ktvfs/e"), 0);
		KT_EXPECT_EQ(t, put_file("/ktvfs/e/f", "z"), 0);
		KT_EXPECT_EQ(t, vfs_stat(fs, NULL, name, &st, 0), 0);
		name[i + 1] = 'f';
		name[i + 2] = '\0';
		KT_EXPECT_EQ(t, vfs_stat(fs, NULL, name, &st, 0),
			     -ENAMETOOLONG);
		fs_struct_free(fs);
	}
	kfree(name);
}

static void test_symlinks(struct ktest *t)
{
	char buf[64];
	struct stat st;
	int i;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/s", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/s/dir", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/s/dir/f", "data") == 0);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "dir", NULL, "/ktvfs/s/rel"), 0);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "/ktvfs/s/dir/f", NULL,
				    "/ktvfs/s/abs"), 0);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "rel/f", NULL, "/ktvfs/s/chain"), 0);
	KT_EXPECT_EQ(t, read_file("/ktvfs/s/rel/f", buf, sizeof(buf)), 4);
	KT_EXPECT_EQ(t, read_file("/ktvfs/s/abs", buf, sizeof(buf)), 4);
	KT_EXPECT_EQ(t, read_file("/ktvfs/s/chain", buf, sizeof(buf)), 4);
	KT_EXPECT_STREQ(t, buf, "data");
	/* stat follows, lstat does not; a trailing slash follows. */
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/rel", &st, 0), 0);
	KT_EXPECT(t, S_ISDIR(st.st_mode));
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/rel", &st, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT(t, S_ISLNK(st.st_mode));
	KT_EXPECT_EQ(t, st.st_size, 3);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/rel/", &st, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT(t, S_ISDIR(st.st_mode));
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/abs/", &st, 0), -ENOTDIR);
	/* readlink */
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, "/ktvfs/s/rel", buf, sizeof(buf), 0), 3);
	KT_EXPECT(t, memcmp(buf, "dir", 3) == 0);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, "/ktvfs/s/abs", buf, 4, 0), 4);
	KT_EXPECT(t, memcmp(buf, "/ktv", 4) == 0);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, "/ktvfs/s/dir", buf, 8, 0), -EINVAL);
	KT_EXPECT_EQ(t, vfs_readlink(KFS, NULL, "/ktvfs/s/nope", buf, 8, 0), -ENOENT);
	/* Dangling links; O_NOFOLLOW; an empty target. */
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "nowhere", NULL, "/ktvfs/s/dangle"), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/dangle", &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/dangle", &st, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/s/abs", O_RDONLY | O_NOFOLLOW), -ELOOP);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/s/rel/f", O_RDONLY | O_NOFOLLOW), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/s/abs", O_PATH | O_NOFOLLOW), 0);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "", NULL, "/ktvfs/s/empty"), -ENOENT);
	/* A loop, and the 40-link limit. */
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "loop2", NULL, "/ktvfs/s/loop1"), 0);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "loop1", NULL, "/ktvfs/s/loop2"), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/loop1", &st, 0), -ELOOP);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/loop1/x", &st, 0), -ELOOP);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "dir/f", NULL, "/ktvfs/s/l0"), 0);
	for (i = 1; i <= MAXSYMLINKS; i++) {
		char from[32], to[32];

		snprintf(from, sizeof(from), "l%d", i - 1);
		snprintf(to, sizeof(to), "/ktvfs/s/l%d", i);
		KT_ASSERT(t, vfs_symlink(KFS, from, NULL, to) == 0);
	}
	/* l39 is 40 links from the file, l40 is 41. */
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/l39", &st, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/s/l40", &st, 0), -ELOOP);
}

static void test_open_flags(struct ktest *t)
{
	char buf[32];
	struct file *f;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/o", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/o/f", "hello") == 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/f", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/n", O_CREAT | O_EXCL | O_WRONLY), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/missing", O_RDONLY), -ENOENT);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/nodir/x", O_CREAT | O_WRONLY), -ENOENT);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/f/x", O_CREAT | O_WRONLY), -ENOTDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o", O_RDONLY | O_DIRECTORY), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o", O_WRONLY), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o", O_RDWR), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o", O_RDONLY | O_TRUNC), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o", O_CREAT | O_RDONLY), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/new/", O_CREAT | O_WRONLY), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/.", O_CREAT | O_RDONLY), -EISDIR);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/x", O_CREAT | O_DIRECTORY), -EINVAL);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/f/", O_RDONLY), -ENOTDIR);
	/* O_CREAT|O_EXCL never follows a symlink; O_CREAT alone creates
	 * the target of a dangling one. */
	KT_ASSERT(t, vfs_symlink(KFS, "target", NULL, "/ktvfs/o/dl") == 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/dl", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/dl", O_CREAT | O_WRONLY), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/target", O_RDONLY), 0);
	/* O_TRUNC empties, O_APPEND writes at the end. */
	KT_EXPECT_EQ(t, open_errno("/ktvfs/o/f", O_WRONLY | O_TRUNC), 0);
	KT_EXPECT_EQ(t, read_file("/ktvfs/o/f", buf, sizeof(buf)), 0);
	KT_ASSERT(t, put_file("/ktvfs/o/f", "abc") == 0);
	f = vfs_open(KFS, NULL, "/ktvfs/o/f", O_WRONLY | O_APPEND, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	KT_EXPECT_EQ(t, vfs_write(f, "de", 2), 2);
	KT_EXPECT_EQ(t, vfs_pwrite(f, "f", 1, 0), 1);	/* appends, as Linux */
	KT_EXPECT_EQ(t, vfs_read(f, buf, 1), -EBADF);
	fput(f);
	KT_EXPECT_EQ(t, read_file("/ktvfs/o/f", buf, sizeof(buf)), 6);
	KT_EXPECT_STREQ(t, buf, "abcdef");
	f = vfs_open(KFS, NULL, "/ktvfs/o/f", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, "x", 1), -EBADF);
	KT_EXPECT_EQ(t, vfs_ftruncate(f, 0), -EINVAL);
	KT_EXPECT_EQ(t, vfs_fsync(f), 0);
	fput(f);
	/* The mode is masked by the umask. */
	{
		struct stat st;
		u32 old = vfs_umask(KFS, 077);

		KT_EXPECT_EQ(t, old, 022);
		KT_EXPECT_EQ(t, open_errno("/ktvfs/o/masked", O_CREAT | O_WRONLY), 0);
		KT_EXPECT_EQ(t, stat_errno("/ktvfs/o/masked", &st, 0), 0);
		KT_EXPECT_EQ(t, st.st_mode, S_IFREG | 0600);
		vfs_umask(KFS, old);
	}
}

static void test_create_remove_errnos(struct ktest *t)
{
	struct stat st;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/c", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/full", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/c/full/f", "x") == 0);
	KT_ASSERT(t, put_file("/ktvfs/c/file", "x") == 0);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/full", 0755), -EEXIST);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/file", 0755), -EEXIST);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/.", 0755), -EEXIST);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/", 0755), -EEXIST);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/no/sub", 0755), -ENOENT);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/file/sub", 0755), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/slash/", 0755), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/slash/"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/file"), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/full"), -ENOTEMPTY);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/full/."), -EINVAL);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/full/.."), -ENOTEMPTY);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/"), -EBUSY);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/none"), -ENOENT);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/c/full"), -EISDIR);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/c/file/"), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/c/none"), -ENOENT);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/c/."), -EISDIR);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "x", NULL, "/ktvfs/c/file"), -EEXIST);
	KT_EXPECT_EQ(t, vfs_symlink(KFS, "x", NULL, "/ktvfs/c/none/"), -ENOENT);
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktvfs/c/full", NULL, "/ktvfs/c/d2", 0), -EPERM);
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktvfs/c/file", NULL, "/ktvfs/c/full", 0), -EEXIST);
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktvfs/c/none", NULL, "/ktvfs/c/l", 0), -ENOENT);
	KT_EXPECT_EQ(t, vfs_mknod(KFS, NULL, "/ktvfs/c/nd", S_IFDIR | 0755, 0), -EPERM);
	/* 240: a local/experimental major no driver registers. */
	KT_EXPECT_EQ(t, vfs_mknod(KFS, NULL, "/ktvfs/c/chr", S_IFCHR | 0600, 0xf003), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/c/chr", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_rdev, 0xf003);
	KT_EXPECT(t, S_ISCHR(st.st_mode));
	KT_EXPECT_EQ(t, open_errno("/ktvfs/c/chr", O_RDONLY), -ENXIO);
	/* A removed working directory takes no new entries. */
	{
		struct fs_struct *fs = fs_struct_copy(KFS);

		KT_ASSERT(t, fs);
		KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktvfs/c/gone", 0755), 0);
		KT_EXPECT_EQ(t, vfs_chdir(fs, "/ktvfs/c/gone"), 0);
		KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/c/gone"), 0);
		KT_EXPECT_EQ(t, vfs_mkdir(fs, NULL, "sub", 0755), -ENOENT);
		KT_EXPECT_EQ(t, vfs_open(fs, NULL, "f", O_CREAT | O_WRONLY, 0644),
			     ERR_PTR(-ENOENT));
		fs_struct_free(fs);
	}
}

static u32 nlink_of(const char *name)
{
	struct stat st;

	return stat_errno(name, &st, AT_SYMLINK_NOFOLLOW) ? 0 : (u32)st.st_nlink;
}

static void test_rename(struct ktest *t)
{
	char buf[16];
	u64 ino;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/r", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/r/d", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/r/d/sub", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/r/empty", 0755) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/r/full", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/r/full/x", "x") == 0);
	KT_ASSERT(t, put_file("/ktvfs/r/a", "A") == 0);
	KT_ASSERT(t, put_file("/ktvfs/r/b", "B") == 0);
	/* A file over a file: the old name's inode takes the new name. */
	ino = ino_of("/ktvfs/r/a", 0);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/a", NULL, "/ktvfs/r/b", 0), 0);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/r/b", 0), ino);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/r/a", O_RDONLY), -ENOENT);
	KT_EXPECT_EQ(t, read_file("/ktvfs/r/b", buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(t, buf, "A");
	/* Errors, in the order Linux checks them. */
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/none", NULL, "/ktvfs/r/z", 0), -ENOENT);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d", NULL, "/ktvfs/r/d/sub/in", 0), -EINVAL);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d", NULL, "/ktvfs/r/d/in", 0), -EINVAL);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d/sub", NULL, "/ktvfs/r/d", 0), -ENOTEMPTY);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d", NULL, "/ktvfs/r/full", 0), -ENOTEMPTY);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d", NULL, "/ktvfs/r/b", 0), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/empty", 0), -EISDIR);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b/", NULL, "/ktvfs/r/c", 0), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/c/", 0), -ENOTDIR);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/.", NULL, "/ktvfs/r/c", 0), -EBUSY);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/d/..", 0), -EBUSY);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/full/x",
				   RENAME_NOREPLACE), -EEXIST);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/c", 1U << 5), -EINVAL);
	/* Two names of one file: nothing happens, both stay. */
	KT_ASSERT(t, vfs_link(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/b2", 0) == 0);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/b2", 0), 0);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r/b"), 2);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r/b2"), 2);
	/* A directory over an empty directory, into another parent: the
	 * link counts of both parents follow "..". */
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r"), 5);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/d", NULL, "/ktvfs/r/empty", 0), 0);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r"), 4);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/r/empty/sub", O_RDONLY), 0);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/empty/sub", NULL, "/ktvfs/r/full/sub", 0), 0);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r/empty"), 2);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r/full"), 3);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/r/full/sub/..", 0), ino_of("/ktvfs/r/full", 0));
	/* RENAME_EXCHANGE: a directory and a file trade names and parents;
	 * the ".." link moves with the directory. */
	ino = ino_of("/ktvfs/r/full/sub", 0);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/full/sub", NULL, "/ktvfs/r/b",
				   RENAME_EXCHANGE), 0);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/r/b", 0), ino);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/r/b/..", 0), ino_of("/ktvfs/r", 0));
	KT_EXPECT_EQ(t, read_file("/ktvfs/r/full/sub", buf, sizeof(buf)), 1);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r"), 5);
	KT_EXPECT_EQ(t, nlink_of("/ktvfs/r/full"), 2);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b2", NULL, "/ktvfs/r/none",
				   RENAME_EXCHANGE), -ENOENT);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r", NULL, "/ktvfs/r/b",
				   RENAME_EXCHANGE), -EINVAL);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r",
				   RENAME_EXCHANGE), -EINVAL);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b", NULL, "/ktvfs/r/b2",
				   RENAME_EXCHANGE | RENAME_NOREPLACE), -EINVAL);
	/* ramfs leaves no whiteout behind (nor does Linux's). */
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/r/b2", NULL, "/ktvfs/r/c",
				   RENAME_WHITEOUT), -EINVAL);
}

static void test_mounts_and_dotdot(struct ktest *t)
{
	struct stat root, top, in;
	struct file *f;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/mnt", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/mnt/under", "hidden") == 0);
	KT_ASSERT(t, vfs_mount(KFS, "inner", "/ktvfs/mnt", "ramfs", "") == 0);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "x", "/ktvfs/mnt", "nofs", ""), -ENODEV);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "x", "/ktvfs/mnt/under", "ramfs", ""), -ENOENT);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/mnt/under", O_RDONLY), -ENOENT);
	KT_ASSERT(t, put_file("/ktvfs/mnt/inside", "in") == 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs", &top, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/mnt", &root, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/mnt/inside", &in, 0), 0);
	KT_EXPECT(t, root.st_dev != top.st_dev);
	KT_EXPECT_EQ(t, in.st_dev, root.st_dev);
	/* ".." from a mount's root climbs into the parent mount. */
	KT_EXPECT_EQ(t, ino_of("/ktvfs/mnt/..", 0), top.st_ino);
	KT_EXPECT_EQ(t, ino_of("/ktvfs/mnt/../mnt/inside", 0), in.st_ino);
	/* Across mounts: EXDEV; the mount point itself is busy. */
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktvfs/mnt/inside", NULL, "/ktvfs/l", 0), -EXDEV);
	KT_EXPECT_EQ(t, vfs_rename(KFS, NULL, "/ktvfs/mnt/inside", NULL, "/ktvfs/l", 0), -EXDEV);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktvfs/mnt"), -EBUSY);
	/* An open file keeps the mount busy. */
	f = vfs_open(KFS, NULL, "/ktvfs/mnt/inside", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktvfs/mnt"), -EBUSY);
	fput(f);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktvfs/mnt/inside"), -EINVAL);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktvfs/mnt"), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/mnt/under", O_RDONLY), 0);
	KT_EXPECT_EQ(t, open_errno("/ktvfs/mnt/inside", O_RDONLY), -ENOENT);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/"), -EBUSY);
}

struct seen_entry {
	const char *name;
	unsigned char type;
	int count;
};

static void count_entries(struct ktest *t, const char *buf, ssize_t n,
			  struct seen_entry *seen, int nseen, s64 *last_off)
{
	ssize_t pos = 0;

	while (pos < n) {
		const struct linux_dirent64 *d = (const void *)(buf + pos);
		int i;

		KT_ASSERT(t, d->d_reclen >= offsetof(struct linux_dirent64, d_name) + 2 &&
			      d->d_reclen % 8 == 0);
		for (i = 0; i < nseen; i++)
			if (strcmp(d->d_name, seen[i].name) == 0)
				break;
		KT_EXPECT(t, i < nseen);
		if (i < nseen) {
			seen[i].count++;
			KT_EXPECT_EQ(t, d->d_type, seen[i].type);
		}
		*last_off = d->d_off;
		pos += d->d_reclen;
	}
}

static void test_getdents64(struct ktest *t)
{
	struct seen_entry seen[] = {
		{ ".", DT_DIR, 0 }, { "..", DT_DIR, 0 },
		{ "file", DT_REG, 0 }, { "sub", DT_DIR, 0 },
		{ "link", DT_LNK, 0 },
	};
	char buf[256];
	const struct linux_dirent64 *first = (const void *)buf;
	struct file *f;
	s64 off = 0;
	ssize_t n;
	int calls = 0;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/g", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/g/file", "x") == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/g/sub", 0755) == 0);
	KT_ASSERT(t, vfs_symlink(KFS, "file", NULL, "/ktvfs/g/link") == 0);
	f = vfs_open(KFS, NULL, "/ktvfs/g", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	/* One record needs 24 bytes: smaller is EINVAL. */
	KT_EXPECT_EQ(t, vfs_getdents64(f, buf, 10), -EINVAL);
	n = vfs_getdents64(f, buf, sizeof(buf));
	KT_EXPECT(t, n > 0);
	KT_EXPECT_STREQ(t, first->d_name, ".");
	KT_EXPECT_EQ(t, first->d_ino, ino_of("/ktvfs/g", 0));
	count_entries(t, buf, n, seen, ARRAY_SIZE(seen), &off);
	KT_EXPECT_EQ(t, vfs_getdents64(f, buf, sizeof(buf)), 0);
	for (int i = 0; i < (int)ARRAY_SIZE(seen); i++)
		KT_EXPECT_EQ(t, seen[i].count, 1);
	/* Again from the start, one record per call, each exactly once;
	 * an entry removed meanwhile does not disturb the rest. */
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	while ((n = vfs_getdents64(f, buf, 32)) > 0 && calls < 10) {
		count_entries(t, buf, n, seen, ARRAY_SIZE(seen), &off);
		calls++;
	}
	KT_EXPECT_EQ(t, n, 0);
	KT_EXPECT_EQ(t, calls, 5);
	for (int i = 0; i < (int)ARRAY_SIZE(seen); i++)
		KT_EXPECT_EQ(t, seen[i].count, 2);
	KT_EXPECT_EQ(t, vfs_lseek(f, off, SEEK_SET), off);
	KT_EXPECT_EQ(t, vfs_getdents64(f, buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(t, vfs_read(f, buf, 1), -EISDIR);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_END), -EINVAL);
	fput(f);
	f = vfs_open(KFS, NULL, "/ktvfs/g/file", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_getdents64(f, buf, sizeof(buf)), -ENOTDIR);
	fput(f);
}

/* 2024-01-01 00:00:00 UTC: timestamps must be real dates. */
#define Y2024 1704067200ULL

static void test_stat_fields(struct ktest *t)
{
	struct stat st, dir, ln;
	struct statfs sf;
	struct file *f;
	u64 mtime;

	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/st", 0750) == 0);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktvfs/st/sub", 0755) == 0);
	KT_ASSERT(t, put_file("/ktvfs/st/f", "12345") == 0);
	KT_ASSERT(t, vfs_symlink(KFS, "f", NULL, "/ktvfs/st/ln") == 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/st/f", &st, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/st", &dir, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/st/ln", &ln, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFREG | 0644);
	KT_EXPECT_EQ(t, dir.st_mode, S_IFDIR | 0750);
	KT_EXPECT_EQ(t, ln.st_mode, S_IFLNK | 0777);
	KT_EXPECT_EQ(t, st.st_nlink, 1);
	KT_EXPECT_EQ(t, dir.st_nlink, 3);	/* entry, ".", sub's ".." */
	KT_EXPECT_EQ(t, st.st_size, 5);
	KT_EXPECT_EQ(t, ln.st_size, 1);
	KT_EXPECT_EQ(t, st.st_blocks, 8);	/* one 4 KiB page */
	KT_EXPECT_EQ(t, dir.st_blocks, 0);
	KT_EXPECT_EQ(t, st.st_blksize, 4096);
	KT_EXPECT_EQ(t, st.st_uid, 0);
	KT_EXPECT_EQ(t, st.st_dev, dir.st_dev);
	KT_EXPECT(t, st.st_ino != dir.st_ino && st.st_ino != ln.st_ino);
	KT_EXPECT(t, st.st_mtime >= Y2024);
	KT_EXPECT(t, st.st_atime >= Y2024 && st.st_ctime >= Y2024);
	KT_EXPECT(t, st.st_mtime_nsec < 1000000000ULL);
	BUILD_BUG_ON(sizeof(struct stat) != 144);
	BUILD_BUG_ON(sizeof(struct statfs) != 120);
	BUILD_BUG_ON(offsetof(struct stat, st_size) != 48);
	BUILD_BUG_ON(offsetof(struct linux_dirent64, d_name) != 19);
	/* chmod/chown are stored; chown clears set-id bits on files. */
	KT_EXPECT_EQ(t, vfs_chmod(KFS, NULL, "/ktvfs/st/f", 04755, 0), 0);
	KT_EXPECT_EQ(t, vfs_chown(KFS, NULL, "/ktvfs/st/f", 1000, (u32)-1, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktvfs/st/f", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFREG | 0755);
	KT_EXPECT_EQ(t, st.st_uid, 1000);
	KT_EXPECT_EQ(t, st.st_gid, 0);
	KT_EXPECT_EQ(t, vfs_chmod(KFS, NULL, "/ktvfs/st/ln", 0600, AT_SYMLINK_NOFOLLOW),
		     -EOPNOTSUPP);
	/* A write moves mtime forward; fstat agrees with stat. */
	mtime = st.st_mtime * 1000000000ULL + st.st_mtime_nsec;
	sleep_ticks(ms_to_ticks(20));
	f = vfs_open(KFS, NULL, "/ktvfs/st/f", O_WRONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, "x", 1), 1);
	KT_EXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KT_EXPECT(t, st.st_mtime * 1000000000ULL + st.st_mtime_nsec > mtime);
	KT_EXPECT_EQ(t, vfs_fstatfs(f, &sf), 0);
	fput(f);
	KT_EXPECT_EQ(t, vfs_statfs(KFS, NULL, "/ktvfs/st", &sf), 0);
	KT_EXPECT_EQ(t, sf.f_type, RAMFS_MAGIC);
	KT_EXPECT_EQ(t, sf.f_bsize, 4096);
	KT_EXPECT_EQ(t, sf.f_namelen, 255);
	KT_EXPECT(t, sf.f_blocks > 0 && sf.f_bfree < sf.f_blocks);
}

static void test_lseek(struct ktest *t)
{
	char buf[8];
	struct file *f;

	f = vfs_open(KFS, NULL, "/ktvfs/seek", O_CREAT | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, "0123456789", 10), 10);
	KT_EXPECT_EQ(t, vfs_lseek(f, -3, SEEK_END), 7);
	KT_EXPECT_EQ(t, vfs_read(f, buf, 8), 3);
	KT_EXPECT_EQ(t, vfs_lseek(f, -20, SEEK_CUR), -EINVAL);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_CUR), 10);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, 7), -EINVAL);
	KT_EXPECT_EQ(t, vfs_lseek(f, 4, SEEK_DATA), 4);
	KT_EXPECT_EQ(t, vfs_lseek(f, 4, SEEK_HOLE), 10);
	KT_EXPECT_EQ(t, vfs_lseek(f, 10, SEEK_DATA), -ENXIO);
	KT_EXPECT_EQ(t, vfs_lseek(f, 100, SEEK_SET), 100);
	KT_EXPECT_EQ(t, vfs_read(f, buf, 8), 0);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 2, -1), -EINVAL);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 2, 8), 2);
	KT_EXPECT(t, memcmp(buf, "89", 2) == 0);
	KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_CUR), 100);	/* pread kept it */
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/seek"), 0);
}

static void test_fd_table(struct ktest *t)
{
	struct fdtable *ft = fdtable_alloc(), *copy;
	struct file *f, *g;
	char c;
	int fd, i;

	KT_ASSERT(t, ft);
	KT_ASSERT(t, put_file("/ktvfs/fdt", "abcdef") == 0);
	f = vfs_open(KFS, NULL, "/ktvfs/fdt", O_RDONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, fd_install(ft, f, 0), 0);
	KT_EXPECT_EQ(t, fd_dup(ft, 0), 1);
	KT_EXPECT_EQ(t, fd_dup(ft, 0), 2);
	KT_EXPECT_EQ(t, fd_close(ft, 1), 0);
	KT_EXPECT_EQ(t, fd_close(ft, 1), -EBADF);
	KT_EXPECT_EQ(t, fd_dup(ft, 2), 1);	/* the lowest free */
	KT_EXPECT_EQ(t, fd_dup(ft, 9), -EBADF);
	/* dup'ed descriptors share the offset. */
	g = fd_get(ft, 1);
	KT_ASSERT(t, !IS_ERR(g));
	KT_EXPECT_EQ(t, vfs_read(g, &c, 1), 1);
	fput(g);
	g = fd_get(ft, 2);
	KT_ASSERT(t, !IS_ERR(g));
	KT_EXPECT_EQ(t, vfs_read(g, &c, 1), 1);
	KT_EXPECT_EQ(t, c, 'b');
	fput(g);
	KT_EXPECT(t, IS_ERR(fd_get(ft, 7)));
	/* dup2/dup3 and close-on-exec. */
	KT_EXPECT_EQ(t, fd_dup2(ft, 0, 10), 10);
	KT_EXPECT_EQ(t, fd_dup2(ft, 0, 0), 0);
	KT_EXPECT_EQ(t, fd_dup2(ft, 5, 5), -EBADF);
	KT_EXPECT_EQ(t, fd_dup3(ft, 0, 0, 0), -EINVAL);
	KT_EXPECT_EQ(t, fd_dup3(ft, 0, 11, O_CLOEXEC), 11);
	KT_EXPECT_EQ(t, fd_dup3(ft, 0, 12, O_RDWR), -EINVAL);
	KT_EXPECT_EQ(t, fd_dup2(ft, 0, FDTABLE_MAX_FDS), -EBADF);
	KT_EXPECT_EQ(t, fd_get_flags(ft, 11), FD_CLOEXEC);
	KT_EXPECT_EQ(t, fd_get_flags(ft, 10), 0);
	KT_EXPECT_EQ(t, fd_dupfd(ft, 0, 20, true), 20);
	KT_EXPECT_EQ(t, fd_dupfd(ft, 0, FDTABLE_MAX_FDS, false), -EINVAL);
	KT_EXPECT_EQ(t, fd_set_flags(ft, 10, FD_CLOEXEC), 0);
	KT_EXPECT_EQ(t, fdtable_count(ft), 6);	/* 0 1 2 10 11 20 */
	copy = fdtable_copy(ft);
	KT_ASSERT(t, copy);
	KT_EXPECT_EQ(t, fdtable_count(copy), 6);
	fdtable_close_on_exec(ft);
	KT_EXPECT_EQ(t, fdtable_count(ft), 3);
	KT_EXPECT_EQ(t, fd_close(ft, 20), -EBADF);
	KT_EXPECT_EQ(t, fdtable_count(copy), 6);
	fdtable_free(copy);
	/* The table fills at FDTABLE_MAX_FDS: EMFILE. */
	for (i = 0; i < FDTABLE_MAX_FDS; i++) {
		fd = fd_dup(ft, 0);
		if (fd < 0)
			break;
	}
	KT_EXPECT_EQ(t, fd, -EMFILE);
	KT_EXPECT_EQ(t, fdtable_count(ft), FDTABLE_MAX_FDS);
	fdtable_free(ft);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktvfs/fdt"), 0);
}

static struct ktest_case vfs_cases[] = {
	KTEST_CASE(test_walk_dots_and_slashes),
	KTEST_CASE(test_walk_errnos),
	KTEST_CASE(test_symlinks),
	KTEST_CASE(test_open_flags),
	KTEST_CASE(test_create_remove_errnos),
	KTEST_CASE(test_rename),
	KTEST_CASE(test_mounts_and_dotdot),
	KTEST_CASE(test_getdents64),
	KTEST_CASE(test_stat_fields),
	KTEST_CASE(test_lseek),
	KTEST_CASE(test_fd_table),
	{},
};
KTEST_SUITE_FULL(vfs, vfs_cases, vfs_suite_init, vfs_suite_exit, 0);
