// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for fs/pathname.c: on any input the splitter must stay
 * inside the string and give components that, joined by single slashes,
 * are the input with runs of slashes squeezed and the ends trimmed.
 */
#include <mosaic/errno.h>
#include <mosaic/pathname.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/linux/fs.h>

static void squeeze(const char *in, char *out)
{
	size_t o = 0;

	for (size_t i = 0; in[i]; i++)
		if (in[i] != '/' || (o && out[o - 1] != '/'))
			out[o++] = in[i];
	if (o && out[o - 1] == '/')
		o--;
	out[o] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = malloc(size + 1), *want = malloc(size + 1);
	char *got = malloc(size + 2);
	struct path_iter it;
	struct path_comp c;
	size_t used = 0;
	int r;

	memcpy(path, data, size);
	path[size] = '\0';
	r = path_iter_init(&it, path);
	if (r) {
		size_t len = strlen(path);

		if (!((r == -ENOENT && len == 0) ||
		      (r == -ENAMETOOLONG && len >= PATH_MAX)))
			abort();
		goto out;
	}
	while ((r = path_iter_next(&it, &c)) == 1) {
		if (c.len == 0 || c.len > NAME_MAX ||
		    memchr(c.name, '/', c.len) ||
		    c.name < path || c.name + c.len > path + size)
			abort();
		if (used)
			got[used++] = '/';
		memcpy(got + used, c.name, c.len);
		used += c.len;
		if (c.last != path_iter_done(&it))
			abort();
		if (c.trailing_slash && (!c.last || path[strlen(path) - 1] != '/'))
			abort();
	}
	got[used] = '\0';
	if (r == 0) {
		squeeze(path + strspn(path, "/"), want);
		if (strcmp(got, want) != 0)
			abort();
	} else if (r != -ENAMETOOLONG) {
		abort();
	}
out:
	free(path);
	free(want);
	free(got);
	return 0;
}
