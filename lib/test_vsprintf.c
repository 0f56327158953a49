// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "vsnprintf": every conversion, flag and length modifier the
 * kernel relies on, plus truncation and the C99 return value.
 */
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/string.h>
#include <mosaic/vsprintf.h>

/*
 * Several formats below are deliberately odd ("%+u", "%-05d", a NULL %s):
 * they pin down what vsnprintf does with them, so the compiler's format
 * advice does not apply here.
 */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-security"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif

static __printf(4, 5) void check_fmt(struct ktest *t, int line,
				     const char *expect, const char *fmt, ...)
{
	char buf[160];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (strcmp(buf, expect) != 0 || n != (int)strlen(expect))
		ktest_fail_at(t, __FILE__, line,
			      "format \"%s\": got \"%s\" (%d), want \"%s\" (%d)",
			      fmt, buf, n, expect, (int)strlen(expect));
}

#define CHECK(t, expect, fmt, ...) \
	check_fmt(t, __LINE__, expect, fmt, ##__VA_ARGS__)

static void test_integers(struct ktest *t)
{
	CHECK(t, "0", "%d", 0);
	CHECK(t, "-1", "%d", -1);
	CHECK(t, "2147483647", "%d", 2147483647);
	CHECK(t, "-2147483648", "%d", (int)-2147483647 - 1);
	CHECK(t, "4294967295", "%u", 4294967295u);
	CHECK(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK(t, "18446744073709551615", "%llu", ~0ULL);
	CHECK(t, "ffffffffffffffff", "%lx", ~0UL);
	CHECK(t, "DEADBEEF", "%X", 0xdeadbeefu);
	CHECK(t, "777", "%o", 0777);
	CHECK(t, "-5", "%i", -5);
	CHECK(t, "123 456", "%zu %zd", (size_t)123, (long)456);
	CHECK(t, "-1 255", "%hhd %hhu", 255, 255);
	CHECK(t, "-1 65535", "%hd %hu", 65535, 65535);
	CHECK(t, "-7 7", "%jd %tu", (intmax_t)-7, (ptrdiff_t)7);
}

static void test_flags_width(struct ktest *t)
{
	CHECK(t, "   42", "%5d", 42);
	CHECK(t, "42   |", "%-5d|", 42);
	CHECK(t, "00042", "%.5d", 42);
	CHECK(t, "042", "%.3d", 42);	/* one digit short of the precision */
	CHECK(t, "-0042", "%05d", -42);
	CHECK(t, "+42", "%+d", 42);
	CHECK(t, " 42", "% d", 42);
	CHECK(t, "+42", "%+ d", 42);
	CHECK(t, "42", "%+u", 42u);
	CHECK(t, "0x2a", "%#x", 42);
	CHECK(t, "0X2A", "%#X", 42);
	CHECK(t, "0", "%#x", 0);
	CHECK(t, "052", "%#o", 42);
	CHECK(t, "0", "%#o", 0);
	CHECK(t, "0x0002a", "%#07x", 42);
	CHECK(t, "   0x2a", "%#7x", 42);
	CHECK(t, "42   ", "%-05d", 42);	/* '-' overrides '0' */
	CHECK(t, "   42", "%*d", 5, 42);
	CHECK(t, "42   |", "%*d|", -5, 42);
}

static void test_precision(struct ktest *t)
{
	CHECK(t, "00042", "%.5d", 42);
	CHECK(t, "042", "%.3d", 42);	/* one digit short of the precision */
	CHECK(t, "  -00042", "%8.5d", -42);
	CHECK(t, "   00042", "%08.5d", 42);	/* precision disables '0' */
	CHECK(t, "", "%.0d", 0);
	CHECK(t, "   ", "%3.0u", 0);
	CHECK(t, "0", "%#.0o", 0);
	CHECK(t, "", "%#.0x", 0);
	CHECK(t, "0x0000ff", "%#.6x", 255);
	CHECK(t, "abc", "%.3s", "abcdef");
	CHECK(t, "ab", "%.*s", 2, "abcdef");
	CHECK(t, "abcdef", "%.*s", -1, "abcdef");
	CHECK(t, "  ab", "%4.2s", "abc");
}

static void test_strings_chars(struct ktest *t)
{
	const char *null_str = NULL;

	CHECK(t, "hello", "%s", "hello");
	CHECK(t, "(null)", "%s", null_str);
	CHECK(t, "     x", "%6s", "x");
	CHECK(t, "x     |", "%-6s|", "x");
	CHECK(t, "", "%s", "");
	CHECK(t, "a", "%c", 'a');
	CHECK(t, "  a|a  ", "%3c|%-3c", 'a', 'a');
	CHECK(t, "100%", "%d%%", 100);
	CHECK(t, "plain text", "plain text");
}

static void test_pointer(struct ktest *t)
{
	CHECK(t, "0x0000000000000000", "%p", NULL);
	CHECK(t, "0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	CHECK(t, "0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	CHECK(t, "  0x0000000000001000", "%20p", (void *)0x1000UL);
	CHECK(t, "0x0000000000001000  |", "%-20p|", (void *)0x1000UL);
}

static void test_unknown_conversion(struct ktest *t)
{
	char buf[16];
	/* Through a variable so the compiler's format check lets it pass. */
	const char *fmt = "a%qb";

	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), fmt), 4);
	KT_EXPECT_STREQ(t, buf, "a%qb");
	fmt = "end%";
	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), fmt), 4);
	KT_EXPECT_STREQ(t, buf, "end%");
}

static void test_truncation(struct ktest *t)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KT_EXPECT_STREQ(t, buf, "0123456");
	KT_EXPECT_EQ(t, snprintf(buf, 1, "%d", 12345), 5);
	KT_EXPECT_EQ(t, buf[0], '\0');
	buf[0] = 'Q';
	KT_EXPECT_EQ(t, snprintf(buf, 0, "%d", 12345), 5);
	KT_EXPECT_EQ(t, buf[0], 'Q');	/* size 0 writes nothing */
	KT_EXPECT_EQ(t, snprintf(NULL, 0, "%s-%d", "ab", 7), 4);
	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%7d", 1), 7);
	KT_EXPECT_STREQ(t, buf, "      1");
	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%8d", 1), 8);
	KT_EXPECT_STREQ(t, buf, "       ");
}

static void test_scnprintf(struct ktest *t)
{
	char buf[10];
	int pos = 0;

	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "abcd");
	KT_EXPECT_EQ(t, pos, 4);
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%d", 123456789);
	KT_EXPECT_EQ(t, pos, 9);
	KT_EXPECT_STREQ(t, buf, "abcd12345");
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "more");
	KT_EXPECT_EQ(t, pos, 9);
	KT_EXPECT_EQ(t, scnprintf(buf, 0, "%s", "x"), 0);
}

static struct ktest_case vsnprintf_cases[] = {
	KTEST_CASE(test_integers),
	KTEST_CASE(test_flags_width),
	KTEST_CASE(test_precision),
	KTEST_CASE(test_strings_chars),
	KTEST_CASE(test_pointer),
	KTEST_CASE(test_unknown_conversion),
	KTEST_CASE(test_truncation),
	KTEST_CASE(test_scnprintf),
	{}
};
KTEST_SUITE(vsnprintf, vsnprintf_cases);
