// SPDX-License-Identifier: GPL-2.0
/*
 * File system types, super blocks and the mount table; vfs_init() puts a
 * ramfs at "/". Everything here runs under vfs_ns_lock.
 */
#include <mosaic/bootinfo.h>
#include <mosaic/chrdev.h>
#include <mosaic/errno.h>
#include <mosaic/initramfs.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/panic.h>
#include <mosaic/printk.h>
#include <mosaic/proc_fs.h>
#include <mosaic/ramfs.h>
#include <mosaic/string.h>
#include <mosaic/vfs.h>

#include "internal.h"

DEFINE_MUTEX(vfs_ns_lock);

static LIST_HEAD(fs_types);
static LIST_HEAD(super_blocks);
static LIST_HEAD(mount_table);
/* Anonymous device numbers for st_dev, as Linux's get_anon_bdev(). */
static u32 next_anon_dev = 1;

static struct mount *root_mount;
static struct fs_struct kernel_fs;

static struct file_system_type *find_fs_type(const char *name)
{
	struct file_system_type *t;

	list_for_each_entry(t, &fs_types, list)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

int register_filesystem(struct file_system_type *type)
{
	int err = 0;

	mutex_lock(&vfs_ns_lock);
	if (find_fs_type(type->name))
		err = -EBUSY;
	else
		list_add_tail(&type->list, &fs_types);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

void vfs_for_each_filesystem(void (*fn)(const struct file_system_type *t,
					void *arg),
			     void *arg)
{
	struct file_system_type *t;

	mutex_lock(&vfs_ns_lock);
	list_for_each_entry(t, &fs_types, list)
		fn(t, arg);
	mutex_unlock(&vfs_ns_lock);
}

void path_get(const struct path *p)
{
	p->mnt->mnt_count++;
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	p->mnt->mnt_count--;
}

/* Drop every name below @d, deepest first, so the tree lets go of it. */
static void shrink_subtree(struct dentry *d)
{
	while (d_has_children(d)) {
		struct dentry *child = list_first_entry(&d->d_subdirs,
							struct dentry, d_child);

		dget(child);
		shrink_subtree(child);
		d_drop(child);
		dput(child);
	}
}

static struct super_block *alloc_super(struct file_system_type *type,
				       const char *options, int *err)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb) {
		*err = -ENOMEM;
		return NULL;
	}
	sb->s_type = type;
	sb->s_dev = next_anon_dev++;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_next_ino = 1;
	INIT_LIST_HEAD(&sb->s_inodes);
	*err = type->fill_super(sb, options ? options : "");
	if (*err) {
		kfree(sb);
		return NULL;
	}
	list_add_tail(&sb->s_list, &super_blocks);
	return sb;
}

static void kill_super(struct super_block *sb)
{
	shrink_subtree(sb->s_root);
	dput(sb->s_root);
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	if (!list_empty(&sb->s_inodes))
		pr_err("vfs: %s unmounted with inodes still alive\n",
		       sb->s_type->name);
	list_del(&sb->s_list);
	kfree(sb);
}

static struct mount *mount_new(struct super_block *sb, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->mnt_sb = sb;
	m->mnt_root = dget(sb->s_root);
	strscpy(m->mnt_source, source ? source : sb->s_type->name,
		sizeof(m->mnt_source));
	return m;
}

struct mount *kern_mount(struct file_system_type *type)
{
	struct super_block *sb;
	struct mount *m;
	int err;

	sb = alloc_super(type, "", &err);
	if (!sb)
		return ERR_PTR(err);
	m = mount_new(sb, type->name);
	if (!m) {
		kill_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	m->mnt_parent = m;
	m->mnt_mountpoint = dget(sb->s_root);
	return m;
}

/* The mount on (parent, dentry), if any. */
static struct mount *lookup_mnt(struct mount *parent, struct dentry *d)
{
	struct mount *m;

