/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* lseek() whence values and file-name limits, with Linux's values. */
#ifndef _UAPI_LINUX_FS_H
#define _UAPI_LINUX_FS_H

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

/* linux/limits.h */
#define NAME_MAX	255	/* bytes in a path component, without NUL */
#define PATH_MAX	4096	/* bytes in a path, with its NUL */
#define MAXSYMLINKS	40	/* links followed in one resolution */

#endif /* _UAPI_LINUX_FS_H */
