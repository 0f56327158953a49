/* SPDX-License-Identifier: GPL-2.0 */
/* Shared inside fs/proc/: the entry tree and the kernel's own files. */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include <mosaic/fs.h>
#include <mosaic/mutex.h>
#include <mosaic/proc_fs.h>

struct proc_inode;

/*
 * A symbolic link's target into buf (PATH_MAX bytes), made for each
 * reader with vfs_ns_lock held: 0 or -errno (ENOENT: nothing there).
 */
typedef int (*proc_link_fn)(struct proc_inode *pi, char *buf, size_t size);

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
	proc_link_fn link;	/* S_IFLNK entries */
	/*
	 * A directory whose names its owner computes (/proc/<pid>, in
	 * fs/proc/base.c) has its own operations instead of the children
	 * list; the inodes it makes hang on this entry all the same.
	 */
	const struct inode_operations *dir_iops;
	const struct file_operations *dir_fops;
	void *data;
	u16 len;
	char name[NAME_MAX + 1];
};

/*
 * What a procfs inode points at: its entry, and its dentry so removal
 * can take the name out of the cache. The inodes a computed directory
 * makes (everything below /proc/<pid>) point at that directory's entry
 * and say themselves what they are.
 */
struct proc_inode {
	struct proc_dir_entry *pde;
	struct dentry *dentry;
	struct list_head pde_list;
	seq_show_fn show;	/* a file: show(m, show_data) */
	void *show_data;
	proc_link_fn link;	/* a symbolic link */
	const void *kind;	/* the computed directory's: which name */
	int index;		/* and which thread or fd it is about */
	char *link_buf;		/* the last target made, PATH_MAX bytes */
};

static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return ((struct proc_inode *)inode->i_private)->pde;
}

/*
 * A directory whose lookup and readdir are @iops and @fops, or a link
 * whose target @link makes; NULL as proc_mkdir().
 */
struct proc_dir_entry *proc_mkdir_ops(const char *name,
				      struct proc_dir_entry *parent,
				      const struct inode_operations *iops,
				      const struct file_operations *fops,
				      void *data);
struct proc_dir_entry *proc_symlink(const char *name,
				    struct proc_dir_entry *parent,
				    proc_link_fn link, void *data);
/*
 * For a computed directory's lookup (vfs_ns_lock held): a new inode of
 * @mode (a file reads through pi->show, a link through pi->link, which
 * the caller sets) hanging on @de, so removing @de drops it too.
 */
struct inode *proc_new_inode(struct super_block *sb, struct proc_dir_entry *de,
			     struct dentry *dentry, u32 mode, u64 ino);
/* Inode numbers of entries made once; computed ones use other values. */
#define PROC_DYNAMIC_INO (1ULL << 63)

/* The kernel's files (one fs/proc file each), made by proc_root_init(). */
void proc_base_init(void);
void proc_loadavg_init(void);
void proc_stat_init(void);
void proc_meminfo_init(void);
void proc_misc_init(void);
void proc_mounts_init(void);
void proc_policy_stats_init(void);

#endif /* _FS_PROC_INTERNAL_H */
