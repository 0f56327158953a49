/* SPDX-License-Identifier: GPL-2.0 */
/* The console as an open file: init's fds 0-2 (fs/console_file.c). */
#ifndef _MOSAIC_CONSOLE_FILE_H
#define _MOSAIC_CONSOLE_FILE_H

#include <mosaic/types.h>
#include <mosaic/err.h>

struct file;

/* A new reference to a console file, or an ERR_PTR. */
struct file *console_file_open(void);

#endif /* _MOSAIC_CONSOLE_FILE_H */
