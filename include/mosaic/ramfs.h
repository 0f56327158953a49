/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ramfs: the root file system, kept in memory as tmpfs is. Names live in
 * the dentry cache; file data in whole 4 KiB frames from the frame
 * allocator, found through a small radix tree of frames per file (holes
 * take no memory). Mount option size=N[k|m|g] caps the data (default:
 * half of RAM, as tmpfs; size=0: no cap but memory). A write that finds
 * no room fails with ENOSPC, never a panic.
 */
#ifndef _MOSAIC_RAMFS_H
#define _MOSAIC_RAMFS_H

#include <mosaic/types.h>

struct super_block;

void ramfs_register(void);
/* Set up a ramfs super block; devtmpfs is a ramfs under another name. */
int ramfs_fill_super(struct super_block *sb, const char *options);

struct ramfs_usage {
	u64 max_pages;		/* 0: no cap */
	u64 data_pages;		/* frames holding file data */
	u64 node_pages;		/* frames holding the per-file trees */
};

/* What the ramfs behind @sb holds now (for tests and /proc). */
void ramfs_get_usage(struct super_block *sb, struct ramfs_usage *u);

#endif /* _MOSAIC_RAMFS_H */
