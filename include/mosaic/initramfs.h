/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The initramfs: cpio "newc" archives GRUB loads as multiboot2 modules
 * (the ISO's module2 line), unpacked into the root ramfs at boot, as
 * Linux unpacks its initramfs into rootfs (fs/initramfs.c).
 */
#ifndef _MOSAIC_INITRAMFS_H
#define _MOSAIC_INITRAMFS_H

#include <mosaic/types.h>

struct bootinfo;

struct initramfs_result {
	unsigned int entries;	/* created */
	unsigned int failed;	/* refused by the file system (logged) */
	int error;		/* 0, or -EINVAL: the archive is malformed */
	char message[160];	/* what was malformed, naming the entry */
};

/*
 * Unpack the archive at buf into the directory @dir (a path name, e.g.
 * "/"). Entries before a malformed one are kept; the rest is skipped
 * with one message. Returns res->error.
 */
int initramfs_unpack(const void *buf, size_t len, const char *dir,
		     struct initramfs_result *res);

/* Boot: unpack every module the loader handed over into "/". */
void initramfs_populate(const struct bootinfo *bi);

#endif /* _MOSAIC_INITRAMFS_H */
