// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite `devfs`: the nodes devtmpfs made at /dev (Linux's numbers
 * and modes), what null, zero, full and urandom do, the registry's
 * dispatch (private data, the driver's open, EBUSY, ENXIO once gone) and
 * a node made by mknod on ramfs opening the same driver, and the tty
 * layer's nodes.
 */
#include <mosaic/chrdev.h>
#include <mosaic/crng.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/tty.h>

#include "vfs_ktest.h"

struct expected_node {
	const char *path;
	unsigned int major, minor;
	u32 perm;
};

static const struct expected_node mem_nodes[] = {
	{ "/dev/null", 1, 3, 0666 },
	{ "/dev/zero", 1, 5, 0666 },
	{ "/dev/full", 1, 7, 0666 },
	{ "/dev/random", 1, 8, 0666 },
	{ "/dev/urandom", 1, 9, 0666 },
};

static void test_nodes_have_linux_numbers(struct ktest *t)
{
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(mem_nodes); i++) {
		const struct expected_node *e = &mem_nodes[i];

		if (stat_errno(e->path, &st, 0)) {
			ktest_fail_at(t, __FILE__, __LINE__, "no %s", e->path);
			continue;
		}
		KT_EXPECT_EQ(t, st.st_mode, S_IFCHR | e->perm);
		KT_EXPECT_EQ(t, st.st_rdev, (e->major << 8) | e->minor);
		KT_EXPECT_EQ(t, MAJOR(new_decode_dev((u32)st.st_rdev)), e->major);
		KT_EXPECT_EQ(t, MINOR(new_decode_dev((u32)st.st_rdev)), e->minor);
	}
}

/* The tty layer's nodes, with Linux's numbers and modes. */
static const struct expected_node tty_nodes[] = {
	{ "/dev/tty", 5, 0, 0666 },
	{ "/dev/console", 5, 1, 0600 },
	{ "/dev/ttyS0", 4, 64, 0620 },
	{ "/dev/tty1", 4, 1, 0620 },
};

static void test_tty_nodes(struct ktest *t)
{
	struct stat st;
	struct file *f;

	for (size_t i = 0; i < ARRAY_SIZE(tty_nodes); i++) {
		const struct expected_node *e = &tty_nodes[i];

		/* ttyS0 needs a UART, tty1 a screen (not so under -vga none) */
		if (e->major != 5 && !tty_find(e->major, e->minor))
			continue;
		if (stat_errno(e->path, &st, 0)) {
			ktest_fail_at(t, __FILE__, __LINE__, "no %s", e->path);
			continue;
		}
		KT_EXPECT_EQ(t, st.st_mode, S_IFCHR | e->perm);
		KT_EXPECT_EQ(t, st.st_rdev, (e->major << 8) | e->minor);
	}
	/* /dev/console reaches a tty: an empty write succeeds. */
	f = vfs_open(KFS, NULL, "/dev/console", O_WRONLY, 0);
	KT_ASSERT(t, !IS_ERR(f));
	KT_EXPECT_EQ(t, vfs_write(f, "", 0), 0);
	fput(f);
	/* No process, no controlling tty: Linux's ENXIO. */
	f = vfs_open(KFS, NULL, "/dev/tty", O_RDWR, 0);
	KT_EXPECT_EQ(t, IS_ERR(f) ? PTR_ERR(f) : 0, -ENXIO);
	if (!IS_ERR(f))
		fput(f);
}

static void test_encode_large_numbers(struct ktest *t)
{
	dev_t dev = MKDEV(0xabc, 0x12345);

	/* Linux: minor's low byte, 12 bits of major, then minor >> 8. */
	KT_EXPECT_EQ(t, new_encode_dev(dev), 0x45 | (0xabc << 8) | (0x123 << 20));
	KT_EXPECT_EQ(t, new_decode_dev(new_encode_dev(dev)), dev);
}

static struct file *open_dev(struct ktest *t, const char *name, int flags)
{
	struct file *f = vfs_open(KFS, NULL, name, flags, 0);

	if (IS_ERR(f)) {
		ktest_fail_at(t, __FILE__, __LINE__, "open %s: %ld", name,
			      PTR_ERR(f));
		return NULL;
	}
	return f;
}

static bool all_bytes(const u8 *buf, size_t n, u8 v)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != v)
			return false;
	return true;
}

static void test_null(struct ktest *t)
{
	struct file *f = open_dev(t, "/dev/null", O_RDWR);
	char buf[16] = "unchanged";

	KT_ASSERT(t, f);
	KT_EXPECT_EQ(t, vfs_write(f, "hello", 5), 5);
	KT_EXPECT_EQ(t, vfs_write(f, buf, 0), 0);
	KT_EXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);	/* EOF */
	KT_EXPECT_STREQ(t, buf, "unchanged");
	KT_EXPECT_EQ(t, vfs_pwrite(f, buf, 7, 1LL << 50), 7);
	fput(f);
}

