// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `initramfs`: archives built here (files, directories,
 * symlinks, device nodes, hard links) unpack into a ramfs as archived;
 * malformed ones stop at the bad entry with a message naming it and keep
 * what came before; and the archive GRUB loaded at boot is in "/".
 */
#include <mosaic/bootinfo.h>
#include <mosaic/cpio.h>
#include <mosaic/errno.h>
#include <mosaic/initramfs.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>
#include <mosaic/vsprintf.h>

#include "vfs_ktest.h"

#define ARCHIVE_MAX 8192

static char *archive;
static size_t archive_len;
static unsigned int next_ino;

static int initramfs_suite_init(struct ktest *t)
{
	archive = kmalloc(ARCHIVE_MAX);
	if (!archive || vfs_mkdir(KFS, NULL, "/ktinit", 0755))
		return -1;
	return vfs_mount(KFS, "ktinit", "/ktinit", "ramfs", "");
}

static void initramfs_suite_exit(struct ktest *t)
{
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktinit"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktinit"), 0);
	kfree(archive);
}

static void start_archive(void)
{
	archive_len = 0;
	next_ino = 100;
}

static void add(struct ktest *t, const char *name, u32 mode, const char *data,
		u32 nlink, u32 ino)
{
	struct cpio_entry e = {
		.name = name, .namelen = strlen(name), .mode = mode,
		.uid = 1000, .gid = 100, .nlink = nlink ? nlink : 1,
		.ino = ino ? ino : next_ino++, .data = data,
		.size = data ? strlen(data) : 0, .rdev_major = 0,
	};

	if (S_ISCHR(mode)) {	/* /dev/null: 1, 3 */
		e.rdev_major = 1;
		e.rdev_minor = 3;
	}
	KT_EXPECT_EQ(t, cpio_put_entry(archive, ARCHIVE_MAX, &archive_len, &e), 0);
}

static void finish(struct ktest *t)
{
	KT_EXPECT_EQ(t, cpio_put_trailer(archive, ARCHIVE_MAX, &archive_len), 0);
}

static void test_unpack_everything(struct ktest *t)
{
	struct initramfs_result res;
	char buf[32];
	struct stat st, st2;

	start_archive();
	add(t, ".", S_IFDIR | 0755, NULL, 2, 0);
	add(t, "bin", S_IFDIR | 0755, NULL, 2, 0);
	add(t, "./bin/tool", S_IFREG | 04755, "#!tool", 1, 0);
	add(t, "bin/sh", S_IFLNK | 0777, "tool", 1, 0);
	add(t, "etc", S_IFDIR | 0700, NULL, 2, 0);
	add(t, "etc/empty", S_IFREG | 0600, NULL, 1, 0);
	add(t, "etc/one", S_IFREG | 0644, NULL, 2, 7);	/* hard links: */
	add(t, "etc/two", S_IFREG | 0644, "linked", 2, 7); /* data last */
	add(t, "null", S_IFCHR | 0666, NULL, 1, 0);
	add(t, "fifo", S_IFIFO | 0600, NULL, 1, 0);
	finish(t);
	KT_EXPECT_EQ(t, initramfs_unpack(archive, archive_len, "/ktinit/", &res), 0);
	KT_EXPECT_EQ(t, res.entries, 9);
	KT_EXPECT_EQ(t, res.failed, 0);
	KT_EXPECT_EQ(t, read_file("/ktinit/bin/sh", buf, sizeof(buf)), 6);
	KT_EXPECT_STREQ(t, buf, "#!tool");
	KT_EXPECT_EQ(t, stat_errno("/ktinit/bin/tool", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFREG | 04755);	/* no umask */
	KT_EXPECT_EQ(t, st.st_uid, 1000);
	KT_EXPECT_EQ(t, st.st_gid, 100);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/bin/sh", &st, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT(t, S_ISLNK(st.st_mode));
	KT_EXPECT_EQ(t, st.st_uid, 1000);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/etc", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFDIR | 0700);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/etc/empty", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_size, 0);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/etc/one", &st, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/etc/two", &st2, 0), 0);
	KT_EXPECT_EQ(t, st.st_ino, st2.st_ino);
	KT_EXPECT_EQ(t, st.st_nlink, 2);
	KT_EXPECT_EQ(t, read_file("/ktinit/etc/one", buf, sizeof(buf)), 6);
	KT_EXPECT_STREQ(t, buf, "linked");
	KT_EXPECT_EQ(t, stat_errno("/ktinit/null", &st, 0), 0);
	KT_EXPECT(t, S_ISCHR(st.st_mode));
	KT_EXPECT_EQ(t, st.st_rdev, (1 << 8) | 3);
	KT_EXPECT_EQ(t, stat_errno("/ktinit/fifo", &st, 0), 0);
	KT_EXPECT(t, S_ISFIFO(st.st_mode));
}

