// SPDX-License-Identifier: GPL-2.0
/*
 * Link counting for file systems whose names live only in the dentry
 * cache (as Linux's fs/libfs.c): the VFS has checked the operation and
 * updates the cache afterwards; these keep i_nlink and the times right.
 * Called with vfs_ns_lock held; each takes one inode's i_mutex at a time.
 */
#include <mosaic/errno.h>
#include <mosaic/fs.h>
#include <uapi/linux/fcntl.h>
#include <uapi/linux/stat.h>

static void dir_changed(struct inode *dir, int nlink_delta)
{
	mutex_lock(&dir->i_mutex);
	dir->i_nlink += nlink_delta;
	inode_touch(dir, false, true, true);
	mutex_unlock(&dir->i_mutex);
}

static void drop_links(struct inode *inode, u32 n)
{
	mutex_lock(&inode->i_mutex);
	inode->i_nlink = inode->i_nlink > n ? inode->i_nlink - n : 0;
	inode_touch(inode, false, false, true);
	mutex_unlock(&inode->i_mutex);
}

int simple_link(struct dentry *old, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = old->d_inode;

	mutex_lock(&inode->i_mutex);
	inode->i_nlink++;
	inode_touch(inode, false, false, true);
	mutex_unlock(&inode->i_mutex);
	iget(inode);
	d_instantiate(dentry, inode);
	dir_changed(dir, 0);
	return 0;
}

int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	drop_links(dentry->d_inode, 1);
	dir_changed(dir, 0);
	return 0;
}

/* An empty directory loses its entry and its own "."; the parent loses
 * the child's "..". */
int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	drop_links(dentry->d_inode, 2);
	dir_changed(dir, -1);
	return 0;
}

/* Two names trade places: only a directory's ".." moving from one
 * parent to the other changes link counts. */
static int simple_rename_exchange(struct inode *old_dir, struct dentry *old,
				  struct inode *new_dir, struct dentry *new)
{
	bool old_is_dir = S_ISDIR(old->d_inode->i_mode);
	bool new_is_dir = S_ISDIR(new->d_inode->i_mode);
	int delta = 0;

	if (old_dir != new_dir && old_is_dir != new_is_dir)
		delta = old_is_dir ? -1 : 1;
	dir_changed(old_dir, delta);
	if (old_dir != new_dir)
		dir_changed(new_dir, -delta);
	for (int i = 0; i < 2; i++) {
		struct inode *inode = (i ? new : old)->d_inode;

		mutex_lock(&inode->i_mutex);
		inode_touch(inode, false, false, true);
		mutex_unlock(&inode->i_mutex);
	}
	return 0;
}

int simple_rename(struct inode *old_dir, struct dentry *old,
		  struct inode *new_dir, struct dentry *new, unsigned int flags)
{
	bool is_dir = S_ISDIR(old->d_inode->i_mode);

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_EXCHANGE)
		return simple_rename_exchange(old_dir, old, new_dir, new);

	if (new->d_inode) {	/* replaced: the VFS checked it may go */
		if (S_ISDIR(new->d_inode->i_mode)) {
			drop_links(new->d_inode, 2);
			dir_changed(new_dir, -1);
		} else {
			drop_links(new->d_inode, 1);
		}
	}
	if (is_dir && old_dir != new_dir) {	/* ".." moves */
		dir_changed(old_dir, -1);
		dir_changed(new_dir, 1);
	} else {
		dir_changed(old_dir, 0);
		if (old_dir != new_dir)
			dir_changed(new_dir, 0);
	}
	mutex_lock(&old->d_inode->i_mutex);
	inode_touch(old->d_inode, false, false, true);
	mutex_unlock(&old->d_inode->i_mutex);
	return 0;
}

int noop_fsync(struct file *file)
{
	return 0;
}
