// SPDX-License-Identifier: GPL-2.0
/*
 * lib/string.c against libc and against simple models, on random inputs.
 * Buffers are malloc'ed at their exact size so ASan catches any byte read
 * or written outside them.
 */
#include "mosaic_lib_rename.h"
#include <mosaic/errno.h>
#include <mosaic/random.h>
#include <mosaic/string.h>
#include "mosaic_lib_unrename.h"

#include <stdlib.h>
#include <string.h>

#include "libtest.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static unsigned char *rand_buf(struct prng *r, size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	prng_bytes(r, p, n);
	return p;
}

HOSTTEST(string_memcpy_random)
{
	struct prng r;
	int i;

	prng_seed(&r, libtest_seed());
	for (i = 0; i < 3000; i++) {
		size_t n = prng_below(&r, 300);
		size_t so = prng_below(&r, 9), doff = prng_below(&r, 9);
		unsigned char *src = rand_buf(&r, n + so);
		unsigned char *d1 = rand_buf(&r, n + doff);
		unsigned char *d2 = malloc(n + doff + 1);

		memcpy(d2, d1, n + doff);
		CHECK(mosaic_memcpy(d1 + doff, src + so, n) == d1 + doff);
		memcpy(d2 + doff, src + so, n);
		CHECK(memcmp(d1, d2, n + doff) == 0);
		free(src);
		free(d1);
		free(d2);
	}
}

HOSTTEST(string_memmove_overlap_exhaustive)
{
	unsigned char buf[96], ref[96];
	size_t from, to, n;

	for (from = 0; from < 40; from++)
		for (to = 0; to < 40; to++)
			for (n = 0; n + (from > to ? from : to) <= sizeof(buf); n++) {
				size_t k;

				for (k = 0; k < sizeof(buf); k++)
					buf[k] = ref[k] = (unsigned char)(k * 13 + 1);
				memmove(ref + to, ref + from, n);
				CHECK(mosaic_memmove(buf + to, buf + from, n) == buf + to);
				if (memcmp(buf, ref, sizeof(buf))) {
					hosttest_fail(__FILE__, __LINE__,
						     "memmove from %zu to %zu n %zu",
						     from, to, n);
					return;
				}
			}
}

HOSTTEST(string_memset_memcmp_random)
{
	struct prng r;
	int i;

	prng_seed(&r, libtest_seed() + 1);
	for (i = 0; i < 3000; i++) {
		size_t n = prng_below(&r, 200);
		int c = (int)prng_next(&r);	/* any int: only the low byte */
		unsigned char *a = rand_buf(&r, n), *b = malloc(n + 1);

		memcpy(b, a, n);
		CHECK(mosaic_memset(a, c, n) == a);
		memset(b, c, n);
		CHECK(memcmp(a, b, n) == 0);
		/* Flip one byte and compare signs with libc. */
		if (n) {
			size_t at = prng_below(&r, n);

			b[at] = (unsigned char)prng_next(&r);
		}
		CHECK_EQ(sign(mosaic_memcmp(a, b, n)), sign(memcmp(a, b, n)));
		CHECK_EQ(sign(mosaic_memcmp(b, a, n)), sign(memcmp(b, a, n)));
		free(a);
		free(b);
	}
}

/* Random NUL-terminated string over a small alphabet, so matches happen. */
static char *rand_str(struct prng *r, size_t maxlen)
{
	static const char alpha[] = "ab\xe9" "c";
	size_t n = prng_below(r, maxlen + 1), i;
	char *s = malloc(n + 1);

	for (i = 0; i < n; i++)
		s[i] = alpha[prng_below(r, 4)];
	s[n] = '\0';
	return s;
}

HOSTTEST(string_str_functions_random)
{
	struct prng r;
	int i;

	prng_seed(&r, libtest_seed() + 2);
	for (i = 0; i < 20000; i++) {
		char *a = rand_str(&r, 12), *b = rand_str(&r, 4);
		size_t n = prng_below(&r, 15);
		int c = "ab\xe9z"[prng_below(&r, 4)];

		CHECK_EQ(mosaic_strlen(a), strlen(a));
		CHECK_EQ(mosaic_strnlen(a, n), strnlen(a, n));
		CHECK_EQ(sign(mosaic_strcmp(a, b)), sign(strcmp(a, b)));
		CHECK_EQ(sign(mosaic_strncmp(a, b, n)), sign(strncmp(a, b, n)));
		CHECK(mosaic_strchr(a, c) == strchr(a, c));
		CHECK(mosaic_strrchr(a, c) == strrchr(a, c));
		CHECK(mosaic_strchr(a, 0) == strchr(a, 0));
		CHECK(mosaic_strrchr(a, 0) == strrchr(a, 0));
		CHECK(mosaic_strstr(a, b) == strstr(a, b));
		free(a);
		free(b);
		if (hosttest_failures)
			return;
	}
}

