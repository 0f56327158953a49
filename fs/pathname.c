// SPDX-License-Identifier: GPL-2.0
/* Path name components (see include/mosaic/pathname.h). Freestanding. */
#include <mosaic/errno.h>
#include <mosaic/pathname.h>
#include <mosaic/string.h>
#include <uapi/linux/fs.h>

int path_iter_init(struct path_iter *it, const char *path)
{
	size_t len = strnlen(path, PATH_MAX);

	if (len == 0)
		return -ENOENT;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	it->path = path;
	it->len = len;
	it->pos = 0;
	it->absolute = path[0] == '/';
	while (it->pos < len && path[it->pos] == '/')
		it->pos++;
	return 0;
}

bool path_iter_done(const struct path_iter *it)
{
	return it->pos >= it->len;
}

static enum path_comp_type comp_type(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return PATH_COMP_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return PATH_COMP_DOTDOT;
	return PATH_COMP_NORMAL;
}

int path_iter_next(struct path_iter *it, struct path_comp *c)
{
	size_t start = it->pos, end = start, next;

	if (start >= it->len)
		return 0;
	while (end < it->len && it->path[end] != '/')
		end++;
	if (end - start > NAME_MAX)
		return -ENAMETOOLONG;
	next = end;
	while (next < it->len && it->path[next] == '/')
		next++;
	c->name = it->path + start;
	c->len = end - start;
	c->type = comp_type(c->name, c->len);
	c->last = next >= it->len;
	c->trailing_slash = c->last && next > end;
	it->pos = next;
	return 1;
}
