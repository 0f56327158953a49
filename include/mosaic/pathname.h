/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Splitting a path name into components (fs/pathname.c). Freestanding:
 * the same file compiles into the kernel, a host test and a fuzzer.
 *
 * Rules (POSIX, as Linux applies them): repeated slashes count as one;
 * a leading slash makes the path absolute; the empty path is ENOENT; a
 * path of PATH_MAX bytes or more (its NUL included) is ENAMETOOLONG, and
 * so is a component longer than NAME_MAX, reported only when the walk
 * reaches it (so "/missing/<long>" is ENOENT, as on Linux). A slash after
 * the last component ("dir/") is remembered: the walk then insists that
 * the last component is a directory.
 */
#ifndef _MOSAIC_PATHNAME_H
#define _MOSAIC_PATHNAME_H

#include <mosaic/types.h>

enum path_comp_type {
	PATH_COMP_NORMAL,
	PATH_COMP_DOT,		/* "." */
	PATH_COMP_DOTDOT,	/* ".." */
};

struct path_comp {
	const char *name;	/* not NUL-terminated: use len */
	size_t len;
	enum path_comp_type type;
	bool last;		/* no component follows */
	bool trailing_slash;	/* last, and a slash followed it */
};

struct path_iter {
	const char *path;
	size_t pos;
	size_t len;
	bool absolute;
};

/* Returns 0, -ENOENT (empty) or -ENAMETOOLONG (too long as a whole). */
int path_iter_init(struct path_iter *it, const char *path);

/*
 * The next component into *c. Returns 1 when one was stored, 0 at the end
 * (a path of only slashes has none), or -ENAMETOOLONG for a component
 * longer than NAME_MAX.
 */
int path_iter_next(struct path_iter *it, struct path_comp *c);

/* True if the path (already initialised) has no components: "/" or "//". */
bool path_iter_done(const struct path_iter *it);

#endif /* _MOSAIC_PATHNAME_H */
