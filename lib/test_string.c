// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "string": lib/string.c in the kernel it will serve, where
 * gcc's own calls to memcpy/memset land too.
 */
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>

/* Fill with a position-dependent pattern so misplaced bytes show up. */
static void pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

static void test_memcpy_offsets(struct ktest *t)
{
	unsigned char src[80], dst[96];
	size_t so, doff, n, i;
	int bad = 0;

	pattern(src, sizeof(src), 3);
	/* Every alignment and length up to a few words, guard bytes intact. */
	for (so = 0; so < 8; so++) {
		for (doff = 0; doff < 8; doff++) {
			for (n = 0; n <= 64; n++) {
				memset(dst, 0xee, sizeof(dst));
				KT_EXPECT(t, memcpy(dst + doff, src + so, n) == dst + doff);
				for (i = 0; i < sizeof(dst); i++) {
					unsigned char want = (i >= doff && i < doff + n) ?
						src[so + i - doff] : 0xee;
					if (dst[i] != want)
						bad++;
				}
			}
		}
	}
	KT_EXPECT_EQ(t, bad, 0);
}

static void test_memmove_overlap(struct ktest *t)
{
	unsigned char buf[64], ref[64];
	size_t from, to, n, i;
	int bad = 0;

	for (from = 0; from < 24; from++) {
		for (to = 0; to < 24; to++) {
			for (n = 0; n <= 40; n += 3) {
				pattern(buf, sizeof(buf), 11);
				/* Reference: copy through a separate buffer. */
				for (i = 0; i < n; i++)
					ref[i] = buf[from + i];
				KT_EXPECT(t, memmove(buf + to, buf + from, n) == buf + to);
				for (i = 0; i < n; i++)
					if (buf[to + i] != ref[i])
						bad++;
			}
		}
	}
	KT_EXPECT_EQ(t, bad, 0);
}

static void test_memset_memcmp(struct ktest *t)
{
	unsigned char a[40], b[40];
	size_t i;

	memset(a, 0x5a, sizeof(a));
	for (i = 0; i < sizeof(a); i++)
		KT_EXPECT_EQ(t, a[i], 0x5a);
	memset(a + 3, 0x1ff, 17);	/* only the low byte counts */
	KT_EXPECT_EQ(t, a[2], 0x5a);
	KT_EXPECT_EQ(t, a[3], 0xff);
	KT_EXPECT_EQ(t, a[19], 0xff);
	KT_EXPECT_EQ(t, a[20], 0x5a);

	memset(b, 0x5a, sizeof(b));
	memset(b + 3, 0xff, 17);
	KT_EXPECT_EQ(t, memcmp(a, b, sizeof(a)), 0);
	KT_EXPECT_EQ(t, memcmp(a, b, 0), 0);
	b[37] = 0x80;	/* unsigned comparison: 0x80 > 0x5a */
	KT_EXPECT(t, memcmp(a, b, sizeof(a)) < 0);
	KT_EXPECT(t, memcmp(b, a, sizeof(a)) > 0);
	KT_EXPECT_EQ(t, memcmp(a, b, 37), 0);
}

static void test_strlen_strcmp(struct ktest *t)
{
	KT_EXPECT_EQ(t, strlen(""), 0);
	KT_EXPECT_EQ(t, strlen("mosaic"), 6);
	KT_EXPECT_EQ(t, strnlen("mosaic", 3), 3);
	KT_EXPECT_EQ(t, strnlen("mosaic", 100), 6);
	KT_EXPECT_EQ(t, strnlen("x", 0), 0);

	KT_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
	KT_EXPECT(t, strcmp("abc", "abd") < 0);
	KT_EXPECT(t, strcmp("abd", "abc") > 0);
	KT_EXPECT(t, strcmp("ab", "abc") < 0);
	KT_EXPECT(t, strcmp("", "a") < 0);
	KT_EXPECT(t, strcmp("\xff", "a") > 0);	/* compares as unsigned */
	KT_EXPECT_EQ(t, strncmp("abcX", "abcY", 3), 0);
	KT_EXPECT(t, strncmp("abcX", "abcY", 4) < 0);
	KT_EXPECT_EQ(t, strncmp("a", "a", 100), 0);
	KT_EXPECT_EQ(t, strncmp("a", "b", 0), 0);
}

static void test_strchr_strstr(struct ktest *t)
{
	const char *s = "hello, world";

	KT_EXPECT(t, strchr(s, 'o') == s + 4);
	KT_EXPECT(t, strrchr(s, 'o') == s + 8);
	KT_EXPECT(t, strchr(s, 'z') == NULL);
	KT_EXPECT(t, strrchr(s, 'z') == NULL);
	KT_EXPECT(t, strchr(s, '\0') == s + 12);
	KT_EXPECT(t, strrchr(s, '\0') == s + 12);
	KT_EXPECT(t, strstr(s, "world") == s + 7);
	KT_EXPECT(t, strstr(s, "") == s);
	KT_EXPECT(t, strstr(s, "worlds") == NULL);
	KT_EXPECT(t, strstr("aaab", "aab") != NULL);
	KT_EXPECT(t, strstr("", "a") == NULL);
}

