/* SPDX-License-Identifier: GPL-2.0 */
/* Shared inside fs/proc/: the entry tree and the kernel's own files. */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include <mosaic/fs.h>
#include <mosaic/mutex.h>
#include <mosaic/proc_fs.h>

struct proc_dir_entry {
	struct proc_dir_entry *parent;
	struct list_head children;	/* vfs_ns_lock */
	struct list_head sibling;	/* in parent->children */
	struct list_head inodes;	/* proc_inode.pde_list (vfs_ns_lock) */
	unsigned int refs;	/* the tree's and each inode's (vfs_ns_lock) */
	bool removed;		/* set under vfs_ns_lock, drained by show_lock */
	struct mutex show_lock;	/* one show() at a time; removal waits */
	u64 low_ino;		/* the same inode number in every mount */
	u32 mode;
	seq_show_fn show;
	void *data;
	u16 len;
	char name[NAME_MAX + 1];
};

/* What a procfs inode points at: its entry, and its dentry so removal
 * can take the name out of the cache. */
struct proc_inode {
	struct proc_dir_entry *pde;
	struct dentry *dentry;
	struct list_head pde_list;
};

static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return ((struct proc_inode *)inode->i_private)->pde;
}

/* The kernel's files (one fs/proc file each), made by proc_root_init(). */
void proc_meminfo_init(void);
void proc_misc_init(void);
void proc_mounts_init(void);
void proc_policy_stats_init(void);

#endif /* _FS_PROC_INTERNAL_H */
