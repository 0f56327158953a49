// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `ramfs`: sparse files, hard links, a file unlinked while
 * open, truncation, ENOSPC at the mount's cap and when memory itself runs
 * out, and every frame and heap byte given back when the files go.
 * Works in ramfs mounts of its own under /ktramfs.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/ktest.h>
#include <mosaic/ktest_mem.h>
#include <mosaic/page.h>
#include <mosaic/ramfs.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>
#include <mosaic/vmm.h>
#include <mosaic/vsprintf.h>

#include "../vfs_ktest.h"

#define GiB (1ULL << 30)

/* What memory looks like from outside ramfs, and the VFS's objects. */
struct mem_snapshot {
	struct ktest_mem_snapshot mem;
	struct vfs_census vfs;
};

static void snapshot(struct mem_snapshot *s)
{
	ktest_mem_snapshot(&s->mem);
	vfs_census_take(&s->vfs);
}

/* Back to the baseline (<mosaic/ktest_mem.h>): no page held by ramfs. */
static void expect_baseline(struct ktest *t, const struct mem_snapshot *b)
{
	ktest_expect_mem_baseline(t, &b->mem);
	KT_EXPECT_CENSUS(t, b->vfs);
}

static struct mem_snapshot suite_start;

static int ramfs_suite_init(struct ktest *t)
{
	snapshot(&suite_start);
	if (vfs_mkdir(KFS, NULL, "/ktramfs", 0755))
		return -1;
	return vfs_mount(KFS, "ktramfs", "/ktramfs", "ramfs", "");
}

static void ramfs_suite_exit(struct ktest *t)
{
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktramfs"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktramfs"), 0);
	expect_baseline(t, &suite_start);
}

static struct super_block *sb_of(const char *name)
{
	struct path p;
	struct super_block *sb;

	if (vfs_path_lookup(KFS, NULL, name, true, &p))
		return NULL;
	sb = p.dentry->d_sb;
	mutex_lock(&vfs_ns_lock);
	path_put(&p);
	mutex_unlock(&vfs_ns_lock);
	return sb;
}

static u64 data_pages(const char *mnt)
{
	struct ramfs_usage u;

	ramfs_get_usage(sb_of(mnt), &u);
	return u.data_pages;
}

static void test_sparse_file(struct ktest *t)
{
	struct mem_snapshot base;
	char buf[64], zero[64];
	struct stat st;
	struct file *f;

	snapshot(&base);
	memset(zero, 0, sizeof(zero));
	f = vfs_open(KFS, NULL, "/ktramfs/sparse", O_CREAT | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_lseek(f, 5 * GiB, SEEK_SET), (s64)(5 * GiB));
	KT_EXPECT_EQ(t, vfs_write(f, "end", 3), 3);
	KT_EXPECT_EQ(t, vfs_pwrite(f, "mid", 3, GiB + 4094), 3);	/* spans pages */
	KT_EXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KT_EXPECT_EQ(t, st.st_size, (s64)(5 * GiB + 3));
	KT_EXPECT_EQ(t, st.st_blocks, 3 * 8);	/* three pages, not 5 GiB */
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 3);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	KT_EXPECT(t, memcmp(buf, zero, sizeof(buf)) == 0);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 5, GiB + 4093), 5);
	KT_EXPECT(t, memcmp(buf, "\0mid\0", 5) == 0);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, sizeof(buf), 5 * GiB), 3);
	KT_EXPECT(t, memcmp(buf, "end", 3) == 0);
	/* Past the largest file: EFBIG; seeking there: EINVAL. */
	KT_EXPECT_EQ(t, vfs_pwrite(f, "x", 1, (s64)(1ULL << 48)), -EFBIG);
	KT_EXPECT_EQ(t, vfs_lseek(f, (s64)(1ULL << 49), SEEK_SET), -EINVAL);
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/sparse"), 0);
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 0);
	expect_baseline(t, &base);
}