/* Two good entries, then @bad; the good ones stay, the message names it. */
static void expect_malformed(struct ktest *t, const char *dir,
			     const char *want_in_message)
{
	struct initramfs_result res;
	char name[48];
	struct stat st;

	KT_EXPECT_EQ(t, initramfs_unpack(archive, archive_len, "/ktinit", &res),
		     -EINVAL);
	KT_EXPECT_EQ(t, res.entries, 2);
	ktest_log(t, "message: %s", res.message);
	KT_EXPECT(t, strstr(res.message, want_in_message) != NULL);
	snprintf(name, sizeof(name), "/ktinit/%s/ok", dir);
	KT_EXPECT_EQ(t, stat_errno(name, &st, 0), 0);
	snprintf(name, sizeof(name), "/ktinit/%s/after", dir);
	KT_EXPECT_EQ(t, stat_errno(name, &st, 0), -ENOENT);
}

static void good_start(struct ktest *t, const char *dir)
{
	char name[48];

	start_archive();
	add(t, dir, S_IFDIR | 0755, NULL, 2, 0);
	snprintf(name, sizeof(name), "%s/ok", dir);
	add(t, name, S_IFREG | 0644, "kept", 1, 0);
}

static void good_end(struct ktest *t, const char *dir)
{
	char name[48];

	snprintf(name, sizeof(name), "%s/after", dir);
	add(t, name, S_IFREG | 0644, "lost", 1, 0);
	finish(t);
}

static void test_malformed_names(struct ktest *t)
{
	good_start(t, "m1");
	add(t, "m1/../../escape", S_IFREG | 0644, "x", 1, 0);
	good_end(t, "m1");
	expect_malformed(t, "m1", "'m1/../../escape': name has a '..' component");
	good_start(t, "m2");
	add(t, "/etc/ktest-absolute", S_IFREG | 0644, "x", 1, 0);
	good_end(t, "m2");
	expect_malformed(t, "m2", "'/etc/ktest-absolute': name is absolute");
	KT_EXPECT_EQ(t, open_errno("/etc/ktest-absolute", O_RDONLY), -ENOENT);
}

static void test_malformed_structure(struct ktest *t)
{
	size_t bad;

	/* Bad magic. */
	good_start(t, "s1");
	bad = archive_len;
	good_end(t, "s1");
	memcpy(archive + bad, "070707", 6);
	expect_malformed(t, "s1", "bad magic");
	/* A huge size: the data would run past the end. */
	good_start(t, "s2");
	bad = archive_len;
	good_end(t, "s2");
	memcpy(archive + bad + 6 + 6 * 8, "FFFFFFF0", 8);
	expect_malformed(t, "s2", "'s2/after': data of 4294967280 bytes runs past");
	/* Truncated data, header, and a name past the end. */
	good_start(t, "s3");
	good_end(t, "s3");
	archive_len -= 124 + 2;	/* into the data of s3/after */
	{
		struct initramfs_result res;

		/* The trailer is gone; the entry's data is cut. */
		KT_EXPECT_EQ(t, initramfs_unpack(archive, archive_len, "/ktinit", &res),
			     -EINVAL);
		KT_EXPECT(t, strstr(res.message, "'s3/after': data of 4 bytes") != NULL);
		KT_EXPECT_EQ(t, res.entries, 2);
	}
	good_start(t, "s4");
	bad = archive_len;
	archive_len = bad + 50;	/* half a header */
	memcpy(archive + bad, "070701", 6);
	expect_malformed(t, "s4", "truncated header");
	good_start(t, "s5");
	bad = archive_len;
	good_end(t, "s5");
	memcpy(archive + bad + 6 + 11 * 8, "00000FFF", 8);	/* namesize */
	expect_malformed(t, "s5", "name runs past the end");
}

/* The archive GRUB loaded (CONFIG_INITRAMFS_SOURCE) was unpacked at boot. */
static void test_boot_initramfs(struct ktest *t)
{
	struct stat st;

	KT_ASSERT(t, boot_info.module_count >= 1);
	KT_EXPECT_EQ(t, stat_errno("/dev", &st, 0), 0);
	KT_EXPECT(t, S_ISDIR(st.st_mode));
	KT_EXPECT_EQ(t, stat_errno("/dev/console", &st, 0), 0);
	KT_EXPECT(t, S_ISCHR(st.st_mode));
	KT_EXPECT_EQ(t, st.st_rdev, (5 << 8) | 1);
	KT_EXPECT_EQ(t, stat_errno("/root", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFDIR | 0700);
}

static struct ktest_case initramfs_cases[] = {
	KTEST_CASE(test_unpack_everything),
	KTEST_CASE(test_malformed_names),
	KTEST_CASE(test_malformed_structure),
	KTEST_CASE(test_boot_initramfs),
	{},
};
KTEST_SUITE_FULL(initramfs, initramfs_cases, initramfs_suite_init,
		 initramfs_suite_exit, 0);