	list_for_each_entry(m, &mount_table, mnt_list)
		if (m != parent && m->mnt_parent == parent &&
		    m->mnt_mountpoint == d)
			return m;
	return NULL;
}

void follow_mounts(struct path *p)
{
	while (p->dentry->d_flags & DCACHE_MOUNTED) {
		struct mount *m = lookup_mnt(p->mnt, p->dentry);
		struct path top;

		if (!m)
			break;
		top.mnt = m;
		top.dentry = m->mnt_root;
		path_get(&top);
		path_put(p);
		*p = top;
	}
}

/* Step up out of a mount's root to its mount point; false at the top. */
bool follow_up(struct path *p)
{
	struct mount *m = p->mnt;
	struct path up;

	if (m->mnt_parent == m)
		return false;
	up.mnt = m->mnt_parent;
	up.dentry = m->mnt_mountpoint;
	path_get(&up);
	path_put(p);
	*p = up;
	return true;
}

int vfs_mount(struct fs_struct *fs, const char *source, const char *target,
	      const char *fstype, const char *options)
{
	struct file_system_type *type;
	struct super_block *sb;
	struct path mp;
	struct mount *m;
	int err;

	err = vfs_path_lookup(fs, NULL, target, true, &mp);
	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	err = -ENOTDIR;
	if (!d_is_dir(mp.dentry))
		goto out;
	err = -ENODEV;
	type = find_fs_type(fstype);
	if (!type)
		goto out;
	sb = alloc_super(type, options, &err);
	if (!sb)
		goto out;
	m = mount_new(sb, source);
	if (!m) {
		kill_super(sb);
		err = -ENOMEM;
		goto out;
	}
	m->mnt_parent = mp.mnt;
	m->mnt_mountpoint = dget(mp.dentry);
	mp.mnt->mnt_count++;	/* a child mount pins its parent */
	mp.dentry->d_flags |= DCACHE_MOUNTED;
	list_add_tail(&m->mnt_list, &mount_table);
	err = 0;
out:
	path_put(&mp);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

static bool dentry_still_mounted(struct dentry *d)
{
	struct mount *m;

	list_for_each_entry(m, &mount_table, mnt_list)
		if (m->mnt_mountpoint == d && m->mnt_parent != m)
			return true;
	return false;
}

int vfs_umount(struct fs_struct *fs, const char *target)
{
	struct path p;
	struct mount *m;
	int err;

	err = vfs_path_lookup(fs, NULL, target, true, &p);
	if (err)
		return err;
	mutex_lock(&vfs_ns_lock);
	m = p.mnt;
	err = -EINVAL;
	if (p.dentry != m->mnt_root)
		goto out_put;
	err = -EBUSY;
	/* Our own lookup is the one user allowed; child mounts count too. */
	if (m == root_mount || m->mnt_count != 1)
		goto out_put;
	path_put(&p);
	list_del(&m->mnt_list);
	if (!dentry_still_mounted(m->mnt_mountpoint))
		m->mnt_mountpoint->d_flags &= ~DCACHE_MOUNTED;
	dput(m->mnt_mountpoint);
	m->mnt_parent->mnt_count--;
	dput(m->mnt_root);
	kill_super(m->mnt_sb);
	kfree(m);
	mutex_unlock(&vfs_ns_lock);
	return 0;
out_put:
	path_put(&p);
	mutex_unlock(&vfs_ns_lock);
	return err;
}

/* For /proc/mounts later, and the tests: call fn on each mount. */
void vfs_for_each_mount(void (*fn)(const struct mount *m, void *arg),
			void *arg)
{
	struct mount *m;

	mutex_lock(&vfs_ns_lock);
	list_for_each_entry(m, &mount_table, mnt_list)
		fn(m, arg);
	mutex_unlock(&vfs_ns_lock);
}

struct fs_struct *vfs_kernel_fs(void)
{
	return &kernel_fs;
}

struct fs_struct *fs_struct_copy(struct fs_struct *fs)
{
	struct fs_struct *copy = kmalloc(sizeof(*copy));

	if (!copy)
		return NULL;
	mutex_lock(&vfs_ns_lock);
	*copy = *fs;
	path_get(&copy->root);
	path_get(&copy->pwd);
	mutex_unlock(&vfs_ns_lock);
	return copy;
}

void fs_struct_free(struct fs_struct *fs)
{
	mutex_lock(&vfs_ns_lock);
	path_put(&fs->root);
	path_put(&fs->pwd);
	mutex_unlock(&vfs_ns_lock);
	kfree(fs);
}

void vfs_init(void)
{
	struct super_block *sb;
	int err;

	ramfs_register();
	mutex_lock(&vfs_ns_lock);
	sb = alloc_super(find_fs_type("ramfs"), "", &err);
	if (!sb)
		panic("vfs: cannot create the root ramfs: error %d", err);
	root_mount = mount_new(sb, "rootfs");
	if (!root_mount)
		panic("vfs: no memory for the root mount");
	root_mount->mnt_parent = root_mount;
	root_mount->mnt_mountpoint = dget(sb->s_root);
	list_add_tail(&root_mount->mnt_list, &mount_table);
	kernel_fs.root.mnt = root_mount;
	kernel_fs.root.dentry = root_mount->mnt_root;
	path_get(&kernel_fs.root);
	kernel_fs.pwd = kernel_fs.root;
	path_get(&kernel_fs.pwd);
	kernel_fs.umask = 022;
	mutex_unlock(&vfs_ns_lock);
	pipefs_init();
	pr_info("vfs: ramfs mounted at /\n");
	/* /dev before the initramfs, so the archive's own nodes stay seen. */
	devtmpfs_init();
	initramfs_populate(&boot_info);
	proc_root_init();
}