static void test_hard_links(struct ktest *t)
{
	char buf[16];
	struct stat a, b;

	KT_ASSERT(t, put_file("/ktramfs/orig", "shared") == 0);
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktramfs/orig", NULL, "/ktramfs/alias", 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktramfs/orig", &a, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktramfs/alias", &b, 0), 0);
	KT_EXPECT_EQ(t, a.st_ino, b.st_ino);
	KT_EXPECT_EQ(t, a.st_nlink, 2);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/orig"), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktramfs/alias", &b, 0), 0);
	KT_EXPECT_EQ(t, b.st_nlink, 1);
	KT_EXPECT_EQ(t, read_file("/ktramfs/alias", buf, sizeof(buf)), 6);
	KT_EXPECT_STREQ(t, buf, "shared");
	/* A hard link to a symlink links the symlink itself. */
	KT_ASSERT(t, vfs_symlink(KFS, "alias", NULL, "/ktramfs/sl") == 0);
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktramfs/sl", NULL, "/ktramfs/sl2", 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktramfs/sl2", &b, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT(t, S_ISLNK(b.st_mode));
	KT_EXPECT_EQ(t, vfs_link(KFS, NULL, "/ktramfs/sl", NULL, "/ktramfs/sl3",
				 AT_SYMLINK_FOLLOW), 0);
	KT_EXPECT_EQ(t, stat_errno("/ktramfs/sl3", &b, AT_SYMLINK_NOFOLLOW), 0);
	KT_EXPECT(t, S_ISREG(b.st_mode));
	KT_EXPECT_EQ(t, b.st_nlink, 2);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/alias"), 0);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/sl"), 0);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/sl2"), 0);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/sl3"), 0);
}

static void test_unlink_while_open(struct ktest *t)
{
	struct mem_snapshot base;
	static char page[PAGE_SIZE];
	char buf[16];
	struct stat st;
	struct file *f;

	snapshot(&base);
	memset(page, 'p', sizeof(page));
	f = vfs_open(KFS, NULL, "/ktramfs/tmp", O_CREAT | O_RDWR, 0600);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, page, sizeof(page)), (ssize_t)sizeof(page));
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/tmp"), 0);
	KT_EXPECT_EQ(t, open_errno("/ktramfs/tmp", O_RDONLY), -ENOENT);
	/* Still readable and writable through the open file. */
	KT_EXPECT_EQ(t, vfs_write(f, "tail", 4), 4);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 6, PAGE_SIZE - 2), 6);
	KT_EXPECT(t, memcmp(buf, "pptail", 6) == 0);
	KT_EXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KT_EXPECT_EQ(t, st.st_nlink, 0);
	KT_EXPECT_EQ(t, st.st_size, (s64)PAGE_SIZE + 4);
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 2);
	/* A new file of the same name is another file. */
	KT_ASSERT(t, put_file("/ktramfs/tmp", "new") == 0);
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 4, PAGE_SIZE), 4);
	KT_EXPECT(t, memcmp(buf, "tail", 4) == 0);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/tmp"), 0);
	fput(f);	/* the last reference: now the data goes */
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 0);
	expect_baseline(t, &base);
}

static void test_truncate(struct ktest *t)
{
	char buf[8];
	struct stat st;
	struct file *f;

	f = vfs_open(KFS, NULL, "/ktramfs/tr", O_CREAT | O_RDWR, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_pwrite(f, "abcdefgh", 8, 3 * PAGE_SIZE), 8);
	KT_EXPECT_EQ(t, vfs_pwrite(f, "12345678", 8, 0), 8);
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 2);
	KT_EXPECT_EQ(t, vfs_ftruncate(f, 4), 0);
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 1);
	KT_EXPECT_EQ(t, vfs_ftruncate(f, 8), 0);	/* grows with zeros */
	KT_EXPECT_EQ(t, vfs_pread(f, buf, 8, 0), 8);
	KT_EXPECT(t, memcmp(buf, "1234\0\0\0\0", 8) == 0);
	KT_EXPECT_EQ(t, vfs_ftruncate(f, -1), -EINVAL);
	KT_EXPECT_EQ(t, vfs_truncate(KFS, NULL, "/ktramfs/tr", 0), 0);
	KT_EXPECT_EQ(t, vfs_fstat(f, &st), 0);
	KT_EXPECT_EQ(t, st.st_size, 0);
	KT_EXPECT_EQ(t, st.st_blocks, 0);
	KT_EXPECT_EQ(t, vfs_truncate(KFS, NULL, "/ktramfs", 0), -EISDIR);
	KT_EXPECT_EQ(t, vfs_truncate(KFS, NULL, "/ktramfs/none", 0), -ENOENT);
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/tr"), 0);
}

#define CHUNK (256 * 1024)

/* Write @f full in CHUNK pieces; the errno that stopped it. */
static ssize_t fill(struct file *f, const char *chunk, u64 *written)
{
	for (;;) {
		ssize_t n = vfs_write(f, chunk, CHUNK);

		if (n < 0)
			return n;
		*written += (u64)n;
		if (n < CHUNK) {	/* a short write; the next one fails */
			n = vfs_write(f, chunk, CHUNK);
			return n < 0 ? n : -EIO;
		}
	}
}

