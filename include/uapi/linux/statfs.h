/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* struct statfs as statfs(2) fills it on Linux x86-64 (120 bytes). */
#ifndef _UAPI_LINUX_STATFS_H
#define _UAPI_LINUX_STATFS_H

#include <stdint.h>

struct statfs {
	int64_t f_type;		/* the file system's magic number */
	int64_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	struct {
		int32_t val[2];
	} f_fsid;
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};

/* Magic numbers (linux/magic.h). */
#define RAMFS_MAGIC	0x858458f6
#define TMPFS_MAGIC	0x01021994

#endif /* _UAPI_LINUX_STATFS_H */
