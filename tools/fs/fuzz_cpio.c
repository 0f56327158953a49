// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for fs/cpio.c: on any input the reader ends, every
 * entry it returns lies inside the buffer with a NUL-terminated, relative
 * name free of "..", and a failure always says why.
 */
#include <mosaic/cpio.h>
#include <mosaic/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, so ASan sees any read past the end. */
	uint8_t *buf = malloc(size ? size : 1);
	struct cpio_reader r;
	struct cpio_entry e;
	size_t steps = 0;
	int ret;

	memcpy(buf, data, size);
	cpio_reader_init(&r, buf, size);
	while ((ret = cpio_next(&r, &e)) == 1) {
		const uint8_t *name = (const uint8_t *)e.name;
		const uint8_t *d = e.data;

		if (name < buf || name + e.namelen >= buf + size ||
		    name[e.namelen] != '\0' || e.name[0] == '/')
			abort();
		if (strstr(e.name, "..") && (strcmp(e.name, "..") == 0 ||
					     !strncmp(e.name, "../", 3) ||
					     strstr(e.name, "/../") ||
					     (e.namelen >= 3 &&
					      !strcmp(e.name + e.namelen - 3, "/.."))))
			abort();
		if (d < buf || e.size > size || d + e.size > buf + size)
			abort();
		if (++steps > size)	/* every entry takes >= 110 bytes */
			abort();
	}
	if (ret != 0 && (ret != -EINVAL || r.error[0] == '\0'))
		abort();
	free(buf);
	return 0;
}
