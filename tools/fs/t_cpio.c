// SPDX-License-Identifier: GPL-2.0
/* Host tests of fs/cpio.c: valid archives, and every kind of bad one. */
#include <mosaic/cpio.h>
#include <mosaic/errno.h>
#include <stdlib.h>
#include <uapi/linux/stat.h>

#include "hosttest.h"

static char ar[4096];
static size_t len;

static void put(const char *name, unsigned int mode, const char *data)
{
	struct cpio_entry e = { .name = name, .namelen = strlen(name),
				.mode = mode, .nlink = 1, .data = data,
				.size = data ? strlen(data) : 0 };

	CHECK_EQ(cpio_put_entry(ar, sizeof(ar), &len, &e), 0);
}

static void two_good(void)
{
	len = 0;
	put("dir", S_IFDIR | 0755, NULL);
	put("dir/file", S_IFREG | 0644, "hello");
}

/* Entries read before the end or error, and the result. */
static int read_all(const void *buf, size_t n, int *count, char *err,
		    size_t errsize)
{
	struct cpio_reader r;
	struct cpio_entry e;
	int ret;

	*count = 0;
	cpio_reader_init(&r, buf, n);
	while ((ret = cpio_next(&r, &e)) == 1)
		(*count)++;
	snprintf(err, errsize, "%s", r.error);
	return ret;
}

HOSTTEST(valid_archive)
{
	struct cpio_reader r;
	struct cpio_entry e;

	two_good();
	put("link", S_IFLNK | 0777, "dir/file");
	CHECK_EQ(cpio_put_trailer(ar, sizeof(ar), &len), 0);
	cpio_reader_init(&r, ar, len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_STREQ(e.name, "dir");
	CHECK(S_ISDIR(e.mode));
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_STREQ(e.name, "dir/file");
	CHECK_EQ(e.size, 5);
	CHECK(memcmp(e.data, "hello", 5) == 0);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(e.size, 8);
	CHECK_EQ(cpio_next(&r, &e), 0);
	CHECK_EQ(cpio_next(&r, &e), 0);
}

HOSTTEST(concatenated_and_padded)
{
	static char two[8192];
	size_t first;
	int count;
	char err[CPIO_ERROR_MAX];

	two_good();
	CHECK_EQ(cpio_put_trailer(ar, sizeof(ar), &len), 0);
	first = len;
	memcpy(two, ar, first);
	memset(two + first, 0, 512);	/* padding between archives */
	memcpy(two + first + 512, ar, first);
	CHECK_EQ(read_all(two, 2 * first + 512, &count, err, sizeof(err)), 0);
	CHECK_EQ(count, 4);
	/* No trailer, just the end: still a clean end. */
	two_good();
	CHECK_EQ(read_all(ar, len, &count, err, sizeof(err)), 0);
	CHECK_EQ(count, 2);
}

#define EXPECT_BAD(buf, n, entries, message)                                \
	do {                                                                \
		int c_;                                                     \
		char e_[CPIO_ERROR_MAX];                                    \
		CHECK_EQ(read_all(buf, n, &c_, e_, sizeof(e_)), -EINVAL);   \
		CHECK_EQ(c_, entries);                                      \
		CHECK_STREQ(e_, message);                                   \
	} while (0)

HOSTTEST(malformed_archives)
{
	size_t bad;

	two_good();
	bad = len;
	put("x", S_IFREG | 0644, "x");
	memcpy(ar + bad, "070707", 6);
	EXPECT_BAD(ar, len, 2, "bad magic at offset 244 (not a newc cpio archive)");
	memcpy(ar + bad, "07070Z", 6);
	EXPECT_BAD(ar, len, 2, "bad magic at offset 244 (not a newc cpio archive)");
	memcpy(ar + bad, "070701", 6);
	memcpy(ar + bad + 6 + 8, "0000G000", 8);
	EXPECT_BAD(ar, len, 2, "bad header field 1 at offset 244");

	two_good();
	EXPECT_BAD(ar, len + 60, 2, "truncated header at offset 244 (60 bytes left)");

	two_good();
	bad = len;
	put("big", S_IFREG | 0644, "data");
	memcpy(ar + bad + 6 + 6 * 8, "7FFFFFFF", 8);
	EXPECT_BAD(ar, len, 2, "entry 'big': data of 2147483647 bytes runs past the end of the archive");
	memcpy(ar + bad + 6 + 6 * 8, "00000004", 8);
	EXPECT_BAD(ar, len - 2, 2, "entry 'big': data of 4 bytes runs past the end of the archive");
	memcpy(ar + bad + 6 + 11 * 8, "00001000", 8);
	EXPECT_BAD(ar, len, 2, "entry at offset 244: name runs past the end of the archive");
	memcpy(ar + bad + 6 + 11 * 8, "00000000", 8);
	EXPECT_BAD(ar, len, 2, "entry at offset 244: name size 0 out of range");
	memcpy(ar + bad + 6 + 11 * 8, "00000002", 8);
	EXPECT_BAD(ar, len, 2, "entry at offset 244: name is not NUL-terminated");

	two_good();
	put("../etc/passwd", S_IFREG | 0644, "x");
	EXPECT_BAD(ar, len, 2, "entry '../etc/passwd': name has a '..' component");
	two_good();
	put("a/b/../../..", S_IFDIR | 0755, NULL);
	EXPECT_BAD(ar, len, 2, "entry 'a/b/../../..': name has a '..' component");
	two_good();
	put("/bin/sh", S_IFREG | 0755, "x");
	EXPECT_BAD(ar, len, 2, "entry '/bin/sh': name is absolute");
	two_good();
	put("odd", 0170644, NULL);
	EXPECT_BAD(ar, len, 2, "entry 'odd': unknown file type (mode 170644)");
	two_good();
	put("emptylink", S_IFLNK | 0777, NULL);
	EXPECT_BAD(ar, len, 2, "entry 'emptylink': symlink target of 0 bytes");
}

/* A valid archive cut at every length never reads outside the cut. */
HOSTTEST(every_truncation)
{
	two_good();
	CHECK_EQ(cpio_put_trailer(ar, sizeof(ar), &len), 0);
	for (size_t n = 0; n < len; n++) {
		char *copy = malloc(n ? n : 1);
		int count, ret;
		char err[CPIO_ERROR_MAX];

		memcpy(copy, ar, n);
		ret = read_all(copy, n, &count, err, sizeof(err));
		CHECK(ret == 0 || ret == -EINVAL);
		CHECK(count <= 2);
		if (ret < 0)
			CHECK(err[0] != '\0');
		free(copy);
	}
}
