// SPDX-License-Identifier: GPL-2.0
/*
 * A small file's life in /tmp, as lmbench's lat_fs: open(O_CREAT|O_EXCL),
 * write 4 KiB, close, unlink (file_create; one op is all four).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "wl.h"

#define PATH "/tmp/wl_file.tmp"
#define WARMUP 10

static char data[4096];

/* One file's life; NULL, or the step that failed (errno says why). */
static const char *file_life(void)
{
	int fd = open(PATH, O_CREAT | O_EXCL | O_WRONLY, 0644);

	if (fd < 0)
		return "open " PATH " O_CREAT|O_EXCL";
	if (write(fd, data, sizeof(data)) != sizeof(data)) {
		int err = errno;

		close(fd);
		unlink(PATH);
		errno = err;
		return "write";
	}
	if (close(fd))
		return "close";
	if (unlink(PATH))
		return "unlink";
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long n;
	struct wl_time a, b;
	const char *failed = NULL;

	wl_setup(argc, argv);
	n = wl_iters(2000);
	memset(data, 'w', sizeof(data));
	unlink(PATH);
	for (int i = 0; i < WARMUP && !failed; i++)
		failed = file_life();
	wl_start(&a);
	for (unsigned long i = 0; i < n && !failed; i++)
		failed = file_life();
	wl_stop(&b);
	if (failed)
		return wl_fail("file_create", failed, errno);
	wl_result("file_create", n, &a, &b, NULL);
	return 0;
}
