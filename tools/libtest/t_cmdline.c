// SPDX-License-Identifier: GPL-2.0
/*
 * lib/cmdline.c and kernel/params.c: generated command lines checked
 * against the words they were built from, invariants on random garbage,
 * and KERNEL_PARAM registration through a real linker section.
 */
#include "mosaic_lib_rename.h"
#include <mosaic/cmdline.h>
#include <mosaic/errno.h>
#include <mosaic/params.h>
#include <mosaic/random.h>
#include "mosaic_lib_unrename.h"

#include <stdlib.h>
#include <string.h>

#include "libtest.h"

struct word {
	char key[16], value[24];
	bool has_value, quote_word, quote_value;
};

static void rand_ident(struct prng *r, char *out, size_t max, const char *set)
{
	size_t n = 1 + prng_below(r, max - 1), i, setlen = strlen(set);

	for (i = 0; i < n; i++)
		out[i] = set[prng_below(r, setlen)];
	out[n] = '\0';
}

HOSTTEST(cmdline_generated_lines)
{
	struct prng r;
	int iter;

	prng_seed(&r, libtest_seed() + 20);
	for (iter = 0; iter < 5000; iter++) {
		struct word w[8];
		char line[512];
		size_t nw = prng_below(&r, 8), i, len = 0;
		struct cmdline_token tok;
		const char *pos = line;
		int ret;

		len += sprintf(line, "%s", prng_below(&r, 2) ? " \t" : "");
		for (i = 0; i < nw; i++) {
			bool spaces;

			rand_ident(&r, w[i].key, 8, "abz_-.019");
			w[i].has_value = prng_below(&r, 3) != 0;
			w[i].value[0] = '\0';
			spaces = prng_below(&r, 2);
			if (w[i].has_value && prng_below(&r, 5))
				rand_ident(&r, w[i].value, 12,
					   spaces ? "ab =,\t" : "xy=,/.");
			/* Values with blanks must be quoted, one way or another. */
			w[i].quote_word = prng_below(&r, 4) == 0;
			w[i].quote_value = w[i].has_value && !w[i].quote_word &&
				(spaces || prng_below(&r, 4) == 0);
			if (w[i].quote_word && !w[i].has_value && !spaces)
				w[i].quote_word = prng_below(&r, 2);
			if (!w[i].quote_word && !w[i].quote_value &&
			    strpbrk(w[i].value, " \t"))
				w[i].quote_value = true;

			len += sprintf(line + len, "%s%s%s%s%s%s%s%s",
				       i ? (prng_below(&r, 2) ? " " : "\t  ") : "",
				       w[i].quote_word ? "\"" : "", w[i].key,
				       w[i].has_value ? "=" : "",
				       w[i].quote_value ? "\"" : "", w[i].value,
				       w[i].quote_value ? "\"" : "",
				       w[i].quote_word ? "\"" : "");
		}
		if (prng_below(&r, 2))
			strcpy(line + len, " \n");

		for (i = 0; i < nw; i++) {
			ret = cmdline_next(&pos, &tok);
			if (ret != 1 || tok.key_len != strlen(w[i].key) ||
			    memcmp(tok.key, w[i].key, tok.key_len) ||
			    !w[i].has_value != !tok.value ||
			    (tok.value && (tok.value_len != strlen(w[i].value) ||
					   memcmp(tok.value, w[i].value, tok.value_len)))) {
				hosttest_fail(__FILE__, __LINE__,
					     "line '%s' word %zu: ret %d key '%.*s' value '%.*s'",
					     line, i, ret, (int)tok.key_len, tok.key,
					     (int)tok.value_len, tok.value ? tok.value : "");
				return;
			}
		}
		CHECK_EQ(cmdline_next(&pos, &tok), 0);
		CHECK_EQ(cmdline_next(&pos, &tok), 0);	/* stays at the end */
		if (hosttest_failures)
			return;
	}
}

/* A quote not escaped by an odd run of backslashes before it. */
static bool has_bare_quote(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t slashes = 0;

		while (slashes < i && s[i - slashes - 1] == '\\')
			slashes++;
		if (s[i] == '"' && slashes % 2 == 0)
			return true;
	}
	return false;
}

