// SPDX-License-Identifier: GPL-2.0
/* Host tests of fs/pathname.c: components, dots, slashes, limits. */
#include <mosaic/errno.h>
#include <mosaic/pathname.h>
#include <stdlib.h>
#include <uapi/linux/fs.h>

#include "hosttest.h"

/* Split @path; the components joined by '|' into out, flags noted. */
static int split(const char *path, char *out, size_t size, bool *absolute,
		 bool *trailing)
{
	struct path_iter it;
	struct path_comp c;
	size_t used = 0;
	int r = path_iter_init(&it, path);

	out[0] = '\0';
	*trailing = false;
	if (r)
		return r;
	*absolute = it.absolute;
	while ((r = path_iter_next(&it, &c)) == 1) {
		used += (size_t)snprintf(out + used, size - used, "%s%.*s",
					 used ? "|" : "", (int)c.len, c.name);
		if (c.last)
			*trailing = c.trailing_slash;
	}
	return r;
}

#define EXPECT_SPLIT(path, want, want_abs, want_trail)                      \
	do {                                                                \
		char out[512];                                              \
		bool abs_ = false, trail_ = false;                          \
		CHECK_EQ(split(path, out, sizeof(out), &abs_, &trail_), 0); \
		CHECK_STREQ(out, want);                                     \
		CHECK_EQ(abs_, want_abs);                                   \
		CHECK_EQ(trail_, want_trail);                               \
	} while (0)

HOSTTEST(components_and_slashes)
{
	EXPECT_SPLIT("/", "", true, false);
	EXPECT_SPLIT("///", "", true, false);
	EXPECT_SPLIT("a", "a", false, false);
	EXPECT_SPLIT("/a/b", "a|b", true, false);
	EXPECT_SPLIT("a//b///c", "a|b|c", false, false);
	EXPECT_SPLIT("a/b/", "a|b", false, true);
	EXPECT_SPLIT("a/b//", "a|b", false, true);
	EXPECT_SPLIT("//a", "a", true, false);
	EXPECT_SPLIT("./../x/.", ".|..|x|.", false, false);
}

HOSTTEST(dot_types)
{
	const char *names[] = { ".", "..", "...", ".a", "a." };
	enum path_comp_type want[] = { PATH_COMP_DOT, PATH_COMP_DOTDOT,
				       PATH_COMP_NORMAL, PATH_COMP_NORMAL,
				       PATH_COMP_NORMAL };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct path_iter it;
		struct path_comp c;

		CHECK_EQ(path_iter_init(&it, names[i]), 0);
		CHECK_EQ(path_iter_next(&it, &c), 1);
		CHECK_EQ(c.type, want[i]);
		CHECK(c.last);
		CHECK_EQ(path_iter_next(&it, &c), 0);
	}
}

HOSTTEST(empty_is_enoent)
{
	struct path_iter it;

	CHECK_EQ(path_iter_init(&it, ""), -ENOENT);
}

HOSTTEST(name_max_and_path_max)
{
	char *p = malloc(PATH_MAX + 8);
	struct path_iter it;
	struct path_comp c;

	/* "x/<255 n>" is fine, 256 is ENAMETOOLONG when reached. */
	p[0] = 'x';
	p[1] = '/';
	memset(p + 2, 'n', NAME_MAX);
	p[2 + NAME_MAX] = '\0';
	CHECK_EQ(path_iter_init(&it, p), 0);
	CHECK_EQ(path_iter_next(&it, &c), 1);
	CHECK_EQ(path_iter_next(&it, &c), 1);
	CHECK_EQ(c.len, NAME_MAX);
	p[2 + NAME_MAX] = 'n';
	p[3 + NAME_MAX] = '\0';
	CHECK_EQ(path_iter_init(&it, p), 0);
	CHECK_EQ(path_iter_next(&it, &c), 1);	/* "x" comes first */
	CHECK_EQ(path_iter_next(&it, &c), -ENAMETOOLONG);
	/* PATH_MAX counts the NUL: 4095 bytes pass, 4096 do not. */
	memset(p, 'a', PATH_MAX);
	for (int i = 100; i < PATH_MAX; i += 100)
		p[i] = '/';
	p[PATH_MAX - 1] = '\0';
	CHECK_EQ(path_iter_init(&it, p), 0);
	p[PATH_MAX - 1] = 'a';
	p[PATH_MAX] = '\0';
	CHECK_EQ(path_iter_init(&it, p), -ENAMETOOLONG);
	free(p);
}