static void test_strscpy(struct ktest *t)
{
	char buf[8];

	KT_EXPECT_EQ(t, strscpy(buf, "abc", sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "abc");
	KT_EXPECT_EQ(t, strscpy(buf, "1234567", sizeof(buf)), 7);
	KT_EXPECT_STREQ(t, buf, "1234567");
	KT_EXPECT_EQ(t, strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	KT_EXPECT_STREQ(t, buf, "1234567");
	KT_EXPECT_EQ(t, strscpy(buf, "", sizeof(buf)), 0);
	KT_EXPECT_STREQ(t, buf, "");
	buf[0] = 'q';
	KT_EXPECT_EQ(t, strscpy(buf, "abc", 0), -E2BIG);
	KT_EXPECT_EQ(t, buf[0], 'q');
	KT_EXPECT_EQ(t, strscpy(buf, "abc", 1), -E2BIG);
	KT_EXPECT_EQ(t, buf[0], '\0');
}

static void test_kstrtoull(struct ktest *t)
{
	u64 v = 0;

	KT_EXPECT_EQ(t, kstrtoull("0", 0, &v), 0);
	KT_EXPECT_EQ(t, v, 0);
	KT_EXPECT_EQ(t, kstrtoull("12345", 10, &v), 0);
	KT_EXPECT_EQ(t, v, 12345);
	KT_EXPECT_EQ(t, kstrtoull("0x1F", 0, &v), 0);
	KT_EXPECT_EQ(t, v, 31);
	KT_EXPECT_EQ(t, kstrtoull("0x1f", 16, &v), 0);
	KT_EXPECT_EQ(t, v, 31);
	KT_EXPECT_EQ(t, kstrtoull("ff", 16, &v), 0);
	KT_EXPECT_EQ(t, v, 255);
	KT_EXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KT_EXPECT_EQ(t, v, 15);
	KT_EXPECT_EQ(t, kstrtoull("+42\n", 10, &v), 0);
	KT_EXPECT_EQ(t, v, 42);
	KT_EXPECT_EQ(t, kstrtoull("18446744073709551615", 10, &v), 0);
	KT_EXPECT(t, v == ~0ULL);

	v = 99;
	KT_EXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KT_EXPECT_EQ(t, kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KT_EXPECT_EQ(t, kstrtoull("", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("-1", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("12a", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull(" 1", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("08", 0, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("0x", 0, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("1\n\n", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("1", 1, &v), -EINVAL);
	KT_EXPECT_EQ(t, v, 99);	/* untouched on error */
}

static void test_kstrtoll(struct ktest *t)
{
	s64 v = 0;

	KT_EXPECT_EQ(t, kstrtoll("-42", 10, &v), 0);
	KT_EXPECT_EQ(t, v, -42);
	KT_EXPECT_EQ(t, kstrtoll("-0x10", 0, &v), 0);
	KT_EXPECT_EQ(t, v, -16);
	KT_EXPECT_EQ(t, kstrtoll("9223372036854775807", 10, &v), 0);
	KT_EXPECT(t, v == INT64_MAX);
	KT_EXPECT_EQ(t, kstrtoll("-9223372036854775808", 10, &v), 0);
	KT_EXPECT(t, v == INT64_MIN);
	KT_EXPECT_EQ(t, kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	KT_EXPECT_EQ(t, kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	KT_EXPECT_EQ(t, kstrtoll("--1", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoll("-+1", 10, &v), -EINVAL);
	KT_EXPECT_EQ(t, kstrtoll("-", 10, &v), -EINVAL);
}

static int count_items(const char *item, size_t len)
{
	return len ? 1 : 0;
}

static void test_strlist(struct ktest *t)
{
	KT_EXPECT(t, strlist_has("a,bb,ccc", "bb", 2));
	KT_EXPECT(t, strlist_has("a,bb,ccc", "ccc", 3));
	KT_EXPECT(t, strlist_has("a", "a", 1));
	KT_EXPECT(t, !strlist_has("a,bb,ccc", "b", 1));
	KT_EXPECT(t, !strlist_has("a,bb,ccc", "cc", 2));
	KT_EXPECT(t, !strlist_has("", "a", 1));
	KT_EXPECT(t, strlist_has("a,,b", "", 0));
	KT_EXPECT_EQ(t, strlist_for_each("a,bb,ccc", count_items), 3);
	KT_EXPECT_EQ(t, strlist_for_each("a,,b", count_items), 2);
}

static struct ktest_case string_cases[] = {
	KTEST_CASE(test_memcpy_offsets),
	KTEST_CASE(test_memmove_overlap),
	KTEST_CASE(test_memset_memcmp),
	KTEST_CASE(test_strlen_strcmp),
	KTEST_CASE(test_strchr_strstr),
	KTEST_CASE(test_strscpy),
	KTEST_CASE(test_kstrtoull),
	KTEST_CASE(test_kstrtoll),
	KTEST_CASE(test_strlist),
	{}
};
KTEST_SUITE(string, string_cases);