static void test_zero(struct ktest *t)
{
	struct file *f = open_dev(t, "/dev/zero", O_RDWR);
	size_t n = 3 * 4096 + 17;
	u8 *buf = kmalloc(n);

	KT_ASSERT(t, buf);
	if (!f) {
		kfree(buf);
		return;
	}
	memset(buf, 0xa5, n);
	KT_EXPECT_EQ(t, vfs_read(f, buf, n - 1), (ssize_t)(n - 1));
	KT_EXPECT(t, all_bytes(buf, n - 1, 0));
	KT_EXPECT_EQ(t, buf[n - 1], 0xa5);	/* nothing past the count */
	KT_EXPECT_EQ(t, vfs_write(f, buf, n), (ssize_t)n);
	fput(f);
	kfree(buf);
}

static void test_full(struct ktest *t)
{
	struct file *f = open_dev(t, "/dev/full", O_RDWR);
	u8 buf[64];

	KT_ASSERT(t, f);
	memset(buf, 0xff, sizeof(buf));
	KT_EXPECT_EQ(t, vfs_write(f, "x", 1), -ENOSPC);
	KT_EXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	KT_EXPECT(t, all_bytes(buf, sizeof(buf), 0));
	fput(f);
}

/* Two reads of 256 bytes: not all equal, not equal to each other, and
 * every byte value shows up across 64 KiB (a generator stuck on a few
 * values would not). */
static void test_urandom_distinct(struct ktest *t)
{
	struct file *f = open_dev(t, "/dev/urandom", O_RDONLY);
	size_t big = 65536;
	u8 a[256], b[256], *many = kmalloc(big);
	bool seen[256] = { false };
	unsigned int values = 0;
	u64 before = crng_requests();

	KT_ASSERT(t, many);
	if (!f) {
		kfree(many);
		return;
	}
	KT_EXPECT_EQ(t, vfs_read(f, a, sizeof(a)), (ssize_t)sizeof(a));
	KT_EXPECT_EQ(t, vfs_read(f, b, sizeof(b)), (ssize_t)sizeof(b));
	KT_EXPECT(t, memcmp(a, b, sizeof(a)) != 0);
	KT_EXPECT(t, !all_bytes(a, sizeof(a), a[0]));
	KT_EXPECT_EQ(t, vfs_read(f, many, big), (ssize_t)big);
	for (size_t i = 0; i < big; i++)
		seen[many[i]] = true;
	for (int v = 0; v < 256; v++)
		values += seen[v];
	KT_EXPECT_EQ(t, values, 256);
	/* Each read was one request (one rekey). */
	KT_EXPECT(t, crng_requests() >= before + 3);
	fput(f);
	kfree(many);
}

static void test_random_write_and_kernel_api(struct ktest *t)
{
	struct file *f = open_dev(t, "/dev/random", O_RDWR);
	u64 x, y;

	KT_ASSERT(t, f);
	KT_EXPECT_EQ(t, vfs_write(f, "some entropy", 12), 12);
	fput(f);
	x = get_random_u64();
	y = get_random_u64();
	KT_EXPECT(t, x != y);
	ktest_log(t, "seeded from %s", crng_seed_source());
	KT_EXPECT(t, strcmp(crng_seed_source(), "none") != 0);
}

/* ------------------------------------------------------- the registry */

struct test_dev {
	int opens;
	int releases;
	unsigned int last_minor;
};

static int test_open(struct inode *inode, struct file *file)
{
	struct test_dev *td = file->private_data;

	td->opens++;
	td->last_minor = MINOR(new_decode_dev(inode->i_rdev));
	return td->last_minor == 3 ? -EACCES : 0;	/* the driver decides */
}

static void test_release(struct inode *inode, struct file *file)
{
	struct test_dev *td = file->private_data;

	td->releases++;
}

static ssize_t test_read(struct file *file, void *buf, size_t n, u64 *pos)
{
	struct test_dev *td = file->private_data;

	memset(buf, 'a' + (int)td->last_minor, n);
	return (ssize_t)n;
}

static const struct file_operations test_fops = {
	.open = test_open,
	.release = test_release,
	.read = test_read,
};

/* 240..254: Linux's local/experimental majors. */
#define TEST_MAJOR 241

