// SPDX-License-Identifier: GPL-2.0
/* Inodes: allocation, references and timestamps. */
#include <mosaic/chrdev.h>
#include <mosaic/fs.h>
#include <mosaic/kmalloc.h>
#include <mosaic/panic.h>
#include <mosaic/pipe.h>
#include <mosaic/string.h>
#include <uapi/linux/dirent.h>
#include <uapi/linux/stat.h>

/* Inodes alive, for leak tests (vfs_ns_lock). */
static unsigned long live_inodes;

void current_time(struct timespec64 *ts)
{
	ktime_get_real_ts64(ts);
}

/* The caller holds i_mutex, or is the only one who can see the inode. */
void inode_touch(struct inode *inode, bool atime, bool mtime, bool ctime)
{
	struct timespec64 now;

	current_time(&now);
	if (atime)
		inode->i_atime = now;
	if (mtime)
		inode->i_mtime = now;
	if (ctime)
		inode->i_ctime = now;
}

unsigned int mode_to_dt(u32 mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are the S_IF* type bits */
}

/* A device node, FIFO or socket: record the number and pick the file
 * operations that find the driver or the pipe (sockets: none, ENXIO). */
void init_special_inode(struct inode *inode, u32 mode, u32 rdev)
{
	inode->i_mode = mode;
	inode->i_rdev = rdev;
	if (S_ISFIFO(mode))
		inode->i_fop = &pipefifo_fops;
	else if (S_ISCHR(mode))
		inode->i_fop = &def_chr_fops;
}

/* vfs_ns_lock held. A new inode with one reference, nlink 1 (2 for a
 * directory: its entry and its own "."). */
struct inode *new_inode(struct super_block *sb, u32 mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));

	if (!inode)
		return NULL;
	inode->i_ino = sb->s_next_ino++;
	inode->i_mode = mode;
	inode->i_nlink = S_ISDIR(mode) ? 2 : 1;
	inode->i_sb = sb;
	inode->i_count = 1;
	mutex_init(&inode->i_mutex, "i_mutex");
	inode_touch(inode, true, true, true);
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	live_inodes++;
	return inode;
}

void iget(struct inode *inode)
{
	inode->i_count++;
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (inode->i_count == 0)
		panic("vfs: iput of inode %llu with no references",
		      (unsigned long long)inode->i_ino);
	if (--inode->i_count)
		return;
	list_del(&inode->i_sb_list);
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	live_inodes--;
	kfree(inode);
}

unsigned long vfs_live_inodes(void)
{
	return live_inodes;
}
