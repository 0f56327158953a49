/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest: in-kernel tests reporting KTAP version 1 on the console.
 *
 * A suite is a table of cases registered in the .ktest_suites section:
 *
 *	static void test_add(struct ktest *t) { KT_EXPECT_EQ(t, 1 + 1, 2); }
 *	static struct ktest_case my_cases[] = { KTEST_CASE(test_add), {} };
 *	KTEST_SUITE(my_suite, my_cases);
 *
 * `ktest=all` runs every suite not marked on-demand; `ktest=a,b` runs the
 * named ones. A case marked KTEST_CASE_XFAIL is expected to fail by design
 * (a bump heap never reuses memory) and is reported as
 * `not ok N name # TODO reason`, visibly, rather than being skipped.
 */
#ifndef _MOSAIC_KTEST_H
#define _MOSAIC_KTEST_H

#include <mosaic/compiler.h>
#include <mosaic/types.h>

struct ktest {
	const char *name;
	int failed;		/* count of failed expectations */
	int skipped;
	const char *skip_reason;
	void *priv;		/* for suite init to hand state to cases */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
	const char *xfail;	/* non-NULL: expected failure, with reason */
};

#define KTEST_ON_DEMAND 0x1	/* only run when named in ktest= */
#define KTEST_ICOUNT 0x2	/* needs deterministic time (runner: -icount) */

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;
	int (*init)(struct ktest *t);	/* optional; non-zero skips the suite */
	void (*exit)(struct ktest *t);	/* optional */
	unsigned int flags;
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }
#define KTEST_CASE_XFAIL(fn, reason) { .name = #fn, .run = fn, .xfail = reason }

#define __KTEST_SUITE(sname, scases, sinit, sexit, sflags)                  \
	static const struct ktest_suite __ktest_##sname __used __aligned(8)   \
		__section(".ktest_suites") = {                                \
			.name = #sname,                                       \
			.cases = scases,                                      \
			.init = sinit,                                        \
			.exit = sexit,                                        \
			.flags = sflags,                                      \
		}

#define KTEST_SUITE(sname, scases) __KTEST_SUITE(sname, scases, NULL, NULL, 0)
#define KTEST_SUITE_FULL(sname, scases, sinit, sexit, sflags) \
	__KTEST_SUITE(sname, scases, sinit, sexit, sflags)

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...) __printf(4, 5);
void ktest_skip(struct ktest *t, const char *reason);
/* A diagnostic line ("# ...") inside the current case's output. */
void ktest_log(struct ktest *t, const char *fmt, ...) __printf(2, 3);

#define KT_EXPECT(t, cond)                                                  \
	do {                                                                \
		if (!(cond))                                                \
			ktest_fail_at(t, __FILE__, __LINE__,                \
				      "expected %s", #cond);                \
	} while (0)

#define KT_ASSERT(t, cond)                                                  \
	do {                                                                \
		if (!(cond)) {                                              \
			ktest_fail_at(t, __FILE__, __LINE__,                \
				      "assertion %s failed", #cond);        \
			return;                                             \
		}                                                           \
	} while (0)

#define KT_EXPECT_EQ(t, a, b)                                               \
	do {                                                                \
		long long __a = (long long)(a), __b = (long long)(b);       \
		if (__a != __b)                                             \
			ktest_fail_at(t, __FILE__, __LINE__,                \
				      "%s == %s: %lld != %lld", #a, #b,     \
				      __a, __b);                            \
	} while (0)

#define KT_EXPECT_STREQ(t, a, b)                                            \
	do {                                                                \
		const char *__a = (a), *__b = (b);                          \
		if (strcmp(__a, __b) != 0)                                  \
			ktest_fail_at(t, __FILE__, __LINE__,                \
				      "%s == %s: \"%s\" != \"%s\"", #a, #b, \
				      __a, __b);                            \
	} while (0)

/* Run the suites the command line asked for; returns the failed count. */
int ktest_run_from_cmdline(const char *spec);

#endif /* _MOSAIC_KTEST_H */