static void test_enospc_at_size_cap(struct ktest *t)
{
	struct mem_snapshot base;
	struct statfs sf;
	struct file *f;
	char *chunk;
	u64 written = 0;

	snapshot(&base);
	chunk = kmalloc(CHUNK);
	KT_ASSERT(t, chunk);
	memset(chunk, 'c', CHUNK);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktramfs/small", 0755) == 0);
	KT_EXPECT_EQ(t, vfs_mount(KFS, "s", "/ktramfs/small", "ramfs", "size=bad"), -EINVAL);
	KT_ASSERT(t, vfs_mount(KFS, "s", "/ktramfs/small", "ramfs", "size=600k") == 0);
	f = vfs_open(KFS, NULL, "/ktramfs/small/f", O_CREAT | O_WRONLY, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, fill(f, chunk, &written), -ENOSPC);
	KT_EXPECT_EQ(t, written, 150 * PAGE_SIZE);
	KT_EXPECT_EQ(t, vfs_statfs(KFS, NULL, "/ktramfs/small", &sf), 0);
	KT_EXPECT_EQ(t, sf.f_bfree, 0);
	/* Freeing space makes writes work again. */
	KT_EXPECT_EQ(t, vfs_ftruncate(f, 0), 0);
	KT_EXPECT_EQ(t, vfs_pwrite(f, chunk, CHUNK, 0), CHUNK);
	fput(f);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktramfs/small"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktramfs/small"), 0);
	kfree(chunk);
	expect_baseline(t, &base);
}

/* With no cap, memory itself runs out: ENOSPC, and all of it comes back. */
static void test_enospc_out_of_memory(struct ktest *t)
{
	struct mem_snapshot base;
	struct frame_stats fs;
	struct file *f;
	char *chunk;
	u64 written = 0;
	ssize_t err;

	snapshot(&base);
	chunk = kmalloc(CHUNK);
	KT_ASSERT(t, chunk);
	memset(chunk, 'm', CHUNK);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktramfs/all", 0755) == 0);
	KT_ASSERT(t, vfs_mount(KFS, "all", "/ktramfs/all", "ramfs", "size=0") == 0);
	f = vfs_open(KFS, NULL, "/ktramfs/all/f", O_CREAT | O_WRONLY, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	err = fill(f, chunk, &written);
	frame_get_stats(&fs);
	ktest_log(t, "wrote %llu MiB until %zd; %llu frames left",
		  written >> 20, err, fs.free_frames);
	KT_EXPECT_EQ(t, err, -ENOSPC);
	KT_EXPECT(t, fs.free_frames < 64);	/* it really ran out */
	KT_EXPECT(t, written > 16ULL << 20);
	fput(f);
	KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, "/ktramfs/all/f"), 0);
	/* The memory is back and usable. */
	f = vfs_open(KFS, NULL, "/ktramfs/all/g", O_CREAT | O_WRONLY, 0644);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, chunk, CHUNK), CHUNK);
	fput(f);
	KT_EXPECT_EQ(t, vfs_umount(KFS, "/ktramfs/all"), 0);
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktramfs/all"), 0);
	kfree(chunk);
	expect_baseline(t, &base);
}

/* A tree of every kind of object, removed again, leaves nothing behind. */
static void test_everything_freed(struct ktest *t)
{
	struct mem_snapshot base;
	char name[48];
	int i;

	snapshot(&base);
	KT_ASSERT(t, vfs_mkdir(KFS, NULL, "/ktramfs/tree", 0755) == 0);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d", i);
		KT_ASSERT(t, vfs_mkdir(KFS, NULL, name, 0755) == 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/file", i);
		KT_ASSERT(t, put_file(name, "some data") == 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/link", i);
		KT_ASSERT(t, vfs_symlink(KFS, "file", NULL, name) == 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/node", i);
		KT_ASSERT(t, vfs_mknod(KFS, NULL, name, S_IFIFO | 0600, 0) == 0);
	}
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 20);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/file", i);
		KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, name), 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/link", i);
		KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, name), 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d/node", i);
		KT_EXPECT_EQ(t, vfs_unlink(KFS, NULL, name), 0);
		snprintf(name, sizeof(name), "/ktramfs/tree/d%d", i);
		KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, name), 0);
	}
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktramfs/tree"), 0);
	KT_EXPECT_EQ(t, data_pages("/ktramfs"), 0);
	expect_baseline(t, &base);
}

static struct ktest_case ramfs_cases[] = {
	KTEST_CASE(test_sparse_file),
	KTEST_CASE(test_hard_links),
	KTEST_CASE(test_unlink_while_open),
	KTEST_CASE(test_truncate),
	KTEST_CASE(test_enospc_at_size_cap),
	KTEST_CASE(test_enospc_out_of_memory),
	KTEST_CASE(test_everything_freed),
	{},
};
KTEST_SUITE_FULL(ramfs, ramfs_cases, ramfs_suite_init, ramfs_suite_exit, 0);
