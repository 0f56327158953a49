// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "cmdline": the tokenizer, cmdline_get/has_flag, and the
 * parameter dispatch of kernel/params.c against a private table.
 */
#include <mosaic/cmdline.h>
#include <mosaic/errno.h>
#include <mosaic/ktest.h>
#include <mosaic/params.h>
#include <mosaic/string.h>

/* Compare a (pointer, length) slice with a C string; NULL matches NULL. */
static bool slice_is(const char *p, size_t n, const char *want)
{
	if (!p || !want)
		return p == want;
	return strlen(want) == n && !memcmp(p, want, n);
}

/* Tokenize line and check the "key[=value]" / "!" (error) sequence. */
static void check_tokens(struct ktest *t, int line, const char *cmdline,
			 const char *const *expect, size_t count)
{
	struct cmdline_token tok;
	const char *pos = cmdline;
	size_t i;
	int ret;

	for (i = 0; i < count; i++) {
		const char *want = expect[i], *eq;

		ret = cmdline_next(&pos, &tok);
		if (!strcmp(want, "!")) {
			if (ret != -EINVAL)
				ktest_fail_at(t, __FILE__, line,
					      "token %zu of '%s': want error, got %d",
					      i, cmdline, ret);
			continue;
		}
		eq = strchr(want, '=');
		if (ret != 1) {
			ktest_fail_at(t, __FILE__, line,
				      "token %zu of '%s': want '%s', got %d",
				      i, cmdline, want, ret);
			return;
		}
		if (eq ? (tok.key_len != (size_t)(eq - want) ||
			  memcmp(tok.key, want, tok.key_len) ||
			  !slice_is(tok.value, tok.value_len, eq + 1)) :
			 (!slice_is(tok.key, tok.key_len, want) || tok.value))
			ktest_fail_at(t, __FILE__, line,
				      "token %zu of '%s': want '%s', got '%.*s'='%.*s'",
				      i, cmdline, want, (int)tok.key_len, tok.key,
				      (int)tok.value_len,
				      tok.value ? tok.value : "(none)");
	}
	ret = cmdline_next(&pos, &tok);
	if (ret != 0)
		ktest_fail_at(t, __FILE__, line, "'%s': extra token (%d)",
			      cmdline, ret);
}

#define CHECK_TOKENS(t, line, ...)                                          \
	do {                                                                \
		static const char *const __want[] = { __VA_ARGS__ };       \
		check_tokens(t, __LINE__, line, __want, ARRAY_SIZE(__want)); \
	} while (0)

static void test_tokenize_plain(struct ktest *t)
{
	CHECK_TOKENS(t, "a", "a");
	CHECK_TOKENS(t, "  loglevel=7\tquiet  ktest=all ", "loglevel=7",
		     "quiet", "ktest=all");
	CHECK_TOKENS(t, "k= x=y=z", "k=", "x=y=z");
	CHECK_TOKENS(t, "a\nb", "a", "b");
}

static void test_tokenize_quotes(struct ktest *t)
{
	CHECK_TOKENS(t, "msg=\"hello world\" next", "msg=hello world", "next");
	CHECK_TOKENS(t, "\"msg=hello world\" x", "msg=hello world", "x");
	CHECK_TOKENS(t, "\"flag with space\"", "flag with space");
	CHECK_TOKENS(t, "e=\"\"", "e=");
}