HOSTTEST(string_strscpy_model)
{
	struct prng r;
	int i;

	prng_seed(&r, libtest_seed() + 3);
	for (i = 0; i < 5000; i++) {
		char *src = rand_str(&r, 20);
		size_t size = prng_below(&r, 25), len = strlen(src);
		char *dst = malloc(size ? size : 1);
		long ret;

		dst[0] = 'Q';
		ret = strscpy(dst, src, size);
		if (size == 0) {
			CHECK_EQ(ret, -E2BIG);
			CHECK_EQ(dst[0], 'Q');
		} else if (len < size) {
			CHECK_EQ(ret, len);
			CHECK_STREQ(dst, src);
		} else {
			CHECK_EQ(ret, -E2BIG);
			CHECK_EQ(strlen(dst), size - 1);
			CHECK(!strncmp(dst, src, size - 1));
		}
		free(src);
		free(dst);
	}
}

/* Reference kstrtoull: 128-bit arithmetic, so no overflow tricks needed. */
static int ref_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned __int128 v = 0;
	int digits = 0;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    strchr("0123456789abcdefABCDEF", s[2]) && s[2])
			base = 16, s += 2;
		else
			base = s[0] == '0' ? 8 : 10;
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		   s[2] && strchr("0123456789abcdefABCDEF", s[2])) {
		s += 2;
	}
	for (;; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
		if (v > ~0ULL)
			v = (unsigned __int128)~0ULL + 1; /* sticky overflow */
		digits++;
	}
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	if (v > ~0ULL)
		return -ERANGE;
	*res = (unsigned long long)v;
	return 0;
}

HOSTTEST(string_kstrtoull_random)
{
	static const char chars[] = "0123456789abcdefxXzZ+-\n ";
	struct prng r;
	int i;

	prng_seed(&r, libtest_seed() + 4);
	for (i = 0; i < 50000; i++) {
		static const unsigned int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37 };
		unsigned int base = bases[prng_below(&r, 8)];
		size_t n = prng_below(&r, 24), k;
		char s[32];
		u64 got = 7;
		unsigned long long want = 7;
		int rg, rw;

		for (k = 0; k < n; k++) {
			/* Mostly digits so that valid numbers are common. */
			s[k] = prng_below(&r, 4) ? "0123456789abcdef"[prng_below(&r, 16)] :
						     chars[prng_below(&r, sizeof(chars) - 1)];
		}
		s[n] = '\0';
		rg = kstrtoull(s, base, &got);
		rw = ref_kstrtoull(s, base, &want);
		if (rg != rw || got != want) {
			hosttest_fail(__FILE__, __LINE__,
				     "kstrtoull(\"%s\", %u): %d %llu, want %d %llu",
				     s, base, rg, (unsigned long long)got, rw, want);
			return;
		}
	}
}

/* Write v in base b, most significant digit first. */
static void utoa_base(unsigned long long v, unsigned int b, char *out)
{
	char tmp[70];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % b];
		v /= b;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = '\0';
}

HOSTTEST(string_kstrtoull_limits_every_base)
{
	unsigned int b;

	for (b = 2; b <= 36; b++) {
		char s[80];
		u64 v = 0;
		size_t len;

		utoa_base(~0ULL, b, s);
		CHECK_EQ(kstrtoull(s, b, &v), 0);
		CHECK(v == ~0ULL);
		len = strlen(s);
		s[len] = '0';	/* times b: overflows */
		s[len + 1] = '\0';
		CHECK_EQ(kstrtoull(s, b, &v), -ERANGE);
		utoa_base(~0ULL / b, b, s);
		CHECK_EQ(kstrtoull(s, b, &v), 0);
		CHECK(v == ~0ULL / b);
	}
}

HOSTTEST(string_kstrtoll_limits)
{
	s64 v;
	char s[40];
	struct prng r;
	int i;

	CHECK_EQ(kstrtoll("-9223372036854775808", 0, &v), 0);
	CHECK(v == INT64_MIN);
	CHECK_EQ(kstrtoll("-0x8000000000000000", 0, &v), 0);
	CHECK(v == INT64_MIN);
	CHECK_EQ(kstrtoll("-0x8000000000000001", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoll("0x7fffffffffffffff", 16, &v), 0);
	CHECK(v == INT64_MAX);
	CHECK_EQ(kstrtoll("0x8000000000000000", 16, &v), -ERANGE);
	CHECK_EQ(kstrtoll("-18446744073709551616", 10, &v), -ERANGE);
	CHECK_EQ(kstrtoll("-", 10, &v), -EINVAL);
	CHECK_EQ(kstrtoll("+-1", 10, &v), -EINVAL);
	CHECK_EQ(kstrtoll("-0", 10, &v), 0);
	CHECK_EQ(v, 0);

	prng_seed(&r, libtest_seed() + 5);
	for (i = 0; i < 10000; i++) {
		long long want = (long long)prng_next(&r) >> prng_below(&r, 63);

		snprintf(s, sizeof(s), "%lld", want);
		CHECK_EQ(kstrtoll(s, 10, &v), 0);
		CHECK_EQ(v, want);
		snprintf(s, sizeof(s), "%s0x%llx", want < 0 ? "-" : "",
			 want < 0 ? 0ULL - (unsigned long long)want :
				    (unsigned long long)want);
		CHECK_EQ(kstrtoll(s, 0, &v), 0);
		CHECK_EQ(v, want);
	}
}
