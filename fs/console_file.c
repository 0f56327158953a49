// SPDX-License-Identifier: GPL-2.0
/*
 * The console as a file, for init's stdin, stdout and stderr: /dev/console
 * opened read-write, as Linux's init does, so the tty layer (the console
 * tty's line discipline: editing, echo, ^C) stands between the programs
 * and the keyboard or serial line.
 */
#include <mosaic/console_file.h>
#include <mosaic/vfs.h>

struct file *console_file_open(void)
{
	return vfs_open(vfs_kernel_fs(), NULL, "/dev/console", O_RDWR, 0);
}