static void test_registry_dispatch(struct ktest *t)
{
	struct test_dev td = { 0 };
	struct chrdev cd = { .dev = MKDEV(TEST_MAJOR, 0), .count = 4,
			     .name = "ktdev", .mode = 0640, .fops = &test_fops,
			     .private = &td };
	struct chrdev clash = { .dev = MKDEV(TEST_MAJOR, 3), .count = 2,
				.fops = &test_fops };
	struct stat st;
	struct file *f;
	char buf[4];

	KT_ASSERT(t, chrdev_register(&cd) == 0);
	KT_EXPECT_EQ(t, chrdev_register(&clash), -EBUSY);
	KT_EXPECT_EQ(t, stat_errno("/dev/ktdev", &st, 0), 0);
	KT_EXPECT_EQ(t, st.st_mode, S_IFCHR | 0640);
	KT_EXPECT_EQ(t, st.st_rdev, (TEST_MAJOR << 8) | 0);
	f = open_dev(t, "/dev/ktdev", O_RDONLY);
	if (f) {
		KT_EXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 4);
		KT_EXPECT_EQ(t, buf[0], 'a');
		fput(f);
	}
	/* A node made by mknod on ramfs, for another minor of the range. */
	KT_EXPECT_EQ(t, vfs_mkdir(KFS, NULL, "/ktdevfs", 0755), 0);
	KT_EXPECT_EQ(t, vfs_mknod(KFS, NULL, "/ktdevfs/two", S_IFCHR | 0600,
				  new_encode_dev(MKDEV(TEST_MAJOR, 2))), 0);
	KT_EXPECT_EQ(t, vfs_mknod(KFS, NULL, "/ktdevfs/three", S_IFCHR | 0600,
				  new_encode_dev(MKDEV(TEST_MAJOR, 3))), 0);
	KT_EXPECT_EQ(t, vfs_mknod(KFS, NULL, "/ktdevfs/four", S_IFCHR | 0600,
				  new_encode_dev(MKDEV(TEST_MAJOR, 4))), 0);
	f = open_dev(t, "/ktdevfs/two", O_RDONLY);
	if (f) {
		KT_EXPECT_EQ(t, vfs_read(f, buf, 1), 1);
		KT_EXPECT_EQ(t, buf[0], 'c');
		fput(f);
	}
	KT_EXPECT_EQ(t, open_errno("/ktdevfs/three", O_RDONLY), -EACCES);
	KT_EXPECT_EQ(t, open_errno("/ktdevfs/four", O_RDONLY), -ENXIO);
	KT_EXPECT_EQ(t, open_errno("/ktdevfs/two", O_RDONLY | O_DIRECTORY),
		     -ENOTDIR);
	KT_EXPECT_EQ(t, td.opens, 3);
	KT_EXPECT_EQ(t, td.releases, 2);	/* a failed open is not released */
	chrdev_unregister(&cd);
	KT_EXPECT_EQ(t, stat_errno("/dev/ktdev", &st, 0), -ENOENT);
	KT_EXPECT_EQ(t, open_errno("/ktdevfs/two", O_RDONLY), -ENXIO);
	vfs_unlink(KFS, NULL, "/ktdevfs/two");
	vfs_unlink(KFS, NULL, "/ktdevfs/three");
	vfs_unlink(KFS, NULL, "/ktdevfs/four");
	KT_EXPECT_EQ(t, vfs_rmdir(KFS, NULL, "/ktdevfs"), 0);
}

static void test_registry_refuses_bad_ranges(struct ktest *t)
{
	struct chrdev empty = { .dev = MKDEV(TEST_MAJOR, 0), .count = 0,
				.fops = &test_fops };
	struct chrdev past = { .dev = MKDEV(TEST_MAJOR, MINORMASK), .count = 2,
			       .fops = &test_fops };
	struct chrdev no_fops = { .dev = MKDEV(TEST_MAJOR, 0), .count = 1 };
	struct chrdev taken = { .dev = MKDEV(1, 3), .count = 1,
				.fops = &test_fops };

	KT_EXPECT_EQ(t, chrdev_register(&empty), -EINVAL);
	KT_EXPECT_EQ(t, chrdev_register(&past), -EINVAL);
	KT_EXPECT_EQ(t, chrdev_register(&no_fops), -EINVAL);
	KT_EXPECT_EQ(t, chrdev_register(&taken), -EBUSY);	/* /dev/null */
}

static void test_mounted_at_dev(struct ktest *t)
{
	struct statfs sf;
	struct stat dev, root;

	KT_EXPECT_EQ(t, vfs_statfs(KFS, NULL, "/dev", &sf), 0);
	KT_EXPECT_EQ(t, stat_errno("/dev", &dev, 0), 0);
	KT_EXPECT_EQ(t, stat_errno("/", &root, 0), 0);
	KT_EXPECT(t, dev.st_dev != root.st_dev);	/* its own mount */
	/* The VFS does not seek on devices it cannot seek. */
	{
		struct file *f = open_dev(t, "/dev/zero", O_RDONLY);

		if (f) {
			KT_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), -ESPIPE);
			fput(f);
		}
	}
}

static struct ktest_case devfs_cases[] = {
	KTEST_CASE(test_nodes_have_linux_numbers),
	KTEST_CASE(test_tty_nodes),
	KTEST_CASE(test_encode_large_numbers),
	KTEST_CASE(test_null),
	KTEST_CASE(test_zero),
	KTEST_CASE(test_full),
	KTEST_CASE(test_urandom_distinct),
	KTEST_CASE(test_random_write_and_kernel_api),
	KTEST_CASE(test_registry_dispatch),
	KTEST_CASE(test_registry_refuses_bad_ranges),
	KTEST_CASE(test_mounted_at_dev),
	{},
};
KTEST_SUITE(devfs, devfs_cases);