/* Random bytes from a hostile alphabet: the tokenizer must stay sane. */
HOSTTEST(cmdline_garbage_invariants)
{
	static const char alpha[] = "a=\" \t\n\\b\xff";
	struct prng r;
	int iter;

	prng_seed(&r, libtest_seed() + 21);
	for (iter = 0; iter < 20000; iter++) {
		size_t n = prng_below(&r, 40), i;
		char *line = malloc(n + 1);	/* exact size for ASan */
		const char *pos = line, *prev;
		struct cmdline_token tok;
		int ret, steps = 0;

		for (i = 0; i < n; i++)
			line[i] = alpha[prng_below(&r, sizeof(alpha) - 1)];
		line[n] = '\0';
		for (;;) {
			prev = pos;
			ret = cmdline_next(&pos, &tok);
			if (ret == 0)
				break;
			steps++;
			CHECK(pos > prev);	/* progress */
			CHECK(tok.word >= line && tok.word + tok.word_len <= line + n);
			CHECK(tok.word_len > 0);
			if (ret > 0) {
				CHECK(tok.key_len > 0);
				CHECK(!has_bare_quote(tok.key, tok.key_len));
				CHECK(!memchr(tok.key, '=', tok.key_len));
				CHECK(tok.key >= tok.word &&
				      tok.key + tok.key_len <= tok.word + tok.word_len);
				if (tok.value) {
					char v[64];

					CHECK(!has_bare_quote(tok.value, tok.value_len));
					/* unescaping only ever shortens */
					CHECK(cmdline_unescape(v, sizeof(v), tok.value,
							       tok.value_len) <=
					      (int)tok.value_len);
					CHECK(tok.value + tok.value_len <=
					      tok.word + tok.word_len);
				}
			} else {
				CHECK_EQ(ret, -EINVAL);
			}
		}
		CHECK(steps <= (int)n);
		CHECK(*pos == '\0');
		free(line);
		if (hosttest_failures)
			return;
	}
}

