// SPDX-License-Identifier: GPL-2.0
/*
 * devtmpfs: a ramfs mounted at /dev whose device nodes the kernel makes
 * for every registered character device, as Linux's devtmpfs does. It is
 * an ordinary in-memory file system otherwise: users may mknod, rename
 * and remove there, and a node made by mknod anywhere opens the same.
 */
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/kmalloc.h>
#include <mosaic/printk.h>
#include <mosaic/ramfs.h>
#include <mosaic/vfs.h>

static struct file_system_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.fill_super = ramfs_fill_super,
};

/* The root of the /dev mount, held once devtmpfs_init() mounted it. */
static struct path dev_root;
static bool dev_mounted;

int devtmpfs_create_node(const struct chrdev *cd)
{
	struct fs_struct *fs = vfs_kernel_fs();
	u32 perm = cd->mode & 07777;
	int err;

	if (!dev_mounted || !cd->name)
		return 0;
	err = vfs_mknod(fs, &dev_root, cd->name, S_IFCHR | perm,
			new_encode_dev(cd->dev));
	/* mknod applied the kernel's umask; the driver's mode is meant. */
	if (!err)
		err = vfs_chmod(fs, &dev_root, cd->name, perm, 0);
	return err;
}

void devtmpfs_delete_node(const struct chrdev *cd)
{
	if (dev_mounted && cd->name)
		vfs_unlink(vfs_kernel_fs(), &dev_root, cd->name);
}

struct node_list {
	const struct chrdev **cds;
	unsigned int n, cap;
};

static void collect(const struct chrdev *cd, void *arg)
{
	struct node_list *l = arg;

	if (l->n < l->cap)
		l->cds[l->n] = cd;
	l->n++;
}

static unsigned int count_devices(void)
{
	struct node_list l = { 0 };

	chrdev_for_each(collect, &l);
	return l.n;
}

/* The registry is walked under chrdev_lock, which nests inside
 * vfs_ns_lock: copy it out first, then make the nodes. */
static void create_registered_nodes(void)
{
	struct node_list l = { 0 };
	int err;

	l.cap = count_devices() + 8;	/* room for late registrations */
	l.cds = kcalloc(l.cap, sizeof(*l.cds));
	if (!l.cds) {
		pr_err("devtmpfs: no memory to list the devices\n");
		return;
	}
	chrdev_for_each(collect, &l);
	for (unsigned int i = 0; i < MIN(l.n, l.cap); i++) {
		err = devtmpfs_create_node(l.cds[i]);
		if (err && err != -EEXIST)
			pr_err("devtmpfs: cannot create /dev/%s: error %d\n",
			       l.cds[i]->name, err);
	}
	kfree(l.cds);
}

void devtmpfs_init(void)
{
	struct fs_struct *fs = vfs_kernel_fs();
	int err;

	err = register_filesystem(&devtmpfs_fs_type);
	if (!err) {
		err = vfs_mkdir(fs, NULL, "/dev", 0755);
		if (err == -EEXIST)	/* the initramfs usually has one */
			err = 0;
	}
	if (!err)
		err = vfs_mount(fs, "devtmpfs", "/dev", "devtmpfs", "");
	if (!err)
		err = vfs_path_lookup(fs, NULL, "/dev", true, &dev_root);
	if (err) {
		pr_err("devtmpfs: cannot mount /dev: error %d\n", err);
		return;
	}
	dev_mounted = true;
	create_registered_nodes();
	pr_info("devtmpfs: mounted at /dev\n");
}