/* GRUB escapes quotes and backslashes in what it passes on. */
static void test_tokenize_escapes(struct ktest *t)
{
	char buf[32];

	CHECK_TOKENS(t, "bar=x\\\"y next", "bar=x\\\"y", "next");
	CHECK_TOKENS(t, "a=b\\ c d", "a=b\\ c", "d");
	KT_EXPECT_EQ(t, cmdline_get("bar=x\\\"y z", "bar", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "x\"y");
	KT_EXPECT_EQ(t, cmdline_get("p=a\\\\b", "p", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "a\\b");
	KT_EXPECT_EQ(t, cmdline_get("\"q=1 2\"", "q", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "1 2");
	KT_EXPECT_EQ(t, cmdline_get("w=abcdef", "w", buf, 4), -E2BIG);
	KT_EXPECT_STREQ(t, buf, "abc");
}

static void test_tokenize_errors(struct ktest *t)
{
	struct cmdline_token tok;
	const char *pos;

	CHECK_TOKENS(t, "msg=\"unterminated", "!");
	CHECK_TOKENS(t, "ok \"open", "ok", "!");
	CHECK_TOKENS(t, "=v ok", "!", "ok");
	CHECK_TOKENS(t, "a\"b ok", "!");	/* quote runs to the end */
	CHECK_TOKENS(t, "a\"b\" ok", "!", "ok");
	CHECK_TOKENS(t, "k=v\"w\" ok", "!", "ok");
	CHECK_TOKENS(t, "k=\"v\"w ok", "!", "ok");
	CHECK_TOKENS(t, "\"\" ok", "!", "ok");

	/* The error reports the whole bad word and moves past it. */
	pos = "good bad=\"x y";
	KT_EXPECT_EQ(t, cmdline_next(&pos, &tok), 1);
	KT_EXPECT_EQ(t, cmdline_next(&pos, &tok), -EINVAL);
	KT_EXPECT(t, slice_is(tok.word, tok.word_len, "bad=\"x y"));
	KT_EXPECT_EQ(t, *pos, '\0');
	KT_EXPECT_EQ(t, cmdline_next(&pos, &tok), 0);
	pos = "";
	KT_EXPECT_EQ(t, cmdline_next(&pos, &tok), 0);
	pos = "   \t ";
	KT_EXPECT_EQ(t, cmdline_next(&pos, &tok), 0);
}

static void test_cmdline_get(struct ktest *t)
{
	const char *line = "console=ttyS0 quiet msg=\"a b\" loglevel=3 "
			   "loglevel=8 bad=\"x";
	char buf[16];

	KT_EXPECT_EQ(t, cmdline_get(line, "console", buf, sizeof(buf)), 5);
	KT_EXPECT_STREQ(t, buf, "ttyS0");
	KT_EXPECT_EQ(t, cmdline_get(line, "msg", buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "a b");
	KT_EXPECT_EQ(t, cmdline_get(line, "loglevel", buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(t, buf, "8");	/* last one wins */
	KT_EXPECT_EQ(t, cmdline_get(line, "quiet", buf, sizeof(buf)), 0);
	KT_EXPECT_STREQ(t, buf, "");
	KT_EXPECT_EQ(t, cmdline_get(line, "missing", buf, sizeof(buf)), -ENOENT);
	KT_EXPECT_EQ(t, cmdline_get(line, "bad", buf, sizeof(buf)), -ENOENT);
	KT_EXPECT_EQ(t, cmdline_get(line, "log", buf, sizeof(buf)), -ENOENT);
	KT_EXPECT_EQ(t, cmdline_get(line, "console", buf, 4), -E2BIG);
	KT_EXPECT_STREQ(t, buf, "tty");
	KT_EXPECT_EQ(t, cmdline_get(line, "console", buf, 6), 5);

	KT_EXPECT(t, cmdline_has_flag(line, "quiet"));
	KT_EXPECT(t, !cmdline_has_flag(line, "console"));
	KT_EXPECT(t, !cmdline_has_flag(line, "qui"));
	KT_EXPECT(t, !cmdline_has_flag("", "quiet"));
}

static int calls_a, calls_b;
static char seen_value[32];

static int handler_a(const char *val)
{
	calls_a++;
	strscpy(seen_value, val, sizeof(seen_value));
	return 0;
}

static int handler_b(const char *val)
{
	calls_b++;
	return 0;
}

static void test_params_dispatch(struct ktest *t)
{
	/* Two handlers on one key, and '-' / '_' equivalence. */
	static const struct kernel_param table[] = {
		{ .name = "my_param", .handler = handler_a },
		{ .name = "my_param", .handler = handler_b },
		{ .name = "flag", .handler = handler_b },
	};

	calls_a = calls_b = 0;
	KT_EXPECT_EQ(t, params_parse_table("my-param=\"x y\" flag", table,
					   table + ARRAY_SIZE(table)), 0);
	KT_EXPECT_EQ(t, calls_a, 1);
	KT_EXPECT_EQ(t, calls_b, 2);
	KT_EXPECT_STREQ(t, seen_value, "x y");
}

static struct ktest_case cmdline_cases[] = {
	KTEST_CASE(test_tokenize_plain),
	KTEST_CASE(test_tokenize_quotes),
	KTEST_CASE(test_tokenize_escapes),
	KTEST_CASE(test_tokenize_errors),
	KTEST_CASE(test_cmdline_get),
	KTEST_CASE(test_params_dispatch),
	{}
};
KTEST_SUITE(cmdline, cmdline_cases);