HOSTTEST(cmdline_get_and_flags)
{
	char buf[8];

	CHECK_EQ(cmdline_get("a=1 b c=\"x y\" a=22", "a", buf, sizeof(buf)), 2);
	CHECK_STREQ(buf, "22");
	CHECK_EQ(cmdline_get("a=1 b c=\"x y\"", "c", buf, sizeof(buf)), 3);
	CHECK_STREQ(buf, "x y");
	CHECK_EQ(cmdline_get("a=1 b", "b", buf, sizeof(buf)), 0);
	CHECK_STREQ(buf, "");
	CHECK_EQ(cmdline_get("a=", "a", buf, sizeof(buf)), 0);
	CHECK_EQ(cmdline_get("", "a", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(cmdline_get("a=1234567", "a", buf, sizeof(buf)), 7);
	CHECK_EQ(cmdline_get("a=12345678", "a", buf, sizeof(buf)), -E2BIG);
	CHECK_STREQ(buf, "1234567");
	CHECK_EQ(cmdline_get("a=1", "a", buf, 0), -E2BIG);
	CHECK_EQ(cmdline_get("a=1 \"a=2", "a", buf, sizeof(buf)), 1);
	CHECK_STREQ(buf, "1");
	CHECK(cmdline_has_flag("x y z", "y"));
	CHECK(!cmdline_has_flag("x y=1 z", "y"));
	CHECK(cmdline_has_flag("\"y\"", "y"));
	CHECK(!cmdline_has_flag("yy", "y"));
}

/* A line cut before @next, and what must be left of it. */
static const struct {
	const char *in;
	char next;
	const char *want;
} cut_cases[] = {
	/* The cut went through the last word. */
	{ "a=1 bench=fra", 'm', "a=1" },
	{ "a=1   b", 'c', "a=1" },
	{ "onlyword", 'x', "" },
	/* Cut right after a whole word, or in the spaces after it. */
	{ "a=1 b=2", ' ', "a=1 b=2" },
	{ "a=1 b=2", '\t', "a=1 b=2" },
	{ "a=1 b=2", '\0', "a=1 b=2" },
	{ "a=1 b=2  ", 'c', "a=1 b=2  " },
	/* Inside quotes: even a space after it leaves the word open. */
	{ "a=1 msg=\"hello", ' ', "a=1" },
	{ "a=1 \"msg=hello wor", 'l', "a=1" },
	{ "a=1 msg=\"x y\"", ' ', "a=1 msg=\"x y\"" },
	/* A trailing backslash escaped the character that was cut. */
	{ "a=1 b=x\\", ' ', "a=1" },
	{ "a=1 b=x\\\\", ' ', "a=1 b=x\\\\" },
	{ "", 'x', "" },
};

HOSTTEST(cmdline_cut_word_dropped)
{
	char buf[64];

	for (size_t i = 0; i < sizeof(cut_cases) / sizeof(cut_cases[0]); i++) {
		strcpy(buf, cut_cases[i].in);
		CHECK_EQ(cmdline_drop_cut_word(buf, cut_cases[i].next),
			 strlen(cut_cases[i].want));
		CHECK_STREQ(buf, cut_cases[i].want);
	}
	CHECK_EQ(COMMAND_LINE_SIZE, 2048);
}

/* Registered through the real macro; the Makefile renames the section. */
static int seen_alpha, seen_beta1, seen_beta2, seen_empty;
static char alpha_val[64];

static int alpha_setup(const char *val)
{
	seen_alpha++;
	strncpy(alpha_val, val, sizeof(alpha_val) - 1);
	CHECK(strlen(val) < PARAM_VALUE_MAX);
	return 0;
}

static int beta_setup1(const char *val)
{
	seen_beta1++;
	return strcmp(val, "bad") ? 0 : -EINVAL;
}

static int beta_setup2(const char *val)
{
	seen_beta2++;
	return 0;
}

static int empty_setup(const char *val)
{
	seen_empty += !strcmp(val, "");
	return 0;
}

KERNEL_PARAM(test_alpha, alpha_setup);
KERNEL_PARAM_NAMED(beta1, "test.beta", beta_setup1);
KERNEL_PARAM_NAMED(beta2, "test.beta", beta_setup2);
KERNEL_PARAM(test_empty, empty_setup);

HOSTTEST(params_parse_registered)
{
	char longval[PARAM_VALUE_MAX + 20];
	int before;

	seen_alpha = seen_beta1 = seen_beta2 = seen_empty = 0;
	before = host_printk_count;
	params_parse("test-alpha=\"two words\" test.beta=1 test_empty test_empty=");
	CHECK_EQ(host_printk_count - before, 0);	/* nothing to warn about */
	CHECK_EQ(seen_alpha, 1);
	CHECK_STREQ(alpha_val, "two words");
	CHECK_EQ(seen_beta1, 1);
	CHECK_EQ(seen_beta2, 1);
	CHECK_EQ(seen_empty, 2);

	before = host_printk_count;
	params_parse("nosuch=1 test_alpha=x");
	CHECK_EQ(host_printk_count - before, 1);
	CHECK_STREQ(host_printk_last, "unknown kernel parameter 'nosuch' ignored\n");
	CHECK_STREQ(alpha_val, "x");

	/* A handler error is reported; the other handler still runs. */
	before = host_printk_count;
	params_parse("test.beta=bad");
	CHECK_EQ(host_printk_count - before, 1);
	CHECK(strstr(host_printk_last, "test.beta") != NULL);
	CHECK(strstr(host_printk_last, "-22") != NULL);
	CHECK_EQ(seen_beta2, 2);

	before = host_printk_count;
	params_parse("test_alpha=\"oops");
	CHECK_EQ(host_printk_count - before, 1);
	CHECK(strstr(host_printk_last, "malformed") != NULL);

	memset(longval, 'v', sizeof(longval));
	memcpy(longval, "test_alpha=", 11);
	longval[sizeof(longval) - 1] = '\0';
	before = host_printk_count;
	params_parse(longval);
	CHECK_EQ(host_printk_count - before, 1);
	CHECK(strstr(host_printk_last, "too long") != NULL);
	CHECK_EQ(seen_alpha, 2);	/* handler not called for it */

	/* The boundary: PARAM_VALUE_MAX - 1 bytes fit, PARAM_VALUE_MAX do not. */
	longval[11 + PARAM_VALUE_MAX - 1] = '\0';
	before = host_printk_count;
	params_parse(longval);
	CHECK_EQ(host_printk_count - before, 0);
	CHECK_EQ(seen_alpha, 3);
	longval[11 + PARAM_VALUE_MAX - 1] = 'v';
	longval[11 + PARAM_VALUE_MAX] = '\0';
	params_parse(longval);
	CHECK_EQ(host_printk_count - before, 1);
	CHECK_EQ(seen_alpha, 3);

	params_parse(NULL);
	params_parse("");
}
