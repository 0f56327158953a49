/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the VFS's own files in fs/, not for file systems. */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <mosaic/vfs.h>

/* Mount crossing (super.c), vfs_ns_lock held. */
void follow_mounts(struct path *p);
bool follow_up(struct path *p);

/*
 * A new open file on @path (file.c), vfs_ns_lock held; its ->open is
 * not called yet. file_do_open() calls it without vfs_ns_lock (it may
 * sleep: a FIFO waits for its partner) and frees the file if it fails;
 * discard_file() frees a file ->open never saw (vfs_ns_lock held).
 */
struct file *alloc_file(const struct path *path, int flags);
struct file *file_do_open(struct file *f);
void discard_file(struct file *f);

/* An internal mount of @type for kernel objects (pipefs), in no name
 * space and never unmounted (vfs_ns_lock held). ERR_PTR on failure. */
struct mount *kern_mount(struct file_system_type *type);
/* Boot: the internal mount pipe() makes its inodes on (pipe.c). */
void pipefs_init(void);

/* Caller holds vfs_ns_lock: stat of an inode, truncation (i_mutex taken). */
void fill_stat(struct inode *inode, struct stat *st);
int inode_truncate(struct inode *inode, s64 len);

#endif /* _FS_INTERNAL_H */
