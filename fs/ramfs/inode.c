// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs: super block, inodes and the namespace operations. The dentry
 * cache is the directory (SB_DCACHE_COMPLETE), so the operations only
 * make inodes and count links; the VFS does the names.
 */
#include <mosaic/errno.h>
#include <mosaic/frame.h>
#include <mosaic/kmalloc.h>
#include <mosaic/page.h>
#include <mosaic/string.h>
#include <uapi/linux/stat.h>
#include <uapi/linux/statfs.h>

#include "ramfs.h"

static const struct inode_operations ramfs_dir_inode_operations;
static const struct inode_operations ramfs_symlink_inode_operations;
static const struct inode_operations ramfs_special_inode_operations;
static const struct file_operations ramfs_dir_operations;

static struct inode *ramfs_new_inode(struct super_block *sb, u32 mode,
				     u32 rdev)
{
	struct inode *inode = new_inode(sb, mode);

	if (!inode)
		return NULL;
	inode->i_private = kzalloc(sizeof(struct ramfs_inode));
	if (!inode->i_private) {
		inode->i_nlink = 0;
		iput(inode);
		return NULL;
	}
	inode->i_rdev = rdev;
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &ramfs_dir_operations;
		inode->i_size = 0;
		break;
	case S_IFLNK:
		inode->i_op = &ramfs_symlink_inode_operations;
		break;
	default:
		inode->i_op = &ramfs_special_inode_operations;
		init_special_inode(inode, mode, rdev);
		break;
	}
	return inode;
}

static void dir_touch(struct inode *dir, int nlink_delta)
{
	mutex_lock(&dir->i_mutex);
	dir->i_nlink += nlink_delta;
	inode_touch(dir, false, true, true);
	mutex_unlock(&dir->i_mutex);
}

static int ramfs_mknod(struct inode *dir, struct dentry *dentry, u32 mode,
		       u32 rdev)
{
	struct inode *inode = ramfs_new_inode(dir->i_sb, mode, rdev);

	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	dir_touch(dir, S_ISDIR(mode) ? 1 : 0);	/* a subdirectory's ".." */
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, u32 mode)
{
	return ramfs_mknod(dir, dentry, mode, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, u32 mode)
{
	return ramfs_mknod(dir, dentry, mode, 0);
}

static int ramfs_symlink(struct inode *dir, struct dentry *dentry,
			 const char *target)
{
	size_t len = strlen(target);
	struct inode *inode = ramfs_new_inode(dir->i_sb, S_IFLNK | 0777, 0);
	char *copy;

	if (!inode)
		return -ENOMEM;
	copy = kmalloc(len + 1);
	if (!copy) {
		inode->i_nlink = 0;
		iput(inode);
		return -ENOMEM;
	}
	memcpy(copy, target, len + 1);
	RAMFS_I(inode)->link = copy;
	inode->i_size = len;
	d_instantiate(dentry, inode);
	dir_touch(dir, 0);
	return 0;
}

static const char *ramfs_get_link(struct inode *inode)
{
	return RAMFS_I(inode)->link;
}

static void ramfs_evict_inode(struct inode *inode)
{
	struct ramfs_inode *ri = RAMFS_I(inode);

	if (!ri)
		return;
	if (S_ISREG(inode->i_mode))
		ramfs_free_from(inode, 0);
	kfree(ri->link);
	kfree(ri);
}

static int ramfs_statfs(struct super_block *sb, struct statfs *st)
{
	struct ramfs_usage u;

	ramfs_get_usage(sb, &u);
	if (u.max_pages) {
		st->f_blocks = u.max_pages;
		st->f_bfree = u.max_pages - MIN(u.data_pages, u.max_pages);
		st->f_bavail = st->f_bfree;
	}
	return 0;
}

void ramfs_get_usage(struct super_block *sb, struct ramfs_usage *u)
{
	struct ramfs_sb_info *sbi = RAMFS_SB(sb);

	spin_lock(&sbi->lock);
	u->max_pages = sbi->max_pages;
	u->data_pages = sbi->data_pages;
	u->node_pages = sbi->node_pages;
	spin_unlock(&sbi->lock);
}

static void ramfs_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
}

/* "size=N" with an optional k/m/g suffix; "" gives half of RAM. */
static int parse_options(const char *options, u64 *max_pages)
{
	struct frame_stats fs;
	const char *val;
	char num[24];
	u64 mult = 1, bytes;
	size_t len;

	frame_get_stats(&fs);
	*max_pages = fs.total_frames / 2;
	if (!*options)
		return 0;
	if (strncmp(options, "size=", 5) != 0)
		return -EINVAL;
	val = options + 5;
	len = strlen(val);
	if (len == 0 || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, val, len + 1);
	switch (num[len - 1]) {
	case 'k': case 'K': mult = 1ULL << 10; break;
	case 'm': case 'M': mult = 1ULL << 20; break;
	case 'g': case 'G': mult = 1ULL << 30; break;
	default: break;
	}
	if (mult != 1)
		num[len - 1] = '\0';
	if (kstrtoull(num, 10, &bytes) || bytes > (~0ULL) / mult)
		return -EINVAL;
	*max_pages = DIV_ROUND_UP(bytes * mult, PAGE_SIZE);
	return 0;
}

static const struct super_operations ramfs_super_operations = {
	.evict_inode = ramfs_evict_inode,
	.statfs = ramfs_statfs,
	.put_super = ramfs_put_super,
};

int ramfs_fill_super(struct super_block *sb, const char *options)
{
	struct ramfs_sb_info *sbi = kzalloc(sizeof(*sbi));
	struct inode *root;
	int err;

	if (!sbi)
		return -ENOMEM;
	err = parse_options(options, &sbi->max_pages);
	if (err) {
		kfree(sbi);
		return err;
	}
	spin_lock_init(&sbi->lock);
	sb->s_fs_info = sbi;
	sb->s_op = &ramfs_super_operations;
	sb->s_magic = RAMFS_MAGIC;
	sb->s_maxbytes = ramfs_max_bytes();
	sb->s_flags |= SB_DCACHE_COMPLETE;
	root = ramfs_new_inode(sb, S_IFDIR | 0755, 0);
	if (root)
		sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		if (root)
			iput(root);
		kfree(sbi);
		return -ENOMEM;
	}
	return 0;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.link = simple_link,
	.unlink = simple_unlink,
	.rmdir = simple_rmdir,
	.rename = simple_rename,
};

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link = ramfs_get_link,
};

static const struct inode_operations ramfs_special_inode_operations = {
};

static const struct file_operations ramfs_dir_operations = {
	.iterate = dcache_readdir,
	.fsync = noop_fsync,
};

static struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.fill_super = ramfs_fill_super,
};

void ramfs_register(void)
{
	register_filesystem(&ramfs_fs_type);
}
