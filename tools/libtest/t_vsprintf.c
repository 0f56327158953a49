// SPDX-License-Identifier: GPL-2.0
/*
 * lib/vsprintf.c against glibc's snprintf over a generated set of formats:
 * every combination of flags, widths, precisions ('*' included), length
 * modifiers and integer conversions, where C defines the result; then
 * strings, chars, truncation at every buffer size, and %p.
 */
#include "mosaic_lib_rename.h"
#include <mosaic/random.h>
#include <mosaic/vsprintf.h>
#include "mosaic_lib_unrename.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtest.h"

/*
 * gcc applies its printf knowledge to anything with a format attribute;
 * the NULL %s and huge widths below are deliberate.
 */
#pragma GCC diagnostic ignored "-Wformat-security"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif

#define BUF 256

/* Both implementations, same arguments; fail with the format on mismatch. */
struct pair {
	char ours[BUF], ref[BUF];
	int nours, nref;
};

static int compare(struct pair *p, const char *fmt, size_t size)
{
	if (p->nours == p->nref && !memcmp(p->ours, p->ref, size))
		return 0;
	hosttest_fail(__FILE__, __LINE__,
		     "format \"%s\" size %zu: got \"%.*s\" (%d), libc \"%.*s\" (%d)",
		     fmt, size, (int)strnlen(p->ours, size), p->ours, p->nours,
		     (int)strnlen(p->ref, size), p->ref, p->nref);
	return 1;
}

#define RUN(p, size, fmt, ...)                                              \
	do {                                                                \
		memset((p)->ours, 'X', BUF);                                \
		memset((p)->ref, 'X', BUF);                                 \
		(p)->nours = mosaic_snprintf((p)->ours, size, fmt, ##__VA_ARGS__); \
		(p)->nref = snprintf((p)->ref, size, fmt, ##__VA_ARGS__);   \
	} while (0)

/* Call with the star arguments the format needs, then the value. */
#define RUN_STARS(p, size, fmt, ws, ps, w, pr, v)                           \
	do {                                                                \
		if (ws && ps)                                               \
			RUN(p, size, fmt, w, pr, v);                        \
		else if (ws)                                                \
			RUN(p, size, fmt, w, v);                            \
		else if (ps)                                                \
			RUN(p, size, fmt, pr, v);                           \
		else                                                        \
			RUN(p, size, fmt, v);                               \
	} while (0)

static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "j", "t" };
static const char *const widths[] = { "", "1", "5", "12", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".5", ".*" };

static const long long values[] = {
	0, 1, -1, 7, -7, 42, 255, 256, -128, 32767, -32768, 65535, 2147483647,
	-2147483647 - 1, 4294967295LL, 1234567890123LL, INT64_MAX, INT64_MIN,
};

static int run_integer_format(struct pair *p, const char *fmt, bool wide,
			      bool ws, bool ps, int w, int pr, long long v)
{
	if (wide)
		RUN_STARS(p, BUF, fmt, ws, ps, w, pr, v);
	else
		RUN_STARS(p, BUF, fmt, ws, ps, w, pr, (int)v);
	return compare(p, fmt, BUF);
}

HOSTTEST(vsnprintf_integer_formats_vs_libc)
{
	static const char convs[] = "diuxXo";
	struct pair p;
	struct prng r;
	unsigned int flags, li, wi, pi, ci, vi;
	long checked = 0;

	prng_seed(&r, libtest_seed() + 10);
	for (ci = 0; ci < sizeof(convs) - 1; ci++)
	for (flags = 0; flags < 32; flags++)
	for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
	for (pi = 0; pi < ARRAY_SIZE(precs); pi++)
	for (li = 0; li < ARRAY_SIZE(lengths); li++) {
		char c = convs[ci], fmt[32];
		bool wide = li >= 3;
		int n = 0;

		/* '#' is undefined for d, i and u in C. */
		if ((flags & 16) && (c == 'd' || c == 'i' || c == 'u'))
			continue;
		fmt[n++] = '%';
		if (flags & 1)
			fmt[n++] = '-';
		if (flags & 2)
			fmt[n++] = '0';
		if (flags & 4)
			fmt[n++] = '+';
		if (flags & 8)
			fmt[n++] = ' ';
		if (flags & 16)
			fmt[n++] = '#';
		n += sprintf(fmt + n, "%s%s%s%c", widths[wi], precs[pi],
			     lengths[li], c);

		for (vi = 0; vi < ARRAY_SIZE(values) + 4; vi++) {
			long long v = vi < ARRAY_SIZE(values) ? values[vi] :
				      (long long)prng_next(&r) >> prng_below(&r, 64);
			int w = (int)prng_below(&r, 41) - 20;
			int pr = (int)prng_below(&r, 30) - 5;

			checked++;
			if (run_integer_format(&p, fmt, wide, widths[wi][0] == '*',
					       precs[pi][0] && precs[pi][1] == '*', w, pr, v))
				return;
		}
	}
	CHECK(checked > 100000);
}

HOSTTEST(vsnprintf_strings_chars_vs_libc)
{
	static const char *const strs[] = { "", "a", "hello", "hello world, long one" };
	static const char *const flagset[] = { "", "-" };
	struct pair p;
	unsigned int fi, wi, pi, si;

	for (fi = 0; fi < 2; fi++)
	for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
	for (pi = 0; pi < ARRAY_SIZE(precs); pi++) {
		bool ws = widths[wi][0] == '*', ps = precs[pi][0] && precs[pi][1] == '*';
		char fmt[32];
		int w;

		for (si = 0; si < ARRAY_SIZE(strs); si++) {
			for (w = -8; w <= 25; w += 3) {
				snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", flagset[fi],
					 widths[wi], precs[pi]);
				RUN_STARS(&p, BUF, fmt, ws, ps, w, w + 2, strs[si]);
				if (compare(&p, fmt, BUF))
					return;
				/* %c ignores precision in both. */
				snprintf(fmt, sizeof(fmt), "[%%%s%sc]", flagset[fi],
					 widths[wi]);
				if (ws)
					RUN(&p, BUF, fmt, w, 'a' + si);
				else
					RUN(&p, BUF, fmt, 'a' + si);
				if (compare(&p, fmt, BUF))
					return;
			}
		}
	}
	RUN(&p, BUF, "%c|%c", 0, 'x');	/* a NUL char is output */
	CHECK(!compare(&p, "%c|%c", 4));
	RUN(&p, BUF, "%%|%%%%|%d%%", 5);
	CHECK(!compare(&p, "%%|%%%%|%d%%", BUF));
}

