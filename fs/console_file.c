// SPDX-License-Identifier: GPL-2.0
/*
 * The console as a file, for init's stdin, stdout and stderr until the
 * tty layer provides /dev/console: writes go to every console, reads
 * take what was typed on the serial line or the PS/2 keyboard (echoed,
 * CR as NL; no line editing), sleeping a tick at a time until at least
 * one byte came. The file is opened on a /dev/console node made here.
 */
#include <mosaic/console.h>
#include <mosaic/console_file.h>
#include <mosaic/errno.h>
#include <mosaic/keyboard.h>
#include <mosaic/sched.h>
#include <mosaic/serial.h>
#include <mosaic/vfs.h>

#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1

static int console_getc(void)
{
	int c = kbd_getc();

	return c >= 0 ? c : serial_getc_nonblock();
}

static ssize_t console_file_read(struct file *file, void *buf, size_t n,
				 u64 *pos)
{
	char *out = buf;
	size_t got = 0;

	while (got < n) {
		int c = console_getc();

		if (c < 0) {
			if (got)
				break;
			sleep_ticks(1);
			continue;
		}
		out[got] = c == '\r' ? '\n' : (char)c;
		console_write(&out[got], 1);
		if (out[got++] == '\n')
			break;
	}
	return (ssize_t)got;
}

static ssize_t console_file_write(struct file *file, const void *buf,
				  size_t n, u64 *pos)
{
	console_write(buf, n);
	return (ssize_t)n;
}

static const struct file_operations console_fops = {
	.read = console_file_read,
	.write = console_file_write,
};

struct file *console_file_open(void)
{
	struct fs_struct *fs = vfs_kernel_fs();
	struct file *f;
	int err = vfs_mkdir(fs, NULL, "/dev", 0755);

	if (err && err != -EEXIST)
		return ERR_PTR(err);
	err = vfs_mknod(fs, NULL, "/dev/console", S_IFCHR | 0600,
			(CONSOLE_MAJOR << 8) | CONSOLE_MINOR);
	if (err && err != -EEXIST)
		return ERR_PTR(err);
	/*
	 * There is no character-device table yet (the tty layer brings
	 * one), so opening the node for I/O gives ENXIO: take a path-only
	 * reference to it and make that the console file.
	 */
	f = vfs_open(fs, NULL, "/dev/console", O_PATH, 0);
	if (IS_ERR(f))
		return f;
	f->f_op = &console_fops;
	f->f_flags = O_RDWR;
	f->f_mode = FMODE_READ | FMODE_WRITE;
	return f;
}
