/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* getdents64() records and d_type values, as Linux defines them. */
#ifndef _UAPI_LINUX_DIRENT_H
#define _UAPI_LINUX_DIRENT_H

#include <stdint.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;		/* cookie: lseek here to continue after it */
	unsigned short d_reclen;	/* whole record, 8-byte aligned */
	unsigned char d_type;
	char d_name[];		/* NUL-terminated */
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

#endif /* _UAPI_LINUX_DIRENT_H */
