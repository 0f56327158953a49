// SPDX-License-Identifier: GPL-2.0
/*
 * System-call entry and exit, as lmbench's lat_syscall: the null call
 * (getpid through syscall(2), so no libc cache answers it) and a 1-byte
 * read of /dev/zero (the file-descriptor and character-device paths).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wl.h"

#define WARMUP 100

static int null_syscall(void)
{
	unsigned long n = wl_iters(20000);
	struct wl_time a, b;

	if (syscall(SYS_getpid) < 0)
		return wl_fail("null_syscall", "getpid", errno);
	for (int i = 0; i < WARMUP; i++)
		syscall(SYS_getpid);
	wl_start(&a);
	for (unsigned long i = 0; i < n; i++)
		syscall(SYS_getpid);
	wl_stop(&b);
	wl_result("null_syscall", n, &a, &b, NULL);
	return 0;
}

static int read_zero(void)
{
	unsigned long n = wl_iters(20000);
	int fd = open("/dev/zero", O_RDONLY);
	struct wl_time a, b;
	char c = 1;

	if (fd < 0)
		return wl_fail("read_zero", "open /dev/zero", errno);
	for (int i = 0; i < WARMUP; i++) {
		if (read(fd, &c, 1) != 1 || c) {
			close(fd);
			return wl_fail("read_zero", "read /dev/zero", errno);
		}
	}
	wl_start(&a);
	for (unsigned long i = 0; i < n; i++)
		read(fd, &c, 1);
	wl_stop(&b);
	close(fd);
	wl_result("read_zero", n, &a, &b, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	wl_setup(argc, argv);
	status |= null_syscall();
	status |= read_zero();
	return status;
}
