// SPDX-License-Identifier: GPL-2.0
/*
 * The memory character devices of major 1, with Linux's numbers and
 * behaviour: /dev/null (1,3) reads as end of file and takes any write,
 * /dev/zero (1,5) reads as zeros and takes any write, /dev/full (1,7)
 * reads as zeros and refuses every write with ENOSPC.
 */
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/printk.h>
#include <mosaic/string.h>

static ssize_t read_null(struct file *file, void *buf, size_t n, u64 *pos)
{
	return 0;
}

static ssize_t write_null(struct file *file, const void *buf, size_t n,
			  u64 *pos)
{
	return (ssize_t)n;
}

static ssize_t read_zero(struct file *file, void *buf, size_t n, u64 *pos)
{
	memset(buf, 0, n);
	return (ssize_t)n;
}

static ssize_t write_full(struct file *file, const void *buf, size_t n,
			  u64 *pos)
{
	return -ENOSPC;
}

static const struct file_operations null_fops = {
	.read = read_null,
	.write = write_null,
};

static const struct file_operations zero_fops = {
	.read = read_zero,
	.write = write_null,
};

static const struct file_operations full_fops = {
	.read = read_zero,
	.write = write_full,
};

static struct chrdev mem_devices[] = {
	{ .dev = MKDEV(1, 3), .count = 1, .name = "null", .mode = 0666,
	  .fops = &null_fops },
	{ .dev = MKDEV(1, 5), .count = 1, .name = "zero", .mode = 0666,
	  .fops = &zero_fops },
	{ .dev = MKDEV(1, 7), .count = 1, .name = "full", .mode = 0666,
	  .fops = &full_fops },
};

void chr_dev_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(mem_devices); i++) {
		int err = chrdev_register(&mem_devices[i]);

		if (err)
			pr_err("mem: cannot register /dev/%s: error %d\n",
			       mem_devices[i].name, err);
	}
}