HOSTTEST(vsnprintf_truncation_every_size)
{
	static const char *const fmts[] = {
		"%s=%d", "%-10s|%08x|%lld", "%5c%c", "plain", "%s", "%#o %+d",
	};
	struct pair p;
	unsigned int fi;
	size_t size;

	for (fi = 0; fi < ARRAY_SIZE(fmts); fi++) {
		for (size = 0; size < 48; size++) {
			switch (fi) {
			case 0:
				RUN(&p, size, fmts[0], "key", -12345);
				break;
			case 1:
				RUN(&p, size, fmts[1], "ab", 0xbeefu, -99LL);
				break;
			case 2:
				RUN(&p, size, fmts[2], 'a', 'b');
				break;
			case 3:
				RUN(&p, size, "%s", "plain");
				break;
			case 4:
				RUN(&p, size, fmts[4], "0123456789abcdefghijklmnopqrstuvwxyz");
				break;
			default:
				RUN(&p, size, fmts[5], 8, 3);
				break;
			}
			/* Compare the stored bytes plus the untouched tail. */
			if (compare(&p, fmts[fi], size + 4 < BUF ? size + 4 : BUF))
				return;
		}
	}
	/* NULL buffer with size 0 just measures. */
	CHECK_EQ(mosaic_snprintf(NULL, 0, "%d-%s", 12345, "abc"), 9);
}

HOSTTEST(vsnprintf_null_string_and_pointer)
{
	char buf[64], want[64];
	const char *null_str = NULL;
	struct prng r;
	int i;

	CHECK_EQ(mosaic_snprintf(buf, sizeof(buf), "%s", null_str), 6);
	CHECK_STREQ(buf, "(null)");
	CHECK_EQ(mosaic_snprintf(buf, sizeof(buf), "%8s|", null_str), 9);
	CHECK_STREQ(buf, "  (null)|");
	CHECK_EQ(mosaic_snprintf(buf, sizeof(buf), "%p", NULL), 18);
	CHECK_STREQ(buf, "0x0000000000000000");

	prng_seed(&r, libtest_seed() + 11);
	for (i = 0; i < 2000; i++) {
		uintptr_t v = prng_next(&r) >> prng_below(&r, 64);
		int w = (int)prng_below(&r, 30);

		mosaic_snprintf(buf, sizeof(buf), "%*p|%-*p", w, (void *)v, w,
				(void *)v);
		snprintf(want, sizeof(want), "%*s0x%016lx|0x%016lx%*s",
			 w > 18 ? w - 18 : 0, "", (unsigned long)v,
			 (unsigned long)v, w > 18 ? w - 18 : 0, "");
		CHECK_STREQ(buf, want);
		if (hosttest_failures)
			return;
	}
}

HOSTTEST(vsnprintf_scnprintf_model)
{
	char buf[32];
	size_t size;

	for (size = 0; size < sizeof(buf); size++) {
		int full = (int)strlen("value=123456789");
		int want = size == 0 ? 0 : (full < (int)size ? full : (int)size - 1);

		CHECK_EQ(scnprintf(buf, size, "value=%d", 123456789), want);
		if (size)
			CHECK_EQ(strlen(buf), want);
	}
}

HOSTTEST(vsnprintf_unknown_and_huge_fields)
{
	char buf[16];
	const char *fmt;
	int n;

	fmt = "%y%";	/* through a variable: deliberately invalid */
	n = mosaic_snprintf(buf, sizeof(buf), fmt);
	CHECK_EQ(n, 3);
	CHECK_STREQ(buf, "%y%");
	/* A huge width is clamped, never overflows the int result. */
	n = mosaic_snprintf(buf, sizeof(buf), "%99999999999d", 1);
	CHECK(n > 0);
	CHECK_EQ(strlen(buf), sizeof(buf) - 1);
	n = mosaic_snprintf(buf, sizeof(buf), "%*d", -2147483647 - 1, 1);
	CHECK(n > 0);
	CHECK_EQ(buf[0], '1');
}
