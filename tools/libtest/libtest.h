/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal host test harness for lib/. A test case is a function
 * registered with LIBTEST(); it fails when any CHECK in it fails.
 * Test files include libc headers; lib/ functions that share a libc name
 * are reached through their mosaic_ prefix (see mosaic_lib_rename.h).
 */
#ifndef _LIBTEST_H
#define _LIBTEST_H

#include <stdio.h>

struct libtest {
	const char *name;
	void (*fn)(void);
};

#define LIBTEST(tname)                                                      \
	static void tname(void);                                            \
	static const struct libtest __libtest_##tname                        \
		__attribute__((used, aligned(8), section("libtests"))) = {    \
			.name = #tname, .fn = tname };                        \
	static void tname(void)

/* Failures in the running case; a case passes when it adds none. */
extern int libtest_failures;

void libtest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			libtest_fail(__FILE__, __LINE__, "%s", #cond);      \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long __a = (long long)(a), __b = (long long)(b);       \
		if (__a != __b)                                             \
			libtest_fail(__FILE__, __LINE__,                    \
				     "%s == %s: %lld != %lld", #a, #b, __a, __b); \
	} while (0)

#define CHECK_STREQ(a, b)                                                   \
	do {                                                                \
		const char *__a = (a), *__b = (b);                          \
		if (strcmp(__a, __b) != 0)                                  \
			libtest_fail(__FILE__, __LINE__,                    \
				     "%s == %s: \"%s\" != \"%s\"", #a, #b, __a, __b); \
	} while (0)

/* The host printk stub records warnings so params tests can inspect them. */
extern int host_printk_count;
extern char host_printk_last[512];

/* Seed for randomized tests: LIBTEST_SEED in the environment, or fixed. */
unsigned long long libtest_seed(void);

#endif /* _LIBTEST_H */
