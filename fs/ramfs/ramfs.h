/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between ramfs's namespace side (inode.c) and its data (file.c). */
#ifndef _FS_RAMFS_RAMFS_H
#define _FS_RAMFS_RAMFS_H

#include <mosaic/fs.h>
#include <mosaic/ramfs.h>

struct ramfs_sb_info {
	spinlock_t lock;	/* the counters below */
	u64 max_pages;
	u64 data_pages;
	u64 node_pages;
};

struct ramfs_inode {
	phys_addr_t root;	/* the tree's root node, 0 when empty */
	unsigned int height;	/* levels of nodes; data frames below */
	char *link;		/* a symlink's target */
};

static inline struct ramfs_inode *RAMFS_I(const struct inode *inode)
{
	return inode->i_private;
}

static inline struct ramfs_sb_info *RAMFS_SB(const struct super_block *sb)
{
	return sb->s_fs_info;
}

extern const struct file_operations ramfs_file_operations;
extern const struct inode_operations ramfs_file_inode_operations;

/* The largest file a four-level tree reaches: 512^4 pages (256 TiB). */
u64 ramfs_max_bytes(void);
/* Free every data frame from page @first on, and emptied nodes. */
void ramfs_free_from(struct inode *inode, u64 first);

#endif /* _FS_RAMFS_RAMFS_H */
