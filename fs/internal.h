/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the VFS's own files in fs/, not for file systems. */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <mosaic/vfs.h>

/* Mount crossing (super.c), vfs_ns_lock held. */
void follow_mounts(struct path *p);
bool follow_up(struct path *p);

/* A new open file on @path (file.c), vfs_ns_lock held. */
struct file *alloc_file(const struct path *path, int flags);

/* Caller holds vfs_ns_lock: stat of an inode, truncation (i_mutex taken). */
void fill_stat(struct inode *inode, struct stat *st);
int inode_truncate(struct inode *inode, s64 len);

#endif /* _FS_INTERNAL_H */
