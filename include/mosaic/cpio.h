/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading cpio "newc" archives (the initramfs format; fs/cpio.c).
 * Freestanding: the same file compiles into the kernel, a host test and
 * a fuzzer. The reader trusts nothing in the archive: every header field,
 * name and size is checked against the buffer, and the first problem
 * stops it with one message naming the entry (or its offset).
 */
#ifndef _MOSAIC_CPIO_H
#define _MOSAIC_CPIO_H

#include <mosaic/types.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_ERROR_MAX 160

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the buffer */
	size_t namelen;
	u32 ino, mode, uid, gid, nlink;
	u64 mtime;
	u32 dev_major, dev_minor;	/* of the file system it came from */
	u32 rdev_major, rdev_minor;	/* a device node's number */
	const void *data;	/* file contents or symlink target */
	size_t size;
	size_t offset;		/* of the header, for messages */
};

struct cpio_reader {
	const u8 *buf;
	size_t len;
	size_t pos;
	char error[CPIO_ERROR_MAX];	/* why cpio_next() returned < 0 */
};

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len);

/*
 * The next entry into *e. Returns 1 for an entry, 0 at the end (the
 * TRAILER!!! entry, or the end of the buffer, or only zero padding after
 * an entry), -EINVAL for a malformed archive with r->error set. Names are
 * checked here: absolute names and ".." components are refused, since
 * they would reach outside the directory being filled.
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

/*
 * Append one newc entry (header, name, data, padding) at buf + *pos
 * (which then stays a multiple of 4), for
 * the tests and anything else that builds archives. Fields not given are
 * 0; a device node's number goes in rdev_major/minor. Returns 0, or
 * -ENOSPC (nothing written) when it does not fit in size.
 */
int cpio_put_entry(void *buf, size_t size, size_t *pos,
		   const struct cpio_entry *e);
/* The closing TRAILER!!! entry. */
int cpio_put_trailer(void *buf, size_t size, size_t *pos);

#endif /* _MOSAIC_CPIO_H */
